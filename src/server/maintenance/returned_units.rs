//! Units expired carts gave back, on their way into the day's inventory levels.
//!
//! Each expiry batch notes what it returned in one document (`returned_units`), inside its own transaction, instead
//! of upserting a level record per product and place (about a thousand pipeline upserts per batch, most of an
//! expiry run's time). At the end of a run, `fold` adds the notes into the monthly buckets: many batches' returns of
//! the same product and place become one record, with the level read then. Each fold is a transaction that records
//! the levels and deletes the notes it folded, so a note is counted exactly once, whether runs are killed halfway,
//! retried, or two servers fold at once (one of them commits; the other finds the notes gone). A killed run's notes
//! are folded by the next run.
//!
//! Until its run's fold, a day's `returned` lacks that run's units (seconds, or until the next run if the fold
//! failed); the stock itself was updated in the batch.

use std::collections::{BTreeMap, HashMap};

use futures::TryStreamExt;
use mongodb::bson::{doc, oid::ObjectId, DateTime, Document};
use mongodb::{ClientSession, Database};
use serde::{Deserialize, Serialize};

use super::levels::{self, Change};
use crate::model::location::StockLocation;
use crate::model::Timestamp;
use crate::server::cart;
use crate::server::collections::{FRESH_STOCK, INVENTORY_LEVELS, RETURNED_UNITS, WAREHOUSE_STOCK};
use crate::server::mongo::bulk;

/// Notes folded per transaction: at most this many batches' returns read, and one record per product and place
/// among them (at 100,000 carts over 10,000 products, two folds of about 10,000 records where the batches wrote
/// 100,000). Bounded so that a fold's transaction stays well inside MongoDB's transaction limits.
const NOTES_PER_FOLD: i64 = 50;

/// What one batch returned, on `day`.
#[derive(Debug, Serialize, Deserialize)]
struct Note {
    #[serde(rename = "_id")]
    id: String,
    day: DateTime,
    returns: Vec<Returned>,
}

#[derive(Debug, Serialize, Deserialize)]
struct Returned {
    product_id: String,
    location: StockLocation,
    units: i64,
}

/// Notes, in the batch's transaction, that `returns` (units per product and place) went back on `day`.
pub async fn note(
    db: &Database,
    session: &mut ClientSession,
    day: Timestamp,
    returns: impl IntoIterator<Item = (String, StockLocation, u32)>,
) -> mongodb::error::Result<()> {
    let returns: Vec<Returned> = returns
        .into_iter()
        .filter(|(_, _, units)| *units > 0)
        .map(|(product_id, location, units)| Returned { product_id, location, units: units.into() })
        .collect();
    if returns.is_empty() {
        return Ok(());
    }
    // An ObjectId's hex: unique, and in the order the notes were written.
    let note = Note { id: ObjectId::new().to_hex(), day: DateTime::from_millis(levels::day_of(day).millis()), returns };
    db.collection::<Note>(RETURNED_UNITS).insert_one(note).session(&mut *session).await?;
    Ok(())
}

/// Folds every note into the inventory levels, oldest first, and returns how many level records it wrote.
pub async fn fold(db: &Database) -> mongodb::error::Result<u64> {
    let (records, _) = super::notes::work_off(db, RETURNED_UNITS, NOTES_PER_FOLD, fold_in_transaction).await?;
    Ok(records)
}

/// Folds the notes of `ids` still there (another server may have folded some) and deletes them.
async fn fold_in_transaction(
    db: &Database,
    session: &mut ClientSession,
    ids: &[String],
) -> mongodb::error::Result<u64> {
    let notes: Vec<Note> = db
        .collection::<Note>(RETURNED_UNITS)
        .find(doc! { "_id": { "$in": ids } })
        .session(&mut *session)
        .await?
        .stream(&mut *session)
        .try_collect()
        .await?;
    if notes.is_empty() {
        return Ok(0);
    }
    let returned = per_place_and_day(&notes);
    let places: Vec<(String, StockLocation)> =
        returned.iter().map(|((product_id, ..), (location, _))| (product_id.clone(), location.clone())).collect();
    let levels_now = levels_at(db, session, &places).await?;
    let mut records = Vec::with_capacity(returned.len());
    for ((product_id, _, day), (location, units)) in &returned {
        let Some(level) = levels_now.get(&(product_id.as_str(), location)).copied() else {
            // Its stock record was deleted since: the units had nowhere to go, and there is no level to record.
            tracing::warn!(product = product_id, ?location, "no stock record to record returned units at");
            continue;
        };
        // The level now, which a fold after midnight records as the day's last (the stock moved on since anyway).
        let change = Change::Returned(u64::try_from(*units).unwrap_or(0));
        records.push(levels::record_statement(product_id, location, Timestamp(*day), level, change));
    }
    let written = records.len() as u64;
    bulk::update_batch_in(db, session, INVENTORY_LEVELS, records).await.map_err(bulk::BulkError::into_driver_error)?;
    let folded: Vec<&str> = notes.iter().map(|note| note.id.as_str()).collect();
    db.collection::<Document>(RETURNED_UNITS)
        .delete_many(doc! { "_id": { "$in": folded } })
        .session(&mut *session)
        .await?;
    Ok(written)
}

/// The units of all `notes` per product, place and day (keyed by the day's midnight in milliseconds), in order.
fn per_place_and_day(notes: &[Note]) -> BTreeMap<(String, PlaceKey, i64), (StockLocation, i64)> {
    let mut returned: BTreeMap<(String, PlaceKey, i64), (StockLocation, i64)> = BTreeMap::new();
    for note in notes {
        for Returned { product_id, location, units } in &note.returns {
            let key = (product_id.clone(), place_key(location), note.day.timestamp_millis());
            returned.entry(key).or_insert_with(|| (location.clone(), 0)).1 += units;
        }
    }
    returned
}

/// A place in a sortable form: stores before warehouses, then by id.
type PlaceKey = (u8, String);

pub fn place_key(at: &StockLocation) -> PlaceKey {
    match at {
        StockLocation::Store(id) => (0, id.clone()),
        StockLocation::Warehouse(id) => (1, id.clone()),
    }
}

/// The level at each of `places`, read in the transaction (which sees its own writes): one read per stock
/// collection. A place missing from the answer holds no stock record of its product.
pub async fn levels_at<'a>(
    db: &Database,
    session: &mut ClientSession,
    places: &'a [(String, StockLocation)],
) -> mongodb::error::Result<HashMap<(&'a str, &'a StockLocation), i64>> {
    let mut levels = HashMap::new();
    for (collection, is_here) in [
        (FRESH_STOCK, (|at: &StockLocation| matches!(at, StockLocation::Store(_))) as fn(&StockLocation) -> bool),
        (WAREHOUSE_STOCK, |at: &StockLocation| matches!(at, StockLocation::Warehouse(_))),
    ] {
        let here: Vec<&(String, StockLocation)> = places.iter().filter(|(_, at)| is_here(at)).collect();
        if here.is_empty() {
            continue;
        }
        let products: Vec<&str> = here.iter().map(|(product_id, _)| product_id.as_str()).collect();
        let stock: Vec<Document> = db
            .collection::<Document>(collection)
            .find(doc! { "product_id": { "$in": &products } })
            .session(&mut *session)
            .await?
            .stream(&mut *session)
            .try_collect()
            .await?;
        let mut by_product: HashMap<&str, Vec<&Document>> = HashMap::new();
        for document in &stock {
            if let Ok(product_id) = document.get_str("product_id") {
                by_product.entry(product_id).or_default().push(document);
            }
        }
        for (product_id, at) in here {
            // A product's fresh stock is a document per region (with an entry per store); its warehouse stock one
            // per warehouse.
            let held = by_product.get(product_id.as_str()).into_iter().flatten().filter(|document| match at {
                StockLocation::Store(_) => true,
                StockLocation::Warehouse(id) => document.get_str("warehouse_id") == Ok(id.as_str()),
            });
            if let Some(level) = held.filter_map(|document| cart::level_at(document, at)).next() {
                levels.insert((product_id.as_str(), at), level);
            }
        }
    }
    Ok(levels)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn note(day: i64, returns: &[(&str, StockLocation, i64)]) -> Note {
        let returns = returns
            .iter()
            .map(|(product_id, location, units)| Returned {
                product_id: product_id.to_string(),
                location: location.clone(),
                units: *units,
            })
            .collect();
        Note { id: format!("note-{day}"), day: DateTime::from_millis(day), returns }
    }

    #[test]
    fn notes_add_up_per_product_place_and_day_and_nothing_else() {
        let (store, warehouse) = (StockLocation::Store("s1".into()), StockLocation::Warehouse("w1".into()));
        let other_store = StockLocation::Store("s2".into());
        let notes = [
            note(0, &[("bread", store.clone(), 2), ("book", warehouse.clone(), 1)]),
            note(0, &[("bread", store.clone(), 3), ("bread", other_store.clone(), 4)]),
            note(86_400_000, &[("bread", store.clone(), 5)]),
        ];
        let merged = per_place_and_day(&notes);
        let merged: Vec<(&str, &StockLocation, i64, i64)> = merged
            .iter()
            .map(|((product_id, _, day), (location, units))| (product_id.as_str(), location, *day, *units))
            .collect();
        assert_eq!(
            merged,
            [
                ("book", &warehouse, 0, 1),
                ("bread", &store, 0, 5),
                ("bread", &store, 86_400_000, 5),
                ("bread", &other_store, 0, 4),
            ]
        );
    }
}
