//! An order's life after checkout: delivered (the partner freed and given the oldest waiting order), cancelled (every
//! unit back where it left from, a carrying partner freed), each guarded by the state it leaves, safe twice, and
//! refused in words to whoever may not do it.

use amazone::model::order::{Order, OrderStatus};
use amazone::server::cart::{self, AddToCart, CartOwner};
use amazone::server::checkout::{self, Placed};
use amazone::server::orders::lifecycle::{cancel, deliver, Actor, LifecycleError, Outcome};
use mongodb::bson::{doc, Document};
use mongodb::Database;
use reqwest::StatusCode;

use crate::shopping::{app_with_seed_data, checkout_for, customer_id, AERIFIED};
use crate::support::{Browser, TestMongod};

const ADMIN: fn() -> Actor = || Actor::Admin("admin@amazone.test".into());

async fn warehouse_units(db: &Database) -> i64 {
    let stock = db.collection::<Document>("warehouse_stock").find_one(doc! { "product_id": AERIFIED }).await;
    stock.unwrap().unwrap().get_i64("quantity").unwrap()
}

async fn order(db: &Database, id: &str) -> Order {
    db.collection::<Order>("orders").find_one(doc! { "_id": id }).await.unwrap().unwrap()
}

/// Every partner busy but `free` (so that orders wait, or go to that one).
async fn only_free(db: &Database, free: usize) -> Vec<String> {
    let partners = db.collection::<Document>("partners");
    partners.update_many(doc! {}, doc! { "$set": { "on_delivery": true, "active": true } }).await.unwrap();
    let mut ids: Vec<String> =
        partners.distinct("_id", doc! {}).await.unwrap().iter().map(|id| id.as_str().unwrap().to_string()).collect();
    ids.sort();
    for id in ids.iter().take(free) {
        partners.update_one(doc! { "_id": id }, doc! { "$set": { "on_delivery": false } }).await.unwrap();
    }
    ids
}

/// Customer `legacy` orders `units` of Aerified; returns the order id.
async fn place(db: &Database, legacy: i64, units: u32) -> String {
    let customer = customer_id(db, legacy).await;
    let owner = CartOwner::Customer(customer.clone());
    let request = AddToCart { product_id: AERIFIED, quantity: units, store_id: None, near: None, guest: None };
    let cart_id = cart::add(db, &owner, request).await.unwrap();
    match checkout::place_order(db, checkout_for(&customer, &cart_id)).await.unwrap() {
        Placed::New(id) => id,
        Placed::Already(id) => panic!("a new order, not {id}"),
    }
}

#[tokio::test]
async fn a_delivery_frees_the_partner_for_the_oldest_waiting_order_and_the_loop_ends_with_everything_delivered() {
    let mongod = TestMongod::start().await;
    let app = app_with_seed_data(&mongod).await;
    let db = &app.db;
    only_free(db, 1).await;
    // Five orders for one free partner: the first goes out, four wait.
    let mut ids = Vec::new();
    for customer in 1..=5 {
        ids.push(place(db, customer, 1).await);
    }
    assert_eq!(order(db, &ids[0]).await.status, OrderStatus::OutForDelivery);
    for id in &ids[1..] {
        assert_eq!(order(db, id).await.status, OrderStatus::AwaitingPartner);
    }
    // Each delivery hands the partner the oldest waiting order, until all are delivered.
    for (n, id) in ids.iter().enumerate() {
        assert_eq!(deliver(db, id, &ADMIN()).await.unwrap(), Outcome::Done, "order {n}");
        if let Some(next) = ids.get(n + 1) {
            let next = order(db, next).await;
            assert_eq!(next.status, OrderStatus::OutForDelivery, "order {} was given the freed partner", n + 1);
            assert!(next.delivery.unwrap().tracking_number.starts_with("AMZ-"));
        }
    }
    for id in &ids {
        let delivered = order(db, id).await;
        assert_eq!(delivered.status, OrderStatus::Delivered);
        let steps: Vec<OrderStatus> = delivered.history.iter().map(|event| event.status).collect();
        assert_eq!(steps.last(), Some(&OrderStatus::Delivered), "{steps:?}");
        assert!(steps.contains(&OrderStatus::OutForDelivery), "{steps:?}");
    }
    let busy = db.collection::<Document>("partners").count_documents(doc! { "on_delivery": false }).await.unwrap();
    assert_eq!(busy, 1, "nobody waits, so the partner is free again");
    // Twice changes nothing; a delivered order cannot be cancelled.
    assert_eq!(deliver(db, &ids[0], &ADMIN()).await.unwrap(), Outcome::Already);
    assert!(matches!(cancel(db, &ids[0], &ADMIN()).await, Err(LifecycleError::WrongState(OrderStatus::Delivered, _))));
    app.shutdown().await;
}

#[tokio::test]
async fn cancelling_gives_every_unit_back_once_and_frees_the_partner() {
    let mongod = TestMongod::start().await;
    let app = app_with_seed_data(&mongod).await;
    let db = &app.db;
    only_free(db, 1).await;
    let start = warehouse_units(db).await;
    let carried = place(db, 1, 3).await;
    let waiting = place(db, 2, 2).await;
    assert_eq!(warehouse_units(db).await, start - 5);

    // The customer cancels their waiting order; twice changes nothing.
    let diana = Actor::Customer(customer_id(db, 2).await);
    assert_eq!(cancel(db, &waiting, &diana).await.unwrap(), Outcome::Done);
    assert_eq!(cancel(db, &waiting, &diana).await.unwrap(), Outcome::Already);
    assert_eq!(warehouse_units(db).await, start - 3, "exactly its two units back");
    // Not someone else's, and not once it is on its way.
    let tracey = Actor::Customer(customer_id(db, 1).await);
    assert!(matches!(cancel(db, &waiting, &tracey).await, Err(LifecycleError::UnknownOrder)));
    assert!(matches!(cancel(db, &carried, &tracey).await, Err(LifecycleError::NotAllowed(_))));
    // An admin can: the units come back and the partner is free.
    assert_eq!(cancel(db, &carried, &ADMIN()).await.unwrap(), Outcome::Done);
    assert_eq!(warehouse_units(db).await, start);
    let free = db.collection::<Document>("partners").count_documents(doc! { "on_delivery": false }).await.unwrap();
    assert_eq!(free, 1);
    assert_eq!(order(db, &carried).await.history.last().unwrap().by, "admin admin@amazone.test");
    app.shutdown().await;
}

#[tokio::test]
async fn cancel_racing_delivery_ends_in_exactly_one_state_with_stock_exact() {
    let mongod = TestMongod::start().await;
    let app = app_with_seed_data(&mongod).await;
    let db = &app.db;
    let start = warehouse_units(db).await;
    let mut ids = Vec::new();
    for customer in 1..=12 {
        only_free(db, 1).await;
        ids.push(place(db, customer, 1).await);
    }
    let races = ids.iter().map(|id| {
        let (db, id) = (db.clone(), id.clone());
        async move {
            let admin = ADMIN();
            tokio::join!(cancel(&db, &id, &admin), deliver(&db, &id, &admin))
        }
    });
    let results = futures::future::join_all(races).await;
    let mut delivered = 0;
    for (id, (cancelled, delivered_now)) in ids.iter().zip(results) {
        let state = order(db, id).await.status;
        match state {
            OrderStatus::Delivered => {
                delivered += 1;
                assert!(delivered_now.is_ok() && cancelled.is_err(), "{id}: one winner");
            }
            OrderStatus::Cancelled => assert!(cancelled.is_ok() && delivered_now.is_err(), "{id}: one winner"),
            other => panic!("{id} ended {other:?}"),
        }
    }
    assert_eq!(warehouse_units(db).await, start - delivered, "delivered units gone, cancelled ones back, none twice");
    app.shutdown().await;
}

#[tokio::test]
async fn the_server_functions_answer_each_role_in_words() {
    let mongod = TestMongod::start().await;
    let app = app_with_seed_data(&mongod).await;
    only_free(&app.db, 0).await;
    let waiting = place(&app.db, 1, 1).await;

    let guest = Browser::new();
    let (status, _, _) = guest.call(&app, "cancel_order", &[("order_id", &waiting)]).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let someone_else = Browser::new();
    someone_else.sign_in(&app, "dianahall@gmail.com").await;
    let (status, _, body) = someone_else.call(&app, "cancel_order", &[("order_id", &waiting)]).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{body}");
    let (status, _, body) = someone_else.call(&app, "mark_delivered", &[("order_id", &waiting)]).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");

    let owner = Browser::new();
    owner.sign_in(&app, "traceymedina@gmail.com").await;
    let (status, _, body) = owner.call(&app, "cancel_order", &[("order_id", &waiting)]).await;
    assert!(status.is_success() || status.is_redirection(), "{status}: {body}");
    assert_eq!(order(&app.db, &waiting).await.status, OrderStatus::Cancelled);

    let admin = Browser::new();
    admin.call(&app, "sign_in", &[("email", "admin@amazone.test"), ("password", "amazone-admin")]).await;
    let (status, _, body) = admin.call(&app, "mark_delivered", &[("order_id", &waiting)]).await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    assert!(body.contains("cancelled"), "{body}");
    app.shutdown().await;
}

#[tokio::test]
async fn assign_partners_gives_free_partners_the_oldest_waiting_orders_and_a_rerun_finishes_the_rest() {
    use amazone::server::orders::lifecycle::assign_waiting_orders;
    let mongod = TestMongod::start().await;
    let app = app_with_seed_data(&mongod).await;
    let db = &app.db;
    let partners = only_free(db, 0).await;
    let mut ids = Vec::new();
    for customer in 1..=4 {
        ids.push(place(db, customer, 1).await);
    }
    // Two partners come free without a delivery (say, their shift starts): the sweep gives them the two oldest.
    let collection = db.collection::<Document>("partners");
    for id in &partners[..2] {
        collection.update_one(doc! { "_id": id }, doc! { "$set": { "on_delivery": false } }).await.unwrap();
    }
    let heard = std::sync::Mutex::new(Vec::new());
    let assigned = assign_waiting_orders(db, |done, total| heard.lock().unwrap().push((done, total))).await.unwrap();
    assert_eq!(assigned, 2);
    assert_eq!(heard.lock().unwrap().first(), Some(&(0, 4)), "progress starts at 0 of the 4 waiting");
    let states: Vec<OrderStatus> =
        futures::future::join_all(ids.iter().map(|id| order(db, id))).await.iter().map(|o| o.status).collect();
    assert_eq!(
        states,
        [
            OrderStatus::OutForDelivery,
            OrderStatus::OutForDelivery,
            OrderStatus::AwaitingPartner,
            OrderStatus::AwaitingPartner
        ]
    );
    // Again with nobody free: nothing changes (what a killed run left is simply picked up by the next).
    assert_eq!(assign_waiting_orders(db, |_, _| {}).await.unwrap(), 0);
    for id in &partners[2..] {
        collection.update_one(doc! { "_id": id }, doc! { "$set": { "on_delivery": false } }).await.unwrap();
    }
    assert_eq!(assign_waiting_orders(db, |_, _| {}).await.unwrap(), 2);
    for id in &ids {
        assert_eq!(order(db, id).await.status, OrderStatus::OutForDelivery);
    }
    let carrying: u64 = collection.count_documents(doc! { "on_delivery": true }).await.unwrap();
    assert_eq!(carrying, 4, "each order has its own partner; the fifth partner stays free");
    app.shutdown().await;
}
