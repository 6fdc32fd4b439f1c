//! The live database's product ratings as interactions, streamed with only the four fields the recommender reads.

use futures::TryStreamExt;
use mongodb::bson::{doc, Document};
use mongodb::Database;

use super::interactions::{Interactions, InteractionsBuilder};
use crate::server::collections::PRODUCT_RATINGS;

pub async fn product_ratings(db: &Database) -> mongodb::error::Result<Interactions> {
    let mut builder = InteractionsBuilder::default();
    let mut cursor = db
        .collection::<Document>(PRODUCT_RATINGS)
        .find(doc! {})
        .projection(doc! { "_id": 0, "customer_id": 1, "product_id": 1, "stars": 1, "rated_at": 1 })
        .batch_size(10_000)
        .await?;
    while let Some(rating) = cursor.try_next().await? {
        let (Ok(customer), Ok(product)) = (rating.get_str("customer_id"), rating.get_str("product_id")) else {
            continue;
        };
        let stars = rating
            .get("stars")
            .and_then(|s| s.as_i32().map(f64::from).or_else(|| s.as_i64().map(|n| n as f64)).or_else(|| s.as_f64()))
            .unwrap_or(0.0);
        let time = rating.get_datetime("rated_at").map(|d| d.timestamp_millis() / 1000).unwrap_or(0);
        builder.push(customer, product, stars as f32, time);
    }
    Ok(builder.build())
}
