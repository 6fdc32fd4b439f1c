//! For `scripts/bench/expire.sh`: marks every line of every active cart as reserved from where its product is held
//! (a fresh product's first store, from its earliest good batch; another's warehouse), as shoppers' carts would be.
//! Generated carts record no
//! reservation, and expiring them returns nothing: without this the benchmark would time only deletions. (The units
//! are not taken from stock first, so each run adds them to it: harmless for timing.)
//!
//!   cargo run --release --features ssr --example reserve_cart_lines
//!
//! It uses the same settings as `amazone`; run it on a throwaway database only.

use std::collections::HashMap;

use amazone::model::batches::{self, Batch};
use amazone::model::cart::Cart;
use amazone::model::location::StockLocation;
use amazone::model::stock::{FreshStock, StoreStock};
use amazone::model::Timestamp;
use amazone::server::database::DatabaseHandle;
use amazone::server::mongo::bulk;
use amazone::server::Settings;
use futures::TryStreamExt;
use mongodb::bson::{doc, Document};

#[tokio::main]
async fn main() {
    let settings = Settings::load().expect("settings");
    let database = DatabaseHandle::open(&settings).await.expect("database");
    let db = &database.db;
    // Where each product is reserved from, and for fresh food the date of the batch a shopper would get there.
    let mut held: HashMap<String, (StockLocation, Option<Timestamp>)> = HashMap::new();
    let fresh: Vec<FreshStock> = db.collection("fresh_stock").find(doc! {}).await.unwrap().try_collect().await.unwrap();
    for stock in fresh {
        if let Some(StoreStock { store_id, batches, .. }) = stock.stores.first() {
            let next = batches::next_best_before(batches, Timestamp::now());
            held.insert(stock.product_id.clone(), (StockLocation::Store(store_id.clone()), next));
        }
    }
    let warehouse: Vec<Document> =
        db.collection("warehouse_stock").find(doc! {}).await.unwrap().try_collect().await.unwrap();
    for stock in warehouse {
        let (product, at) = (stock.get_str("product_id").unwrap(), stock.get_str("warehouse_id").unwrap());
        held.entry(product.into()).or_insert_with(|| (StockLocation::Warehouse(at.into()), None));
    }
    let carts: Vec<Cart> =
        db.collection("carts").find(doc! { "status": "active" }).await.unwrap().try_collect().await.unwrap();
    let (mut lines, mut units) = (Vec::new(), 0u64);
    for mut cart in carts {
        for item in &mut cart.items {
            let Some((at, best_before)) = held.get(&item.product_id) else { continue };
            item.reserved_from = Some(at.clone());
            let quantity = i64::from(item.quantity);
            item.batches = best_before.map(|best_before| vec![Batch { best_before, quantity }]).unwrap_or_default();
            units += u64::from(item.quantity);
        }
        let items = mongodb::bson::to_bson(&cart.items).unwrap();
        lines.push(doc! { "q": { "_id": &cart.id }, "u": { "$set": { "items": items } } });
    }
    let reserved = lines.len();
    for batch in lines.chunks(1_000) {
        bulk::update_batch(db, "carts", batch.to_vec()).await.expect("carts");
    }
    database.close().await;
    println!("{reserved} carts' lines marked reserved: {units} units");
}
