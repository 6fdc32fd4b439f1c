//! For `scripts/bench/recommend.sh`: a night's new ratings, so that the recommendations job that follows meets what
//! it meets on a real night. Inserts N ratings (default 10,000) by customers drawn at random, each of a product drawn
//! at random, with 1 to 5 stars, in the customer's region; then recomputes the products' rating summaries, as the
//! ratings service keeps them. The draws are seeded by the run number, so each run adds different ratings.
//!
//!   cargo run --release --features ssr --example add_ratings -- [count=10000] [run=1]
//!
//! It uses the same settings as `amazone`; run it on a throwaway database only.

use amazone::server::database::DatabaseHandle;
use amazone::server::ratings::refresh_summaries;
use amazone::server::Settings;
use futures::TryStreamExt;
use mongodb::bson::{doc, oid::ObjectId, DateTime, Document};
use rand::seq::IndexedRandom;
use rand::{Rng, SeedableRng};

#[tokio::main]
async fn main() {
    let mut args = std::env::args().skip(1);
    let count: usize = args.next().map_or(10_000, |n| n.parse().expect("a count"));
    let run: u64 = args.next().map_or(1, |n| n.parse().expect("a run number"));
    let settings = Settings::load().expect("settings");
    let database = DatabaseHandle::open(&settings).await.expect("database");
    let db = &database.db;

    let customers: Vec<Document> = db
        .collection::<Document>("customers")
        .find(doc! {})
        .projection(doc! { "_id": 1, "region": 1 })
        .await
        .expect("customers")
        .try_collect()
        .await
        .expect("customers");
    let products: Vec<Document> = db
        .collection::<Document>("products")
        .find(doc! {})
        .projection(doc! { "_id": 1 })
        .await
        .expect("products")
        .try_collect()
        .await
        .expect("products");
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(run);
    let now = DateTime::now();
    let ratings: Vec<Document> = (0..count)
        .map(|_| {
            let customer = customers.choose(&mut rng).expect("customers to rate");
            let product = products.choose(&mut rng).expect("products to rate");
            doc! {
                "_id": ObjectId::new().to_hex(),
                "region": customer.get("region").cloned().unwrap_or(mongodb::bson::Bson::Null),
                "product_id": product.get("_id").cloned().expect("an id"),
                "customer_id": customer.get("_id").cloned().expect("an id"),
                "stars": rng.random_range(1..=5_i64),
                "rated_at": now,
            }
        })
        .collect();
    // A customer may already have rated the product drawn: those few are skipped, like a second rating refused.
    let inserted = match db.collection::<Document>("product_ratings").insert_many(ratings).ordered(false).await {
        Ok(result) => result.inserted_ids.len(),
        Err(err) => match *err.kind {
            mongodb::error::ErrorKind::InsertMany(ref failure) => {
                count - failure.write_errors.as_ref().map_or(0, Vec::len)
            }
            _ => panic!("inserting ratings: {err}"),
        },
    };
    refresh_summaries(db).await.expect("rating summaries");
    database.close().await;
    println!("{inserted} new ratings, summaries refreshed");
}
