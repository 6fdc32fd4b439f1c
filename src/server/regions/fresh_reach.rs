//! Which stores can send fresh food to a shopper: stores in the shopper's country and, when their address is on the
//! map, within the fresh-food radius of it (the Bristol shopper is no longer offered bagels from Madrid). When none
//! can, the nearest store holding the product is named, so the page can say how far it is.

use futures::TryStreamExt;
use mongodb::bson::{doc, Document};
use mongodb::Database;

use crate::model::location::Store;
use crate::model::region::{FreshReach, NotDelivered};
use crate::server::collections::STORES;

/// The stores among `ids` that reach the shopper, nearest first with their distance in metres when the shopper's
/// place is known (by `$geoNear` on the stores' `location_2dsphere` index), else in no particular order.
pub async fn reachable_stores(
    db: &Database,
    ids: &[&str],
    reach: &FreshReach,
) -> mongodb::error::Result<Vec<(Store, Option<f64>)>> {
    let query = doc! { "_id": { "$in": ids }, "address.country": &reach.destination.country };
    let max_distance = reach.destination.point.as_ref().map(|_| reach.radius_km * 1000.0);
    stores_near(db, query, reach, max_distance).await
}

/// Why fresh food from `ids` (the stores holding the product) does not reach the shopper, naming the nearest.
pub async fn not_delivered(db: &Database, ids: &[&str], reach: &FreshReach) -> mongodb::error::Result<NotDelivered> {
    let nearest = match reach.destination.point {
        Some(_) => stores_near(db, doc! { "_id": { "$in": ids } }, reach, None).await?.into_iter().next(),
        None => None,
    };
    Ok(NotDelivered {
        to: reach.destination.describe(),
        radius_km: reach.destination.point.as_ref().map(|_| reach.radius_km),
        nearest: nearest.map(|(store, metres)| (store.name, store.address.city, metres.map(|m| m / 1000.0))),
    })
}

async fn stores_near(
    db: &Database,
    query: Document,
    reach: &FreshReach,
    max_distance_m: Option<f64>,
) -> mongodb::error::Result<Vec<(Store, Option<f64>)>> {
    let stores = db.collection::<Document>(STORES);
    let documents: Vec<Document> = match &reach.destination.point {
        Some(point) => {
            let mut geo_near = doc! {
                "near": mongodb::bson::to_bson(point)?, "distanceField": "distance_m", "spherical": true, "query": query,
            };
            if let Some(metres) = max_distance_m {
                geo_near.insert("maxDistance", metres);
            }
            stores.aggregate([doc! { "$geoNear": geo_near }]).await?.try_collect().await?
        }
        None => stores.find(query).await?.try_collect().await?,
    };
    documents
        .into_iter()
        .map(|mut document| {
            let distance = document.remove("distance_m").and_then(|d| d.as_f64());
            Ok((mongodb::bson::from_document::<Store>(document)?, distance))
        })
        .collect()
}
