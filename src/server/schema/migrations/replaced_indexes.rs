//! Indexes that others replaced are dropped.

use mongodb::bson::Document;
use mongodb::Database;

use crate::server::collections::ORDERS;

/// Indexes replaced by others (the new ones are created with the rest), as (collection, name).
const REPLACED_INDEXES: &[(&str, &str)] = &[
    // By the same keys followed by `_id`, which the lists sort ties by.
    (ORDERS, "status_placed"),
    (ORDERS, "customer_orders_newest"),
    (ORDERS, "placed_newest"),
    (ORDERS, "country_placed"),
];

/// Drops each replaced order index where it still exists.
pub async fn drop_replaced_indexes(db: &Database) -> mongodb::error::Result<u64> {
    drop_indexes(db, REPLACED_INDEXES).await
}

/// Drops each of these (collection, name) indexes where it still exists: an index costs every write, and the
/// planner may still pick it.
pub async fn drop_indexes(db: &Database, indexes: &[(&str, &str)]) -> mongodb::error::Result<u64> {
    let mut dropped = 0;
    for &(collection, name) in indexes {
        let names = db.collection::<Document>(collection).list_index_names().await?;
        if names.iter().any(|existing| existing == name) {
            match db.collection::<Document>(collection).drop_index(name).await {
                Ok(()) => {
                    dropped += 1;
                    tracing::info!(collection, index = name, "replaced index dropped")
                }
                // Another server dropped it first.
                Err(err) if matches!(*err.kind, mongodb::error::ErrorKind::Command(ref c) if c.code == 27) => {}
                Err(err) => return Err(err),
            }
        }
    }
    Ok(dropped)
}
