//! A delivery partner's round: the orders they carry now, oldest first, with where to collect the goods and where
//! to take them (on the orders' `partner_status` index).

use futures::TryStreamExt;
use mongodb::bson::{doc, Document};
use mongodb::Database;

use crate::model::delivery::{Round, Stop};
use crate::model::order::Order;
use crate::server::collections::{ORDERS, PARTNERS};

/// The partner's round, or None when the partner is gone.
pub async fn round(db: &Database, partner_id: &str, capacity: u32) -> mongodb::error::Result<Option<Round>> {
    let Some(partner) = db
        .collection::<Document>(PARTNERS)
        .find_one(doc! { "_id": partner_id })
        .projection(doc! { "name": 1, "deliveries": 1, "region": 1 })
        .await?
    else {
        return Ok(None);
    };
    let carried = super::partners::carried_by(partner_id, partner.get_str("region").ok());
    let orders: Vec<Order> = db
        .collection::<Order>(ORDERS)
        .find(carried)
        .sort(doc! { "placed_at": 1, "_id": 1 })
        .await?
        .try_collect()
        .await?;
    let names =
        crate::server::cart::site_names(db, orders.iter().flat_map(|order| &order.lines).map(|l| &l.source)).await?;
    let stops = orders
        .into_iter()
        .map(|order| {
            let mut pick_up: Vec<String> = Vec::new();
            for line in &order.lines {
                let place = names.get(&line.source).cloned().unwrap_or_else(|| "the store".into());
                if !pick_up.contains(&place) {
                    pick_up.push(place);
                }
            }
            Stop {
                tracking_number: order.delivery.as_ref().map(|d| d.tracking_number.clone()).unwrap_or_default(),
                items: order.lines.iter().map(|line| format!("{} × {}", line.quantity, line.name)).collect(),
                order_id: order.id,
                customer_name: order.customer_name,
                address: order.shipping_address,
                placed_at: order.placed_at,
                pick_up,
                to_collect: order.total_price,
                currency: order.currency,
            }
        })
        .collect();
    let count = |key: &str| partner.get_i64(key).or_else(|_| partner.get_i32(key).map(i64::from)).unwrap_or(0);
    Ok(Some(Round {
        partner_name: partner.get_str("name").unwrap_or("Partner").to_string(),
        capacity,
        stops,
        delivered: count("deliveries").max(0) as u32,
    }))
}
