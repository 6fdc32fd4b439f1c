//! The original store's cart expiry, for `scripts/bench/expire.sh` to compare against: one stale cart at a time,
//! and for each reserved item one update of its stock and one of its daily inventory level, then the cart's
//! deletion. No transaction (a crash between the two leaves units counted twice or lost); the point here is only
//! its cost on the same data.
//!
//!   cargo run --release --features ssr --example expire_original
//!
//! It uses the same settings as `amazone` (a local mongod when no URI is set, `AMAZONE_CART_LIFETIME`), so it runs on
//! the database the benchmark generated. It deletes carts: run it on a throwaway database only.

use std::time::Instant;

use amazone::model::cart::Cart;
use amazone::model::location::StockLocation;
use amazone::model::Timestamp;
use amazone::server::database::DatabaseHandle;
use amazone::server::maintenance::expire::stale_filter;
use amazone::server::Settings;
use futures::TryStreamExt;
use mongodb::bson::{doc, DateTime, Document};

#[tokio::main]
async fn main() {
    let settings = Settings::load().expect("settings");
    let database = DatabaseHandle::open(&settings).await.expect("database");
    let db = &database.db;
    let started = Instant::now();
    let now = DateTime::now();
    let cutoff = Timestamp(now.timestamp_millis() - settings.maintenance.cart_lifetime.as_millis() as i64);
    let today = DateTime::from_millis(now.timestamp_millis() / 86_400_000 * 86_400_000);
    let month = &Timestamp(now.timestamp_millis()).date_string()[..7];
    let carts = db.collection::<Cart>("carts");
    let (fresh, warehouse, levels) = (
        db.collection::<Document>("fresh_stock"),
        db.collection::<Document>("warehouse_stock"),
        db.collection::<Document>("inventory_levels"),
    );
    let stale: Vec<Cart> = carts.find(stale_filter(cutoff)).await.expect("carts").try_collect().await.expect("carts");
    let (mut expired, mut units) = (0u64, 0u64);
    for cart in stale {
        for item in &cart.items {
            let Some(at) = &item.reserved_from else { continue };
            let n = i64::from(item.quantity);
            let location_id = match at {
                StockLocation::Store(id) => {
                    fresh
                        .update_one(
                            doc! { "product_id": &item.product_id, "stores.store_id": id },
                            doc! { "$inc": { "stores.$.quantity": n, "total": n } },
                        )
                        .await
                        .expect("stock");
                    id
                }
                StockLocation::Warehouse(id) => {
                    warehouse
                        .update_one(doc! { "product_id": &item.product_id }, doc! { "$inc": { "quantity": n } })
                        .await
                        .expect("stock");
                    id
                }
            };
            // The day's level: the returned units added to today's measurement (pushed when the day is new).
            let bucket = doc! { "product_id": &item.product_id, "location.id": location_id, "month": month };
            let mut today_filter = bucket.clone();
            today_filter.insert("measurements.day", today);
            let added = levels
                .update_one(today_filter, doc! { "$inc": { "measurements.$.returned": n } })
                .await
                .expect("level");
            if added.matched_count == 0 {
                let location = mongodb::bson::to_bson(at).expect("location");
                levels
                    .update_one(
                        bucket,
                        doc! {
                            "$setOnInsert": { "_id": format!("original-{}-{location_id}-{month}", item.product_id), "location": location },
                            "$push": { "measurements": { "day": today, "quantity": 0_i64, "returned": n } },
                        },
                    )
                    .upsert(true)
                    .await
                    .expect("level");
            }
            units += item.quantity as u64;
        }
        carts.delete_one(doc! { "_id": &cart.id }).await.expect("delete");
        expired += 1;
    }
    let seconds = started.elapsed().as_secs_f64();
    database.close().await;
    println!(
        "original: {expired} carts expired, {units} units returned in {seconds:.1} s: {:.0} carts/s",
        expired as f64 / seconds
    );
}
