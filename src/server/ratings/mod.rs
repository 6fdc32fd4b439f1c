//! The ratings service: what customers think of products and delivery partners.
//!
//! A customer rates a product they bought and the partner who delivered one of their orders; one rating each
//! (changeable: an upsert on the unique `{customer_id, product_id}` / `{customer_id, order_id}` key). A rating and
//! its product's or partner's summary (average and count) are written in one transaction (see `summary`).

mod summary;

pub use summary::{refresh, refresh_summaries, repair_summaries, Rated};

use mongodb::bson::{doc, Document};
use mongodb::Database;

use crate::model::rating::Stars;
use crate::model::Timestamp;
use crate::server::collections::{ORDERS, PARTNER_RATINGS, PRODUCT_RATINGS};

#[derive(Debug, thiserror::Error)]
pub enum RatingError {
    #[error("You can rate a product once you have bought it.")]
    NotBought,
    #[error("That order is not one of yours.")]
    UnknownOrder,
    #[error("You can rate the delivery once the order has been delivered.")]
    NotDelivered,
    #[error(transparent)]
    Database(#[from] mongodb::error::Error),
}

/// What a new rating starts with: its id, and the region of the order it rates from (an order from before regions
/// has none yet; the `regions` migration stamps the rating then).
fn new_rating(region: &Option<String>) -> Document {
    let mut fields = doc! { "_id": mongodb::bson::oid::ObjectId::new().to_hex() };
    if let Some(region) = region {
        fields.insert("region", region);
    }
    fields
}

/// Records (or changes) the customer's stars for a product they have ordered, with its product's summary.
pub async fn rate_product(db: &Database, customer_id: &str, product_id: &str, stars: Stars) -> Result<(), RatingError> {
    let bought = db
        .collection::<Document>(ORDERS)
        .find_one(doc! { "customer_id": customer_id, "lines.product_id": product_id })
        .projection(doc! { "_id": 1, "region": 1 })
        .await?;
    let Some(bought) = bought else { return Err(RatingError::NotBought) };
    // A rating belongs to the region of the order it rates from.
    let region = bought.get_str("region").ok().map(str::to_string);
    let (db, customer_id, product_id) = (db.clone(), customer_id.to_string(), product_id.to_string());
    let mut session = db.client().start_session().await?;
    session
        .start_transaction()
        .and_run2(async move |session| {
            let now = mongodb::bson::DateTime::from_millis(Timestamp::now().millis());
            db.collection::<Document>(PRODUCT_RATINGS)
                .update_one(
                    doc! { "customer_id": &customer_id, "product_id": &product_id },
                    doc! {
                        "$set": { "stars": i64::from(stars), "rated_at": now },
                        "$setOnInsert": new_rating(&region),
                    },
                )
                .upsert(true)
                .session(&mut *session)
                .await?;
            summary::update_in_transaction(&db, session, Rated::Product, &product_id).await
        })
        .await?;
    Ok(())
}

/// Records (or changes) the customer's stars for the partner who delivered one of their orders (only once it is
/// delivered), with the partner's summary.
pub async fn rate_partner(db: &Database, customer_id: &str, order_id: &str, stars: Stars) -> Result<(), RatingError> {
    let order = db
        .collection::<Document>(ORDERS)
        .find_one(doc! { "_id": order_id, "customer_id": customer_id })
        .projection(doc! { "status": 1, "delivery.partner_id": 1, "region": 1 })
        .await?
        .ok_or(RatingError::UnknownOrder)?;
    let delivered = order.get_str("status").is_ok_and(|status| status == "delivered");
    let partner_id = order.get_document("delivery").ok().and_then(|d| d.get_str("partner_id").ok()).map(str::to_string);
    let (true, Some(partner_id)) = (delivered, partner_id) else { return Err(RatingError::NotDelivered) };
    let region = order.get_str("region").ok().map(str::to_string);
    let (db, customer_id, order_id) = (db.clone(), customer_id.to_string(), order_id.to_string());
    let mut session = db.client().start_session().await?;
    session
        .start_transaction()
        .and_run2(async move |session| {
            let now = mongodb::bson::DateTime::from_millis(Timestamp::now().millis());
            db.collection::<Document>(PARTNER_RATINGS)
                .update_one(
                    doc! { "customer_id": &customer_id, "order_id": &order_id },
                    doc! {
                        "$set": { "stars": i64::from(stars), "rated_at": now, "partner_id": &partner_id },
                        "$setOnInsert": new_rating(&region),
                    },
                )
                .upsert(true)
                .session(&mut *session)
                .await?;
            summary::update_in_transaction(&db, session, Rated::Partner, &partner_id).await
        })
        .await?;
    Ok(())
}
