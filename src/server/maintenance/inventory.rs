//! Recording the daily inventory level of every product at every store and warehouse.
//!
//! Each level is set, not added, for the day: recording twice in a day, or again after a run stopped halfway,
//! leaves one measurement per product, location and day holding the latest count.

use futures::TryStreamExt;
use mongodb::bson::{doc, Document};
use mongodb::Database;

use super::levels::{self, Change};
use super::MaintenanceError;
use crate::model::location::StockLocation;
use crate::model::stock::{FreshStock, WarehouseStock};
use crate::model::Timestamp;
use crate::server::collections::{FRESH_STOCK, INVENTORY_LEVELS, WAREHOUSE_STOCK};
use crate::server::mongo::bulk;

/// Levels per bulk update.
const LEVELS_PER_BATCH: usize = 1_000;

/// Records every level for `day`, returning how many were recorded. `progress(done, total)` follows the stock
/// records (one per product).
pub async fn record_inventory(
    db: &Database,
    day: Timestamp,
    progress: impl Fn(u64, u64),
) -> Result<u64, MaintenanceError> {
    let fresh = db.collection::<FreshStock>(FRESH_STOCK);
    let warehouse = db.collection::<WarehouseStock>(WAREHOUSE_STOCK);
    let total = fresh.count_documents(doc! {}).await? + warehouse.count_documents(doc! {}).await?;
    progress(0, total);
    let mut batch = Batch { db, statements: Vec::new(), recorded: 0 };
    let mut done = 0;
    let mut stocks = fresh.find(doc! {}).await?;
    while let Some(stock) = stocks.try_next().await? {
        for store in &stock.stores {
            let at = StockLocation::Store(store.store_id.clone());
            batch.push(levels::record_statement(&stock.product_id, &at, day, store.quantity, Change::Counted)).await?;
        }
        done += 1;
        progress(done, total);
    }
    let mut stocks = warehouse.find(doc! {}).await?;
    while let Some(stock) = stocks.try_next().await? {
        let at = StockLocation::Warehouse(stock.warehouse_id.clone());
        batch.push(levels::record_statement(&stock.product_id, &at, day, stock.quantity, Change::Counted)).await?;
        done += 1;
        progress(done, total);
    }
    batch.flush().await?;
    Ok(batch.recorded)
}

struct Batch<'a> {
    db: &'a Database,
    statements: Vec<Document>,
    recorded: u64,
}

impl Batch<'_> {
    async fn push(&mut self, statement: Document) -> Result<(), MaintenanceError> {
        self.statements.push(statement);
        if self.statements.len() >= LEVELS_PER_BATCH {
            self.flush().await?;
        }
        Ok(())
    }

    async fn flush(&mut self) -> Result<(), MaintenanceError> {
        let statements = std::mem::take(&mut self.statements);
        let count = statements.len() as u64;
        bulk::update_batch(self.db, INVENTORY_LEVELS, statements).await?;
        self.recorded += count;
        Ok(())
    }
}
