//! The original store's recommendations job, for `scripts/bench/recommend.sh` to compare against: for each
//! customer, one query (their two highest-rated products, with the products' names and prices) and one update.
//! It recommends what the customer already rated; the point here is only its cost on the same data.
//!
//!   cargo run --release --features ssr --example recommend_original
//!
//! It uses the same settings as `amazone` (a local mongod when no URI is set), so it runs on the database the
//! benchmark generated. It writes `Recommended_Products`: run it on a throwaway database only.

use std::time::Instant;

use amazone::server::database::DatabaseHandle;
use amazone::server::Settings;
use futures::TryStreamExt;
use mongodb::bson::{doc, Document};

#[tokio::main]
async fn main() {
    let settings = Settings::load().expect("settings");
    let database = DatabaseHandle::open(&settings).await.expect("database");
    let db = &database.db;
    let started = Instant::now();
    let mut ids =
        db.collection::<Document>("customers").find(doc! {}).projection(doc! { "_id": 1 }).await.expect("customers");
    let (ratings, customers) = (db.collection::<Document>("product_ratings"), db.collection::<Document>("customers"));
    let mut count = 0u64;
    while let Some(customer) = ids.try_next().await.expect("customers") {
        let id = customer.get_str("_id").expect("customer id");
        let pipeline = vec![
            doc! { "$match": { "customer_id": id } },
            doc! { "$sort": { "stars": -1 } },
            doc! { "$limit": 2 },
            doc! { "$lookup": { "from": "products", "localField": "product_id", "foreignField": "_id", "as": "product" } },
            doc! { "$unwind": "$product" },
            doc! { "$project": {
                "_id": 0, "Product_ID": "$product._id", "Name": "$product.name",
                "Average_customer_rating": "$product.rating.average", "Price": "$product.prices.GBP",
            } },
        ];
        let top: Vec<Document> = ratings.aggregate(pipeline).await.expect("query").try_collect().await.expect("query");
        customers
            .update_one(doc! { "_id": id }, doc! { "$set": { "Recommended_Products": top } })
            .await
            .expect("update");
        count += 1;
    }
    let seconds = started.elapsed().as_secs_f64();
    println!("original: {count} customers in {seconds:.1} s ({:.0} customers/s)", count as f64 / seconds);
    database.close().await;
}
