//! Units taken out of expired carts, on their way back to stock.
//!
//! A batch of expired carts notes the units its carts held in one document (`expired_units`), in the transaction
//! that deletes those carts, instead of updating the stock of every product and place in it. `put_back` then returns
//! many batches' notes at once, summed per product and place: a product left in carts across fifty batches is one
//! stock update instead of fifty, which at 100,000 carts made most of an expiry run's time. Each put-back is a
//! transaction that adds the units to stock, flags products back in stock, notes the returns for the day's levels
//! (`returned_units`) and deletes the notes it put back, so a unit comes back exactly once, whether runs are killed
//! halfway, retried, or two servers put back at once (one commits; the other finds the notes gone).
//!
//! Between a batch and its put-back, the units are in neither a cart nor the stock: seconds within a run, or until
//! the next run (a quarter of an hour by default) puts back a killed run's notes. They had sat in a cart nobody
//! touched for hours already.

use std::collections::{HashMap, HashSet};

use futures::TryStreamExt;
use mongodb::bson::{doc, oid::ObjectId, Document};
use mongodb::{ClientSession, Database};
use serde::{Deserialize, Serialize};

use super::returned_units;
use crate::model::batches::{self, Batch};
use crate::model::cart::Cart;
use crate::model::location::StockLocation;
use crate::model::Timestamp;
use crate::server::cart;
use crate::server::collections::EXPIRED_UNITS;
use crate::server::mongo::bulk;
use crate::server::places;

/// Notes read per put-back, at most: fifty batches of carts.
const NOTES_PER_PUT_BACK: i64 = 50;
/// Products and places per put-back, about: notes are taken, oldest first, until their places reach this many. Each
/// place is one stock update, so this bounds the transaction (about a second here); a shopper reserving one of its
/// products meanwhile waits for it or is retried, as with any stock write.
const PLACES_PER_PUT_BACK: usize = 10_000;

/// One batch's units, per product and place.
#[derive(Debug, Serialize, Deserialize)]
struct Note {
    #[serde(rename = "_id")]
    id: String,
    units: Vec<Held>,
}

#[derive(Debug, Serialize, Deserialize)]
struct Held {
    product_id: String,
    location: StockLocation,
    quantity: i64,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    batches: Vec<Batch>,
}

/// Notes, in the batch's transaction, the units `carts` hold (which it deletes); returns how many.
pub async fn note(db: &Database, session: &mut ClientSession, carts: &[Cart]) -> mongodb::error::Result<u64> {
    let units: Vec<Held> = units_per_place(carts.iter().flat_map(reserved_units))
        .into_iter()
        .map(|((product_id, location), units)| Held {
            product_id,
            location,
            quantity: units.quantity.into(),
            batches: units.batches,
        })
        .collect();
    if units.is_empty() {
        return Ok(0);
    }
    let total = units.iter().map(|held| held.quantity as u64).sum();
    // An ObjectId's hex: unique, and in the order the notes were written.
    let note = Note { id: ObjectId::new().to_hex(), units };
    db.collection::<Note>(EXPIRED_UNITS).insert_one(note).session(&mut *session).await?;
    Ok(total)
}

/// What put-backs did: units back in stock, and the transactions that put them there.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PutBack {
    pub units: u64,
    pub transactions: u64,
}

/// Puts every noted unit back in stock, oldest notes first.
pub async fn put_back(db: &Database) -> mongodb::error::Result<PutBack> {
    let (units, transactions) =
        super::notes::work_off(db, EXPIRED_UNITS, NOTES_PER_PUT_BACK, put_back_in_transaction).await?;
    Ok(PutBack { units, transactions })
}

/// Puts back the notes of `ids` still there (another server may have put some back), oldest first until their
/// places reach `PLACES_PER_PUT_BACK`, and deletes them; returns the units.
async fn put_back_in_transaction(
    db: &Database,
    session: &mut ClientSession,
    ids: &[String],
) -> mongodb::error::Result<u64> {
    let notes: Vec<Note> = db
        .collection::<Note>(EXPIRED_UNITS)
        .find(doc! { "_id": { "$in": ids } })
        .sort(doc! { "_id": 1 })
        .session(&mut *session)
        .await?
        .stream(&mut *session)
        .try_collect()
        .await?;
    let mut taken = Vec::new();
    let mut places: HashSet<(&str, &StockLocation)> = HashSet::new();
    for note in &notes {
        if places.len() >= PLACES_PER_PUT_BACK {
            break;
        }
        places.extend(note.units.iter().map(|held| (held.product_id.as_str(), &held.location)));
        taken.push(note);
    }
    if taken.is_empty() {
        return Ok(0);
    }
    let held = taken.iter().flat_map(|note| &note.units).map(|held| {
        let units = Units { quantity: held.quantity.try_into().unwrap_or(0), batches: held.batches.clone() };
        (held.product_id.clone(), held.location.clone(), units)
    });
    let returned = add_to_stock(db, session, units_per_place(held)).await?;
    let units = returned.iter().map(|(_, units)| u64::from(units.quantity)).sum();
    // Units went back to each of these places, so each product is in stock now; only those flagged otherwise change.
    let products: Vec<&str> = returned.iter().map(|((product_id, _), _)| product_id.as_str()).collect();
    cart::mark_in_stock(db, session, &products).await?;
    let noted = returned.iter().map(|((product_id, at), units)| (product_id.clone(), at.clone(), units.quantity));
    returned_units::note(db, session, Timestamp::now(), noted).await?;
    let put_back: Vec<&str> = taken.iter().map(|note| note.id.as_str()).collect();
    db.collection::<Document>(EXPIRED_UNITS)
        .delete_many(doc! { "_id": { "$in": put_back } })
        .session(&mut *session)
        .await?;
    Ok(units)
}

/// Adds `returning` to stock: one bulk update per stock collection, each place's update naming its region so that
/// sharded it goes to that region's shard alone (plus, for fresh food, one for stores whose batch of a returned date
/// sold out meanwhile: see `cart::put_back_statements`). Returns the places that took their units.
async fn add_to_stock(
    db: &Database,
    session: &mut ClientSession,
    returning: Vec<((String, StockLocation), Units)>,
) -> mongodb::error::Result<Vec<((String, StockLocation), Units)>> {
    let regions = places::regions(db, returning.iter().map(|((_, at), _)| at)).await?;
    let (mut in_place, mut merging) = (HashMap::<&str, Vec<Document>>::new(), HashMap::<&str, Vec<Document>>::new());
    for ((product_id, at), units) in &returning {
        let region = regions.get(at).map(String::as_str);
        let statements = cart::put_back_statements(region, product_id, at, units.quantity, &units.batches)?;
        in_place.entry(statements.collection).or_default().push(statements.in_place);
        merging.entry(statements.collection).or_default().extend(statements.merging);
    }
    let mut matched = 0;
    for (collection, statements) in in_place {
        let sent = statements.len() as u64;
        let added = bulk::update_batch_in(db, session, collection, statements).await;
        let added = added.map_err(bulk::BulkError::into_driver_error)?.matched;
        matched += added;
        let lacking = merging.remove(collection).unwrap_or_default();
        if added < sent && !lacking.is_empty() {
            let merged = bulk::update_batch_in(db, session, collection, lacking).await;
            matched += merged.map_err(bulk::BulkError::into_driver_error)?.matched;
        }
    }
    with_stock_records(db, session, returning, matched).await
}

/// The places of `returning` that hold a stock record of their product, which took their units back: all of them
/// when every update matched a document, as they do unless a record was deleted since its units were reserved.
async fn with_stock_records(
    db: &Database,
    session: &mut ClientSession,
    returning: Vec<((String, StockLocation), Units)>,
    matched: u64,
) -> mongodb::error::Result<Vec<((String, StockLocation), Units)>> {
    if matched == returning.len() as u64 {
        return Ok(returning);
    }
    let places: Vec<(String, StockLocation)> = returning.iter().map(|(place, _)| place.clone()).collect();
    let levels = returned_units::levels_at(db, session, &places).await?;
    let held: Vec<bool> =
        places.iter().map(|(product_id, at)| levels.contains_key(&(product_id.as_str(), at))).collect();
    Ok(returning
        .into_iter()
        .zip(held)
        .filter_map(|(((product_id, at), units), held)| {
            if !held {
                tracing::warn!(product = product_id, ?at, "no stock record to return units to");
            }
            held.then_some(((product_id, at), units))
        })
        .collect())
}

/// Units reserved at one place: how many, and the fresh batches recorded for them (which may cover fewer, for
/// lines reserved before batches were recorded: see `cart::put_back_statements`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Units {
    quantity: u32,
    batches: Vec<Batch>,
}

impl Units {
    fn add(&mut self, more: Units) {
        self.quantity += more.quantity;
        self.batches = batches::tidy(self.batches.iter().chain(&more.batches).copied());
    }
}

/// `held` summed per product and place, in a stable order.
fn units_per_place(
    held: impl IntoIterator<Item = (String, StockLocation, Units)>,
) -> Vec<((String, StockLocation), Units)> {
    let mut units: HashMap<(String, StockLocation), Units> = HashMap::new();
    for (product_id, at, reserved) in held {
        units.entry((product_id, at)).or_default().add(reserved);
    }
    let mut units: Vec<_> = units.into_iter().collect();
    units.sort_by_cached_key(|((product_id, at), _)| (product_id.clone(), returned_units::place_key(at)));
    units
}

/// The cart's reserved units per product and place, lines for the same pair added together. Lines without a
/// reservation (imported carts whose original never recorded one) hold no stock and give none back.
fn reserved_units(cart: &Cart) -> Vec<(String, StockLocation, Units)> {
    let mut units: Vec<(String, StockLocation, Units)> = Vec::new();
    for item in &cart.items {
        let Some(at) = &item.reserved_from else { continue };
        let line = Units { quantity: item.quantity, batches: batches::tidy(item.batches.iter().copied()) };
        match units.iter_mut().find(|(product, place, _)| *product == item.product_id && place == at) {
            Some((_, _, held)) => held.add(line),
            None => units.push((item.product_id.clone(), at.clone(), line)),
        }
    }
    units
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::cart::CartItem;
    use crate::model::{Category, Money};
    use crate::server::cart::test_lines::cart;

    fn batch(day: u32, quantity: i64) -> Batch {
        Batch { best_before: Timestamp::from_ymd(2026, 12, day).unwrap(), quantity }
    }

    fn line(product: &str, at: Option<StockLocation>, quantity: u32, batches: Vec<Batch>) -> CartItem {
        CartItem {
            product_id: product.into(),
            name: product.into(),
            category: Category::Bakery,
            price: Money(100),
            quantity,
            reserved_from: at,
            batches,
            added_at: Timestamp(0),
        }
    }

    #[test]
    fn units_are_summed_per_product_and_place_and_unreserved_lines_give_nothing() {
        let store = |id: &str| Some(StockLocation::Store(id.into()));
        let cart = cart(
            vec![
                line("bread", store("s1"), 2, vec![batch(12, 2)]),
                line("bread", store("s2"), 1, vec![]),
                line("bread", store("s1"), 3, vec![batch(13, 1), batch(12, 0), batch(13, 2)]),
            ]
            .into_iter()
            .chain([line("book", None, 4, vec![])])
            .collect(),
        );
        assert_eq!(
            reserved_units(&cart),
            vec![
                (
                    "bread".to_string(),
                    StockLocation::Store("s1".into()),
                    Units { quantity: 5, batches: vec![batch(12, 2), batch(13, 3)] }
                ),
                ("bread".to_string(), StockLocation::Store("s2".into()), Units { quantity: 1, batches: vec![] }),
            ]
        );
    }
}
