//! An order's changes of state after checkout, each one transaction guarded by the state it leaves (two clicks, two
//! tabs, two servers: one wins, the other reads the new state and is told what happened):
//! - `deliver`: out for delivery -> delivered; the partner's place is freed and takes the oldest waiting order.
//! - `not_delivered`: out for delivery -> waiting again, with the partner's reason; the partner's place is freed
//!   (and takes another waiting order, not this one).
//! - `cancel`: waiting or out for delivery -> cancelled; every line's units go back to the store or warehouse they
//!   left from, and a partner carrying it is freed (and takes the oldest waiting order).
//!
//! All are safe to run twice: the second finds the order already there and changes nothing. Giving waiting orders
//! a partner is in `assignment`.

use mongodb::bson::{self, doc, Document};
use mongodb::{ClientSession, Database};

use super::assignment::assign_oldest_waiting;
use super::spread::{Reaching, UnderWay};
use super::{audit, partners};
use crate::model::order::{Order, OrderEvent, OrderStatus};
use crate::model::Timestamp;
use crate::server::accounts::CustomerRecords;
use crate::server::cart::release;
use crate::server::collections::ORDERS;
use crate::server::config::DeliverySettings;

/// Who asks for the change: what they may do differs.
#[derive(Debug, Clone, PartialEq)]
pub enum Actor {
    /// May cancel their own order while it waits for a partner (before dispatch); their orders are looked for where
    /// they are.
    Customer(CustomerRecords),
    /// May deliver (or report they could not deliver) the orders they carry.
    Partner(String),
    /// May cancel any order before delivery, and mark any order out for delivery delivered or not delivered.
    Admin(String),
}

impl Actor {
    /// As the order's history records it.
    pub(crate) fn name(&self) -> String {
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
pub(crate) enum Refusal {
    UnknownOrder,
    NotAllowed(&'static str),
    WrongState(OrderStatus, &'static str),
}

pub(crate) fn refuse(refusal: Refusal) -> mongodb::error::Error {
    mongodb::error::Error::custom(refusal)
}

const ONLY_CARRIER_DELIVERS: &str = "Only the partner carrying this order can deliver it.";

/// Marks an order out for delivery as delivered, frees its partner's place and gives it the oldest waiting order.
pub async fn deliver(
    db: &Database,
    order_id: &str,
    actor: &Actor,
    delivery: &DeliverySettings,
) -> Result<Outcome, LifecycleError> {
    if let Actor::Customer(_) = actor {
        return Err(LifecycleError::NotAllowed("Only the delivery partner or an admin can mark an order delivered."));
    }
    let (db, order_id, actor, capacity) = (db.clone(), order_id.to_string(), actor.clone(), delivery.capacity());
    let (mut attempt, refilling) = (0, UnderWay::start(&db, Reaching::OldestOrder));
    let mut session = db.client().start_session().await?;
    let outcome = session.start_transaction().and_run2(async move |session| {
        attempt += 1;
        let order = find(&db, session, &order_id, &actor).await?;
        let partner_id = carrier(&order);
        check_carrier(&actor, partner_id.as_deref(), ONLY_CARRIER_DELIVERS)?;
        match order.status {
            OrderStatus::Delivered => return Ok(Outcome::Already),
            OrderStatus::OutForDelivery => {}
            other => return Err(refuse(Refusal::WrongState(other, "delivered"))),
        }
        move_to(&db, session, &order, Move::to(OrderStatus::Delivered, &actor)).await?;
        audit_admin(&db, session, &actor, "deliver", &order, OrderStatus::Delivered, None).await?;
        if let Some(partner_id) = partner_id {
            partners::free(&db, session, &partner_id, true).await?;
            assign_oldest_waiting(&db, session, &partner_id, capacity, None, refilling.among(attempt)).await?;
        }
        Ok(Outcome::Done)
    });
    Ok(outcome.await?)
}

/// The partner could not deliver (nobody home, wrong address...): the order waits for a partner again, with the
/// reason in its history, and the partner's place takes another waiting order (never this one straight back).
pub async fn not_delivered(
    db: &Database,
    order_id: &str,
    actor: &Actor,
    reason: &str,
    delivery: &DeliverySettings,
) -> Result<Outcome, LifecycleError> {
    if let Actor::Customer(_) = actor {
        return Err(LifecycleError::NotAllowed("Only the delivery partner or an admin can report a failed delivery."));
    }
    let (db, order_id, actor, capacity) = (db.clone(), order_id.to_string(), actor.clone(), delivery.capacity());
    let reason = reason.to_string();
    let (mut attempt, refilling) = (0, UnderWay::start(&db, Reaching::OldestOrder));
    let mut session = db.client().start_session().await?;
    let outcome = session.start_transaction().and_run2(async move |session| {
        attempt += 1;
        let order = find(&db, session, &order_id, &actor).await?;
        let partner_id = carrier(&order);
        // The same partner reporting twice (two taps): the first report already put it back to waiting.
        if order.status == OrderStatus::AwaitingPartner && last_moved_by(&order) == Some(actor.name()) {
            return Ok(Outcome::Already);
        }
        check_carrier(
            &actor,
            partner_id.as_deref(),
            "Only the partner carrying this order can report on its delivery.",
        )?;
        match order.status {
            OrderStatus::OutForDelivery => {}
            other => return Err(refuse(Refusal::WrongState(other, "reported as not delivered"))),
        }
        let mut change = Move::to(OrderStatus::AwaitingPartner, &actor);
        change.note = Some(reason.clone());
        change.unset = Some("delivery.partner_id");
        move_to(&db, session, &order, change).await?;
        let note = Some(reason.clone());
        audit_admin(&db, session, &actor, "not delivered", &order, OrderStatus::AwaitingPartner, note).await?;
        if let Some(partner_id) = partner_id {
            partners::free(&db, session, &partner_id, false).await?;
            assign_oldest_waiting(&db, session, &partner_id, capacity, Some(&order.id), refilling.among(attempt))
                .await?;
        }
        Ok(Outcome::Done)
    });
    Ok(outcome.await?)
}

/// Cancels an order before delivery: its units go back exactly where they left from, and a partner carrying it is
/// freed. A customer may cancel only their own order, while it waits for a partner or soon after ordering (see
/// `Order::customer_may_cancel`).
pub async fn cancel(
    db: &Database,
    order_id: &str,
    actor: &Actor,
    delivery: &DeliverySettings,
) -> Result<Outcome, LifecycleError> {
    if let Actor::Partner(_) = actor {
        return Err(LifecycleError::NotAllowed("A delivery partner cannot cancel an order."));
    }
    let (db, order_id, actor, capacity) = (db.clone(), order_id.to_string(), actor.clone(), delivery.capacity());
    let window = delivery.customer_cancel_minutes;
    let (mut attempt, refilling) = (0, UnderWay::start(&db, Reaching::OldestOrder));
    let mut session = db.client().start_session().await?;
    let outcome = session.start_transaction().and_run2(async move |session| {
        attempt += 1;
        let order = find(&db, session, &order_id, &actor).await?;
        match (order.status, &actor) {
            (OrderStatus::Cancelled, _) => return Ok(Outcome::Already),
            (OrderStatus::Delivered, _) => return Err(refuse(Refusal::WrongState(OrderStatus::Delivered, "cancelled"))),
            (OrderStatus::OutForDelivery, Actor::Customer(_))
                if !order.customer_may_cancel(Timestamp::now(), window) =>
            {
                return Err(refuse(Refusal::NotAllowed(
                    "This order is already on its way, so it can no longer be cancelled here. Refuse it at the door, or contact us.",
                )))
            }
            _ => {}
        }
        move_to(&db, session, &order, Move::to(OrderStatus::Cancelled, &actor)).await?;
        audit_admin(&db, session, &actor, "cancel", &order, OrderStatus::Cancelled, None).await?;
        for line in &order.lines {
            release(&db, session, &line.product_id, &line.source, line.quantity, &line.batches).await?;
        }
        if let (OrderStatus::OutForDelivery, Some(partner_id)) = (order.status, carrier(&order)) {
            partners::free(&db, session, &partner_id, false).await?;
            assign_oldest_waiting(&db, session, &partner_id, capacity, None, refilling.among(attempt)).await?;
        }
        Ok(Outcome::Done)
    });
    Ok(outcome.await?)
}

/// An admin's change goes into the audit log, in the same transaction.
async fn audit_admin(
    db: &Database,
    session: &mut ClientSession,
    actor: &Actor,
    action: &str,
    order: &Order,
    next: OrderStatus,
    note: Option<String>,
) -> mongodb::error::Result<()> {
    let Actor::Admin(email) = actor else { return Ok(()) };
    let partner_id = carrier(order);
    let entry = audit::Action {
        by: email,
        action,
        order_id: Some(&order.id),
        partner_id: partner_id.as_deref(),
        product_id: None,
        before: audit::describe_order(order),
        after: audit::describe(next, None),
        note,
    };
    audit::record(db, session, entry).await
}

/// The partner an order is with, if any.
fn carrier(order: &Order) -> Option<String> {
    order.delivery.as_ref().and_then(|delivery| delivery.partner_id.clone())
}

/// Who moved the order last, as its history says.
fn last_moved_by(order: &Order) -> Option<String> {
    order.history.last().map(|event| event.by.clone())
}

/// A partner may act only on an order they carry; admins on any.
fn check_carrier(actor: &Actor, carrier: Option<&str>, why: &'static str) -> mongodb::error::Result<()> {
    match actor {
        Actor::Partner(me) if carrier != Some(me.as_str()) => Err(refuse(Refusal::NotAllowed(why))),
        _ => Ok(()),
    }
}

/// The order, read in the transaction where the actor's orders are: a customer's own in the regions holding their
/// orders; a partner's in the region they deliver in (orders go to partners of their region); an admin's, or a
/// partner's not yet stamped with a region, wherever it is (`cluster::targeting`). Whether the partner carries it
/// is checked after (`check_carrier`), so that another partner's order is refused by name, not reported unknown.
async fn find(
    db: &Database,
    session: &mut ClientSession,
    order_id: &str,
    actor: &Actor,
) -> mongodb::error::Result<Order> {
    let mut filter = match actor {
        Actor::Customer(customer) => customer.theirs(),
        Actor::Partner(partner_id) => match partners::region_of(db, session, partner_id).await? {
            Some(region) => doc! { "region": { "$in": [region, null] } },
            None => Document::new(),
        },
        Actor::Admin(_) => Document::new(),
    };
    filter.insert("_id", order_id);
    let order = db.collection::<Order>(ORDERS).find_one(filter).session(&mut *session).await?;
    order.ok_or_else(|| refuse(Refusal::UnknownOrder))
}

/// A change of state as the history records it, and what else the same update changes.
pub(crate) struct Move {
    pub next: OrderStatus,
    pub by: String,
    pub note: Option<String>,
    /// Fields set with the state (a partner assigned).
    pub set: Document,
    /// A field removed with the state (the partner who could not deliver).
    pub unset: Option<&'static str>,
}

impl Move {
    pub fn to(next: OrderStatus, actor: &Actor) -> Move {
        Move { next, by: actor.name(), note: None, set: Document::new(), unset: None }
    }

    /// The store's own moves (checkout, assignment).
    pub fn by_store(next: OrderStatus) -> Move {
        Move { next, by: "store".into(), note: None, set: Document::new(), unset: None }
    }
}

/// Moves `order` from the state it was read in to `change.next`, guarded by that state, with an entry in its
/// history.
pub(crate) async fn move_to(
    db: &Database,
    session: &mut ClientSession,
    order: &Order,
    change: Move,
) -> mongodb::error::Result<()> {
    debug_assert!(order.status.can_become(change.next), "{:?} -> {:?}", order.status, change.next);
    let event = OrderEvent { status: change.next, at: Timestamp::now(), by: change.by, note: change.note };
    let mut set = change.set;
    set.insert("status", change.next.as_str());
    let mut update = doc! { "$set": set, "$push": { "history": bson::to_bson(&event)? } };
    if let Some(field) = change.unset {
        update.insert("$unset", doc! { field: "" });
    }
    let moved = db
        .collection::<Document>(ORDERS)
        .update_one(doc! { "region": &order.region, "_id": &order.id, "status": order.status.as_str() }, update)
        .session(&mut *session)
        .await?;
    // In a transaction a concurrent change conflicts (and the transaction is retried) before this can happen.
    if moved.modified_count != 1 {
        return Err(refuse(Refusal::WrongState(order.status, "changed now")));
    }
    Ok(())
}
