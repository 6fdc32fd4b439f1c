//! Active carts move to the region their shopper is delivered to. Before carts followed their shoppers
//! (`cart::follow`), a customer who moved to another region's country, or a guest who picked one, kept their cart in
//! the old region, where it is no longer looked for.

use futures::TryStreamExt;
use mongodb::bson::{doc, Document};
use mongodb::Database;

use crate::model::region::Regions;
use crate::server::collections::{CARTS, CUSTOMERS};
use crate::server::mongo::is_duplicate_key;

/// Moves each active cart whose region is not its shopper's: a customer's to their region; a guest's to the region
/// of the currency it is priced in (carts were re-priced when the shopper's country changed), when exactly one
/// region pays in it. Returns how many carts moved.
pub async fn carts_follow_shoppers(db: &Database, regions: &Regions) -> mongodb::error::Result<u64> {
    let mut moved = customers_carts(db).await?;
    for region in &regions.regions {
        if regions.regions.iter().filter(|other| other.currency == region.currency).count() != 1 {
            continue;
        }
        let guests = doc! {
            "status": "active",
            "customer_id": { "$exists": false },
            "currency": mongodb::bson::to_bson(&region.currency)?,
            "region": { "$ne": &region.code },
        };
        let update = doc! { "$set": { "region": &region.code } };
        moved += db.collection::<Document>(CARTS).update_many(guests, update).await?.modified_count;
    }
    if moved > 0 {
        tracing::info!(carts = moved, "migration cart_regions: carts moved to their shoppers' regions");
    }
    Ok(moved)
}

/// Customers' active carts outside their customer's region, moved one by one. A customer who already has an active
/// cart in their region keeps that one; the other stays until it expires and its units go back.
async fn customers_carts(db: &Database) -> mongodb::error::Result<u64> {
    let pipeline = [
        doc! { "$match": { "status": "active", "customer_id": { "$exists": true } } },
        doc! { "$lookup": {
            "from": CUSTOMERS, "localField": "customer_id", "foreignField": "_id", "as": "owner",
            "pipeline": [{ "$project": { "_id": 0, "region": 1 } }],
        } },
        doc! { "$project": { "region": 1, "customer_id": 1, "theirs": { "$first": "$owner.region" } } },
        doc! { "$match": { "$expr": { "$and": [
            { "$eq": [{ "$type": "$theirs" }, "string"] },
            { "$ne": ["$theirs", "$region"] },
        ] } } },
    ];
    let astray: Vec<Document> = db.collection::<Document>(CARTS).aggregate(pipeline).await?.try_collect().await?;
    let mut moved = 0;
    for cart in astray {
        let (Ok(id), Ok(theirs)) = (cart.get_str("_id"), cart.get_str("theirs")) else { continue };
        let old_key = doc! { "region": cart.get("region"), "customer_id": cart.get("customer_id"), "_id": id };
        match db.collection::<Document>(CARTS).update_one(old_key, doc! { "$set": { "region": theirs } }).await {
            Ok(result) => moved += result.modified_count,
            Err(err) if is_duplicate_key(&err) => tracing::warn!(cart = id, "the customer has a cart in their region"),
            Err(err) => return Err(err),
        }
    }
    Ok(moved)
}
