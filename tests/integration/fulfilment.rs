//! An order's life after checkout: delivered (the partner's place freed and given the oldest waiting order),
//! not delivered (back to waiting with the reason), cancelled (every unit back where it left from, a carrying
//! partner freed), each guarded by the state it leaves, safe twice, and refused in words to whoever may not do it.
//! Most tests here give each partner one place (capacity 1) so that who waits is plain; the full loop uses 3.

use amazone::model::order::{Order, OrderStatus};
use amazone::server::cart::{self, AddToCart};

use crate::shopping::{customer_cart, customer_records};
use amazone::server::checkout::{self, Placed};
use amazone::server::config::DeliverySettings;
use amazone::server::orders::assignment::assign_waiting_orders;
use amazone::server::orders::lifecycle::{self, Actor, LifecycleError, Outcome};
use mongodb::bson::{doc, Document};
use mongodb::Database;
use reqwest::StatusCode;

use crate::shopping::{app_with_seed_data, checkout_for, customer_id, AERIFIED};
use crate::support::{Browser, TestMongod};

const ADMIN: fn() -> Actor = || Actor::Admin("admin@amazone.test".into());
const ONE_EACH: DeliverySettings = DeliverySettings { partner_capacity: 1, customer_cancel_minutes: 0 };

async fn deliver(db: &Database, id: &str, actor: &Actor) -> Result<Outcome, LifecycleError> {
    lifecycle::deliver(db, id, actor, &ONE_EACH).await
}

async fn cancel(db: &Database, id: &str, actor: &Actor) -> Result<Outcome, LifecycleError> {
    lifecycle::cancel(db, id, actor, &ONE_EACH).await
}

async fn warehouse_units(db: &Database) -> i64 {
    let stock = db.collection::<Document>("warehouse_stock").find_one(doc! { "product_id": AERIFIED }).await;
    stock.unwrap().unwrap().get_i64("quantity").unwrap()
}

async fn order(db: &Database, id: &str) -> Order {
    db.collection::<Order>("orders").find_one(doc! { "_id": id }).await.unwrap().unwrap()
}

/// Every partner full (one place each) but `free` (so that orders wait, or go to those); the partners' ids, sorted.
async fn only_free(db: &Database, free: usize) -> Vec<String> {
    let partners = db.collection::<Document>("partners");
    partners.update_many(doc! {}, doc! { "$set": { "load": 1, "active": true } }).await.unwrap();
    let ids = partner_ids(db).await;
    for id in ids.iter().take(free) {
        set_load(db, id, 0).await;
    }
    ids
}

async fn partner_ids(db: &Database) -> Vec<String> {
    let partners = db.collection::<Document>("partners");
    let mut ids: Vec<String> =
        partners.distinct("_id", doc! {}).await.unwrap().iter().map(|id| id.as_str().unwrap().to_string()).collect();
    ids.sort();
    ids
}

async fn set_load(db: &Database, partner_id: &str, load: i32) {
    let partners = db.collection::<Document>("partners");
    partners.update_one(doc! { "_id": partner_id }, doc! { "$set": { "load": load } }).await.unwrap();
}

async fn partner(db: &Database, id: &str) -> Document {
    db.collection::<Document>("partners").find_one(doc! { "_id": id }).await.unwrap().unwrap()
}

fn number(document: &Document, key: &str) -> i64 {
    document.get_i64(key).or_else(|_| document.get_i32(key).map(i64::from)).unwrap()
}

/// Customer `legacy` orders `units` of Aerified (partners taking one order each); returns the order id.
async fn place(db: &Database, legacy: i64, units: u32) -> String {
    place_with(db, legacy, units, &ONE_EACH).await
}

async fn place_with(db: &Database, legacy: i64, units: u32, delivery: &DeliverySettings) -> String {
    let customer = customer_id(db, legacy).await;
    let owner = customer_cart(customer.clone());
    let request = AddToCart {
        product_id: AERIFIED,
        quantity: units,
        store_id: None,
        reach: None,
        currency: amazone::model::Currency::GBP,
        guest: None,
    };
    let cart_id = cart::add(db, &owner, request).await.unwrap();
    match checkout::place_order(db, checkout_for(&customer, &cart_id), delivery).await.unwrap() {
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
    let free = db.collection::<Document>("partners").count_documents(doc! { "load": 0 }).await.unwrap();
    assert_eq!(free, 1, "nobody waits, so the partner is free again");
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
    let diana = Actor::Customer(customer_records(db, 2).await);
    assert_eq!(cancel(db, &waiting, &diana).await.unwrap(), Outcome::Done);
    assert_eq!(cancel(db, &waiting, &diana).await.unwrap(), Outcome::Already);
    assert_eq!(warehouse_units(db).await, start - 3, "exactly its two units back");
    // Not someone else's, and not once it is on its way.
    let tracey = Actor::Customer(customer_records(db, 1).await);
    assert!(matches!(cancel(db, &waiting, &tracey).await, Err(LifecycleError::UnknownOrder)));
    assert!(matches!(cancel(db, &carried, &tracey).await, Err(LifecycleError::NotAllowed(_))));
    // An admin can: the units come back and the partner is free.
    assert_eq!(cancel(db, &carried, &ADMIN()).await.unwrap(), Outcome::Done);
    assert_eq!(warehouse_units(db).await, start);
    let free = db.collection::<Document>("partners").count_documents(doc! { "load": 0 }).await.unwrap();
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
        set_load(db, id, 0).await;
    }
    let heard = std::sync::Mutex::new(Vec::new());
    let report = |done, total| heard.lock().unwrap().push((done, total));
    let assigned = assign_waiting_orders(db, &ONE_EACH, report).await.unwrap();
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
    assert_eq!(assign_waiting_orders(db, &ONE_EACH, |_, _| {}).await.unwrap(), 0);
    for id in &partners[2..] {
        set_load(db, id, 0).await;
    }
    assert_eq!(assign_waiting_orders(db, &ONE_EACH, |_, _| {}).await.unwrap(), 2);
    for id in &ids {
        assert_eq!(order(db, id).await.status, OrderStatus::OutForDelivery);
    }
    let carrying: u64 = collection.count_documents(doc! { "load": 1 }).await.unwrap();
    assert_eq!(carrying, 4, "each order has its own partner; the fifth partner stays free");
    app.shutdown().await;
}

#[tokio::test]
async fn more_orders_than_partners_times_capacity_all_end_delivered_through_the_partners_rounds() {
    use amazone::server::orders::round::round;
    const THREE: DeliverySettings = DeliverySettings { partner_capacity: 3, customer_cancel_minutes: 0 };
    let mongod = TestMongod::start().await;
    let app = app_with_seed_data(&mongod).await;
    let db = &app.db;
    // The imported orders on their way are delivered already; two partners on duty, free; the others off.
    let orders = db.collection::<Document>("orders");
    orders
        .update_many(doc! { "status": "out_for_delivery" }, doc! { "$set": { "status": "delivered" } })
        .await
        .unwrap();
    let partners = db.collection::<Document>("partners");
    partners.update_many(doc! {}, doc! { "$set": { "active": false } }).await.unwrap();
    let on_duty = partner_ids(db).await[..2].to_vec();
    for id in &on_duty {
        partners.update_one(doc! { "_id": id }, doc! { "$set": { "active": true, "load": 0 } }).await.unwrap();
    }
    let before: i64 = futures::future::join_all(on_duty.iter().map(|id| partner(db, id)))
        .await
        .iter()
        .map(|p| number(p, "deliveries"))
        .sum();
    let mut ids = Vec::new();
    for n in 0..15 {
        ids.push(place_with(db, 1 + n % 5, 1, &THREE).await);
    }
    let out = futures::future::join_all(ids.iter().map(|id| order(db, id))).await;
    let carried = out.iter().filter(|o| o.status == OrderStatus::OutForDelivery).count();
    assert_eq!(carried, 6, "two partners, three places each; the other nine wait");

    // Each partner works through their round (the orders they carry); every delivery pulls in a waiting order.
    let mut rounds = 0;
    loop {
        let mut delivered_now = 0;
        for id in &on_duty {
            let mine = round(db, id, THREE.capacity()).await.unwrap().unwrap();
            assert!(mine.stops.len() <= 3, "never more than the capacity: {}", mine.stops.len());
            assert_eq!(number(&partner(db, id).await, "load"), mine.stops.len() as i64, "the load counts the round");
            for stop in mine.stops {
                let done = lifecycle::deliver(db, &stop.order_id, &Actor::Partner(id.clone()), &THREE).await;
                assert_eq!(done.unwrap(), Outcome::Done);
                delivered_now += 1;
            }
        }
        if delivered_now == 0 {
            break;
        }
        rounds += 1;
        assert!(rounds < 20, "the loop ends");
    }
    for id in &ids {
        assert_eq!(order(db, id).await.status, OrderStatus::Delivered, "{id}");
    }
    let after: Vec<Document> = futures::future::join_all(on_duty.iter().map(|id| partner(db, id))).await;
    assert!(after.iter().all(|p| number(p, "load") == 0), "nobody is left carrying anything");
    assert_eq!(after.iter().map(|p| number(p, "deliveries")).sum::<i64>(), before + 15, "each delivery counted once");
    app.shutdown().await;
}

#[tokio::test]
async fn a_failed_delivery_waits_again_with_its_reason_and_the_partner_takes_another_order() {
    let mongod = TestMongod::start().await;
    let app = app_with_seed_data(&mongod).await;
    let db = &app.db;
    let partners = only_free(db, 1).await;
    let (carrier, other) = (Actor::Partner(partners[0].clone()), Actor::Partner(partners[1].clone()));
    let first = place(db, 1, 1).await;
    let second = place(db, 2, 1).await;
    assert_eq!(order(db, &first).await.status, OrderStatus::OutForDelivery);

    // Only the partner carrying it can report on it; customers never.
    let refused = lifecycle::not_delivered(db, &first, &other, "Nobody was home", &ONE_EACH).await;
    assert!(matches!(refused, Err(LifecycleError::NotAllowed(_))), "{refused:?}");
    let customer = Actor::Customer(customer_records(db, 1).await);
    let refused = lifecycle::not_delivered(db, &first, &customer, "Nobody was home", &ONE_EACH).await;
    assert!(matches!(refused, Err(LifecycleError::NotAllowed(_))), "{refused:?}");

    let reported = lifecycle::not_delivered(db, &first, &carrier, "Nobody was home", &ONE_EACH).await.unwrap();
    assert_eq!(reported, Outcome::Done);
    let failed = order(db, &first).await;
    assert_eq!(failed.status, OrderStatus::AwaitingPartner);
    assert_eq!(failed.delivery.as_ref().unwrap().partner_id, None, "no partner has it now");
    assert!(failed.delivery.unwrap().tracking_number.starts_with("AMZ-"), "it keeps its tracking number");
    let event = failed.history.last().unwrap();
    assert_eq!(
        (event.note.as_deref(), event.by.as_str()),
        (Some("Nobody was home"), format!("partner {}", partners[0]).as_str())
    );
    // The freed place took the other waiting order, not this one straight back.
    let next = order(db, &second).await;
    assert_eq!(next.status, OrderStatus::OutForDelivery);
    assert_eq!(next.delivery.unwrap().partner_id.as_deref(), Some(partners[0].as_str()));
    // A second tap changes nothing.
    let again = lifecycle::not_delivered(db, &first, &carrier, "Nobody was home", &ONE_EACH).await.unwrap();
    assert_eq!(again, Outcome::Already);
    // When a place comes free, the sweep sends it out again.
    set_load(db, &partners[1], 0).await;
    assert_eq!(assign_waiting_orders(db, &ONE_EACH, |_, _| {}).await.unwrap(), 1);
    let resent = order(db, &first).await;
    assert_eq!(resent.status, OrderStatus::OutForDelivery);
    assert_eq!(resent.delivery.unwrap().partner_id.as_deref(), Some(partners[1].as_str()));
    app.shutdown().await;
}

#[tokio::test]
async fn tracking_numbers_count_from_zero_and_never_repeat_under_concurrency() {
    use amazone::server::orders::tracking;
    let mongod = TestMongod::start().await;
    let app = crate::support::TestApp::spawn(&mongod).await;
    let taken = futures::future::join_all((0..24).map(|_| {
        let db = app.db.clone();
        async move { tracking::next(&db).await.unwrap() }
    }))
    .await;
    let mut sorted = taken.clone();
    sorted.sort();
    let expected: Vec<String> = (0..24).map(tracking::format).collect();
    assert_eq!(sorted, expected, "24 concurrent first calls take 24 distinct numbers from AMZ-00000000");
    app.shutdown().await;
}

#[tokio::test]
async fn the_partner_loads_migration_counts_each_partners_orders_once() {
    let mongod = TestMongod::start().await;
    let app = app_with_seed_data(&mongod).await;
    let db = &app.db;
    // A store from before loads: partners with the on-delivery flag and no load or rating summary.
    let partners = db.collection::<Document>("partners");
    let old = doc! { "$set": { "on_delivery": true }, "$unset": { "load": "", "rating": "" } };
    partners.update_many(doc! {}, old).bypass_document_validation(true).await.unwrap();
    for _ in 0..2 {
        crate::support::forget_migrations(db).await;
        amazone::server::schema::ensure(db).await.unwrap();
        // Partner 3 of the exports carries 13 undelivered current orders; partner 4 seven.
        let three = partners.find_one(doc! { "legacy_id": 3 }).await.unwrap().unwrap();
        assert_eq!(number(&three, "load"), 13);
        assert!(three.get("on_delivery").is_none(), "the old flag is gone");
        let four = partners.find_one(doc! { "legacy_id": 4 }).await.unwrap().unwrap();
        assert_eq!(number(&four, "load"), 7);
        assert!(four.get_document("rating").is_ok(), "rating summaries computed");
    }
    app.shutdown().await;
}

#[tokio::test]
async fn a_customer_may_cancel_soon_after_ordering_even_once_a_partner_has_it() {
    let soon = DeliverySettings { partner_capacity: 1, customer_cancel_minutes: 30 };
    let mongod = TestMongod::start().await;
    let app = app_with_seed_data(&mongod).await;
    let db = &app.db;
    let partners = only_free(db, 1).await;
    let start = warehouse_units(db).await;
    let carried = place(db, 1, 2).await;
    assert_eq!(order(db, &carried).await.status, OrderStatus::OutForDelivery);
    let tracey = Actor::Customer(customer_records(db, 1).await);
    assert_eq!(lifecycle::cancel(db, &carried, &tracey, &soon).await.unwrap(), Outcome::Done);
    assert_eq!(warehouse_units(db).await, start, "both units back");
    assert_eq!(number(&partner(db, &partners[0]).await, "load"), 0, "the partner's place is free again");
    // Past the window (here: none) it is on its way and stays so.
    let later = place(db, 2, 1).await;
    let diana = Actor::Customer(customer_records(db, 2).await);
    assert!(matches!(cancel(db, &later, &diana).await, Err(LifecycleError::NotAllowed(_))));
    app.shutdown().await;
}

#[tokio::test]
async fn the_sweep_fills_each_partner_to_capacity_with_the_oldest_orders() {
    const THREE: DeliverySettings = DeliverySettings { partner_capacity: 3, customer_cancel_minutes: 0 };
    let mongod = TestMongod::start().await;
    let app = app_with_seed_data(&mongod).await;
    let db = &app.db;
    // Everyone full: seven orders wait.
    db.collection::<Document>("partners")
        .update_many(doc! {}, doc! { "$set": { "active": true, "load": 3 } })
        .await
        .unwrap();
    let mut ids = Vec::new();
    for n in 0..7 {
        ids.push(place_with(db, 1 + n % 5, 1, &THREE).await);
    }
    // Two partners come free: the sweep fills both, oldest orders first, and the newest still waits.
    let free = &partner_ids(db).await[..2];
    for id in free {
        set_load(db, id, 0).await;
    }
    assert_eq!(assign_waiting_orders(db, &THREE, |_, _| {}).await.unwrap(), 6);
    let states: Vec<OrderStatus> =
        futures::future::join_all(ids.iter().map(|id| order(db, id))).await.iter().map(|o| o.status).collect();
    assert_eq!(states[..6], [OrderStatus::OutForDelivery; 6]);
    assert_eq!(states[6], OrderStatus::AwaitingPartner);
    for id in free {
        assert_eq!(number(&partner(db, id).await, "load"), 3, "filled to capacity, not past it");
    }
    app.shutdown().await;
}

#[tokio::test]
async fn checkouts_at_the_same_moment_share_the_free_places_and_never_fill_a_partner_past_capacity() {
    const THREE: DeliverySettings = DeliverySettings { partner_capacity: 3, customer_cancel_minutes: 0 };
    let mongod = TestMongod::start().await;
    let app = app_with_seed_data(&mongod).await;
    let db = &app.db;
    // Four partners with three places each, every other partner full: twelve places for sixteen orders at once.
    let partners = db.collection::<Document>("partners");
    partners.update_many(doc! {}, doc! { "$set": { "load": 3, "active": true } }).await.unwrap();
    let free: Vec<String> = partner_ids(db).await.into_iter().take(4).collect();
    for id in &free {
        set_load(db, id, 0).await;
    }
    let placed = futures::future::join_all((1..=16).map(|customer| {
        let db = db.clone();
        async move { place_with(&db, customer, 1, &THREE).await }
    }))
    .await;
    let mut out = 0;
    for id in &placed {
        let order = order(db, id).await;
        match order.status {
            OrderStatus::OutForDelivery => {
                out += 1;
                let carrier = order.delivery.and_then(|delivery| delivery.partner_id).unwrap();
                assert!(free.contains(&carrier), "{id} went to {carrier}, who had no room");
            }
            OrderStatus::AwaitingPartner => assert!(order.delivery.and_then(|delivery| delivery.partner_id).is_none()),
            other => panic!("{id} is {other:?}"),
        }
    }
    assert_eq!(out, 12, "every free place taken, by one order each");
    for id in &free {
        assert_eq!(number(&partner(db, id).await, "load"), 3, "{id} filled to capacity, not past it");
    }
    app.shutdown().await;
}
