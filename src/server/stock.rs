//! The stock service: what is on hand where.

use mongodb::bson::{doc, Document};
use mongodb::Database;

use crate::model::batches::Batch;
use crate::server::collections::{FRESH_STOCK, PRODUCTS, WAREHOUSE_STOCK};

/// The update (a pipeline) adding `batches` to one store's stock of a fresh product: the store's units and the
/// product's total go up by their sum, and they join the store's batches in canonical form (one per date, earliest
/// first; see `model::batches::tidy`), so that units given back merge with the batch they came from. One atomic
/// update, usable in bulk writes.
pub fn add_to_store(store_id: &str, batches: &[Batch]) -> mongodb::error::Result<Vec<Document>> {
    let units: i64 = batches.iter().map(|batch| batch.quantity).sum();
    let added = mongodb::bson::to_bson(batches)?;
    let merged = doc! { "$let": {
        "vars": { "all": { "$concatArrays": [{ "$ifNull": ["$$s.batches", []] }, { "$literal": added }] } },
        "in": { "$sortArray": {
            "input": { "$map": {
                "input": { "$setUnion": ["$$all.best_before"] },
                "as": "day",
                "in": {
                    "best_before": "$$day",
                    "quantity": { "$sum": { "$map": {
                        "input": { "$filter": { "input": "$$all", "cond": { "$eq": ["$$this.best_before", "$$day"] } } },
                        "in": "$$this.quantity",
                    } } },
                },
            } },
            "sortBy": { "best_before": 1 },
        } },
    } };
    Ok(vec![doc! { "$set": {
        "stores": { "$map": { "input": "$stores", "as": "s", "in": { "$cond": [
            { "$eq": ["$$s.store_id", { "$literal": store_id }] },
            { "$mergeObjects": ["$$s", { "quantity": { "$add": ["$$s.quantity", units] }, "batches": merged }] },
            "$$s",
        ] } } },
        "total": { "$add": ["$total", units] },
    } }])
}

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
