//! The daily inventory level: one measurement per product, location and day, in monthly buckets.
//!
//! Buckets rather than a time-series collection (see `model::stock::InventoryBucket`): a day's measurement is updated
//! in place when expiry or restocking changes the level later that day, and the unique (product, location, month)
//! index plus a `$jsonSchema` validator keep every write idempotent and checked; time-series collections allow
//! neither updates of that kind nor those indexes on MongoDB 6.

use mongodb::bson::{doc, Bson, DateTime, Document};

use crate::model::location::StockLocation;
use crate::model::Timestamp;
use crate::server::mongo::bulk::update_statement;

/// What moved the level, besides the measurement itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    /// The day's level as counted (the daily record).
    Counted,
    /// Units an expired cart gave back.
    Returned(u64),
    /// Units restocking added.
    Restocked(u64),
    /// An admin's adjustment: units received, units written off as damaged, or a count correction (signed).
    Received(u64),
    Damaged(u64),
    Corrected(i64),
    /// Units written off past their best-before date.
    Wasted(i64),
}

/// Midnight UTC of the day `at` falls on: the key of a day's measurement.
pub fn day_of(at: Timestamp) -> Timestamp {
    at.start_of_day()
}

/// One bulk statement that sets `product_id`'s level at `location` on `day` to `quantity` (creating the month's
/// bucket or the day's measurement when missing) and adds the change to the day's `returned`, `restocked`,
/// `received`, `damaged`, `corrected` or `wasted`.
/// Setting the level makes the statement safe to repeat; the change is added only by the writes that made it, in
/// the same transaction.
pub fn record_statement(
    product_id: &str,
    location: &StockLocation,
    day: Timestamp,
    quantity: i64,
    change: Change,
) -> Document {
    let day = day_of(day);
    let (year, month, _) = day.ymd();
    let month = format!("{year:04}-{month:02}");
    let location_id = match location {
        StockLocation::Store(id) | StockLocation::Warehouse(id) => id.as_str(),
    };
    let location_doc = mongodb::bson::to_bson(location).unwrap_or(Bson::Null);
    let date = Bson::DateTime(DateTime::from_millis(day.millis()));
    // Values go in as `$literal`: an id starting with `$` must never read as a field path.
    let mut reading = doc! { "day": { "$literal": date.clone() }, "quantity": { "$literal": quantity } };
    let mut updated = doc! { "quantity": { "$literal": quantity } };
    match change {
        Change::Counted => {}
        Change::Returned(units) => add_change(&mut reading, &mut updated, "returned", units as i64),
        Change::Restocked(units) => add_change(&mut reading, &mut updated, "restocked", units as i64),
        Change::Received(units) => add_change(&mut reading, &mut updated, "received", units as i64),
        Change::Damaged(units) => add_change(&mut reading, &mut updated, "damaged", units as i64),
        Change::Corrected(units) => add_change(&mut reading, &mut updated, "corrected", units),
        Change::Wasted(units) => add_change(&mut reading, &mut updated, "wasted", units),
    }
    let measurements = doc! {
        "$let": {
            "vars": { "readings": { "$ifNull": ["$measurements", []] } },
            "in": { "$cond": [
                { "$in": [{ "$literal": date.clone() }, "$$readings.day"] },
                { "$map": { "input": "$$readings", "as": "m", "in": { "$cond": [
                    { "$eq": ["$$m.day", { "$literal": date }] },
                    { "$mergeObjects": ["$$m", updated] },
                    "$$m",
                ] } } },
                { "$concatArrays": ["$$readings", [reading]] },
            ] },
        }
    };
    let bucket_id = format!("inventory-{product_id}-{location_id}-{month}");
    update_statement(
        doc! { "product_id": product_id, "location.id": location_id, "month": &month },
        vec![doc! { "$set": {
            "_id": { "$ifNull": ["$_id", { "$literal": bucket_id }] },
            "location": { "$literal": location_doc },
            "measurements": measurements,
        } }],
        true,
    )
}

fn add_change(reading: &mut Document, updated: &mut Document, field: &str, units: i64) {
    reading.insert(field, doc! { "$literal": units });
    updated.insert(field, doc! { "$add": [{ "$ifNull": [format!("$$m.{field}"), 0] }, units] });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_day_is_keyed_by_its_midnight() {
        let noon = Timestamp::from_ymd(2026, 11, 24).unwrap().millis() + 12 * 3_600_000;
        assert_eq!(day_of(Timestamp(noon)), Timestamp::from_ymd(2026, 11, 24).unwrap());
    }
}
