//! An order's changes of state after checkout, each one transaction guarded by the state it leaves (two clicks, two
//! tabs, two servers: one wins, the other reads the new state and is told what happened):
//! - `deliver`: out for delivery -> delivered; the partner is freed and takes the oldest order waiting for one.
//! - `cancel`: waiting or out for delivery -> cancelled; every line's units go back to the store or warehouse they
//!   left from, and a partner carrying it is freed (and takes the oldest waiting order).
//!
//! Both are safe to run twice: the second finds the order already there and changes nothing.

use mongodb::bson::{self, doc, Document};
use mongodb::{ClientSession, Database};

use crate::model::order::{Delivery, Order, OrderEvent, OrderStatus};
use crate::model::Timestamp;
use crate::server::cart::release;
use crate::server::collections::{ORDERS, PARTNERS};

/// Who asks for the change: what they may do differs.
#[derive(Debug, Clone, PartialEq)]
pub enum Actor {
    /// May cancel their own order while it waits for a partner (before dispatch).
    Customer(String),
    /// May deliver the orders they carry.
    Partner(String),
    /// May cancel any order before delivery, and mark any order out for delivery delivered.
    Admin(String),
}

impl Actor {
    fn name(&self) -> String {
        match self {
            Actor::Customer(_) => "customer".into(),
            Actor::Partner(id) => format!("partner {id}"),
            Actor::Admin(email) => format!("admin {email}"),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// The change was made.
    Done,
    /// The order was already in the state asked for: nothing changed.
    Already,
}

#[derive(Debug, thiserror::Error)]
pub enum LifecycleError {
    #[error("There is no such order.")]
    UnknownOrder,
    #[error("{0}")]
    NotAllowed(&'static str),
    #[error("This order is {state}, so it cannot be {1}.", state = .0.label().to_lowercase())]
    WrongState(OrderStatus, &'static str),
    #[error(transparent)]
    Database(mongodb::error::Error),
}

impl From<mongodb::error::Error> for LifecycleError {
    fn from(err: mongodb::error::Error) -> Self {
        match err.get_custom::<Refusal>() {
            Some(Refusal::UnknownOrder) => LifecycleError::UnknownOrder,
            Some(Refusal::NotAllowed(why)) => LifecycleError::NotAllowed(why),
            Some(Refusal::WrongState(state, verb)) => LifecycleError::WrongState(*state, verb),
            None => LifecycleError::Database(err),
        }
    }
}

/// A refusal carried out of a transaction (which only returns `mongodb::error::Error`).
#[derive(Debug, Clone)]
enum Refusal {
    UnknownOrder,
    NotAllowed(&'static str),
    WrongState(OrderStatus, &'static str),
}

fn refuse(refusal: Refusal) -> mongodb::error::Error {
    mongodb::error::Error::custom(refusal)
}

/// Marks an order out for delivery as delivered, frees its partner and gives them the oldest waiting order.
pub async fn deliver(db: &Database, order_id: &str, actor: &Actor) -> Result<Outcome, LifecycleError> {
    if let Actor::Customer(_) = actor {
        return Err(LifecycleError::NotAllowed("Only the delivery partner or an admin can mark an order delivered."));
    }
    let (db, order_id, actor) = (db.clone(), order_id.to_string(), actor.clone());
    let mut session = db.client().start_session().await?;
    let outcome = session
        .start_transaction()
        .and_run2(async move |session| {
            let order = find(&db, session, &order_id, None).await?;
            let partner_id = order.delivery.as_ref().and_then(|delivery| delivery.partner_id.clone());
            if let Actor::Partner(me) = &actor {
                if partner_id.as_deref() != Some(me.as_str()) {
                    return Err(refuse(Refusal::NotAllowed("Only the partner carrying this order can deliver it.")));
                }
            }
            match order.status {
                OrderStatus::Delivered => return Ok(Outcome::Already),
                OrderStatus::OutForDelivery => {}
                other => return Err(refuse(Refusal::WrongState(other, "delivered"))),
            }
            move_to(&db, session, &order, OrderStatus::Delivered, &actor.name()).await?;
            if let Some(partner_id) = partner_id {
                free_partner(&db, session, &partner_id).await?;
                assign_oldest_waiting(&db, session, &partner_id).await?;
            }
            Ok(Outcome::Done)
        })
        .await?;
    Ok(outcome)
}

/// Cancels an order before delivery: its units go back exactly where they left from, and a partner carrying it is
/// freed. A customer may cancel only their own order, and only while it waits for a partner.
pub async fn cancel(db: &Database, order_id: &str, actor: &Actor) -> Result<Outcome, LifecycleError> {
    if let Actor::Partner(_) = actor {
        return Err(LifecycleError::NotAllowed("A delivery partner cannot cancel an order."));
    }
    let (db, order_id, actor) = (db.clone(), order_id.to_string(), actor.clone());
    let mut session = db.client().start_session().await?;
    let outcome = session
        .start_transaction()
        .and_run2(async move |session| {
            let owner = match &actor {
                Actor::Customer(customer_id) => Some(customer_id.as_str()),
                _ => None,
            };
            let order = find(&db, session, &order_id, owner).await?;
            match (order.status, &actor) {
                (OrderStatus::Cancelled, _) => return Ok(Outcome::Already),
                (OrderStatus::Delivered, _) => return Err(refuse(Refusal::WrongState(OrderStatus::Delivered, "cancelled"))),
                (OrderStatus::OutForDelivery, Actor::Customer(_)) => {
                    return Err(refuse(Refusal::NotAllowed(
                        "This order is already on its way, so it can no longer be cancelled here. Refuse it at the door, or contact us.",
                    )))
                }
                _ => {}
            }
            move_to(&db, session, &order, OrderStatus::Cancelled, &actor.name()).await?;
            for line in &order.lines {
                release(&db, session, &line.product_id, &line.source, line.quantity).await?;
            }
            let carrier = order.delivery.as_ref().and_then(|delivery| delivery.partner_id.clone());
            if let (OrderStatus::OutForDelivery, Some(partner_id)) = (order.status, carrier) {
                free_partner(&db, session, &partner_id).await?;
                assign_oldest_waiting(&db, session, &partner_id).await?;
            }
            Ok(Outcome::Done)
        })
        .await?;
    Ok(outcome)
}

/// The order (the customer's own, when `owner` is given), read in the transaction.
async fn find(
    db: &Database,
    session: &mut ClientSession,
    order_id: &str,
    owner: Option<&str>,
) -> mongodb::error::Result<Order> {
    let mut filter = doc! { "_id": order_id };
    if let Some(customer_id) = owner {
        filter.insert("customer_id", customer_id);
    }
    let order = db.collection::<Order>(ORDERS).find_one(filter).session(&mut *session).await?;
    order.ok_or_else(|| refuse(Refusal::UnknownOrder))
}

/// Moves `order` from the state it was read in to `next`, guarded by that state, with an entry in its history.
async fn move_to(
    db: &Database,
    session: &mut ClientSession,
    order: &Order,
    next: OrderStatus,
    by: &str,
) -> mongodb::error::Result<()> {
    debug_assert!(order.status.can_become(next), "{:?} -> {next:?}", order.status);
    let event = OrderEvent { status: next, at: Timestamp::now(), by: by.to_string(), note: None };
    let moved = db
        .collection::<Document>(ORDERS)
        .update_one(
            doc! { "_id": &order.id, "status": order.status.as_str() },
            doc! { "$set": { "status": next.as_str() }, "$push": { "history": bson::to_bson(&event)? } },
        )
        .session(&mut *session)
        .await?;
    // In a transaction a concurrent change conflicts (and the transaction is retried) before this can happen.
    if moved.modified_count != 1 {
        return Err(refuse(Refusal::WrongState(order.status, "changed now")));
    }
    Ok(())
}

async fn free_partner(db: &Database, session: &mut ClientSession, partner_id: &str) -> mongodb::error::Result<()> {
    db.collection::<Document>(PARTNERS)
        .update_one(doc! { "_id": partner_id }, doc! { "$set": { "on_delivery": false } })
        .session(&mut *session)
        .await?;
    Ok(())
}

/// Gives a partner who just became free the oldest order waiting for one (on the `status_placed` index), if the
/// partner is active. Returns the order's id.
pub(crate) async fn assign_oldest_waiting(
    db: &Database,
    session: &mut ClientSession,
    partner_id: &str,
) -> mongodb::error::Result<Option<String>> {
    let waiting = db
        .collection::<Order>(ORDERS)
        .find_one(doc! { "status": OrderStatus::AwaitingPartner.as_str() })
        .sort(doc! { "placed_at": 1, "_id": 1 })
        .session(&mut *session)
        .await?;
    // Nobody waiting, or the partner is not free (inactive, or taken meanwhile): nothing to do.
    let Some(order) = waiting else { return Ok(None) };
    if !crate::server::checkout::claim_if_free(db, session, partner_id).await? {
        return Ok(None);
    }
    let delivery = Delivery {
        partner_id: Some(partner_id.to_string()),
        tracking_number: crate::server::checkout::tracking_number(&order.id),
        estimated_days: Some(1),
    };
    let event =
        OrderEvent { status: OrderStatus::OutForDelivery, at: Timestamp::now(), by: "store".into(), note: None };
    let moved = db
        .collection::<Document>(ORDERS)
        .update_one(
            doc! { "_id": &order.id, "status": OrderStatus::AwaitingPartner.as_str() },
            doc! {
                "$set": { "status": OrderStatus::OutForDelivery.as_str(), "delivery": bson::to_bson(&delivery)? },
                "$push": { "history": bson::to_bson(&event)? },
            },
        )
        .session(&mut *session)
        .await?;
    Ok((moved.modified_count == 1).then_some(order.id))
}

/// `assign-partners`: every free active partner takes the oldest order still waiting, one transaction per
/// assignment (so a run killed halfway has assigned whole orders and a rerun goes on from there; two servers cannot
/// give one partner or one order twice: both are claimed by updates guarded by their state). Returns how many
/// orders were given a partner.
pub async fn assign_waiting_orders(db: &Database, progress: impl Fn(u64, u64)) -> mongodb::error::Result<u64> {
    use futures::TryStreamExt;
    let orders = db.collection::<Document>(ORDERS);
    let total = orders.count_documents(doc! { "status": OrderStatus::AwaitingPartner.as_str() }).await?;
    progress(0, total);
    let free: Vec<Document> = db
        .collection::<Document>(PARTNERS)
        .find(doc! { "active": true, "on_delivery": false })
        .projection(doc! { "_id": 1 })
        .await?
        .try_collect()
        .await?;
    let mut assigned = 0;
    for partner in free {
        let Ok(partner_id) = partner.get_str("_id") else { continue };
        if assigned == total {
            break;
        }
        let mut session = db.client().start_session().await?;
        let (db, partner_id) = (db.clone(), partner_id.to_string());
        let order = session
            .start_transaction()
            .and_run2(async move |session| assign_oldest_waiting(&db, session, &partner_id).await)
            .await?;
        match order {
            Some(_) => {
                assigned += 1;
                progress(assigned, total);
            }
            // Nothing left waiting (or the partner was taken meanwhile): the next partner will find the same.
            None => continue,
        }
    }
    progress(assigned, total.max(assigned));
    Ok(assigned)
}
