//! For `scripts/bench/stock-jobs.sh`: empties some shelves, as a day of selling would, so that restocking has work:
//! every fresh product's stock at one store in ten (the 1st, 11th, 21st... of its stores) and the warehouse stock of
//! one other product in ten (those whose quantity is a multiple of ten). The restock job then says how many places
//! it refilled.
//!
//!   cargo run --release --features ssr --example lower_stock
//!
//! It uses the same settings as `amazone`; run it on a throwaway database only.

use amazone::server::database::DatabaseHandle;
use amazone::server::Settings;
use mongodb::bson::{doc, Document};

#[tokio::main]
async fn main() {
    let settings = Settings::load().expect("settings");
    let database = DatabaseHandle::open(&settings).await.expect("database");
    let fresh = database.db.collection::<Document>("fresh_stock");
    let emptied = doc! { "$map": {
        "input": { "$range": [0, { "$size": "$stores" }] },
        "as": "i",
        "in": { "$let": {
            "vars": { "s": { "$arrayElemAt": ["$stores", "$$i"] } },
            "in": { "$cond": [
                { "$eq": [{ "$mod": ["$$i", 10] }, 0] },
                { "$mergeObjects": ["$$s", { "quantity": 0, "batches": [] }] },
                "$$s",
            ] },
        } },
    } };
    let lowered =
        vec![doc! { "$set": { "stores": emptied } }, doc! { "$set": { "total": { "$sum": "$stores.quantity" } } }];
    fresh.update_many(doc! {}, lowered).await.expect("empty store shelves");
    let warehouse = database.db.collection::<Document>("warehouse_stock");
    let multiple_of_ten = doc! { "$expr": { "$eq": [{ "$mod": ["$quantity", 10] }, 0] } };
    let shelves = warehouse.update_many(multiple_of_ten, doc! { "$set": { "quantity": 0 } }).await.expect("empty");
    database.close().await;
    println!("emptied: one store in ten of every fresh product, {} warehouse records", shelves.matched_count);
}
