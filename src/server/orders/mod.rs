//! The orders service: a customer's orders, newest first, and one order's page. Every read is filtered on the
//! customer's id, so no customer can read another's orders (an order id that is not theirs reads as unknown), and
//! names the regions holding their orders (`CustomerRecords::theirs`), so it reaches only those shards.
//! An order's changes of state (delivered, not delivered, cancelled) are in `lifecycle`, giving waiting orders a
//! partner in `assignment`, partners' loads in `partners`, spreading changes made at the same moment in `spread`, a partner's round in `round`, tracking numbers in
//! `tracking`.

pub mod assignment;
pub mod audit;
pub mod desk;
pub mod duty;
pub mod lifecycle;
pub mod partners;
pub mod round;
pub mod spread;
pub mod tracking;

use futures::TryStreamExt;
use mongodb::bson::{doc, Document};
use mongodb::Database;

use crate::model::order::{Order, OrderPage, OrderSummary};
use crate::server::accounts::CustomerRecords;
use crate::server::collections::{ORDERS, PARTNERS, PARTNER_RATINGS, PRODUCT_RATINGS};

/// Orders shown on the orders page: the newest; older ones are rarely looked for.
pub const ORDERS_LISTED: i64 = 50;

/// The customer's newest orders, on the `customer_orders_newest_id` index.
pub async fn list(db: &Database, customer: &CustomerRecords) -> mongodb::error::Result<Vec<OrderSummary>> {
    let orders: Vec<Order> = db
        .collection::<Order>(ORDERS)
        .find(customer.theirs())
        .sort(doc! { "placed_at": -1, "_id": -1 })
        .limit(ORDERS_LISTED)
        .await?
        .try_collect()
        .await?;
    Ok(orders.iter().map(OrderSummary::of).collect())
}

/// One of the customer's orders, or None (unknown, or someone else's). `cancel_minutes`: how long after ordering
/// the customer may cancel (the delivery settings).
pub async fn page(
    db: &Database,
    customer: &CustomerRecords,
    order_id: &str,
    cancel_minutes: u32,
) -> mongodb::error::Result<Option<OrderPage>> {
    let mut theirs = customer.theirs();
    theirs.insert("_id", order_id);
    let Some(order) = db.collection::<Order>(ORDERS).find_one(theirs).await? else {
        return Ok(None);
    };
    let sources = {
        let names = crate::server::cart::site_names(db, order.lines.iter().map(|line| &line.source)).await?;
        order.lines.iter().map(|line| names.get(&line.source).cloned().unwrap_or_default()).collect()
    };
    let partner_name = match order.delivery.as_ref().and_then(|delivery| delivery.partner_id.as_ref()) {
        Some(partner_id) => db
            .collection::<Document>(PARTNERS)
            .find_one(doc! { "_id": partner_id })
            .projection(doc! { "name": 1 })
            .await?
            .and_then(|partner| partner.get_str("name").ok().map(str::to_string)),
        None => None,
    };
    let product_ids: Vec<&str> = order.lines.iter().map(|line| line.product_id.as_str()).collect();
    let mut rated_products = customer.theirs();
    rated_products.insert("product_id", doc! { "$in": product_ids });
    let rated: Vec<Document> = db
        .collection::<Document>(PRODUCT_RATINGS)
        .find(rated_products)
        .projection(doc! { "product_id": 1, "stars": 1 })
        .await?
        .try_collect()
        .await?;
    let product_stars = order
        .lines
        .iter()
        .map(|line| {
            rated.iter().find(|r| r.get_str("product_id").is_ok_and(|id| id == line.product_id)).and_then(stars_of)
        })
        .collect();
    let mut rated_partner = customer.theirs();
    rated_partner.insert("order_id", order_id);
    let partner_stars =
        db.collection::<Document>(PARTNER_RATINGS).find_one(rated_partner).await?.as_ref().and_then(stars_of);
    let ids: Vec<String> = order.lines.iter().map(|line| line.product_id.clone()).collect();
    let main = crate::server::pictures::main_pictures(db, &ids).await?;
    let pictures = ids.iter().map(|id| main.get(id).cloned()).collect();
    let can_cancel = order.customer_may_cancel(crate::model::Timestamp::now(), cancel_minutes);
    Ok(Some(OrderPage { order, partner_name, sources, product_stars, partner_stars, pictures, can_cancel }))
}

fn stars_of(rating: &Document) -> Option<u8> {
    rating.get_i64("stars").or_else(|_| rating.get_i32("stars").map(i64::from)).ok().map(|stars| stars as u8)
}
