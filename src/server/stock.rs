//! The stock service: what is on hand where.

use mongodb::bson::{doc, Document};
use mongodb::Database;

use crate::server::collections::{FRESH_STOCK, PRODUCTS, WAREHOUSE_STOCK};

/// Recomputes every product's `in_stock` flag from the stock collections (fresh food: the total across stores;
/// other goods: the warehouse), writing through `$merge`. Products with no stock record are left as they are.
pub async fn refresh_in_stock(db: &Database) -> mongodb::error::Result<()> {
    let merge =
        doc! { "$merge": { "into": PRODUCTS, "on": "_id", "whenMatched": "merge", "whenNotMatched": "discard" } };
    let fresh = [doc! { "$project": { "_id": "$product_id", "in_stock": { "$gt": ["$total", 0] } } }, merge.clone()];
    db.collection::<Document>(FRESH_STOCK).aggregate(fresh).await?;
    let warehouse = [
        doc! { "$group": { "_id": "$product_id", "units": { "$sum": "$quantity" } } },
        doc! { "$project": { "_id": 1, "in_stock": { "$gt": ["$units", 0] } } },
        merge,
    ];
    db.collection::<Document>(WAREHOUSE_STOCK).aggregate(warehouse).await?;
    Ok(())
}
