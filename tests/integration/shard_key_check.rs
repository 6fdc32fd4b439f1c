//! Every command the app sends during the suite (the driver's command monitoring on the app's own client) is checked
//! against the sharding plan: a query, update or delete on a collection that would be sharded must carry its shard
//! key, or be one of the plan's deliberate scatter-gathers (`cluster::targeting::SCATTER_GATHERS`). Each test's app
//! fails the test when it dropped with a query that would ask every shard.
//!
//! `AMAZONE_SHARD_KEY_REPORT=FILE` lists them in FILE instead of failing (one line each, repeats included), to
//! review them all after a run.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;
use std::sync::{Mutex, Once};

use amazone::server::cluster::targeting::{untargeted, Untargeted};
use mongodb::event::command::CommandEvent;
use mongodb::event::EventHandler;

/// The untargeted queries seen, per test database.
static SEEN: Mutex<BTreeMap<String, BTreeSet<Untargeted>>> = Mutex::new(BTreeMap::new());

/// Starts watching the commands of every app client connected from now on (once per process).
pub fn watch() {
    static INSTALLED: Once = Once::new();
    INSTALLED.call_once(|| {
        amazone::server::mongo::observe_commands(EventHandler::callback(|event: CommandEvent| {
            let CommandEvent::Started(started) = event else { return };
            let found = untargeted(&started.command_name, &started.command);
            if !found.is_empty() {
                SEEN.lock().unwrap().entry(started.db.clone()).or_default().extend(found);
            }
        }));
    });
}

/// Fails (or, with `AMAZONE_SHARD_KEY_REPORT`, reports) the untargeted queries the app using `database` sent.
pub fn check(database: &str) {
    let Some(found) = SEEN.lock().unwrap().remove(database) else { return };
    let lines: Vec<String> = found.iter().map(Untargeted::to_string).collect();
    if let Ok(path) = std::env::var("AMAZONE_SHARD_KEY_REPORT") {
        let mut file = std::fs::OpenOptions::new().create(true).append(true).open(path).unwrap();
        for line in &lines {
            writeln!(file, "{line}").unwrap();
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
