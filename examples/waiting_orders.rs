//! Waiting orders for `scripts/bench/assign.sh`: puts `count` orders waiting for a delivery partner (copies of a
//! one-line order, oldest first a second apart) into the database the benchmark generated, and takes every
//! partner on duty with an empty load, so that `amazone maintenance assign-partners` has them all to assign.
//!
//!   cargo run --release --features ssr --example waiting_orders -- [count=100000]
//!
//! It uses the same settings as `amazone` (a local mongod when no URI is set). It deletes orders: run it on a
//! throwaway database only.

use std::time::Instant;

use amazone::model::order::{Delivery, Order, OrderEvent, OrderLine, OrderStatus};
use amazone::model::Timestamp;
use amazone::server::database::DatabaseHandle;
use amazone::server::Settings;
use mongodb::bson::{doc, Document};

#[tokio::main]
async fn main() {
    let count: usize = std::env::args().nth(1).and_then(|n| n.parse().ok()).unwrap_or(100_000);
    let settings = Settings::load().expect("settings");
    let database = DatabaseHandle::open(&settings).await.expect("database");
    let db = &database.db;
    let started = Instant::now();
    let product =
        db.collection::<Document>("products").find_one(doc! {}).await.expect("products").expect("a generated product");
    let customer =
        db.collection::<Document>("customers").find_one(doc! {}).await.expect("customers").expect("a customer");
    let orders = db.collection::<Order>("orders");
    orders.delete_many(doc! {}).await.expect("orders cleared");
    db.collection::<Document>("partners")
        .update_many(doc! {}, doc! { "$set": { "active": true, "load": 0 } })
        .await
        .expect("partners on duty");
    let first = Timestamp::now().millis() - count as i64 * 1000;
    let line = OrderLine {
        product_id: product.get_str("_id").unwrap().to_string(),
        name: product.get_str("name").unwrap().to_string(),
        kind: "book".into(),
        unit_price: amazone::model::Money::parse_decimal("9.99").expect("a price"),
        quantity: 1,
        source: amazone::model::location::StockLocation::Warehouse("bench".into()),
        batches: Vec::new(),
        vat: None,
    };
    for batch in (0..count).collect::<Vec<_>>().chunks(10_000) {
        let docs: Vec<Order> = batch
            .iter()
            .map(|&n| Order {
                id: format!("bench-{n:08}"),
                legacy_id: None,
                legacy_source: None,
                region: Some("uk".into()),
                customer_id: customer.get_str("_id").unwrap().to_string(),
                customer_name: customer.get_str("name").unwrap().to_string(),
                shipping_address: None,
                placed_at: Timestamp(first + n as i64 * 1000),
                currency: amazone::model::money::Currency::GBP,
                lines: vec![line.clone()],
                total_price: line.unit_price,
                vat_total: None,
                total_cost: line.unit_price,
                status: OrderStatus::AwaitingPartner,
                delivery: Some(Delivery {
                    partner_id: None,
                    tracking_number: format!("BENCH-{n:08}"),
                    estimated_days: None,
                }),
                history: vec![OrderEvent {
                    status: OrderStatus::AwaitingPartner,
                    at: Timestamp(first + n as i64 * 1000),
                    by: "store".into(),
                    note: None,
                }],
            })
            .collect();
        orders.insert_many(docs).await.expect("waiting orders");
    }
    println!("{count} orders waiting, every partner on duty and free ({:.1} s)", started.elapsed().as_secs_f64());
    database.close().await;
}
