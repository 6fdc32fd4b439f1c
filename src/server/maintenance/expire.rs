//! Expiring stale carts: each cart untouched for longer than its lifetime gives every reserved unit back to where
//! it was reserved and is removed, a batch of carts per transaction.
//!
//! A batch's transaction deletes only the carts still active and still stale, and notes the units those deleted
//! documents held (summed per product and place) in one document; at the end of the run, `expired_units::put_back`
//! returns many batches' units to stock at once and `returned_units::fold` records them in the day's levels. The
//! batch commits whole or not at all, so a second run, a run after one killed halfway, two servers expiring at once,
//! or a shopper touching a cart at that moment can never return a unit twice or lose one: the shopper's change and
//! the batch conflict, one of them commits, and the other is retried by the driver against the new state (a cart
//! touched first is no longer stale and stays whole).

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Instant;

use futures::{stream, StreamExt, TryStreamExt};
use mongodb::bson::{doc, DateTime, Document};
use mongodb::options::{FindOptions, WriteConcern};
use mongodb::{ClientSession, Database};

use super::expired_units;
use super::returned_units;
use super::MaintenanceError;
use crate::model::cart::Cart;
use crate::model::Timestamp;
use crate::server::collections::CARTS;

/// Carts per transaction, at most. A batch deletes its carts and writes one note of their units, so its size bounds
/// how long a shopper touching one of its carts waits (a fraction of a second).
const CARTS_PER_BATCH: usize = 1_000;
/// Batches in flight at once. They share no document (each its own carts and its own note), so they never conflict;
/// two keep the database busy while this process reads the next batch's carts. (When batches still updated the
/// stock, two at once conflicted on the same products in nearly every pair.)
const BATCHES_AT_ONCE: usize = 2;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Expired {
    pub carts: u64,
    /// Units put back in stock by the run (a killed run's left over included).
    pub units: u64,
}

/// The steps of a run, timed to show where its seconds go.
#[derive(Debug, Clone, Copy)]
enum Step {
    ReadCarts,
    DeleteCarts,
    NoteUnits,
    /// A batch's whole transaction, commit and retries included.
    Whole,
    /// Not a batch's: the run's notes put back in stock at its end.
    PutBack,
    /// Not a batch's: the run's returns folded into the inventory levels at its end.
    FoldLevels,
}

/// Seconds per step, added up over a run's batches (two at a time, so their sum exceeds the time they took; a retried
/// batch counts again), and the attempts: more attempts
/// than batches means shoppers' changes conflicted with them. What the whole transactions took beyond their steps is
/// the commits.
#[derive(Default)]
struct Clocks {
    nanos: [AtomicU64; 6],
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
    let chunks: Vec<Vec<String>> = ids.chunks(per_batch).map(<[String]>::to_vec).collect();
    let batches = stream::iter(chunks)
        .map(|batch| {
            let (db, clocks) = (db.clone(), clocks.clone());
            async move { (batch.len() as u64, expire_batch(&db, batch, cutoff, clocks).await) }
        })
        .buffer_unordered(BATCHES_AT_ONCE);
    let mut batches = std::pin::pin!(batches);
    let (mut expired, mut done, mut noted) = (Expired::default(), 0, 0);
    while let Some((size, batch)) = batches.next().await {
        let (carts, units) = match batch {
            Ok(expired) => expired,
            Err(err) => {
                // The batches that committed noted their units: they go back now rather than at the next run.
                if let Err(put_back) = expired_units::put_back(db).await {
                    tracing::warn!(error = %put_back, "units of a failed expiry run wait for the next run");
                }
                return Err(err);
            }
        };
        expired.carts += carts;
        noted += units;
        done += size;
        progress(done, total);
    }
    // Before the run counts as done: the stock and the levels then hold every unit it took from carts (and a killed
    // run's, if any).
    let put_back = clocks.time(Step::PutBack, expired_units::put_back(db)).await?;
    expired.units = put_back.units;
    let level_records = clocks.time(Step::FoldLevels, returned_units::fold(db)).await?;
    tracing::info!(
        carts = expired.carts,
        units = expired.units,
        seconds = clock.elapsed().as_secs_f64(),
        attempts = clocks.attempts.load(Ordering::Relaxed),
        read_carts = clocks.seconds(Step::ReadCarts),
        delete_carts = clocks.seconds(Step::DeleteCarts),
        note_units = clocks.seconds(Step::NoteUnits),
        transactions = clocks.seconds(Step::Whole),
        units_noted = noted,
        put_back = clocks.seconds(Step::PutBack),
        put_backs = put_back.transactions,
        fold_levels = clocks.seconds(Step::FoldLevels),
        level_records,
        "stale carts expired"
    );
    Ok(expired)
}

/// Expires the active carts of `cart_ids` now, whatever their age (an erased customer's): their units go back to
/// their places exactly as a stale cart's do.
pub async fn expire_now(db: &Database, cart_ids: Vec<String>) -> Result<Expired, MaintenanceError> {
    let (carts, _) = expire_batch(db, cart_ids, Timestamp(i64::MAX), Arc::default()).await?;
    let put_back = expired_units::put_back(db).await?;
    returned_units::fold(db).await?;
    Ok(Expired { carts, units: put_back.units })
}

/// Expires the carts of `cart_ids` still stale at `cutoff`, in one transaction; returns how many, and the units
/// they held.
async fn expire_batch(
    db: &Database,
    cart_ids: Vec<String>,
    cutoff: Timestamp,
    clocks: Arc<Clocks>,
) -> Result<(u64, u64), MaintenanceError> {
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
) -> mongodb::error::Result<(u64, u64)> {
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
        return Ok((0, 0));
    }
    let found: Vec<&str> = carts.iter().map(|cart| cart.id.as_str()).collect();
    filter.insert("_id", doc! { "$in": &found });
    let carts_collection = db.collection::<Document>(CARTS);
    let deleting = carts_collection.delete_many(filter).hint(by_id()).session(&mut *session);
    clocks.time(Step::DeleteCarts, std::future::IntoFuture::into_future(deleting)).await?;
    let units = clocks.time(Step::NoteUnits, expired_units::note(db, session, &carts)).await?;
    Ok((carts.len() as u64, units))
}

/// The batch's carts are found by id (a few hundred index lookups). Left to itself, the planner may scan the
/// `status_last_activity` index instead, over every stale cart and every one deleted since (their index entries
/// linger until the storage engine purges them), which made each batch slower than the last.
fn by_id() -> mongodb::options::Hint {
    mongodb::options::Hint::Keys(doc! { "_id": 1 })
}
