//! The ratings service: what customers think of products and delivery partners.
//!
//! A customer rates a product they bought and the partner who delivered one of their orders; one rating each
//! (changeable: an upsert on `{region, customer_id, product_id}` / `{region, customer_id, order_id}`, unique behind
//! the shard key's region). Ratings are read in the regions holding the customer's orders, and a rating and its
//! product's or partner's summary (average and count) are written in one transaction (see `summary`).

mod summary;

pub use summary::{refresh, refresh_summaries, repair_summaries, Rated};

use mongodb::bson::oid::ObjectId;
use mongodb::bson::{doc, Document};
use mongodb::{ClientSession, Database};

use crate::model::rating::Stars;
use crate::model::Timestamp;
use crate::server::accounts::CustomerRecords;
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

/// Records (or changes) the customer's stars for a product they have ordered, with its product's summary. A rating
/// already given is changed where it is; a new one goes to the region of the first order it rates from.
pub async fn rate_product(
    db: &Database,
    customer: &CustomerRecords,
    product_id: &str,
    stars: Stars,
) -> Result<(), RatingError> {
    let mut bought = customer.theirs();
    bought.insert("lines.product_id", product_id);
    let first = db
        .collection::<Document>(ORDERS)
        .find_one(bought)
        .sort(doc! { "placed_at": 1, "_id": 1 })
        .projection(doc! { "_id": 0, "region": 1 })
        .await?;
    let Some(first) = first else { return Err(RatingError::NotBought) };
    let (db, customer, product_id) = (db.clone(), customer.clone(), product_id.to_string());
    let first_region = region_of(&first).map(str::to_string);
    let mut session = db.client().start_session().await?;
    session
        .start_transaction()
        .and_run2(async move |session| {
            let now = mongodb::bson::DateTime::from_millis(Timestamp::now().millis());
            let rating = Rating {
                collection: PRODUCT_RATINGS,
                customer: &customer,
                of: doc! { "product_id": &product_id },
                set: doc! { "stars": i64::from(stars), "rated_at": now },
            };
            rating.write(&db, session, first_region.as_deref()).await?;
            summary::update_in_transaction(&db, session, Rated::Product, &product_id).await
        })
        .await?;
    Ok(())
}

/// A customer's rating of one thing (`of`: a product, an order) and what it says now.
struct Rating<'a> {
    collection: &'static str,
    customer: &'a CustomerRecords,
    of: Document,
    set: Document,
}

impl Rating<'_> {
    /// Writes it in the transaction: over the rating they gave already, where it is; else as a new rating in
    /// `region` (an upsert, so that two first ratings at once make one), or without a region when the order it
    /// rates has none yet (from before regions, until the `regions` stamping).
    async fn write(
        &self,
        db: &Database,
        session: &mut ClientSession,
        region: Option<&str>,
    ) -> mongodb::error::Result<()> {
        let ratings = db.collection::<Document>(self.collection);
        let mut theirs = self.customer.theirs();
        theirs.extend(self.of.clone());
        let given = ratings.find_one(theirs).projection(doc! { "_id": 1, "region": 1 }).session(&mut *session).await?;
        if let Some(given) = given {
            let key = doc! { "region": region_of(&given), "_id": given.get("_id") };
            ratings.update_one(key, doc! { "$set": self.set.clone() }).session(&mut *session).await?;
            return Ok(());
        }
        let mut key = doc! { "customer_id": &self.customer.id };
        key.extend(self.of.clone());
        match region {
            Some(region) => key.insert("region", region),
            // Not copied into the new rating, which the stamping gives a region with its order.
            None => key.insert("region", doc! { "$exists": false }),
        };
        let update = doc! { "$set": self.set.clone(), "$setOnInsert": { "_id": ObjectId::new().to_hex() } };
        ratings.update_one(key, update).upsert(true).session(&mut *session).await?;
        Ok(())
    }
}

/// A document's region; none for one not yet stamped.
fn region_of(document: &Document) -> Option<&str> {
    document.get_str("region").ok()
}

/// Records (or changes) the customer's stars for the partner who delivered one of their orders (only once it is
/// delivered), with the partner's summary.
pub async fn rate_partner(
    db: &Database,
    customer: &CustomerRecords,
    order_id: &str,
    stars: Stars,
) -> Result<(), RatingError> {
    let mut theirs = customer.theirs();
    theirs.insert("_id", order_id);
    let order = db
        .collection::<Document>(ORDERS)
        .find_one(theirs)
        .projection(doc! { "status": 1, "delivery.partner_id": 1, "region": 1 })
        .await?
        .ok_or(RatingError::UnknownOrder)?;
    let delivered = order.get_str("status").is_ok_and(|status| status == "delivered");
    let partner_id = order.get_document("delivery").ok().and_then(|d| d.get_str("partner_id").ok()).map(str::to_string);
    let (true, Some(partner_id)) = (delivered, partner_id) else { return Err(RatingError::NotDelivered) };
    // A rating of a delivery lives with the order it rates.
    let region = region_of(&order).map(str::to_string);
    let (db, customer, order_id) = (db.clone(), customer.clone(), order_id.to_string());
    let mut session = db.client().start_session().await?;
    session
        .start_transaction()
        .and_run2(async move |session| {
            let now = mongodb::bson::DateTime::from_millis(Timestamp::now().millis());
            let rating = Rating {
                collection: PARTNER_RATINGS,
                customer: &customer,
                of: doc! { "order_id": &order_id },
                set: doc! { "stars": i64::from(stars), "rated_at": now, "partner_id": &partner_id },
            };
            rating.write(&db, session, region.as_deref()).await?;
            summary::update_in_transaction(&db, session, Rated::Partner, &partner_id).await
        })
        .await?;
    Ok(())
}
