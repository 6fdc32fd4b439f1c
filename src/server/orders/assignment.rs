//! Giving orders a partner: a partner whose place was just freed takes the oldest waiting order in the same
//! transaction, the `assign-partners` job sweeps whatever is left (a partner taken back on, capacity raised, a run
//! of failed deliveries), and an admin gives an order to a partner of their choice.

use futures::TryStreamExt;
use mongodb::bson::{self, doc};
use mongodb::{ClientSession, Database};

use super::lifecycle::{move_to, refuse, Actor, LifecycleError, Move, Outcome, Refusal};
use super::{audit, partners, tracking};
use crate::model::order::{Delivery, Order, OrderEvent, OrderStatus};
use crate::model::Timestamp;
use crate::server::collections::ORDERS;
use crate::server::config::DeliverySettings;

/// Orders given to one partner in one transaction by the sweep: large enough that a big backlog is not one
/// transaction per order, small enough that a transaction stays short.
const BATCH: u32 = 200;

/// What one attempt to give a partner orders did.
#[derive(Debug, Clone, PartialEq)]
pub enum Assigned {
    Orders(Vec<String>),
    NothingWaiting,
    /// The partner has no room for them, or is off duty (filled by a concurrent checkout, or taken off meanwhile).
    PartnerFull,
}

/// Gives `partner_id` one of the `among` oldest orders waiting for a partner (see `spread`), other than
/// `except`, if the partner has room. Runs in the caller's transaction.
pub(crate) async fn assign_oldest_waiting(
    db: &Database,
    session: &mut ClientSession,
    partner_id: &str,
    capacity: u32,
    except: Option<&str>,
    among: u32,
) -> mongodb::error::Result<Assigned> {
    fill(db, session, partner_id, capacity, 1, among.max(1) - 1, except).await
}

/// Gives `partner_id` up to `wanted` of the oldest orders waiting for a partner (on the `status_placed_id` index),
/// other than `except`, chosen at random among the `wanted + spare` oldest: their places claimed with one update
/// guarded by the room left, the orders moved with one update guarded by their state, in the caller's transaction.
async fn fill(
    db: &Database,
    session: &mut ClientSession,
    partner_id: &str,
    capacity: u32,
    wanted: u32,
    spare: u32,
    except: Option<&str>,
) -> mongodb::error::Result<Assigned> {
    let mut filter = doc! { "status": OrderStatus::AwaitingPartner.as_str() };
    // A partner delivers within their region: only its orders (and any not stamped with one yet).
    if let Some(region) = partners::region_of(db, session, partner_id).await? {
        filter.insert("region", doc! { "$in": [region, null] });
    }
    if let Some(order_id) = except {
        filter.insert("_id", doc! { "$ne": order_id });
    }
    let oldest: Vec<Order> = db
        .collection::<Order>(ORDERS)
        .find(filter)
        .sort(doc! { "placed_at": 1, "_id": 1 })
        .limit(i64::from(wanted.max(1) + spare))
        .session(&mut *session)
        .await?
        .stream(&mut *session)
        .try_collect()
        .await?;
    let waiting = choose(oldest, wanted.max(1) as usize);
    if waiting.is_empty() {
        return Ok(Assigned::NothingWaiting);
    }
    if !partners::claim(db, session, partner_id, capacity, waiting.len() as u32).await? {
        return Ok(Assigned::PartnerFull);
    }
    let (tracked, untracked): (Vec<&Order>, Vec<&Order>) = waiting.iter().partition(|order| order.delivery.is_some());
    if !tracked.is_empty() {
        let ids: Vec<&str> = tracked.iter().map(|order| order.id.as_str()).collect();
        let mut regions: Vec<Option<&str>> = tracked.iter().map(|order| order.region.as_deref()).collect();
        regions.sort_unstable();
        regions.dedup();
        let event =
            OrderEvent { status: OrderStatus::OutForDelivery, at: Timestamp::now(), by: "store".into(), note: None };
        let moved = db
            .collection::<Order>(ORDERS)
            .update_many(
                doc! {
                    "region": { "$in": regions },
                    "_id": { "$in": &ids },
                    "status": OrderStatus::AwaitingPartner.as_str(),
                },
                doc! {
                    "$set": { "status": OrderStatus::OutForDelivery.as_str(), "delivery.partner_id": partner_id },
                    "$push": { "history": bson::to_bson(&event)? },
                },
            )
            .session(&mut *session)
            .await?;
        // In a transaction a concurrent change conflicts (and the transaction is retried) before this can happen.
        if moved.modified_count != ids.len() as u64 {
            return Err(refuse(Refusal::WrongState(OrderStatus::AwaitingPartner, "changed now")));
        }
    }
    // Placed before every order got its tracking number at checkout: one at a time, each with a new number.
    for order in untracked {
        let delivery = Delivery {
            partner_id: Some(partner_id.to_string()),
            tracking_number: tracking::next(db).await?,
            estimated_days: Some(1),
        };
        let mut change = Move::by_store(OrderStatus::OutForDelivery);
        change.set.insert("delivery", bson::to_bson(&delivery)?);
        move_to(db, session, order, change).await?;
    }
    Ok(Assigned::Orders(waiting.into_iter().map(|order| order.id).collect()))
}

/// `assign-partners`: every active partner with room takes the oldest waiting orders until full, a batch per
/// transaction (so a run killed halfway has assigned whole batches and a rerun goes on from there; two servers
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
    'partners: for (partner_id, mut room) in partners::all_with_room(db, capacity).await? {
        while room > 0 {
            let mut session = db.client().start_session().await?;
            let (db, partner_id, wanted) = (db.clone(), partner_id.clone(), room.min(BATCH));
            let attempt = session
                .start_transaction()
                .and_run2(async move |session| fill(&db, session, &partner_id, capacity, wanted, 0, None).await)
                .await?;
            match attempt {
                Assigned::Orders(ids) => {
                    assigned += ids.len() as u64;
                    room -= ids.len() as u32;
                    progress(assigned, total.max(assigned));
                }
                // Nothing waiting in this partner's region; other regions' partners may still have orders.
                Assigned::NothingWaiting => continue 'partners,
                Assigned::PartnerFull => continue 'partners,
            }
        }
    }
    progress(assigned, total.max(assigned));
    Ok(assigned)
}

/// An admin gives an order to a partner: a waiting order goes out for delivery with them; an order out for delivery
/// moves from its partner to this one (whose freed place takes the oldest waiting order). One transaction with its
/// audit entry; giving it to the partner who has it already changes nothing.
pub async fn assign_to(
    db: &Database,
    order_id: &str,
    partner_id: &str,
    admin_email: &str,
    delivery: &DeliverySettings,
) -> Result<Outcome, LifecycleError> {
    let (db, capacity) = (db.clone(), delivery.capacity());
    let (order_id, partner_id, admin_email) = (order_id.to_string(), partner_id.to_string(), admin_email.to_string());
    let mut session = db.client().start_session().await?;
    let outcome = session
        .start_transaction()
        .and_run2(async move |session| {
            let order = db
                .collection::<Order>(ORDERS)
                .find_one(doc! { "_id": &order_id })
                .session(&mut *session)
                .await?
                .ok_or_else(|| refuse(Refusal::UnknownOrder))?;
            let current = order.delivery.as_ref().and_then(|delivery| delivery.partner_id.clone());
            match order.status {
                OrderStatus::AwaitingPartner | OrderStatus::OutForDelivery => {}
                other => return Err(refuse(Refusal::WrongState(other, "given a partner"))),
            }
            if order.status == OrderStatus::OutForDelivery && current.as_deref() == Some(partner_id.as_str()) {
                return Ok(Outcome::Already);
            }
            let region = partners::region_of(&db, session, &partner_id).await?;
            if order.region.is_some() && region.is_some() && order.region != region {
                return Err(refuse(Refusal::NotAllowed(
                    "That partner delivers in another region: choose one from the list.",
                )));
            }
            if !partners::claim(&db, session, &partner_id, capacity, 1).await? {
                return Err(refuse(Refusal::NotAllowed(
                    "That partner is full or off duty, or not a partner: choose another from the list.",
                )));
            }
            let mut change = Move::to(OrderStatus::OutForDelivery, &Actor::Admin(admin_email.clone()));
            change.set.insert("delivery.partner_id", &partner_id);
            if order.delivery.is_none() {
                let fresh = Delivery {
                    partner_id: Some(partner_id.clone()),
                    tracking_number: tracking::next(&db).await?,
                    estimated_days: Some(1),
                };
                change.set = doc! { "delivery": bson::to_bson(&fresh)? };
            }
            match (order.status, &current) {
                (OrderStatus::OutForDelivery, Some(previous)) => {
                    // The customer reads the history: the partners' ids are in the audit log.
                    change.note = Some("handed to another delivery partner".into());
                    reassign(&db, session, &order, change).await?;
                    partners::free(&db, session, previous, false).await?;
                    assign_oldest_waiting(&db, session, previous, capacity, None, 1).await?;
                }
                _ => move_to(&db, session, &order, change).await?,
            }
            let entry = audit::Action {
                by: &admin_email,
                action: "assign",
                order_id: Some(&order.id),
                partner_id: Some(&partner_id),
                product_id: None,
                before: audit::describe_order(&order),
                after: audit::describe(OrderStatus::OutForDelivery, Some(&partner_id)),
                note: None,
            };
            audit::record(&db, session, entry).await?;
            Ok(Outcome::Done)
        })
        .await?;
    Ok(outcome)
}

/// Out for delivery -> out for delivery with another partner: not a change of state, so not `move_to`; guarded by
/// the partner it leaves, with an entry in the history.
async fn reassign(
    db: &Database,
    session: &mut ClientSession,
    order: &Order,
    change: Move,
) -> mongodb::error::Result<()> {
    let previous = order.delivery.as_ref().and_then(|delivery| delivery.partner_id.clone());
    let event =
        OrderEvent { status: OrderStatus::OutForDelivery, at: Timestamp::now(), by: change.by, note: change.note };
    let moved = db
        .collection::<Order>(ORDERS)
        .update_one(
            doc! {
                "region": &order.region,
                "_id": &order.id,
                "status": OrderStatus::OutForDelivery.as_str(),
                "delivery.partner_id": previous,
            },
            doc! { "$set": change.set, "$push": { "history": bson::to_bson(&event)? } },
        )
        .session(&mut *session)
        .await?;
    if moved.modified_count != 1 {
        return Err(refuse(Refusal::WrongState(order.status, "changed now")));
    }
    Ok(())
}

/// `wanted` of `oldest` at random, kept in their order (all of them when there are no more than that).
fn choose(oldest: Vec<Order>, wanted: usize) -> Vec<Order> {
    if oldest.len() <= wanted {
        return oldest;
    }
    let mut keep = rand::seq::index::sample(&mut rand::rng(), oldest.len(), wanted).into_vec();
    keep.sort_unstable();
    oldest
        .into_iter()
        .enumerate()
        .filter(|(index, _)| keep.binary_search(index).is_ok())
        .map(|(_, order)| order)
        .collect()
}
