//! Expiring stale carts: each cart untouched for longer than its lifetime gives every reserved unit back to where
//! it was reserved and is removed, a batch of carts per transaction.
//!
//! A batch's transaction deletes only the carts still active and still stale, and returns exactly the units those
//! deleted documents held: one `delete`, one `update` per stock collection for the units (summed per product and
//! place over the batch; for fresh food, a second one for stores whose batch of a returned date sold out meanwhile),
//! one `update` flagging products back in stock, and one note of the units returned, which the run folds into the
//! day's inventory levels at its end (`returned_units`). The batch commits whole or not at all, so a second run, a
//! run after one killed halfway, two servers expiring at once, or a shopper touching a cart at that moment can never
//! return a unit twice or lose one: the shopper's change and the batch conflict, one of them commits, and the other
//! is retried by the driver against the new state (a cart touched first is no longer stale and stays whole).

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Instant;

use futures::TryStreamExt;
use mongodb::bson::{doc, DateTime, Document};
use mongodb::options::{FindOptions, WriteConcern};
use mongodb::{ClientSession, Database};

use super::returned_units;
use super::MaintenanceError;
use crate::model::batches::{self, Batch};
use crate::model::cart::Cart;
use crate::model::location::StockLocation;
use crate::model::Timestamp;
use crate::server::cart;
use crate::server::collections::CARTS;
use crate::server::mongo::bulk;
use crate::server::places;

/// Carts per transaction, at most, one transaction at a time. Every write is per product and place, summed over the
/// batch, so larger batches write less per cart; a shopper adding one of the batch's products meanwhile waits for
/// it (about a second) or is retried. Two batches at once conflicted on the same products' stock in nearly every
/// pair, each conflict retrying a whole batch: at 100,000 carts, two of 250 took 104 s (681 attempts for 400
/// batches), one of 1,000 83 s, one of 5,000 59 s but holding shoppers for seconds (`scripts/bench/expire.sh`).
const CARTS_PER_BATCH: usize = 1_000;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Expired {
    pub carts: u64,
    pub units: u64,
}

/// The steps of a batch's transaction, timed to show where a run's seconds go.
#[derive(Debug, Clone, Copy)]
enum Step {
    ReadCarts,
    DeleteCarts,
    ReturnUnits,
    MarkInStock,
    NoteReturns,
    /// The whole transaction, commit and retries included.
    Whole,
    /// Not a batch's: the run's returns folded into the inventory levels at its end.
    FoldLevels,
}

/// Seconds per step, added up over a run's batches (a retried batch counts again), and the attempts: more attempts
/// than batches means shoppers' changes conflicted with them. What the whole transactions took beyond their steps is
/// the commits.
#[derive(Default)]
struct Clocks {
    nanos: [AtomicU64; 8],
    attempts: AtomicU64,
}

impl Clocks {
    async fn time<T>(&self, step: Step, work: impl std::future::Future<Output = T>) -> T {
        let clock = Instant::now();
        let done = work.await;
        self.nanos[step as usize].fetch_add(clock.elapsed().as_nanos() as u64, Ordering::Relaxed);
        done
    }

    fn seconds(&self, step: Step) -> f64 {
        self.nanos[step as usize].load(Ordering::Relaxed) as f64 / 1e9
    }
}

/// Active carts last changed before `cutoff`.
pub fn stale_filter(cutoff: Timestamp) -> Document {
    doc! { "status": "active", "updated_at": { "$lt": DateTime::from_millis(cutoff.millis()) } }
}

/// Expires every cart stale at `cutoff`. `progress(done, total)` follows the carts, a batch at a time.
pub async fn expire_stale_carts(
    db: &Database,
    cutoff: Timestamp,
    progress: impl Fn(u64, u64),
) -> Result<Expired, MaintenanceError> {
    // In no particular order: sorting by `_id` could make the planner walk every cart by its `_id` index.
    let ids = super::ids(db, CARTS, stale_filter(cutoff), FindOptions::default()).await?;
    let total = ids.len() as u64;
    progress(0, total);
    let clock = Instant::now();
    let clocks = Arc::new(Clocks::default());
    // Small runs still go in several batches, so that progress moves and a run stopped halfway has done some.
    let per_batch = (ids.len() / 8).clamp(1, CARTS_PER_BATCH);
    let (mut expired, mut done) = (Expired::default(), 0);
    for batch in ids.chunks(per_batch) {
        let returned = expire_batch(db, batch.to_vec(), cutoff, clocks.clone()).await?;
        expired.carts += returned.carts;
        expired.units += returned.units;
        done += batch.len() as u64;
        progress(done, total);
    }
    // Before the run counts as done: the levels then show every unit it returned (and a killed run's, if any).
    let level_records = clocks.time(Step::FoldLevels, returned_units::fold(db)).await?;
    tracing::info!(
        carts = expired.carts,
        units = expired.units,
        seconds = clock.elapsed().as_secs_f64(),
        attempts = clocks.attempts.load(Ordering::Relaxed),
        mark_in_stock = clocks.seconds(Step::MarkInStock),
        read_carts = clocks.seconds(Step::ReadCarts),
        delete_carts = clocks.seconds(Step::DeleteCarts),
        return_units = clocks.seconds(Step::ReturnUnits),
        note_returns = clocks.seconds(Step::NoteReturns),
        transactions = clocks.seconds(Step::Whole),
        fold_levels = clocks.seconds(Step::FoldLevels),
        level_records,
        "stale carts expired"
    );
    Ok(expired)
}

/// Expires the active carts of `cart_ids` now, whatever their age (an erased customer's): their units go back to
/// their places exactly as a stale cart's do.
pub async fn expire_now(db: &Database, cart_ids: Vec<String>) -> Result<Expired, MaintenanceError> {
    let expired = expire_batch(db, cart_ids, Timestamp(i64::MAX), Arc::default()).await?;
    returned_units::fold(db).await?;
    Ok(expired)
}

/// Expires the carts of `cart_ids` still stale at `cutoff`, in one transaction.
async fn expire_batch(
    db: &Database,
    cart_ids: Vec<String>,
    cutoff: Timestamp,
    clocks: Arc<Clocks>,
) -> Result<Expired, MaintenanceError> {
    let mut session = db.client().start_session().await?;
    let (db_owned, in_transaction) = (db.clone(), clocks.clone());
    let expired = session
        .start_transaction()
        // Acknowledged by the primary, not yet a majority: the transaction is atomic either way, and one lost in a
        // failover comes back whole (the carts with their reservations), for the next run to expire. Waiting for
        // the majority made expiry a fifth slower (scripts/bench/expire.sh).
        .write_concern(WriteConcern::nodes(1))
        .and_run2(async move |session| {
            expire_in_transaction(&db_owned, session, &cart_ids, cutoff, &in_transaction).await
        });
    clocks.time(Step::Whole, expired).await.map_err(MaintenanceError::from)
}

async fn expire_in_transaction(
    db: &Database,
    session: &mut ClientSession,
    cart_ids: &[String],
    cutoff: Timestamp,
    clocks: &Clocks,
) -> mongodb::error::Result<Expired> {
    clocks.attempts.fetch_add(1, Ordering::Relaxed);
    let mut filter = stale_filter(cutoff);
    filter.insert("_id", doc! { "$in": cart_ids });
    let carts: Vec<Cart> = clocks
        .time(Step::ReadCarts, async {
            db.collection::<Cart>(CARTS)
                .find(filter.clone())
                .hint(by_id())
                .session(&mut *session)
                .await?
                .stream(&mut *session)
                .try_collect()
                .await
        })
        .await?;
    if carts.is_empty() {
        return Ok(Expired::default());
    }
    let found: Vec<&str> = carts.iter().map(|cart| cart.id.as_str()).collect();
    filter.insert("_id", doc! { "$in": &found });
    let carts_collection = db.collection::<Document>(CARTS);
    let deleting = carts_collection.delete_many(filter).hint(by_id()).session(&mut *session);
    clocks.time(Step::DeleteCarts, std::future::IntoFuture::into_future(deleting)).await?;
    let returning = units_per_place(&carts);
    // Each update names its place's region, so that sharded it goes to that region's shard alone.
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
        let returning = bulk::update_batch_in(db, session, collection, statements);
        let in_place = clocks.time(Step::ReturnUnits, returning).await.map_err(bulk::BulkError::into_driver_error)?;
        matched += in_place.matched;
        // Some stores no longer hold a batch of a returned date: those units merge in through the pipeline.
        let lacking = merging.remove(collection).unwrap_or_default();
        if in_place.matched < sent && !lacking.is_empty() {
            let merged = bulk::update_batch_in(db, session, collection, lacking);
            matched +=
                clocks.time(Step::ReturnUnits, merged).await.map_err(bulk::BulkError::into_driver_error)?.matched;
        }
    }
    let returned = with_stock_records(db, session, returning, matched).await?;
    let units = returned.iter().map(|(_, units)| u64::from(units.quantity)).sum();
    // Units went back to each of these places, so each product is in stock now; only those flagged otherwise change.
    let products: Vec<&str> = returned.iter().map(|((product_id, _), _)| product_id.as_str()).collect();
    clocks.time(Step::MarkInStock, cart::mark_in_stock(db, session, &products)).await?;
    let noted = returned.into_iter().map(|((product_id, at), units)| (product_id, at, units.quantity));
    clocks.time(Step::NoteReturns, returned_units::note(db, session, Timestamp::now(), noted)).await?;
    Ok(Expired { carts: carts.len() as u64, units })
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

/// The batch's carts are found by id (a few hundred index lookups). Left to itself, the planner may scan the
/// `status_last_activity` index instead, over every stale cart and every one deleted since (their index entries
/// linger until the storage engine purges them), which made each batch slower than the last.
fn by_id() -> mongodb::options::Hint {
    mongodb::options::Hint::Keys(doc! { "_id": 1 })
}

/// Units reserved at one place: how many, and the fresh batches recorded for them (which may cover fewer, for
/// lines reserved before batches were recorded: see `cart::put_back_statements`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Units {
    pub quantity: u32,
    pub batches: Vec<Batch>,
}

impl Units {
    fn add(&mut self, more: Units) {
        self.quantity += more.quantity;
        self.batches = batches::tidy(self.batches.iter().chain(&more.batches).copied());
    }
}

/// The units of all `carts` per product and place, in a stable order.
fn units_per_place(carts: &[Cart]) -> Vec<((String, StockLocation), Units)> {
    let mut units: HashMap<(String, StockLocation), Units> = HashMap::new();
    for (product_id, at, reserved) in carts.iter().flat_map(reserved_units) {
        units.entry((product_id, at)).or_default().add(reserved);
    }
    let mut units: Vec<_> = units.into_iter().collect();
    units.sort_by_cached_key(|((product_id, at), _)| (product_id.clone(), returned_units::place_key(at)));
    units
}

/// The cart's reserved units per product and place, lines for the same pair added together. Lines without a
/// reservation (imported carts whose original never recorded one) hold no stock and give none back.
pub fn reserved_units(cart: &Cart) -> Vec<(String, StockLocation, Units)> {
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
    use crate::model::cart::{CartItem, CartStatus};
    use crate::model::{Category, Currency, Money};

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
        let cart = Cart {
            id: "c".into(),
            legacy_id: None,
            region: None,
            customer_id: None,
            guest_address: None,
            status: CartStatus::Active,
            currency: Currency::GBP,
            items: vec![
                line("bread", store("s1"), 2, vec![batch(12, 2)]),
                line("bread", store("s2"), 1, vec![]),
                line("bread", store("s1"), 3, vec![batch(13, 1), batch(12, 0), batch(13, 2)]),
            ]
            .into_iter()
            .chain([line("book", None, 4, vec![])])
            .collect(),
            notice: None,
            created_at: Timestamp(0),
            updated_at: Timestamp(0),
        };
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
