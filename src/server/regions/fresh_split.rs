//! Splits each product's fresh stock into one document per region, holding that region's stores: the shape a shard
//! key starting with the region needs (each region's shard holds its own stores' stock), and a reservation in
//! Manchester never touches the document a reservation in Madrid updates.
//!
//! The importer and generator write one document per product listing every store, without a region; this splits
//! those. Per chunk of originals, one aggregation per region writes that region's documents (`$merge`, keeping any
//! an earlier run killed halfway already wrote) and then the originals are deleted, so a rerun finds only what is left and changes
//! nothing more. It runs while nothing is served (at start, after an import or a generation): for a moment a store's
//! units are in both shapes.

use futures::TryStreamExt;
use std::collections::BTreeMap;

use mongodb::bson::{doc, Bson, Document};
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
    if originals.is_empty() {
        return Ok(0);
    }
    let ids: Vec<Bson> = originals.into_iter().filter_map(|mut d| d.remove("_id")).collect();
    let default = regions.code_of(&regions.default_country);
    let stores = stores_by_region(db, &default).await?;
    for (done, chunk) in ids.chunks(CHUNK).enumerate() {
        for (region, held) in &stores {
            stock
                .aggregate(regional_documents(chunk, region, held, *region == default))
                .await?
                .try_collect::<Vec<_>>()
                .await?;
        }
        stock.delete_many(doc! { "_id": { "$in": chunk }, "region": { "$exists": false } }).await?;
        let split = (done * CHUNK + chunk.len()) as u64;
        tracing::info!(split, of = ids.len(), "fresh stock split by region");
    }
    Ok(ids.len() as u64)
}

/// Which stores are in each region, read once (a few hundred stores at most): the default region's entry lists the
/// stores of every *other* region, since it takes whatever is not theirs (a store without a region included).
async fn stores_by_region(
    db: &Database,
    default_region: &str,
) -> mongodb::error::Result<BTreeMap<String, Vec<String>>> {
    let mut by_region: BTreeMap<String, Vec<String>> = BTreeMap::new();
    by_region.insert(default_region.to_string(), Vec::new());
    let stores: Vec<Document> =
        db.collection::<Document>(STORES).find(doc! {}).projection(doc! { "region": 1 }).await?.try_collect().await?;
    for store in &stores {
        let (Ok(id), Ok(region)) = (store.get_str("_id"), store.get_str("region")) else { continue };
        if region != default_region {
            by_region.entry(region.to_string()).or_default().push(id.to_string());
        }
    }
    let others: Vec<String> =
        by_region.iter().filter(|(region, _)| *region != default_region).flat_map(|(_, ids)| ids.clone()).collect();
    by_region.insert(default_region.to_string(), others);
    Ok(by_region)
}

/// The id of `region`'s document of a product's fresh stock, from the id of the document it was split from (or, for
/// generated stock, would have been): the same rule as `regional_documents`' `$concat`.
pub fn regional_id(original: &str, region: &str) -> String {
    format!("{original}-{region}")
}

/// `region`'s documents for the originals `ids`: the entries of its stores (`stores`; for the default region, those
/// of every store *not* in `stores`, and a product no store holds), `_id` the original's followed by the region,
/// `total` the sum of its stores. Filtering each original once per region is cheaper than unwinding every store.
fn regional_documents(ids: &[Bson], region: &str, stores: &[String], default: bool) -> Vec<Document> {
    let held_here = doc! { "$in": ["$$this.store_id", stores] };
    let cond = if default {
        doc! { "$not": [held_here] }
    } else {
        held_here
    };
    let mut kept = vec![doc! { "stores.0": { "$exists": true } }];
    if default {
        kept.push(doc! { "held_nowhere": true });
    }
    vec![
        doc! { "$match": { "_id": { "$in": ids }, "region": { "$exists": false } } },
        doc! { "$project": {
            "product_id": 1,
            "held_nowhere": { "$eq": [{ "$size": "$stores" }, 0] },
            "stores": { "$filter": { "input": "$stores", "cond": cond } },
        } },
        doc! { "$match": { "$or": kept } },
        doc! { "$project": {
            "_id": { "$concat": ["$_id", "-", region] },
            "region": region,
            "product_id": 1,
            "stores": 1,
            "total": { "$sum": "$stores.quantity" },
        } },
        doc! { "$merge": { "into": FRESH_STOCK, "on": "_id", "whenMatched": "keepExisting", "whenNotMatched": "insert" } },
    ]
}
