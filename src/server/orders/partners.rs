//! Delivery partners' loads: how many orders each carries now, against the capacity setting.
//!
//! Every assignment (checkout, a partner freed by a delivery, the assign-partners job, an admin) goes through
//! `claim`, one conditional update that takes a place in an active partner's load only while it is below capacity,
//! so two orders (or two servers) can never fill a partner past it. `free` gives the place back.

use futures::TryStreamExt;
use mongodb::bson::{self, doc, Document};
use mongodb::{ClientSession, Database};

use crate::model::address::GeoPoint;
use crate::model::order::OrderStatus;
use crate::server::collections::{ORDERS, PARTNERS};

/// Partners with room tried per order, nearest first: enough that a partner filled by a concurrent checkout is
/// skipped.
const CANDIDATES: i64 = 5;

/// Active partners with room for one more order, in `region` when given: partners deliver within their region
/// (a partner not yet stamped with one, until the `regions` migration or the importer's caller stamps it, anywhere).
pub(crate) fn with_room(capacity: u32, region: Option<&str>) -> Document {
    let mut filter = doc! { "active": true, "load": { "$lt": i64::from(capacity) } };
    if let Some(region) = region {
        filter.insert("region", doc! { "$in": [region, null] });
    }
    filter
}

/// The orders a partner carries now, on the orders' `partner_status` index: in their region (`region`, the
/// partner's, with any order not yet stamped with one), or in every region for a partner not yet stamped.
pub(crate) fn carried_by(partner_id: &str, region: Option<&str>) -> Document {
    let mut filter = doc! { "delivery.partner_id": partner_id, "status": OrderStatus::OutForDelivery.as_str() };
    if let Some(region) = region {
        filter.insert("region", doc! { "$in": [region, None::<&str>] });
    }
    filter
}

/// The region a partner delivers in (None for an unknown partner, or one from before regions).
pub(crate) async fn region_of(
    db: &Database,
    session: &mut ClientSession,
    partner_id: &str,
) -> mongodb::error::Result<Option<String>> {
    let partner = db
        .collection::<Document>(PARTNERS)
        .find_one(doc! { "_id": partner_id })
        .projection(doc! { "region": 1 })
        .session(session)
        .await?;
    Ok(partner.and_then(|partner| partner.get_str("region").ok().map(str::to_string)))
}

/// Takes `places` places in an active partner's load if they have room for all of them; false when they have not
/// or are inactive.
pub(crate) async fn claim(
    db: &Database,
    session: &mut ClientSession,
    partner_id: &str,
    capacity: u32,
    places: u32,
) -> mongodb::error::Result<bool> {
    let room_for = i64::from(capacity) - i64::from(places);
    let filter = doc! { "_id": partner_id, "active": true, "load": { "$lte": room_for } };
    let claimed = db
        .collection::<Document>(PARTNERS)
        .update_one(filter, doc! { "$inc": { "load": places as i32 } })
        .session(&mut *session)
        .await?;
    Ok(claimed.modified_count == 1)
}

/// Gives back the place an order took in its partner's load (delivered, not delivered, cancelled); a delivery also
/// counts in the partner's deliveries. Guarded so that a load never goes below zero.
pub(crate) async fn free(
    db: &Database,
    session: &mut ClientSession,
    partner_id: &str,
    delivered: bool,
) -> mongodb::error::Result<()> {
    let change = if delivered {
        doc! { "load": -1, "deliveries": 1 }
    } else {
        doc! { "load": -1 }
    };
    db.collection::<Document>(PARTNERS)
        .update_one(doc! { "_id": partner_id, "load": { "$gt": 0 } }, doc! { "$inc": change })
        .session(&mut *session)
        .await?;
    Ok(())
}

/// The first of `candidates` (nearest first) with room, claimed, choosing at random among the first `among` (see
/// `spread`); None when all are full, and the order waits for one.
pub(crate) async fn claim_first(
    db: &Database,
    session: &mut ClientSession,
    candidates: &[String],
    capacity: u32,
    among: u32,
) -> mongodb::error::Result<Option<String>> {
    let mut candidates = candidates.to_vec();
    super::spread::shuffle_first(&mut candidates, among);
    for partner_id in &candidates {
        if claim(db, session, partner_id, capacity, 1).await? {
            return Ok(Some(partner_id.clone()));
        }
    }
    Ok(None)
}

/// Active partners of `region` with room, nearest to `point` first (`$geoNear` on the partners' `location_2dsphere`
/// index), or any with room when the point is unknown. Read before the transaction that claims one.
pub(crate) async fn nearest_with_room(
    db: &Database,
    point: Option<&GeoPoint>,
    capacity: u32,
    region: &str,
) -> mongodb::error::Result<Vec<String>> {
    let partners = db.collection::<Document>(PARTNERS);
    let found: Vec<Document> = match point {
        Some(point) => {
            let near = doc! { "$geoNear": {
                "near": bson::to_bson(point)?, "distanceField": "distance_m", "spherical": true,
                "query": with_room(capacity, Some(region)),
            } };
            partners
                .aggregate([near, doc! { "$limit": CANDIDATES }, doc! { "$project": { "_id": 1 } }])
                .await?
                .try_collect()
                .await?
        }
        None => {
            partners
                .find(with_room(capacity, Some(region)))
                .limit(CANDIDATES)
                .projection(doc! { "_id": 1 })
                .await?
                .try_collect()
                .await?
        }
    };
    Ok(found.iter().filter_map(|partner| partner.get_str("_id").ok().map(str::to_string)).collect())
}

/// Every active partner with room, and how much: the assign-partners job's list.
pub(crate) async fn all_with_room(db: &Database, capacity: u32) -> mongodb::error::Result<Vec<(String, u32)>> {
    let partners: Vec<Document> = db
        .collection::<Document>(PARTNERS)
        .find(with_room(capacity, None))
        .projection(doc! { "_id": 1, "load": 1 })
        .sort(doc! { "load": 1, "_id": 1 })
        .await?
        .try_collect()
        .await?;
    Ok(partners
        .iter()
        .filter_map(|partner| {
            let load = partner.get_i64("load").or_else(|_| partner.get_i32("load").map(i64::from)).unwrap_or(0);
            let room = i64::from(capacity).saturating_sub(load).max(0) as u32;
            Some((partner.get_str("_id").ok()?.to_string(), room))
        })
        .collect())
}

/// Sets every partner's load to the orders out for delivery with them, counted from the orders (one aggregation
/// and two updates). For a store nobody is ordering from yet: after an import or a generation, and the
/// `partner_loads` migration (`only_missing`: only partners without a load yet, so running it twice changes nothing).
pub async fn recount_loads(db: &Database, only_missing: bool) -> mongodb::error::Result<()> {
    let partners = db.collection::<Document>(PARTNERS);
    let scope = if only_missing {
        doc! { "load": { "$exists": false } }
    } else {
        doc! {}
    };
    let carrying: Vec<Document> = db
        .collection::<Document>(ORDERS)
        .aggregate([
            doc! { "$match": { "status": OrderStatus::OutForDelivery.as_str(), "delivery.partner_id": { "$exists": true } } },
            doc! { "$group": { "_id": "$delivery.partner_id", "load": { "$sum": 1 } } },
        ])
        .await?
        .try_collect()
        .await?;
    for counted in &carrying {
        let (Ok(partner_id), Ok(load)) = (counted.get_str("_id"), counted.get_i32("load")) else { continue };
        let mut filter = scope.clone();
        filter.insert("_id", partner_id);
        partners.update_one(filter, doc! { "$set": { "load": load }, "$unset": { "on_delivery": "" } }).await?;
    }
    let carriers: Vec<&str> = carrying.iter().filter_map(|counted| counted.get_str("_id").ok()).collect();
    let mut idle = scope;
    idle.insert("_id", doc! { "$nin": carriers });
    partners.update_many(idle, doc! { "$set": { "load": 0 }, "$unset": { "on_delivery": "" } }).await?;
    Ok(())
}
