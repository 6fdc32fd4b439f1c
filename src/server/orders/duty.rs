//! Taking a delivery partner off deliveries, or back on. Off: every order they carry goes back to waiting (with a
//! line in its history), their load is emptied, all in one transaction with the audit entry; the waiting orders are
//! then given to partners with room. Doing it twice changes nothing.

use futures::TryStreamExt;
use mongodb::bson::{self, doc, Document};
use mongodb::Database;

use super::lifecycle::{refuse, LifecycleError, Outcome, Refusal};
use super::{assignment, audit};
use crate::model::order::{OrderEvent, OrderStatus};
use crate::model::Timestamp;
use crate::server::collections::{ORDERS, PARTNERS};
use crate::server::config::DeliverySettings;

/// Sets whether a partner is on duty. Returns the outcome and how many of their orders went back to waiting.
pub async fn set_on_duty(
    db: &Database,
    partner_id: &str,
    active: bool,
    admin_email: &str,
    delivery: &DeliverySettings,
) -> Result<(Outcome, u64), LifecycleError> {
    let (db_in, partner_id, admin_email) = (db.clone(), partner_id.to_string(), admin_email.to_string());
    let mut session = db.client().start_session().await?;
    let result = session
        .start_transaction()
        .and_run2(async move |session| {
            let db = &db_in;
            let partners = db.collection::<Document>(PARTNERS);
            let partner = partners
                .find_one(doc! { "_id": &partner_id })
                .session(&mut *session)
                .await?
                .ok_or_else(|| refuse(Refusal::NotAllowed("There is no such delivery partner.")))?;
            if partner.get_bool("active").unwrap_or(false) == active {
                return Ok((Outcome::Already, 0));
            }
            let mut returned = 0;
            if !active {
                let carried: Vec<Document> = db
                    .collection::<Document>(ORDERS)
                    .find(super::partners::carried_by(&partner_id, partner.get_str("region").ok()))
                    .projection(doc! { "_id": 1, "region": 1 })
                    .session(&mut *session)
                    .await?
                    .stream(&mut *session)
                    .try_collect()
                    .await?;
                let event = OrderEvent {
                    status: OrderStatus::AwaitingPartner,
                    at: Timestamp::now(),
                    by: format!("admin {admin_email}"),
                    note: Some("the delivery partner was taken off deliveries".into()),
                };
                let ids: Vec<&str> = carried.iter().filter_map(|order| order.get_str("_id").ok()).collect();
                let mut regions: Vec<Option<&str>> = carried.iter().map(|order| order.get_str("region").ok()).collect();
                regions.sort_unstable();
                regions.dedup();
                let moved = db
                    .collection::<Document>(ORDERS)
                    .update_many(
                        doc! {
                            "region": { "$in": regions },
                            "_id": { "$in": &ids },
                            "status": OrderStatus::OutForDelivery.as_str(),
                        },
                        doc! {
                            "$set": { "status": OrderStatus::AwaitingPartner.as_str() },
                            "$unset": { "delivery.partner_id": "" },
                            "$push": { "history": bson::to_bson(&event)? },
                        },
                    )
                    .session(&mut *session)
                    .await?;
                returned = moved.modified_count;
            }
            let change = if active {
                doc! { "active": true }
            } else {
                doc! { "active": false, "load": 0 }
            };
            partners.update_one(doc! { "_id": &partner_id }, doc! { "$set": change }).session(&mut *session).await?;
            let (before, after) = if active { ("off duty", "on duty") } else { ("on duty", "off duty") };
            let entry = audit::Action {
                by: &admin_email,
                action: if active { "activate partner" } else { "deactivate partner" },
                order_id: None,
                partner_id: Some(&partner_id),
                product_id: None,
                before: before.to_string(),
                after: format!(
                    "{after}{}",
                    if returned > 0 { format!("; {returned} orders back to waiting") } else { String::new() }
                ),
                note: None,
            };
            audit::record(db, session, entry).await?;
            Ok((Outcome::Done, returned))
        })
        .await?;
    // The orders just put back (or, for a partner back on duty, anything waiting) go to partners with room now,
    // rather than at the next scheduled sweep.
    if result.0 == Outcome::Done {
        assignment::assign_waiting_orders(db, delivery, |_, _| {}).await?;
    }
    Ok(result)
}
