//! What customers did, from the live database, as interactions: their product ratings (stars) and, for the
//! recommendations job, what they bought. Streamed with only the fields the recommender reads.

use futures::TryStreamExt;
use mongodb::bson::{doc, Bson, Document};
use mongodb::Database;

use super::interactions::{Interactions, InteractionsBuilder};
use crate::server::collections::{ORDERS, PRODUCT_RATINGS};

/// A purchase the customer has not rated counts like a middling rating: they wanted it, we do not know more.
pub const PURCHASE_AFFINITY: f32 = 3.0;

/// Every product rating (the offline evaluation's input).
pub async fn product_ratings(db: &Database) -> mongodb::error::Result<Interactions> {
    let mut builder = InteractionsBuilder::default();
    push_ratings(db, doc! {}, &mut builder).await?;
    Ok(builder.build())
}

/// Ratings, then purchases not rated, of the customers matching `customer_filter` (`{}` for everyone,
/// `{"customer_id": id}` for one).
pub async fn ratings_and_purchases(db: &Database, customer_filter: Document) -> mongodb::error::Result<Interactions> {
    let mut builder = InteractionsBuilder::default();
    // Ratings first: the builder keeps a pair's first interaction, so a customer's own stars beat "bought it".
    push_ratings(db, customer_filter.clone(), &mut builder).await?;
    push_purchases(db, customer_filter, &mut builder).await?;
    Ok(builder.build())
}

async fn push_ratings(
    db: &Database,
    filter: Document,
    builder: &mut InteractionsBuilder,
) -> mongodb::error::Result<()> {
    let mut cursor = db
        .collection::<Document>(PRODUCT_RATINGS)
        .find(filter)
        .projection(doc! { "_id": 0, "customer_id": 1, "product_id": 1, "stars": 1, "rated_at": 1 })
        .batch_size(10_000)
        .await?;
    while let Some(rating) = cursor.try_next().await? {
        let (Ok(customer), Ok(product)) = (rating.get_str("customer_id"), rating.get_str("product_id")) else {
            continue;
        };
        // Stars are stored as 32- or 64-bit integers depending on who wrote them.
        let stars = rating.get("stars").and_then(number).unwrap_or(0.0);
        builder.push(customer, product, stars as f32, unix_seconds(&rating, "rated_at"));
    }
    Ok(())
}

async fn push_purchases(
    db: &Database,
    filter: Document,
    builder: &mut InteractionsBuilder,
) -> mongodb::error::Result<()> {
    let mut cursor = db
        .collection::<Document>(ORDERS)
        .find(filter)
        .projection(doc! { "_id": 0, "customer_id": 1, "placed_at": 1, "lines.product_id": 1 })
        .batch_size(10_000)
        .await?;
    while let Some(order) = cursor.try_next().await? {
        let Ok(customer) = order.get_str("customer_id") else { continue };
        let placed = unix_seconds(&order, "placed_at");
        for line in order.get_array("lines").map(|lines| lines.as_slice()).unwrap_or_default() {
            if let Some(product) = line.as_document().and_then(|line| line.get_str("product_id").ok()) {
                builder.push(customer, product, PURCHASE_AFFINITY, placed);
            }
        }
    }
    Ok(())
}

fn number(value: &Bson) -> Option<f64> {
    value.as_i32().map(f64::from).or_else(|| value.as_i64().map(|n| n as f64)).or_else(|| value.as_f64())
}

fn unix_seconds(document: &Document, field: &str) -> i64 {
    document.get_datetime(field).map(|d| d.timestamp_millis() / 1000).unwrap_or(0)
}
