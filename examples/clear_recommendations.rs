//! For `scripts/bench/recommend.sh`: empties every customer's `Recommended_Products` (and forgets when it was
//! computed), so that the next recommendations run finds every list new and writes every one of them: the job's
//! worst case. (A rerun on the same data writes nothing, since unchanged lists are left alone.)
//!
//!   cargo run --release --features ssr --example clear_recommendations
//!
//! It uses the same settings as `amazone`; run it on a throwaway database only.

use amazone::server::database::DatabaseHandle;
use amazone::server::Settings;
use mongodb::bson::{doc, Document};

#[tokio::main]
async fn main() {
    let settings = Settings::load().expect("settings");
    let database = DatabaseHandle::open(&settings).await.expect("database");
    let cleared = database
        .db
        .collection::<Document>("customers")
        .update_many(doc! {}, doc! { "$set": { "Recommended_Products": [] }, "$unset": { "recommended_at": "", "recommended_digest": "" } })
        .await
        .expect("clearing the lists");
    println!("{} customers' lists cleared", cleared.modified_count);
}
