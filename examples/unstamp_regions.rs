//! For `scripts/bench/migrate-regions.sh`: makes a generated database look like one from before regions (no
//! `region` on any document, migration 5 not recorded), so that `amazone migrate` applies the regions migration to
//! all of it. Prints the customers and orders it will have to stamp.
//!
//!   cargo run --release --features ssr --example unstamp_regions
//!
//! It uses the same settings as `amazone`; run it on a throwaway database only.

use amazone::server::database::DatabaseHandle;
use amazone::server::Settings;
use mongodb::bson::{doc, Document};

const STAMPED: [&str; 8] =
    ["stores", "warehouses", "partners", "customers", "orders", "carts", "product_ratings", "partner_ratings"];

#[tokio::main]
async fn main() {
    let settings = Settings::load().expect("settings");
    let database = DatabaseHandle::open_unmigrated(&settings).await.expect("database");
    let db = &database.db;
    for collection in STAMPED {
        let unset = doc! { "$unset": { "region": "" } };
        db.collection::<Document>(collection).update_many(doc! {}, unset).await.expect("unset the regions");
    }
    db.collection::<Document>("migrations").delete_one(doc! { "_id": 5 }).await.expect("forget migration 5");
    let count = |name: &'static str| async move {
        db.collection::<Document>(name).count_documents(doc! {}).await.expect("count")
    };
    let (customers, orders, ratings) =
        (count("customers").await, count("orders").await, count("product_ratings").await);
    database.close().await;
    println!("{customers} customers {orders} orders {ratings} ratings without a region");
}
