//! Partners' loads (several orders at once) and rating summaries.

use mongodb::bson::{doc, Document};
use mongodb::Database;

use crate::server::collections::PARTNERS;

/// Partners carried one order at most (`on_delivery: bool`); now a `load` of orders up to a capacity. Each
/// partner's load is counted from the orders out for delivery with them (not from the flag, which could be stale).
pub async fn partner_loads(db: &Database) -> mongodb::error::Result<u64> {
    let old = db.collection::<Document>(PARTNERS).count_documents(doc! { "load": { "$exists": false } }).await?;
    if old > 0 {
        crate::server::orders::partners::recount_loads(db, true).await?;
        tracing::info!(partners = old, "migration partner_loads: partners' loads counted from their orders");
    }
    Ok(old)
}

/// Partners gained a rating summary like products'; partners rated before it have theirs computed once.
pub async fn partner_rating_summaries(db: &Database) -> mongodb::error::Result<u64> {
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
    Ok(old)
}
