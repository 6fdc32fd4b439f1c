//! For `scripts/bench/migrate-regions.sh`: makes a generated database look like one from before regions (no
//! `region` on any document, each product's fresh stock one document for every store again, migrations 5, 7 and 8
//! not recorded), so that `amazone migrate` applies the regions migration to all of it. Prints the customers, orders
//! and fresh stock documents it will have to stamp or split.
//!
//!   cargo run --release --features ssr --example unstamp_regions
//!
//! It uses the same settings as `amazone`; run it on a throwaway database only.

use std::collections::BTreeMap;

use amazone::server::database::DatabaseHandle;
use amazone::server::Settings;
use futures::TryStreamExt;
use mongodb::bson::{doc, Bson, Document};

const STAMPED: [&str; 9] = [
    "stores",
    "warehouses",
    "partners",
    "customers",
    "orders",
    "carts",
    "product_ratings",
    "partner_ratings",
    "warehouse_stock",
];

#[tokio::main]
async fn main() {
    let settings = Settings::load().expect("settings");
    let database = DatabaseHandle::open_unmigrated(&settings).await.expect("database");
    let db = &database.db;
    for collection in STAMPED {
        let unset = doc! { "$unset": { "region": "" } };
        db.collection::<Document>(collection).update_many(doc! {}, unset).await.expect("unset the regions");
    }
    let fresh = merge_fresh_stock(db).await;
    let forget = doc! { "_id": { "$in": [5, 7, 8] } };
    db.collection::<Document>("migrations").delete_many(forget).await.expect("forget migrations 5, 7 and 8");
    let count = |name: &'static str| async move {
        db.collection::<Document>(name).count_documents(doc! {}).await.expect("count")
    };
    let (customers, orders, ratings) =
        (count("customers").await, count("orders").await, count("product_ratings").await);
    database.close().await;
    println!("{customers} customers {orders} orders {ratings} ratings without a region, {fresh} fresh stock documents to split");
}

/// Puts each product's regional fresh stock documents back into one listing every store, as the generator writes
/// it (the original's id: the regional ids are it followed by `-<region>`).
async fn merge_fresh_stock(db: &mongodb::Database) -> usize {
    let stock = db.collection::<Document>("fresh_stock");
    let split: Vec<Document> = stock.find(doc! {}).await.expect("fresh stock").try_collect().await.expect("read it");
    let mut merged: BTreeMap<String, Document> = BTreeMap::new();
    for document in split {
        let id = document.get_str("_id").expect("an id");
        let original = match document.get_str("region") {
            Ok(region) => id.strip_suffix(&format!("-{region}")).unwrap_or(id).to_string(),
            Err(_) => id.to_string(),
        };
        let stores = document.get_array("stores").cloned().unwrap_or_default();
        let total = document.get_i64("total").or_else(|_| document.get_i32("total").map(i64::from)).unwrap_or(0);
        let entry = merged.entry(original.clone()).or_insert_with(|| {
            doc! { "_id": &original, "product_id": document.get_str("product_id").unwrap(), "stores": [], "total": 0_i64 }
        });
        entry.get_array_mut("stores").unwrap().extend(stores);
        let sum = entry.get_i64("total").unwrap() + total;
        entry.insert("total", Bson::Int64(sum));
    }
    stock.delete_many(doc! {}).await.expect("clear the fresh stock");
    let documents: Vec<Document> = merged.into_values().collect();
    let count = documents.len();
    if count > 0 {
        stock.insert_many(documents).await.expect("write it back merged");
    }
    count
}
