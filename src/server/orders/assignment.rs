//! Giving waiting orders a partner: a partner whose place was just freed takes the oldest waiting order in the same
//! transaction, and the `assign-partners` job sweeps whatever is left (a partner taken back on, capacity raised,
//! a run of failed deliveries).

use mongodb::bson::{self, doc};
use mongodb::{ClientSession, Database};

use super::lifecycle::{move_to, Move};
use super::{partners, tracking};
use crate::model::order::{Delivery, Order, OrderStatus};
use crate::server::collections::ORDERS;
use crate::server::config::DeliverySettings;

/// What one attempt to give a partner an order did.
#[derive(Debug, Clone, PartialEq)]
pub enum Assigned {
    Order(String),
    NothingWaiting,
    /// The partner is full or inactive (filled by a concurrent checkout, or taken off meanwhile).
    PartnerFull,
}

/// Gives `partner_id` the oldest order waiting for a partner (on the `status_placed` index), other than `except`,
/// if the partner has room. Runs in the caller's transaction.
pub(crate) async fn assign_oldest_waiting(
    db: &Database,
    session: &mut ClientSession,
    partner_id: &str,
    capacity: u32,
    except: Option<&str>,
) -> mongodb::error::Result<Assigned> {
    let mut filter = doc! { "status": OrderStatus::AwaitingPartner.as_str() };
    if let Some(order_id) = except {
        filter.insert("_id", doc! { "$ne": order_id });
    }
    let waiting = db
        .collection::<Order>(ORDERS)
        .find_one(filter)
        .sort(doc! { "placed_at": 1, "_id": 1 })
        .session(&mut *session)
        .await?;
    let Some(order) = waiting else { return Ok(Assigned::NothingWaiting) };
    if !partners::claim(db, session, partner_id, capacity).await? {
        return Ok(Assigned::PartnerFull);
    }
    let mut change = Move::by_store(OrderStatus::OutForDelivery);
    match &order.delivery {
        Some(_) => change.set.insert("delivery.partner_id", partner_id),
        // Placed before every order got its tracking number at checkout.
        None => {
            let delivery = Delivery {
                partner_id: Some(partner_id.to_string()),
                tracking_number: tracking::next(db).await?,
                estimated_days: Some(1),
            };
            change.set.insert("delivery", bson::to_bson(&delivery)?)
        }
    };
    move_to(db, session, &order, change).await?;
    Ok(Assigned::Order(order.id))
}

/// `assign-partners`: every active partner with room takes the oldest waiting orders until full, one transaction
/// per assignment (so a run killed halfway has assigned whole orders and a rerun goes on from there; two servers
/// cannot overfill a partner or give one order twice: both are claimed by updates guarded by their state). Returns
/// how many orders were given a partner.
pub async fn assign_waiting_orders(
    db: &Database,
    delivery: &DeliverySettings,
    progress: impl Fn(u64, u64),
) -> mongodb::error::Result<u64> {
    let capacity = delivery.capacity();
    let total = db
        .collection::<Order>(ORDERS)
        .count_documents(doc! { "status": OrderStatus::AwaitingPartner.as_str() })
        .await?;
    progress(0, total);
    let mut assigned = 0;
    'partners: for (partner_id, room) in partners::all_with_room(db, capacity).await? {
        for _ in 0..room {
            let mut session = db.client().start_session().await?;
            let (db, partner_id) = (db.clone(), partner_id.clone());
            let attempt = session
                .start_transaction()
                .and_run2(async move |session| assign_oldest_waiting(&db, session, &partner_id, capacity, None).await)
                .await?;
            match attempt {
                Assigned::Order(_) => {
                    assigned += 1;
                    progress(assigned, total.max(assigned));
                }
                Assigned::NothingWaiting => break 'partners,
                Assigned::PartnerFull => continue 'partners,
            }
        }
    }
    progress(assigned, total.max(assigned));
    Ok(assigned)
}
