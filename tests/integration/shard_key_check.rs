//! Every command the app sends during the suite (the driver's command monitoring on the app's own client) is checked
//! against the sharding plan: a query, update or delete on a collection that would be sharded must carry its shard
//! key, or be one of the plan's deliberate scatter-gathers (`cluster::targeting::SCATTER_GATHERS`), and a document
//! written into a zoned collection must carry its region. Each test's app fails the test when it is dropped having
//! sent one that does not.
//!
//! An app that seeds its empty database at start is not checked for documents without a region: the importer (and
//! the generator, for partners and fresh stock) write before `regions::stamp_missing` gives every document its region (a store is loaded before it is
//! sharded).
//!
//! `AMAZONE_SHARD_KEY_REPORT=FILE` lists them in FILE instead of failing (one line each, repeats included), to
//! review them all after a run.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;
use std::sync::{Mutex, Once};

use amazone::server::cluster::targeting::{unplaced, untargeted, Untargeted};
use mongodb::event::command::CommandEvent;
use mongodb::event::EventHandler;

/// The untargeted queries seen, per test database.
static SEEN: Mutex<BTreeMap<String, BTreeSet<Untargeted>>> = Mutex::new(BTreeMap::new());

/// The databases of apps that seed at start.
static SEEDED: Mutex<BTreeSet<String>> = Mutex::new(BTreeSet::new());

/// The app using `database` seeds it at start: its bulk load's documents get their region right after.
pub fn seeded(database: &str) {
    SEEDED.lock().unwrap().insert(database.to_string());
}

/// Starts watching the commands of every app client connected from now on (once per process).
pub fn watch() {
    static INSTALLED: Once = Once::new();
    INSTALLED.call_once(|| {
        amazone::server::mongo::observe_commands(EventHandler::callback(|event: CommandEvent| {
            let CommandEvent::Started(started) = event else { return };
            let mut found = untargeted(&started.command_name, &started.command);
            found.extend(unplaced(&started.command_name, &started.command));
            if !found.is_empty() {
                SEEN.lock().unwrap().entry(started.db.clone()).or_default().extend(found);
            }
        }));
    });
}

/// Fails (or, with `AMAZONE_SHARD_KEY_REPORT`, reports) the untargeted queries the app using `database` sent.
pub fn check(database: &str) {
    let Some(mut found) = SEEN.lock().unwrap().remove(database) else { return };
    if SEEDED.lock().unwrap().remove(database) {
        found.retain(|query| query.shape != "(no region)");
    }
    if found.is_empty() {
        return;
    }
    let lines: Vec<String> = found.iter().map(Untargeted::to_string).collect();
    if let Ok(path) = std::env::var("AMAZONE_SHARD_KEY_REPORT") {
        let mut file = std::fs::OpenOptions::new().create(true).append(true).open(path).unwrap();
        let test = std::thread::current().name().unwrap_or("?").to_string();
        for line in &lines {
            writeln!(file, "{line}  ({test})").unwrap();
        }
        return;
    }
    if !std::thread::panicking() {
        panic!(
            "queries that would ask every shard of a sharded cluster (add the shard key, or list a deliberate \
             scatter-gather in cluster::targeting with why): {lines:#?}"
        );
    }
}
