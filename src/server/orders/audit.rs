//! The audit log: every admin action on an order, a partner or a product (who, when, what, before and after), written in the
//! same transaction as the action itself, so the log never claims what did not happen nor misses what did.

use futures::TryStreamExt;
use mongodb::bson::{doc, oid::ObjectId};
use mongodb::{ClientSession, Database};

use crate::model::desk::AuditEntry;
use crate::model::order::{Order, OrderStatus};
use crate::model::Timestamp;
use crate::server::collections::AUDIT_LOG;

/// Entries shown with one order or partner: the newest.
const SHOWN: i64 = 100;

/// What an admin did, before it is stamped.
pub(crate) struct Action<'a> {
    pub by: &'a str,
    pub action: &'a str,
    pub order_id: Option<&'a str>,
    pub partner_id: Option<&'a str>,
    pub product_id: Option<&'a str>,
    pub before: String,
    pub after: String,
    pub note: Option<String>,
}

/// Writes the entry in the caller's transaction.
pub(crate) async fn record(
    db: &Database,
    session: &mut ClientSession,
    action: Action<'_>,
) -> mongodb::error::Result<()> {
    db.collection::<AuditEntry>(AUDIT_LOG).insert_one(stamped(action)).session(&mut *session).await?;
    Ok(())
}

/// Writes the entry on its own, for an action that changes nothing else (a data export).
pub(crate) async fn record_alone(db: &Database, action: Action<'_>) -> mongodb::error::Result<()> {
    db.collection::<AuditEntry>(AUDIT_LOG).insert_one(stamped(action)).await?;
    Ok(())
}

fn stamped(action: Action<'_>) -> AuditEntry {
    AuditEntry {
        id: ObjectId::new().to_hex(),
        at: Timestamp::now(),
        by: action.by.to_string(),
        action: action.action.to_string(),
        order_id: action.order_id.map(str::to_string),
        partner_id: action.partner_id.map(str::to_string),
        product_id: action.product_id.map(str::to_string),
        before: action.before,
        after: action.after,
        note: action.note,
    }
}

/// An order's state as the log words it: "out for delivery with partner 63bb…".
pub(crate) fn describe(status: OrderStatus, partner_id: Option<&str>) -> String {
    match (status, partner_id) {
        (OrderStatus::OutForDelivery, Some(partner)) => format!("out for delivery with partner {partner}"),
        (status, _) => status.label().to_lowercase(),
    }
}

pub(crate) fn describe_order(order: &Order) -> String {
    describe(order.status, order.delivery.as_ref().and_then(|delivery| delivery.partner_id.as_deref()))
}

/// The newest entries about one order (on the `order_at` index).
pub async fn for_order(db: &Database, order_id: &str) -> mongodb::error::Result<Vec<AuditEntry>> {
    db.collection::<AuditEntry>(AUDIT_LOG)
        .find(doc! { "order_id": order_id })
        .sort(doc! { "at": -1 })
        .limit(SHOWN)
        .await?
        .try_collect()
        .await
}

/// The newest entries about one product (on the `product_at` index).
pub async fn for_product(db: &Database, product_id: &str) -> mongodb::error::Result<Vec<AuditEntry>> {
    db.collection::<AuditEntry>(AUDIT_LOG)
        .find(doc! { "product_id": product_id })
        .sort(doc! { "at": -1 })
        .limit(SHOWN)
        .await?
        .try_collect()
        .await
}
