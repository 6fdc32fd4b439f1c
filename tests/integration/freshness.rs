//! Fresh food by batch on a real mongod with the original exports: shoppers get the earliest good batch and never
//! one past its date; every unit given back (a smaller line, a removed line, an expired cart, a cancelled order)
//! returns to its own batch; checkout refuses a line that went past its date in the cart; writing off expired food
//! removes exactly those units once, even from two servers at once, and the dashboard shows the waste per store;
//! restocking and received goods arrive as new batches; stores from before batches are dated by the migration.

use amazone::model::back_office::{StockAdjustment, StockChange, StockReason};
use amazone::model::batches::{Batch, DEFAULT_SHELF_LIFE_DAYS};
use amazone::model::cart::{Cart, CartError, CartItem};
use amazone::model::location::StockLocation;
use amazone::model::maintenance::{Job, RunStatus, Trigger};
use amazone::model::order::Order;
use amazone::model::stock::{FreshStock, StoreStock};
use amazone::model::Timestamp;
use amazone::server::cart::{self, AddToCart, CartOwner, CartServiceError};
use amazone::server::checkout::{self, Placed};
use amazone::server::config::{DeliverySettings, RecommendationSettings};
use amazone::server::maintenance::expire::expire_stale_carts;
use amazone::server::maintenance::write_off::write_off_expired;
use amazone::server::maintenance::{Maintenance, MaintenanceSettings};
use amazone::server::orders::lifecycle::{self, Actor, Outcome};
use mongodb::bson::{doc, DateTime, Document};
use mongodb::Database;

use crate::shopping::{app_with_seed_data, checkout_for, customer_cart, customer_id, GLAZED_DONUT};
use crate::support::{without_markers, TestMongod};

fn today() -> Timestamp {
    Timestamp::now().start_of_day()
}

/// A batch good until `days` from today (negative: already past its date).
fn batch(days: i64, quantity: i64) -> Batch {
    Batch { best_before: today().plus_days(days), quantity }
}

async fn stock(db: &Database) -> FreshStock {
    db.collection::<FreshStock>("fresh_stock").find_one(doc! { "product_id": GLAZED_DONUT }).await.unwrap().unwrap()
}

/// The donut's first store, which the tests stock as they need.
async fn store(db: &Database) -> String {
    stock(db).await.stores[0].store_id.clone()
}

/// The store's batches and units, and the product's total kept in step.
async fn shelf(db: &Database, store_id: &str) -> (Vec<Batch>, i64, i64) {
    let stock = stock(db).await;
    let held = stock.stores.iter().find(|held| held.store_id == store_id).unwrap();
    assert_eq!(held.quantity, held.batches.iter().map(|b| b.quantity).sum::<i64>(), "units = their batches");
    assert_eq!(stock.total, stock.stores.iter().map(|s| s.quantity).sum::<i64>(), "total = the stores' units");
    (held.batches.clone(), held.quantity, stock.total)
}

/// Only `store_id` holds the donut, in these batches.
async fn stock_only(db: &Database, store_id: &str, batches: &[Batch]) {
    let quantity = batches.iter().map(|b| b.quantity).sum();
    let held = StoreStock { store_id: store_id.into(), quantity, batches: batches.to_vec() };
    db.collection::<Document>("fresh_stock")
        .update_one(
            doc! { "product_id": GLAZED_DONUT },
            doc! { "$set": { "stores": [mongodb::bson::to_bson(&held).unwrap()], "total": quantity } },
        )
        .await
        .unwrap();
    db.collection::<Document>("products")
        .update_one(doc! { "_id": GLAZED_DONUT }, doc! { "$set": { "in_stock": quantity > 0 } })
        .await
        .unwrap();
}

async fn add(db: &Database, owner: &CartOwner, store_id: &str, quantity: u32) -> Result<String, CartServiceError> {
    let request = AddToCart {
        product_id: GLAZED_DONUT,
        quantity,
        store_id: Some(store_id),
        reach: None,
        currency: amazone::model::Currency::GBP,
        guest: None,
    };
    cart::add(db, owner, request).await
}

/// The customer's cart line of donuts (their cart may hold imported lines too).
async fn donut_line(db: &Database, customer: &str) -> CartItem {
    let filter = doc! { "customer_id": customer, "status": "active" };
    let cart = db.collection::<Cart>("carts").find_one(filter).await.unwrap().unwrap();
    cart.items.into_iter().find(|item| item.product_id == GLAZED_DONUT).expect("a line of donuts")
}

fn maintenance(db: &Database) -> Maintenance {
    let settings = MaintenanceSettings::default();
    Maintenance::new(
        db.clone(),
        settings,
        RecommendationSettings::default(),
        Default::default(),
        Default::default(),
        "test",
    )
}

#[tokio::test]
async fn shoppers_get_the_earliest_good_batch_and_every_unit_given_back_returns_to_its_batch() {
    let mongod = TestMongod::start().await;
    let app = app_with_seed_data(&mongod).await;
    let db = &app.db;
    let store_id = store(db).await;
    let on_shelf = [batch(-1, 5), batch(1, 2), batch(3, 4)];
    stock_only(db, &store_id, &on_shelf).await;
    let customer = customer_id(db, 1).await;
    let owner = customer_cart(customer.clone());

    // Three units: the two of tomorrow's batch and one of the next; yesterday's five are never sold.
    add(db, &owner, &store_id, 3).await.unwrap();
    assert_eq!(donut_line(db, &customer).await.batches, vec![batch(1, 2), batch(3, 1)]);
    let view = cart::view(db, &owner).await.unwrap();
    let line = view.lines.iter().find(|line| line.product_id == GLAZED_DONUT).unwrap();
    assert_eq!((line.best_before, line.past_best_before), (Some(today().plus_days(1)), false));
    assert_eq!(shelf(db, &store_id).await, (vec![batch(-1, 5), batch(3, 3)], 8, 8));
    let refused = add(db, &owner, &store_id, 4).await;
    assert!(matches!(refused, Err(CartServiceError::Cart(CartError::OutOfStock { available: 3 }))), "{refused:?}");

    // The product page offers what may be sold, with the best-before the shopper would get.
    let page = without_markers(&app.get(&format!("/p/{GLAZED_DONUT}")).await.text().await.unwrap());
    let next = today().plus_days(3).date_string();
    assert!(page.contains(&format!("Best before <time datetime=\"{next}\">{next}</time>")), "{page}");
    assert!(page.contains("3 in stock, best before"), "yesterday's units are not offered: {page}");

    // One unit fewer gives back the latest unit; removing the line gives back the rest, each to its own batch.
    let key = donut_line(db, &customer).await.key();
    cart::set_quantity(db, &owner, &key, 2, None).await.unwrap();
    assert_eq!(donut_line(db, &customer).await.batches, vec![batch(1, 2)]);
    assert_eq!(shelf(db, &store_id).await.0, vec![batch(-1, 5), batch(3, 4)]);
    cart::set_quantity(db, &owner, &key, 0, None).await.unwrap();
    assert_eq!(shelf(db, &store_id).await, (on_shelf.to_vec(), 11, 11));

    // An expired cart gives its units back to their batches too, whether their batch sold out meanwhile (tomorrow's
    // two went into this cart)...
    add(db, &owner, &store_id, 4).await.unwrap();
    assert_eq!(shelf(db, &store_id).await.0, vec![batch(-1, 5), batch(3, 2)]);
    assert_eq!(expire_carts_of(db, &customer).await, 4);
    assert_eq!(shelf(db, &store_id).await, (on_shelf.to_vec(), 11, 11));

    // ... or the store still holds a batch of every date given back (a delivery of tomorrow's came meanwhile).
    add(db, &owner, &store_id, 3).await.unwrap();
    stock_only(db, &store_id, &[batch(-1, 5), batch(1, 1), batch(3, 3)]).await;
    assert_eq!(expire_carts_of(db, &customer).await, 3);
    assert_eq!(shelf(db, &store_id).await, (vec![batch(-1, 5), batch(1, 3), batch(3, 4)], 12, 12));
    app.shutdown().await;
}

/// Expires the customer's cart as the job does once it has been left alone for hours, returning the units it gave
/// back.
async fn expire_carts_of(db: &Database, customer: &str) -> u64 {
    let three_hours_ago = DateTime::from_millis(DateTime::now().timestamp_millis() - 3 * 3_600_000);
    db.collection::<Document>("carts")
        .update_many(doc! { "customer_id": customer }, doc! { "$set": { "updated_at": three_hours_ago } })
        .await
        .unwrap();
    let cutoff = Timestamp(Timestamp::now().millis() - 2 * 3_600_000);
    expire_stale_carts(db, cutoff, |_, _| {}).await.unwrap().units
}

#[tokio::test]
async fn an_order_keeps_its_batches_a_cancellation_returns_them_and_a_line_past_its_date_is_not_sold() {
    let mongod = TestMongod::start().await;
    let app = app_with_seed_data(&mongod).await;
    let db = &app.db;
    let store_id = store(db).await;
    let on_shelf = [batch(0, 2), batch(2, 6)];
    stock_only(db, &store_id, &on_shelf).await;
    let delivery = DeliverySettings { partner_capacity: 3, customer_cancel_minutes: 0 };

    let customer = customer_id(db, 1).await;
    let cart_id = add(db, &customer_cart(customer.clone()), &store_id, 3).await.unwrap();
    let Placed::New(order_id) = checkout::place_order(db, checkout_for(&customer, &cart_id), &delivery).await.unwrap()
    else {
        panic!("a new order")
    };
    let order = db.collection::<Order>("orders").find_one(doc! { "_id": &order_id }).await.unwrap().unwrap();
    let donuts = order.lines.iter().find(|line| line.product_id == GLAZED_DONUT).unwrap();
    assert_eq!(donuts.batches, vec![batch(0, 2), batch(2, 1)], "today's last good units go first");
    let admin = Actor::Admin("admin@amazone.test".into());
    assert_eq!(lifecycle::cancel(db, &order_id, &admin, &delivery).await.unwrap(), Outcome::Done);
    assert_eq!(shelf(db, &store_id).await, (on_shelf.to_vec(), 8, 8));

    // A cart kept past its units' date: checkout names the product, and nothing is ordered.
    let other = customer_id(db, 2).await;
    let cart_id = add(db, &customer_cart(other.clone()), &store_id, 1).await.unwrap();
    let yesterday = mongodb::bson::to_bson(&[batch(-1, 1)]).unwrap();
    db.collection::<Document>("carts")
        .update_one(doc! { "_id": &cart_id }, doc! { "$set": { "items.$[line].batches": yesterday } })
        .array_filters([doc! { "line.product_id": GLAZED_DONUT }])
        .await
        .unwrap();
    let view = cart::view(db, &customer_cart(other.clone())).await.unwrap();
    let line = view.lines.iter().find(|line| line.product_id == GLAZED_DONUT).unwrap();
    assert!(line.past_best_before, "the cart page warns before checkout does");
    let refused = checkout::place_order(db, checkout_for(&other, &cart_id), &delivery).await;
    match refused {
        Err(CartServiceError::Cart(CartError::PastBestBefore { names })) => assert_eq!(names, "Glazed Donut"),
        other => panic!("refused for its date, not {other:?}"),
    }
    assert!(db.collection::<Document>("orders").find_one(doc! { "_id": &cart_id }).await.unwrap().is_none());
    app.shutdown().await;
}

#[tokio::test]
async fn writing_off_removes_expired_units_once_even_from_two_servers_and_the_dashboard_shows_the_waste() {
    let mongod = TestMongod::start().await;
    let app = app_with_seed_data(&mongod).await;
    let db = &app.db;
    let store_id = store(db).await;
    stock_only(db, &store_id, &[batch(-2, 3), batch(-1, 5), batch(2, 4)]).await;

    // Two servers at once (no lease between direct calls): eight units go, once.
    let now = Timestamp::now();
    let (a, b) = tokio::join!(write_off_expired(db, now, |_, _| {}), write_off_expired(db, now, |_, _| {}));
    assert_eq!(a.unwrap().units + b.unwrap().units, 8);
    assert_eq!(shelf(db, &store_id).await, (vec![batch(2, 4)], 4, 4));

    // The day's level says why; the job again finds nothing.
    let bucket = db
        .collection::<Document>("inventory_levels")
        .find_one(doc! { "product_id": GLAZED_DONUT, "location.id": &store_id, "month": &today().date_string()[..7] })
        .await
        .unwrap()
        .expect("this month's bucket");
    let measurements = bucket.get_array("measurements").unwrap();
    let day = measurements.iter().filter_map(|m| m.as_document()).next_back().unwrap();
    assert_eq!((day.get_i64("quantity").unwrap(), day.get_i64("wasted").unwrap()), (4, 8));
    let run = maintenance(db).run(Job::WriteOffExpired, Trigger::Command, None).await.unwrap();
    assert_eq!((run.status, run.counts.units_wasted), (RunStatus::Succeeded, 0));

    // Everything past its date: the product is out of stock once written off.
    stock_only(db, &store_id, &[batch(-1, 2)]).await;
    let run = maintenance(db).run(Job::WriteOffExpired, Trigger::Command, None).await.unwrap();
    assert_eq!((run.counts.units_wasted, run.counts.locations_written_off), (2, 1));
    let product = db.collection::<Document>("products").find_one(doc! { "_id": GLAZED_DONUT }).await.unwrap().unwrap();
    assert_eq!(product.get_bool("in_stock"), Ok(false));

    let dashboard = amazone::server::maintenance::dashboard::dashboard(&maintenance(db)).await.unwrap();
    let waste = dashboard.waste.iter().find(|row| row.store_id == store_id).expect("the store's waste");
    assert_eq!((waste.wasted, waste.past_date_on_shelf), (10, 0));
    assert!(!waste.store.is_empty() && !waste.store.starts_with("Store "), "named: {waste:?}");
    app.shutdown().await;
}

#[tokio::test]
async fn deliveries_arrive_as_new_batches_and_stores_from_before_batches_are_dated() {
    let mongod = TestMongod::start().await;
    let app = app_with_seed_data(&mongod).await;
    let db = &app.db;
    let store_id = store(db).await;
    let shelf_life = i64::from(DEFAULT_SHELF_LIFE_DAYS);
    stock_only(db, &store_id, &[batch(1, 2)]).await;

    // Restocking tops the store up to 25 with a batch good for the shelf life (the donut has none set: the default).
    let run = maintenance(db).run(Job::Restock, Trigger::Command, None).await.unwrap();
    assert_eq!(run.status, RunStatus::Succeeded);
    assert_eq!(shelf(db, &store_id).await, (vec![batch(1, 2), batch(shelf_life, 23)], 25, 25));

    // Received goods join that day's batch; damaged ones come off the oldest.
    let location = StockLocation::Store(store_id.clone());
    let adjust = |change, reason| StockAdjustment { location: location.clone(), change, reason };
    let by = "admin@amazone.test";
    use amazone::server::back_office::stock::adjust as adjust_stock;
    adjust_stock(db, GLAZED_DONUT, adjust(StockChange::Add(3), StockReason::Received), by).await.unwrap();
    assert_eq!(shelf(db, &store_id).await.0, vec![batch(1, 2), batch(shelf_life, 26)]);
    adjust_stock(db, GLAZED_DONUT, adjust(StockChange::Remove(3), StockReason::Damaged), by).await.unwrap();
    assert_eq!(shelf(db, &store_id).await, (vec![batch(shelf_life, 25)], 25, 25));

    // A store from before batches: its units become one batch good for the shelf life; the old expiry goes.
    db.collection::<Document>("fresh_stock")
        .update_one(doc! { "product_id": GLAZED_DONUT }, doc! { "$unset": { "stores.$[].batches": "" } })
        .await
        .unwrap();
    db.collection::<Document>("products")
        .update_one(doc! { "_id": GLAZED_DONUT }, doc! { "$set": { "details.expires_on": DateTime::from_millis(0) } })
        .await
        .unwrap();
    crate::support::forget_migrations(db).await;
    amazone::server::schema::ensure(db).await.unwrap();
    assert_eq!(shelf(db, &store_id).await, (vec![batch(shelf_life, 25)], 25, 25));
    let product = db.collection::<Document>("products").find_one(doc! { "_id": GLAZED_DONUT }).await.unwrap().unwrap();
    assert!(!product.get_document("details").unwrap().contains_key("expires_on"));
    // Running it again changes nothing.
    crate::support::forget_migrations(db).await;
    amazone::server::schema::ensure(db).await.unwrap();
    assert_eq!(shelf(db, &store_id).await, (vec![batch(shelf_life, 25)], 25, 25));
    app.shutdown().await;
}
