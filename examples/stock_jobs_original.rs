//! For `scripts/bench/stock-jobs.sh`: restocking and recording the daily inventory level the original's way, one
//! query per item, over the first `products` fresh and `products` warehouse stock records (by id), to compare rates
//! with `amazone maintenance restock` and `record-inventory`. Restocking reads each low place's record and adds the
//! units with an update guarded by the level read, then records the level; recording upserts one level at a time.
//! The same level statement as the jobs' (`levels::record_statement`), sent alone. Prints places and seconds.
//!
//!   cargo run --release --features ssr --example stock_jobs_original [products=5000]
//!
//! It uses the same settings as `amazone`; run it on a throwaway database only.

use std::time::Instant;

use amazone::model::location::StockLocation;
use amazone::model::stock::{FreshStock, WarehouseStock};
use amazone::model::Timestamp;
use amazone::server::database::DatabaseHandle;
use amazone::server::maintenance::levels::{record_statement, Change};
use amazone::server::maintenance::MaintenanceSettings;
use amazone::server::Settings;
use futures::TryStreamExt;
use mongodb::bson::{doc, Document};
use mongodb::Database;

#[tokio::main]
async fn main() {
    let products: i64 = std::env::args().nth(1).map(|n| n.parse().expect("products: a whole number")).unwrap_or(5_000);
    let settings = Settings::load().expect("settings");
    let database = DatabaseHandle::open(&settings).await.expect("database");
    let db = &database.db;
    let restock = MaintenanceSettings::default().restock;
    let fresh: Vec<FreshStock> = first(db, "fresh_stock", products).await;
    let warehouse: Vec<WarehouseStock> = first(db, "warehouse_stock", products).await;

    let clock = Instant::now();
    let mut restocked = 0;
    for stock in &fresh {
        for store in stock.stores.iter().filter(|store| store.quantity < restock.store_threshold) {
            let filter = doc! { "_id": &stock.id, "stores": { "$elemMatch": { "store_id": &store.store_id } } };
            let found = db.collection::<FreshStock>("fresh_stock").find_one(filter.clone()).await.unwrap().unwrap();
            let level = found.stores.iter().find(|held| held.store_id == store.store_id).unwrap().quantity;
            let units = restock.store_target - level;
            let mut guarded = filter;
            guarded.insert("stores", doc! { "$elemMatch": { "store_id": &store.store_id, "quantity": level } });
            let update = doc! { "$inc": { "stores.$.quantity": units, "total": units } };
            db.collection::<Document>("fresh_stock").update_one(guarded, update).await.unwrap();
            let at = StockLocation::Store(store.store_id.clone());
            record(db, &stock.product_id, &at, restock.store_target, Change::Restocked(units as u64)).await;
            restocked += 1;
        }
    }
    for stock in warehouse.iter().filter(|stock| stock.quantity < restock.warehouse_threshold) {
        let filter = doc! { "_id": &stock.id };
        let found = db.collection::<WarehouseStock>("warehouse_stock").find_one(filter.clone()).await.unwrap().unwrap();
        let units = restock.warehouse_target - found.quantity;
        let guarded = doc! { "_id": &stock.id, "quantity": found.quantity };
        db.collection::<Document>("warehouse_stock")
            .update_one(guarded, doc! { "$inc": { "quantity": units } })
            .await
            .unwrap();
        let at = StockLocation::Warehouse(stock.warehouse_id.clone());
        record(db, &stock.product_id, &at, restock.warehouse_target, Change::Restocked(units as u64)).await;
        restocked += 1;
    }
    println!("original restock: {restocked} places in {:.1} s", clock.elapsed().as_secs_f64());

    let clock = Instant::now();
    let mut recorded = 0;
    for stock in first::<FreshStock>(db, "fresh_stock", products).await {
        for store in &stock.stores {
            let at = StockLocation::Store(store.store_id.clone());
            record(db, &stock.product_id, &at, store.quantity, Change::Counted).await;
            recorded += 1;
        }
    }
    for stock in first::<WarehouseStock>(db, "warehouse_stock", products).await {
        let at = StockLocation::Warehouse(stock.warehouse_id.clone());
        record(db, &stock.product_id, &at, stock.quantity, Change::Counted).await;
        recorded += 1;
    }
    println!("original record-inventory: {recorded} levels in {:.1} s", clock.elapsed().as_secs_f64());
    database.close().await;
}

async fn first<T>(db: &Database, collection: &str, products: i64) -> Vec<T>
where
    T: serde::de::DeserializeOwned + Send + Sync,
{
    let stock = db.collection::<T>(collection);
    stock.find(doc! {}).sort(doc! { "_id": 1 }).limit(products).await.unwrap().try_collect().await.unwrap()
}

/// One level, upserted on its own.
async fn record(db: &Database, product_id: &str, at: &StockLocation, level: i64, change: Change) {
    let statement = record_statement(product_id, at, Timestamp::now(), level, change);
    let filter = statement.get_document("q").unwrap().clone();
    let pipeline: Vec<Document> =
        statement.get_array("u").unwrap().iter().map(|stage| stage.as_document().unwrap().clone()).collect();
    db.collection::<Document>("inventory_levels").update_one(filter, pipeline).upsert(true).await.unwrap();
}
