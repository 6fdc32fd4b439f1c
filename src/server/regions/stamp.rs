//! Gives every document that has none its `region` (the future shard-key prefix): stores, warehouses, customers and
//! orders by their address's country; partners by their nearest store; carts and product ratings by their customer;
//! partner ratings by their order; warehouse stock by its warehouse; fresh stock is split into a document per region
//! (`fresh_split`); customers then learn which regions hold their orders (`order_regions`). The migrations run it on documents from before regions, and the importer's and generator's
//! callers run it after writing (they write documents without knowing the settings).
//!
//! Each step touches only documents still without a region, so a run killed halfway is finished by the next, and a
//! second run changes nothing.

use futures::TryStreamExt;
use mongodb::bson::{doc, Document};
use mongodb::Database;

use crate::model::region::Regions;
use crate::server::collections::*;

/// Stamps what is missing; returns how many documents it stamped.
pub async fn stamp_missing(db: &Database, regions: &Regions) -> mongodb::error::Result<u64> {
    let mut stamped = 0;
    for (collection, country) in [
        (STORES, "$address.country"),
        (WAREHOUSES, "$address.country"),
        (CUSTOMERS, "$shipping_address.country"),
        (ORDERS, "$shipping_address.country"),
    ] {
        let update = vec![doc! { "$set": { "region": by_country(regions, country) } }];
        let result = db.collection::<Document>(collection).update_many(missing(), update).await?;
        if result.modified_count > 0 {
            tracing::info!(collection, documents = result.modified_count, "regions stamped from the address's country");
        }
        stamped += result.modified_count;
    }
    // After the stores: each store's fresh units go to its region's document.
    stamped += super::fresh_split::split_fresh_stock(db, regions).await?;
    stamped += partners(db, regions).await?;
    for (collection, owner, key) in [
        (CARTS, CUSTOMERS, "customer_id"),
        (PRODUCT_RATINGS, CUSTOMERS, "customer_id"),
        (PARTNER_RATINGS, ORDERS, "order_id"),
        (WAREHOUSE_STOCK, WAREHOUSES, "warehouse_id"),
    ] {
        stamped += from_owner(db, regions, collection, owner, key).await?;
    }
    // After the orders: where each customer's orders are.
    stamped += super::order_regions::fill_order_regions(db).await?;
    Ok(stamped)
}

/// Without a region: absent, or `null` (an upsert naming a region not yet stamped, such as a rating of an order
/// from before regions, writes `null`).
fn missing() -> Document {
    doc! { "region": null }
}

/// The region's code for the country in `field`: a `$switch` over the settings' regions, the default country's region
/// for a country in none (or a document without an address).
fn by_country(regions: &Regions, field: &str) -> Document {
    let branches: Vec<Document> = regions
        .regions
        .iter()
        .map(|region| doc! { "case": { "$in": [field, &region.countries] }, "then": &region.code })
        .collect();
    doc! { "$switch": { "branches": branches, "default": regions.code_of(&regions.default_country) } }
}

/// Partners have a place on the map, not an address: the region of the store nearest it (a few hundred partners,
/// one `$geoNear` each on the stores' index).
async fn partners(db: &Database, regions: &Regions) -> mongodb::error::Result<u64> {
    let unstamped: Vec<Document> = db
        .collection::<Document>(PARTNERS)
        .find(missing())
        .projection(doc! { "location": 1 })
        .await?
        .try_collect()
        .await?;
    let default = regions.code_of(&regions.default_country);
    for partner in &unstamped {
        let region = match partner.get_document("location") {
            Ok(location) => {
                let near = doc! { "$geoNear": {
                    "near": location.clone(), "distanceField": "distance_m", "spherical": true, "query": { "region": { "$exists": true } },
                } };
                let nearest: Vec<Document> = db
                    .collection::<Document>(STORES)
                    .aggregate([near, doc! { "$limit": 1 }])
                    .await?
                    .try_collect()
                    .await?;
                nearest.first().and_then(|store| store.get_str("region").ok()).unwrap_or(&default).to_string()
            }
            Err(_) => default.clone(),
        };
        let filter = doc! { "_id": partner.get("_id").cloned(), "region": { "$exists": false } };
        db.collection::<Document>(PARTNERS).update_one(filter, doc! { "$set": { "region": region } }).await?;
    }
    Ok(unstamped.len() as u64)
}

/// Documents of `collection` take the region of the `owner` document their `key` names (the default region when it
/// is gone: a guest's cart, an erased customer's rating), in one server-side pass (`$lookup`, then `$merge` back).
async fn from_owner(
    db: &Database,
    regions: &Regions,
    collection: &str,
    owner: &str,
    key: &str,
) -> mongodb::error::Result<u64> {
    let target = db.collection::<Document>(collection);
    let unstamped = target.count_documents(missing()).await?;
    if unstamped == 0 {
        return Ok(0);
    }
    let default = regions.code_of(&regions.default_country);
    let pipeline = [
        doc! { "$match": missing() },
        doc! { "$lookup": {
            "from": owner, "localField": key, "foreignField": "_id", "as": "owner",
            "pipeline": [{ "$project": { "_id": 0, "region": 1 } }],
        } },
        doc! { "$project": { "region": { "$ifNull": [{ "$first": "$owner.region" }, &default] } } },
        doc! { "$merge": { "into": collection, "on": "_id", "whenMatched": "merge", "whenNotMatched": "discard" } },
    ];
    target.aggregate(pipeline).await?.try_collect::<Vec<Document>>().await?;
    tracing::info!(collection, documents = unstamped, "regions stamped from {owner}");
    Ok(unstamped)
}
