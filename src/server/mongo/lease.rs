//! A lease: one document per name in `job_leases` (a maintenance job, the migrations), naming the run that holds it
//! and until when. The holder renews it while it works and deletes it when done; a holder that dies simply stops
//! renewing, and once `expires_at` passes anyone may take the lease over.

use std::time::Duration;

use mongodb::bson::{doc, DateTime};
use mongodb::Database;

use super::is_duplicate_key;
use crate::server::collections::JOB_LEASES;

/// This server's name in leases and run records: host and process, unique enough to tell servers apart.
pub fn server_identity() -> String {
    let host = std::fs::read_to_string("/proc/sys/kernel/hostname")
        .ok()
        .map(|name| name.trim().to_owned())
        .filter(|name| !name.is_empty())
        .unwrap_or_else(|| "server".into());
    format!("{host}:{}:{}", std::process::id(), &mongodb::bson::oid::ObjectId::new().to_hex()[16..])
}

fn expiry(ttl: Duration) -> DateTime {
    DateTime::from_millis(DateTime::now().timestamp_millis() + ttl.as_millis() as i64)
}

/// Takes the lease `name` for `run_id`, unless a live holder has it (false). Atomic: of two servers asking at once,
/// one upsert matches or inserts, and the other's insert meets the unique `_id`.
pub async fn acquire(
    db: &Database,
    name: &str,
    holder: &str,
    run_id: &str,
    ttl: Duration,
) -> mongodb::error::Result<bool> {
    let result = db
        .collection::<mongodb::bson::Document>(JOB_LEASES)
        .update_one(
            doc! { "_id": name, "expires_at": { "$lte": DateTime::now() } },
            doc! { "$set": { "holder": holder, "run_id": run_id, "expires_at": expiry(ttl) } },
        )
        .upsert(true)
        .await;
    match result {
        Ok(_) => Ok(true),
        Err(err) if is_duplicate_key(&err) => Ok(false),
        Err(err) => Err(err),
    }
}

/// Extends the lease while `run_id` still holds it; false when it was lost (expired and taken over).
pub async fn renew(db: &Database, name: &str, run_id: &str, ttl: Duration) -> mongodb::error::Result<bool> {
    let result = db
        .collection::<mongodb::bson::Document>(JOB_LEASES)
        .update_one(doc! { "_id": name, "run_id": run_id }, doc! { "$set": { "expires_at": expiry(ttl) } })
        .await?;
    Ok(result.matched_count == 1)
}

/// Gives the lease up, if `run_id` still holds it.
pub async fn release(db: &Database, name: &str, run_id: &str) -> mongodb::error::Result<()> {
    db.collection::<mongodb::bson::Document>(JOB_LEASES).delete_one(doc! { "_id": name, "run_id": run_id }).await?;
    Ok(())
}
