//! What customers did, from the live database, as interactions: their product ratings (stars) and, for the
//! recommendations job, what they bought. Streamed with only the fields the recommender reads, and read in place
//! from the driver's buffers (no document is built per rating: the job reads a million of them).

use mongodb::bson::{doc, Document, RawBsonRef, RawDocument};
use mongodb::{Cursor, Database};

use super::interactions::{Interactions, InteractionsBuilder};
use crate::server::collections::{ORDERS, PRODUCT_RATINGS};

/// A purchase the customer has not rated counts like a middling rating: they wanted it, we do not know more.
pub const PURCHASE_AFFINITY: f32 = 3.0;
/// Documents per round trip: large, since every field read is small.
const BATCH_SIZE: u32 = 10_000;

/// Every product rating (the offline evaluation's input).
pub async fn product_ratings(db: &Database) -> mongodb::error::Result<Interactions> {
    let mut builder = InteractionsBuilder::default();
    push_ratings(db, doc! {}, &mut builder).await?;
    Ok(builder.build())
}

/// Ratings, then purchases not rated, of the customers matching `customer_filter` (`{}` for everyone,
/// `{"customer_id": id}` for one). The two are read at once; the ratings go first into the result, since a pair's
/// first interaction is kept and a customer's own stars beat "bought it".
pub async fn ratings_and_purchases(db: &Database, customer_filter: Document) -> mongodb::error::Result<Interactions> {
    let (mut ratings, mut purchases) = (InteractionsBuilder::default(), InteractionsBuilder::default());
    tokio::try_join!(
        push_ratings(db, customer_filter.clone(), &mut ratings),
        push_purchases(db, customer_filter, &mut purchases),
    )?;
    ratings.append(purchases.build());
    Ok(ratings.build())
}

async fn push_ratings(
    db: &Database,
    filter: Document,
    builder: &mut InteractionsBuilder,
) -> mongodb::error::Result<()> {
    let mut cursor = raw_cursor(
        db,
        PRODUCT_RATINGS,
        filter,
        doc! {
            "_id": 0, "customer_id": 1, "product_id": 1, "stars": 1, "rated_at": 1
        },
    )
    .await?;
    while cursor.advance().await? {
        let rating = cursor.current();
        let (Ok(customer), Ok(product)) = (rating.get_str("customer_id"), rating.get_str("product_id")) else {
            continue;
        };
        // Stars are stored as 32- or 64-bit integers depending on who wrote them.
        let stars = rating.get("stars").ok().flatten().and_then(number).unwrap_or(0.0);
        builder.push(customer, product, stars as f32, unix_seconds(rating, "rated_at"));
    }
    Ok(())
}

async fn push_purchases(
    db: &Database,
    filter: Document,
    builder: &mut InteractionsBuilder,
) -> mongodb::error::Result<()> {
    let mut cursor =
        raw_cursor(db, ORDERS, filter, doc! { "_id": 0, "customer_id": 1, "placed_at": 1, "lines.product_id": 1 })
            .await?;
    while cursor.advance().await? {
        let order = cursor.current();
        let Ok(customer) = order.get_str("customer_id") else { continue };
        let placed = unix_seconds(order, "placed_at");
        let Ok(lines) = order.get_array("lines") else { continue };
        for line in lines.into_iter().flatten() {
            if let Some(product) = line.as_document().and_then(|line| line.get_str("product_id").ok()) {
                builder.push(customer, product, PURCHASE_AFFINITY, placed);
            }
        }
    }
    Ok(())
}

async fn raw_cursor(
    db: &Database,
    collection: &str,
    filter: Document,
    projection: Document,
) -> mongodb::error::Result<Cursor<mongodb::bson::RawDocumentBuf>> {
    db.collection::<mongodb::bson::RawDocumentBuf>(collection)
        .find(filter)
        .projection(projection)
        .batch_size(BATCH_SIZE)
        .await
}

fn number(value: RawBsonRef<'_>) -> Option<f64> {
    match value {
        RawBsonRef::Int32(n) => Some(f64::from(n)),
        RawBsonRef::Int64(n) => Some(n as f64),
        RawBsonRef::Double(n) => Some(n),
        _ => None,
    }
}

fn unix_seconds(document: &RawDocument, field: &str) -> i64 {
    document.get_datetime(field).map(|d| d.timestamp_millis() / 1000).unwrap_or(0)
}
