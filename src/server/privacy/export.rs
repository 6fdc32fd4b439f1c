//! "Download my data": one JSON document holding every stored document about a customer, read whole (so that a
//! field added later is exported without anyone remembering to), with only credentials left out: the password hash
//! and the session ids (each a key to a signed-in session). Sessions are listed by their dates.

use futures::TryStreamExt;
use mongodb::bson::{doc, Bson, Document};
use mongodb::Database;
use serde_json::{json, Value};

use super::Requester;
use crate::model::Timestamp;
use crate::server::collections::*;

/// Everything stored about `customer_id`, or None when there is no such customer. Audit-logged.
pub async fn export_customer(
    db: &Database,
    customer_id: &str,
    by: &Requester,
) -> mongodb::error::Result<Option<Value>> {
    let Some(customer) = db
        .collection::<Document>(CUSTOMERS)
        .find_one(crate::server::accounts::in_any_region(customer_id, None))
        .await?
    else {
        return Ok(None);
    };
    let mine = doc! { "customer_id": customer_id };
    let account =
        db.collection::<Document>(ACCOUNTS).find_one(mine.clone()).projection(doc! { "password_hash": 0 }).await?;
    let sessions =
        all(db, SESSIONS, doc! { "data.signed_in.customer_id": customer_id }, doc! { "_id": 0, "expires_at": 1 })
            .await?;
    let export = json!({
        "exported_at": extended(Bson::DateTime(mongodb::bson::DateTime::now())),
        "customer": extended(Bson::Document(customer)),
        "account": account.map(|account| extended(Bson::Document(account))),
        "orders": all(db, ORDERS, mine.clone(), doc! {}).await?,
        "product_ratings": all(db, PRODUCT_RATINGS, mine.clone(), doc! {}).await?,
        "partner_ratings": all(db, PARTNER_RATINGS, mine.clone(), doc! {}).await?,
        "carts": all(db, CARTS, mine, doc! {}).await?,
        "sessions": sessions,
    });
    crate::server::orders::audit::record_alone(
        db,
        crate::server::orders::audit::Action {
            by: &by.describe(),
            action: "export customer data",
            order_id: None,
            partner_id: None,
            product_id: None,
            before: format!("customer {customer_id}"),
            after: format!("exported at {}", Timestamp::now().minute_string()),
            note: None,
        },
    )
    .await?;
    Ok(Some(export))
}

/// Relaxed Extended JSON: dates as ISO text, numbers as numbers, what a person can read.
fn extended(value: Bson) -> Value {
    value.into_relaxed_extjson()
}

async fn all(db: &Database, collection: &str, filter: Document, projection: Document) -> mongodb::error::Result<Value> {
    let found: Vec<Document> = db
        .collection::<Document>(collection)
        .find(filter)
        .projection(projection)
        .sort(doc! { "_id": 1 })
        .await?
        .try_collect()
        .await?;
    Ok(Value::Array(found.into_iter().map(|document| extended(Bson::Document(document))).collect()))
}
