//! Writing off expired food: every store's units past their best-before date leave the shelf and are recorded as
//! wasted in the day's inventory level (`wasted`), and a product left with nothing anywhere is flagged out of stock.
//!
//! A few hundred stock records per transaction, each store's update guarded by the level read in it: a reservation
//! committed meanwhile makes the transaction retry against the new level. Safe to run again, or after being killed
//! halfway: what was written off has no expired batch left, and the rest is found by the next run.

use mongodb::bson::{doc, Document};
use mongodb::options::WriteConcern;
use mongodb::{ClientSession, Database};

use super::levels::{self, Change};
use super::MaintenanceError;
use super::{ids, in_id_order};
use crate::model::batches;
use crate::model::location::StockLocation;
use crate::model::stock::FreshStock;
use crate::model::Timestamp;
use crate::server::collections::{FRESH_STOCK, INVENTORY_LEVELS, PRODUCTS};
use crate::server::mongo::bulk::{self, update_statement};

/// Stock records per transaction, as for restocking.
const RECORDS_PER_TRANSACTION: usize = 200;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct WrittenOff {
    /// Stores (per product) that had expired units.
    pub locations: u64,
    pub units: u64,
}

impl std::ops::AddAssign for WrittenOff {
    fn add_assign(&mut self, other: WrittenOff) {
        self.locations += other.locations;
        self.units += other.units;
    }
}

/// Fresh stock records holding a batch past its date at `now` (on the `batches_best_before` index).
pub fn expired_filter(now: Timestamp) -> Document {
    let today = mongodb::bson::DateTime::from_millis(now.start_of_day().millis());
    doc! { "stores.batches.best_before": { "$lt": today } }
}

/// Writes off every unit past its date at `now`. `progress(done, total)` follows the stock records.
pub async fn write_off_expired(
    db: &Database,
    now: Timestamp,
    progress: impl Fn(u64, u64),
) -> Result<WrittenOff, MaintenanceError> {
    let expired = ids(db, FRESH_STOCK, expired_filter(now), in_id_order()).await?;
    let total = expired.len() as u64;
    progress(0, total);
    // One transaction at a time: two at once on a 2-core machine kept aborting each other until a transaction ran
    // out of time (scripts/bench/write-off.sh), where one at a time takes about 12 s for 100,000 batches.
    let (mut written_off, mut done) = (WrittenOff::default(), 0);
    for ids in expired.chunks(RECORDS_PER_TRANSACTION) {
        written_off += write_off_chunk(db, ids.to_vec(), now).await?;
        done += ids.len() as u64;
        progress(done, total);
    }
    Ok(written_off)
}

/// Writes off the expired units of the stock records `ids`, in one transaction.
async fn write_off_chunk(db: &Database, ids: Vec<String>, now: Timestamp) -> mongodb::error::Result<WrittenOff> {
    let mut session = db.client().start_session().await?;
    let db_owned = db.clone();
    session
        .start_transaction()
        // Acknowledged by the primary, as for cart expiry: atomic either way, and one lost in a failover leaves the
        // units on the shelf for the next run to write off.
        .write_concern(WriteConcern::nodes(1))
        .and_run2(async move |session| write_off_in_transaction(&db_owned, session, &ids, now).await)
        .await
}

async fn write_off_in_transaction(
    db: &Database,
    session: &mut ClientSession,
    ids: &[String],
    now: Timestamp,
) -> mongodb::error::Result<WrittenOff> {
    let mut cursor =
        db.collection::<FreshStock>(FRESH_STOCK).find(doc! { "_id": { "$in": ids } }).session(&mut *session).await?;
    let (mut stock, mut level_records, mut emptied) = (Vec::new(), Vec::new(), Vec::new());
    let mut written_off = WrittenOff::default();
    while let Some(record) = cursor.next(&mut *session).await {
        let mut record = record?;
        let total_before = record.total;
        for store in &mut record.stores {
            let (kept, wasted) = batches::write_off(&store.batches, now);
            if wasted == 0 {
                continue;
            }
            (store.batches, store.quantity) = (kept, store.quantity - wasted);
            let at = StockLocation::Store(store.store_id.clone());
            let change = Change::Wasted(wasted);
            level_records.push(levels::record_statement(&record.product_id, &at, now, store.quantity, change));
            written_off += WrittenOff { locations: 1, units: wasted as u64 };
            record.total -= wasted;
        }
        // One update per record, all its stores at once, guarded by the total read in this transaction.
        let stores = mongodb::bson::to_bson(&record.stores)?;
        let guarded = doc! { "_id": &record.id, "total": total_before };
        stock.push(update_statement(guarded, doc! { "$set": { "stores": stores, "total": record.total } }, false));
        if record.total == 0 {
            emptied.push(record.product_id.clone());
        }
    }
    let planned = stock.len() as u64;
    let written =
        bulk::update_batch_in(db, session, FRESH_STOCK, stock).await.map_err(bulk::BulkError::into_driver_error)?;
    if written.matched != planned {
        // Cannot happen inside a snapshot transaction (a concurrent change is a write conflict, retried).
        return Err(mongodb::error::Error::custom("stock changed while expired food was written off; run it again"));
    }
    bulk::update_batch_in(db, session, INVENTORY_LEVELS, level_records)
        .await
        .map_err(bulk::BulkError::into_driver_error)?;
    if !emptied.is_empty() {
        // Fresh food is held in stores only: none left in any region's stores is none at all.
        let mut cursor = db
            .collection::<Document>(FRESH_STOCK)
            .find(doc! { "product_id": { "$in": &emptied }, "total": { "$gt": 0 } })
            .projection(doc! { "product_id": 1 })
            .session(&mut *session)
            .await?;
        let mut elsewhere = Vec::new();
        while let Some(held) = cursor.next(&mut *session).await {
            elsewhere.push(held?.get_str("product_id").unwrap_or_default().to_owned());
        }
        let none_left: Vec<&String> = emptied.iter().filter(|id| !elsewhere.contains(id)).collect();
        db.collection::<Document>(PRODUCTS)
            .update_many(doc! { "_id": { "$in": none_left } }, doc! { "$set": { "in_stock": false } })
            .session(&mut *session)
            .await?;
    }
    Ok(written_off)
}
