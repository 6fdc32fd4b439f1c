//! An admin withdrawing a product from sale, or bringing it back: one guarded update with its audit entry, in one
//! transaction. Retiring touches no stock and no order: the units stay where they are (and out of restocking), carts
//! holding the product are told at checkout, orders and ratings keep it.

use mongodb::bson::{doc, Document};
use mongodb::Database;

use crate::model::product::Product;
use crate::model::Timestamp;
use crate::server::collections::PRODUCTS;
use crate::server::orders::audit;

#[derive(Debug, thiserror::Error)]
pub enum RetireError {
    #[error("There is no such product.")]
    UnknownProduct,
    #[error("{0} was already retired (by another admin, or in another tab): nothing changed.")]
    AlreadyRetired(String),
    #[error("{0} is already on sale (another admin, or another tab, brought it back): nothing changed.")]
    AlreadyOnSale(String),
    #[error("the database failed: {0}")]
    Database(#[from] mongodb::error::Error),
}

/// Why the transaction gave up, carried out of it as the error's custom payload.
#[derive(Debug, Clone)]
enum Refusal {
    Unknown,
    Already(String),
}

/// Retires the product (`retire`) or puts it back on sale, as `by`.
pub async fn set_retired(db: &Database, product_id: &str, retire: bool, by: &str) -> Result<(), RetireError> {
    let (db_in, product_id, by) = (db.clone(), product_id.to_string(), by.to_string());
    let mut session = db.client().start_session().await?;
    let outcome = session
        .start_transaction()
        .and_run2(async move |session| {
            let products = db_in.collection::<Product>(PRODUCTS);
            // Guarded by the state it leaves: of two admins clicking at once, one changes it, the other is told.
            let (filter, update, before, after) = if retire {
                let at = Timestamp::now();
                let filter = doc! { "_id": &product_id, "retired_at": { "$exists": false } };
                let set = doc! { "$set": { "retired_at": mongodb::bson::DateTime::from_millis(at.millis()) } };
                (filter, set, "on sale", format!("retired on {}", at.date_string()))
            } else {
                let filter = doc! { "_id": &product_id, "retired_at": { "$exists": true } };
                (filter, doc! { "$unset": { "retired_at": "" } }, "retired", "on sale again".to_string())
            };
            let changed = products.update_one(filter, update).session(&mut *session).await?;
            if changed.matched_count == 0 {
                let found = db_in
                    .collection::<Document>(PRODUCTS)
                    .find_one(doc! { "_id": &product_id })
                    .projection(doc! { "name": 1 })
                    .session(&mut *session)
                    .await?;
                let refusal = match found {
                    Some(product) => Refusal::Already(product.get_str("name").unwrap_or("The product").to_string()),
                    None => Refusal::Unknown,
                };
                return Err(mongodb::error::Error::custom(refusal));
            }
            let entry = audit::Action {
                by: &by,
                action: if retire { "retire product" } else { "put product back on sale" },
                order_id: None,
                partner_id: None,
                product_id: Some(&product_id),
                before: before.to_string(),
                after,
                note: None,
            };
            audit::record(&db_in, session, entry).await
        })
        .await;
    match outcome {
        Ok(()) => Ok(()),
        Err(err) => match err.get_custom::<Refusal>() {
            Some(Refusal::Unknown) => Err(RetireError::UnknownProduct),
            Some(Refusal::Already(name)) if retire => Err(RetireError::AlreadyRetired(name.clone())),
            Some(Refusal::Already(name)) => Err(RetireError::AlreadyOnSale(name.clone())),
            None => Err(err.into()),
        },
    }
}
