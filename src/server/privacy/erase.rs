//! "Delete my account": the customer's personal data erased, the shop's books kept. Their account, customer record
//! (addresses, recommendations), sessions, carts and failed sign-ins go; their active cart's units first go back on
//! the shelves. Their orders stay, for the accounts, under a pseudonym with the name and street address erased (the
//! country stays: it decides the tax owed). Their ratings stay under the same pseudonym, so that no product's or
//! partner's average moves and the recommender still learns from them, linked to nobody.
//!
//! Safe to run twice and to kill halfway: the cart is returned first (atomically, like an expired cart), then
//! everything else changes in one transaction; running again finds the cart gone and finishes the rest.

use futures::TryStreamExt;
use mongodb::bson::{doc, oid::ObjectId, Document};
use mongodb::{ClientSession, Database};

use super::Requester;
use crate::server::accounts::throttle::account_key;
use crate::server::collections::*;
use crate::server::maintenance::{expire::expire_now, MaintenanceError};
use crate::server::orders::audit::{self, Action};

/// What an erasure did.
#[derive(Debug, Clone, PartialEq)]
pub struct Erased {
    /// The id the customer's orders and ratings now carry.
    pub pseudonym: String,
    pub orders: u64,
    pub ratings: u64,
    /// Units of their active cart put back on the shelves.
    pub units_returned: u64,
}

/// What replaces the customer's name on their orders, and the lines of their address.
pub const ERASED: &str = "(erased)";

/// Erases `customer_id`'s personal data; None when there is no such customer (already erased).
pub async fn erase_customer(
    db: &Database,
    customer_id: &str,
    by: &Requester,
) -> Result<Option<Erased>, MaintenanceError> {
    let customer = db
        .collection::<Document>(CUSTOMERS)
        .find_one(crate::server::accounts::in_any_region(customer_id, None))
        .await?;
    let Some(customer) = customer else { return Ok(None) };
    let email = customer.get_str("email").unwrap_or_default().to_string();
    let carts: Vec<Document> = db
        .collection::<Document>(CARTS)
        .find(doc! { "customer_id": customer_id, "status": "active" })
        .projection(doc! { "_id": 1 })
        .await?
        .try_collect()
        .await?;
    let cart_ids = carts.iter().filter_map(|cart| cart.get_str("_id").ok().map(str::to_string)).collect();
    let units_returned = expire_now(db, cart_ids).await?.units;

    // A pseudonym of its own (not one shared "erased" id): the ratings' unique indexes are per customer.
    let pseudonym = format!("erased-{}", ObjectId::new().to_hex());
    let (db_owned, customer_id, by_name) = (db.clone(), customer_id.to_string(), by.describe());
    let pseudonym_owned = pseudonym.clone();
    let mut session = db.client().start_session().await?;
    let (orders, ratings) = session
        .start_transaction()
        .and_run2(async move |session| {
            erase_in_transaction(&db_owned, session, &customer_id, &email, &pseudonym_owned, &by_name).await
        })
        .await?;
    Ok(Some(Erased { pseudonym, orders, ratings, units_returned }))
}

async fn erase_in_transaction(
    db: &Database,
    session: &mut ClientSession,
    customer_id: &str,
    email: &str,
    pseudonym: &str,
    by: &str,
) -> mongodb::error::Result<(u64, u64)> {
    let collection = |name: &str| db.collection::<Document>(name);
    let theirs = doc! { "customer_id": customer_id };
    let erased_address = doc! {
        "line1": ERASED, "city": ERASED, "postcode": ERASED, "country": "$shipping_address.country",
    };
    let orders = collection(ORDERS)
        .update_many(
            theirs.clone(),
            vec![doc! { "$set": {
                "customer_id": pseudonym,
                "customer_name": ERASED,
                "shipping_address": { "$cond": [
                    { "$eq": [{ "$type": "$shipping_address" }, "object"] }, erased_address, "$$REMOVE",
                ] },
            } }],
        )
        .session(&mut *session)
        .await?
        .modified_count;
    let mut ratings = 0;
    for rated in [PRODUCT_RATINGS, PARTNER_RATINGS] {
        let update = doc! { "$set": { "customer_id": pseudonym } };
        ratings += collection(rated).update_many(theirs.clone(), update).session(&mut *session).await?.modified_count;
    }
    collection(CARTS).delete_many(theirs.clone()).session(&mut *session).await?;
    collection(ACCOUNTS).delete_many(theirs).session(&mut *session).await?;
    collection(SESSIONS).delete_many(doc! { "data.signed_in.customer_id": customer_id }).session(&mut *session).await?;
    collection(SIGN_IN_FAILURES).delete_one(doc! { "_id": account_key(email) }).session(&mut *session).await?;
    collection(CUSTOMERS).delete_one(doc! { "_id": customer_id }).session(&mut *session).await?;
    // Their email may sign up again.
    crate::server::cluster::unique_keys::release_held_by(db, session, CUSTOMERS, customer_id).await?;
    let action = Action {
        by,
        action: "erase customer",
        order_id: None,
        partner_id: None,
        product_id: None,
        before: format!("customer {customer_id}"),
        // The pseudonym is not logged: nothing should lead from the old id to the kept orders.
        after: format!("personal data erased; {orders} orders and {ratings} ratings kept under a pseudonym"),
        note: None,
    };
    audit::record(db, session, action).await?;
    Ok((orders, ratings))
}
