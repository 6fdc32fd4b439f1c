//! Changes to stored documents, applied at start-up after the validators so that an existing store keeps working.
//! Each migration finds the documents still in the old shape and rewrites them, so running it again (or on two
//! servers at once) changes nothing.

use mongodb::bson::{doc, Document};
use mongodb::Database;

use crate::server::collections::{ORDERS, PARTNERS};

/// Applies every migration, oldest first.
pub async fn run(db: &Database) -> mongodb::error::Result<()> {
    partner_loads(db).await?;
    partner_rating_summaries(db).await?;
    drop_replaced_indexes(db).await?;
    // Products stored before pictures get their drawn one.
    crate::server::pictures::draw_missing(db).await?;
    Ok(())
}

/// Indexes replaced by others (the new ones are created with the rest), as (collection, name).
const REPLACED_INDEXES: &[(&str, &str)] = &[
    // By the same keys followed by `_id`, which the lists sort ties by.
    (ORDERS, "status_placed"),
    (ORDERS, "customer_orders_newest"),
    (ORDERS, "placed_newest"),
    (ORDERS, "country_placed"),
];

/// Drops each replaced index where it still exists: an index costs every write, and the planner may still pick it.
async fn drop_replaced_indexes(db: &Database) -> mongodb::error::Result<()> {
    for &(collection, name) in REPLACED_INDEXES {
        let names = db.collection::<Document>(collection).list_index_names().await?;
        if names.iter().any(|existing| existing == name) {
            match db.collection::<Document>(collection).drop_index(name).await {
                Ok(()) => tracing::info!(collection, index = name, "migration drop_replaced_indexes: dropped"),
                // Another server dropped it first.
                Err(err) if matches!(*err.kind, mongodb::error::ErrorKind::Command(ref c) if c.code == 27) => {}
                Err(err) => return Err(err),
            }
        }
    }
    Ok(())
}

/// Partners carried one order at most (`on_delivery: bool`); now a `load` of orders up to a capacity. Each
/// partner's load is counted from the orders out for delivery with them (not from the flag, which could be stale).
async fn partner_loads(db: &Database) -> mongodb::error::Result<()> {
    let old = db.collection::<Document>(PARTNERS).count_documents(doc! { "load": { "$exists": false } }).await?;
    if old > 0 {
        crate::server::orders::partners::recount_loads(db, true).await?;
        tracing::info!(partners = old, "migration partner_loads: partners' loads counted from their orders");
    }
    Ok(())
}

/// Partners gained a rating summary like products'; partners rated before it have theirs computed once.
async fn partner_rating_summaries(db: &Database) -> mongodb::error::Result<()> {
    let old = db.collection::<Document>(PARTNERS).count_documents(doc! { "rating": { "$exists": false } }).await?;
    if old > 0 {
        use crate::server::ratings::{refresh, Rated};
        refresh(db, Rated::Partner).await?;
        // The unrated get the empty summary a new partner starts with.
        db.collection::<Document>(PARTNERS)
            .update_many(
                doc! { "rating": { "$exists": false } },
                doc! { "$set": { "rating": { "average": 0.0, "count": 0 } } },
            )
            .await?;
        tracing::info!(partners = old, "migration partner_rating_summaries: partners' rating summaries computed");
    }
    Ok(())
}
