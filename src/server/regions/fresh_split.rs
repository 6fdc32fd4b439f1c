//! Splits each product's fresh stock into one document per region, holding that region's stores: the shape a shard
//! key starting with the region needs (each region's shard holds its own stores' stock), and a reservation in
//! Manchester never touches the document a reservation in Madrid updates.
//!
//! The importer and generator write one document per product listing every store, without a region; this splits
//! those. Per chunk of originals, one aggregation writes the regional documents (`$merge`, keeping any an earlier run
//! killed halfway already wrote) and then the originals are deleted, so a rerun finds only what is left and changes
//! nothing more. It runs while nothing is served (at start, after an import or a generation): for a moment a store's
//! units are in both shapes.

use futures::TryStreamExt;
use mongodb::bson::{doc, Document};
use mongodb::Database;

use crate::model::region::Regions;
use crate::server::collections::{FRESH_STOCK, STORES};
use crate::server::schema::migrations::drop_indexes;

/// Originals split per round trip: bounds the `$in` list and logs progress on a large catalogue.
const CHUNK: usize = 5_000;

/// Splits every fresh stock document without a region; returns how many it split.
pub async fn split_fresh_stock(db: &Database, regions: &Regions) -> mongodb::error::Result<u64> {
    // One document per product was unique by product; now it is one per product and region.
    drop_indexes(db, &[(FRESH_STOCK, "product_unique")]).await?;
    let stock = db.collection::<Document>(FRESH_STOCK);
    let originals: Vec<Document> =
        stock.find(doc! { "region": { "$exists": false } }).projection(doc! { "_id": 1 }).await?.try_collect().await?;
    let ids: Vec<mongodb::bson::Bson> = originals.into_iter().filter_map(|mut d| d.remove("_id")).collect();
    let default = regions.code_of(&regions.default_country);
    for (done, chunk) in ids.chunks(CHUNK).enumerate() {
        stock.aggregate(by_region(chunk, &default)).await?.try_collect::<Vec<Document>>().await?;
        stock.delete_many(doc! { "_id": { "$in": chunk }, "region": { "$exists": false } }).await?;
        let split = (done * CHUNK + chunk.len()) as u64;
        tracing::info!(split, of = ids.len(), "fresh stock split by region");
    }
    Ok(ids.len() as u64)
}

/// The regional documents of the originals `ids`: each store's entry goes to its store's region's document (the
/// default region's for a store that has none, or for a product no store holds), whose `_id` is the original's
/// followed by the region and whose `total` is the sum of its stores.
fn by_region(ids: &[mongodb::bson::Bson], default_region: &str) -> Vec<Document> {
    vec![
        doc! { "$match": { "_id": { "$in": ids }, "region": { "$exists": false } } },
        doc! { "$unwind": { "path": "$stores", "preserveNullAndEmptyArrays": true } },
        doc! { "$lookup": {
            "from": STORES, "localField": "stores.store_id", "foreignField": "_id", "as": "store",
            "pipeline": [{ "$project": { "_id": 0, "region": 1 } }],
        } },
        doc! { "$group": {
            "_id": { "from": "$_id", "region": { "$ifNull": [{ "$first": "$store.region" }, default_region] } },
            "product_id": { "$first": "$product_id" },
            "stores": { "$push": "$stores" },
            "total": { "$sum": { "$ifNull": ["$stores.quantity", 0] } },
        } },
        doc! { "$project": {
            "_id": { "$concat": ["$_id.from", "-", "$_id.region"] },
            "region": "$_id.region",
            "product_id": 1,
            // A product no store holds pushed nothing (or null, for the missing entry).
            "stores": { "$filter": { "input": "$stores", "cond": { "$ne": ["$$this", null] } } },
            "total": 1,
        } },
        doc! { "$merge": { "into": FRESH_STOCK, "on": "_id", "whenMatched": "keepExisting", "whenNotMatched": "insert" } },
    ]
}
