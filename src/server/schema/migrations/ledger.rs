//! Which migrations a database has had, and applying the rest: one server at a time, under the `migrations` lease.

use std::collections::HashSet;
use std::time::{Duration, Instant};

use futures::TryStreamExt;
use mongodb::bson::{doc, oid::ObjectId, DateTime, Document};
use mongodb::Database;
use serde::{Deserialize, Serialize};

use super::{Migration, MIGRATIONS};
use crate::model::region::Regions;
use crate::server::collections::APPLIED_MIGRATIONS;
use crate::server::mongo::{is_duplicate_key, lease};

/// The lease's name in `job_leases`.
const LEASE: &str = "migrations";
/// How long a server that died while migrating holds the others up; renewed every third of it while it works.
const LEASE_TTL: Duration = Duration::from_secs(30);
/// How often a server waiting for another's migrations looks again.
const WAIT_POLL: Duration = Duration::from_millis(500);

/// A migration's record in the ledger.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct AppliedMigration {
    #[serde(rename = "_id")]
    pub version: u32,
    pub name: String,
    pub applied_at: DateTime,
    pub seconds: f64,
    /// Documents (or indexes) it changed.
    pub changed: u64,
    /// The server that applied it.
    pub by: String,
}

/// A known migration and, once applied, its record.
#[derive(Debug, Clone)]
pub struct MigrationStatus {
    pub version: u32,
    pub name: &'static str,
    pub about: &'static str,
    pub applied: Option<AppliedMigration>,
}

/// Every known migration, oldest first, with its record where it was applied.
pub async fn status(db: &Database) -> mongodb::error::Result<Vec<MigrationStatus>> {
    let records: Vec<AppliedMigration> =
        db.collection::<AppliedMigration>(APPLIED_MIGRATIONS).find(doc! {}).await?.try_collect().await?;
    Ok(MIGRATIONS
        .iter()
        .map(|migration| MigrationStatus {
            version: migration.version,
            name: migration.name,
            about: migration.about,
            applied: records.iter().find(|record| record.version == migration.version).cloned(),
        })
        .collect())
}

async fn applied_versions(db: &Database) -> mongodb::error::Result<HashSet<u32>> {
    let records = db.collection::<Document>(APPLIED_MIGRATIONS).find(doc! {}).projection(doc! { "_id": 1 }).await?;
    let ids: Vec<Document> = records.try_collect().await?;
    let version = |id: &Document| id.get_i64("_id").ok().or_else(|| id.get_i32("_id").ok().map(i64::from));
    Ok(ids.iter().filter_map(version).filter_map(|v| u32::try_from(v).ok()).collect())
}

/// Applies every migration not yet recorded, oldest first, and returns how many it applied. When another server
/// holds the lease, waits for it (a server must not serve documents still in the old shape), then applies whatever
/// that server left: if it died, its lease expires and this one finishes the work.
pub async fn run_pending(db: &Database, regions: &Regions) -> mongodb::error::Result<usize> {
    let holder = lease::server_identity();
    let mut told = false;
    loop {
        if pending(db).await?.is_empty() {
            return Ok(0);
        }
        let run_id = ObjectId::new().to_hex();
        if lease::acquire(db, LEASE, &holder, &run_id, LEASE_TTL).await? {
            let renewal = tokio::spawn(keep_lease(db.clone(), run_id.clone()));
            let applied = apply_pending(db, regions, &holder).await;
            renewal.abort();
            lease::release(db, LEASE, &run_id).await?;
            return applied;
        }
        if !told {
            tracing::info!("another server is applying migrations; waiting for it to finish");
            told = true;
        }
        tokio::time::sleep(WAIT_POLL).await;
    }
}

/// Forgets the ledger, so that every migration is applied again at the next start (or `amazone migrate`): after
/// restoring documents that may be older than it.
pub async fn forget_all(db: &Database) -> mongodb::error::Result<()> {
    db.collection::<Document>(APPLIED_MIGRATIONS).delete_many(doc! {}).await?;
    Ok(())
}

async fn pending(db: &Database) -> mongodb::error::Result<Vec<&'static Migration>> {
    let applied = applied_versions(db).await?;
    Ok(MIGRATIONS.iter().filter(|migration| !applied.contains(&migration.version)).collect())
}

/// Under the lease: reads the ledger again (another server may have finished since) and applies what is left.
async fn apply_pending(db: &Database, regions: &Regions, holder: &str) -> mongodb::error::Result<usize> {
    let pending = pending(db).await?;
    for migration in &pending {
        tracing::info!(version = migration.version, name = migration.name, "migration starting: {}", migration.about);
        let started = Instant::now();
        let changed = (migration.apply)(db, regions).await?;
        let record = AppliedMigration {
            version: migration.version,
            name: migration.name.to_string(),
            applied_at: DateTime::now(),
            seconds: started.elapsed().as_secs_f64(),
            changed,
            by: holder.to_string(),
        };
        match db.collection::<AppliedMigration>(APPLIED_MIGRATIONS).insert_one(&record).await {
            Ok(_) => {}
            // Recorded by a server whose lease expired while it still worked: the work is done either way.
            Err(err) if is_duplicate_key(&err) => {}
            Err(err) => return Err(err),
        }
        tracing::info!(
            version = migration.version,
            name = migration.name,
            changed,
            seconds = record.seconds,
            "migration applied"
        );
    }
    Ok(pending.len())
}

async fn keep_lease(db: Database, run_id: String) {
    let mut tick = tokio::time::interval(LEASE_TTL / 3);
    tick.tick().await;
    loop {
        tick.tick().await;
        match lease::renew(&db, LEASE, &run_id, LEASE_TTL).await {
            Ok(true) => {}
            Ok(false) => tracing::error!("the migrations lost their lease; another server may apply them too"),
            Err(err) => tracing::warn!(error = %err, "cannot renew the migrations' lease"),
        }
    }
}

/// The status as `amazone migrate --status` prints it: one line per migration.
pub fn describe(statuses: &[MigrationStatus]) -> String {
    let mut text = String::new();
    for migration in statuses {
        let state = match &migration.applied {
            Some(record) => format!(
                "applied {} by {}, {} changed in {:.1} s",
                record.applied_at.try_to_rfc3339_string().unwrap_or_default(),
                record.by,
                record.changed,
                record.seconds
            ),
            None => "pending".to_string(),
        };
        text.push_str(&format!(
            "{:>4}  {:<28} {state}\n      {}\n",
            migration.version, migration.name, migration.about
        ));
    }
    let pending = statuses.iter().filter(|m| m.applied.is_none()).count();
    text.push_str(&format!("{} migrations, {pending} pending\n", statuses.len()));
    text
}
