//! Food waste per store, for the admin dashboard: the units written off past their best-before date in the last
//! days (from the daily inventory level's `wasted`), and the units past their date still on the shelf, waiting for
//! the next write-off.

use std::collections::BTreeMap;

use futures::TryStreamExt;
use mongodb::bson::{doc, DateTime, Document};
use mongodb::Database;

use super::write_off::expired_filter;
use crate::model::location::StockLocation;
use crate::model::maintenance::StoreWaste;
use crate::model::Timestamp;
use crate::server::collections::{FRESH_STOCK, INVENTORY_LEVELS};

/// The days of written-off units the dashboard adds up.
pub const WASTE_DAYS: i64 = 30;

/// Each store with waste, most wasted first.
pub async fn waste_by_store(db: &Database, now: Timestamp) -> mongodb::error::Result<Vec<StoreWaste>> {
    let mut waste: BTreeMap<String, StoreWaste> = BTreeMap::new();
    let since = now.start_of_day().plus_days(-WASTE_DAYS);
    let (year, month, _) = since.ymd();
    let written_off = [
        // On the sparse `measurements_wasted` index: only buckets with a write-off are read.
        doc! { "$match": { "measurements.wasted": { "$gt": 0 }, "month": { "$gte": format!("{year:04}-{month:02}") } } },
        doc! { "$unwind": "$measurements" },
        doc! { "$match": {
            "measurements.wasted": { "$gt": 0 },
            "measurements.day": { "$gte": DateTime::from_millis(since.millis()) },
        } },
        doc! { "$group": { "_id": "$location.id", "units": { "$sum": "$measurements.wasted" } } },
    ];
    for row in db.collection::<Document>(INVENTORY_LEVELS).aggregate(written_off).await?.try_collect::<Vec<_>>().await?
    {
        if let Ok(store_id) = row.get_str("_id") {
            add(&mut waste, store_id).wasted = units(&row);
        }
    }
    let today = DateTime::from_millis(now.start_of_day().millis());
    let on_shelf = [
        doc! { "$match": expired_filter(now) },
        doc! { "$unwind": "$stores" },
        doc! { "$unwind": "$stores.batches" },
        doc! { "$match": { "stores.batches.best_before": { "$lt": today } } },
        doc! { "$group": { "_id": "$stores.store_id", "units": { "$sum": "$stores.batches.quantity" } } },
    ];
    for row in db.collection::<Document>(FRESH_STOCK).aggregate(on_shelf).await?.try_collect::<Vec<_>>().await? {
        if let Ok(store_id) = row.get_str("_id") {
            add(&mut waste, store_id).past_date_on_shelf = units(&row);
        }
    }
    let mut waste: Vec<StoreWaste> = waste.into_values().collect();
    let places: Vec<StockLocation> = waste.iter().map(|row| StockLocation::Store(row.store_id.clone())).collect();
    let names = crate::server::cart::site_names(db, places.iter()).await?;
    for (row, place) in waste.iter_mut().zip(&places) {
        row.store = names.get(place).cloned().unwrap_or_else(|| format!("Store {}", row.store_id));
    }
    waste.sort_by_key(|row| std::cmp::Reverse(row.wasted + row.past_date_on_shelf));
    Ok(waste)
}

fn add<'a>(waste: &'a mut BTreeMap<String, StoreWaste>, store_id: &str) -> &'a mut StoreWaste {
    waste
        .entry(store_id.to_owned())
        .or_insert_with(|| StoreWaste { store_id: store_id.to_owned(), ..Default::default() })
}

fn units(row: &Document) -> u64 {
    row.get("units").and_then(|n| n.as_i64().or(n.as_i32().map(i64::from))).unwrap_or(0).max(0) as u64
}
