//! For `scripts/bench/write-off.sh`: moves every fresh batch's best-before date `days` earlier (default 60), so that
//! all of them are past their date and the write-off job has every one to remove. Prints how many batches there are.
//!
//!   cargo run --release --features ssr --example age_batches [days]
//!
//! It uses the same settings as `amazone`; run it on a throwaway database only.

use amazone::server::database::DatabaseHandle;
use amazone::server::Settings;
use mongodb::bson::{doc, Document};

#[tokio::main]
async fn main() {
    let days: i64 = std::env::args().nth(1).map(|days| days.parse().expect("days: a whole number")).unwrap_or(60);
    let settings = Settings::load().expect("settings");
    let database = DatabaseHandle::open(&settings).await.expect("database");
    let stock = database.db.collection::<Document>("fresh_stock");
    let earlier = doc! { "$dateSubtract": { "startDate": "$$b.best_before", "unit": "day", "amount": days } };
    let aged = vec![doc! { "$set": { "stores": { "$map": { "input": "$stores", "as": "s", "in": { "$mergeObjects": [
        "$$s",
        { "batches": { "$map": { "input": "$$s.batches", "as": "b", "in": {
            "best_before": earlier, "quantity": "$$b.quantity",
        } } } },
    ] } } } } }];
    stock.update_many(doc! {}, aged).await.expect("age the batches");
    let count = [
        doc! { "$unwind": "$stores" },
        doc! { "$group": { "_id": null, "batches": { "$sum": { "$size": "$stores.batches" } } } },
    ];
    let mut cursor = stock.aggregate(count).await.expect("count the batches");
    let batches = if cursor.advance().await.expect("count") {
        cursor.deserialize_current().expect("count").get_i32("batches").map(i64::from).unwrap_or(0)
    } else {
        0
    };
    database.close().await;
    println!("{batches} batches moved {days} days earlier");
}
