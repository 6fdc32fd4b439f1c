//! The cart, checkout and ratings services against the original exports: reservations that never oversell, one
//! order per cart, and refusals that change nothing.

use std::path::Path;

use amazone::model::cart::{Cart, CartError};
use amazone::model::order::{Order, OrderStatus};
use amazone::model::region::{Destination, FreshReach};
use amazone::model::stock::{FreshStock, WarehouseStock};
use amazone::server::cart::{self, AddToCart, CartOwner, CartServiceError};
use amazone::server::checkout::{self, Checkout, Placed};
use amazone::server::config::{DeliverySettings, Settings};
use amazone::server::import::import_dir;
use mongodb::bson::doc;
use mongodb::Database;

use crate::support::{TestApp, TestMongod};

/// "Aerified", a book: held in the warehouse.
pub const AERIFIED: &str = "63b9be0e4838041b2f631c48";
/// "Glazed Donut": fresh food, held in several stores.
pub const GLAZED_DONUT: &str = "63b9be0e4838041b2f631c5d";

pub async fn app_with_seed_data(mongod: &TestMongod) -> TestApp {
    app_with_seed_data_and(mongod, |_| {}).await
}

/// The same with `adjust`ed settings.
pub async fn app_with_seed_data_and(mongod: &TestMongod, adjust: impl FnOnce(&mut Settings)) -> TestApp {
    let app = TestApp::spawn_with(mongod, adjust).await;
    import_dir(&app.db, &Path::new(env!("CARGO_MANIFEST_DIR")).join("data/original"), &Default::default())
        .await
        .unwrap();
    amazone::server::accounts::ensure_demo_accounts(&app.db, "amazone-demo").await.unwrap();
    app
}

/// A guest's cart in the UK, where the original exports' shoppers are.
pub fn guest(cart_id: Option<String>) -> CartOwner {
    CartOwner::Guest { cart_id, region: "uk".into() }
}

/// A customer's cart in the UK, where the original exports' customers live.
pub fn customer_cart(id: String) -> CartOwner {
    CartOwner::Customer { id, region: "uk".into() }
}

pub async fn customer_id(db: &Database, legacy_id: i64) -> String {
    let customer =
        db.collection::<mongodb::bson::Document>("customers").find_one(doc! { "legacy_id": legacy_id }).await;
    customer.unwrap().unwrap().get_str("_id").unwrap().to_string()
}

/// Where a customer's documents are, as a signed-in request finds them (`context::customer_records`).
pub async fn records_of(db: &Database, customer_id: &str) -> amazone::server::accounts::CustomerRecords {
    let customers = db.collection::<amazone::model::customer::Customer>("customers");
    let customer = customers.find_one(doc! { "_id": customer_id }).await.unwrap().unwrap();
    amazone::server::accounts::CustomerRecords::of(&customer)
}

/// The customer of the original's `legacy_id`, as a signed-in request finds them.
pub async fn customer_records(db: &Database, legacy_id: i64) -> amazone::server::accounts::CustomerRecords {
    records_of(db, &customer_id(db, legacy_id).await).await
}

async fn warehouse_units(db: &Database, product_id: &str) -> i64 {
    let stock = db.collection::<WarehouseStock>("warehouse_stock").find_one(doc! { "product_id": product_id }).await;
    stock.unwrap().unwrap().quantity
}

async fn set_warehouse_units(db: &Database, product_id: &str, units: i64) {
    db.collection::<WarehouseStock>("warehouse_stock")
        .update_one(doc! { "product_id": product_id }, doc! { "$set": { "quantity": units } })
        .await
        .unwrap();
}

async fn in_stock(db: &Database, product_id: &str) -> bool {
    let product = db.collection::<mongodb::bson::Document>("products").find_one(doc! { "_id": product_id }).await;
    product.unwrap().unwrap().get_bool("in_stock").unwrap()
}

/// A plain add to cart: no store picked, no reach, in pounds.
pub fn add(product_id: &str, quantity: u32) -> AddToCart<'_> {
    AddToCart {
        product_id,
        quantity,
        store_id: None,
        reach: None,
        currency: amazone::model::Currency::GBP,
        guest: None,
    }
}

#[tokio::test]
async fn fifty_shoppers_adding_the_last_ten_units_reserve_exactly_ten() {
    let mongod = TestMongod::start().await;
    let app = app_with_seed_data(&mongod).await;
    set_warehouse_units(&app.db, AERIFIED, 10).await;

    let shoppers = (0..50).map(|_| {
        let db = app.db.clone();
        tokio::spawn(async move { cart::add(&db, &guest(None), add(AERIFIED, 1)).await })
    });
    let results: Vec<_> = futures::future::join_all(shoppers).await.into_iter().map(Result::unwrap).collect();
    let reserved = results.iter().filter(|result| result.is_ok()).count();
    assert_eq!(reserved, 10, "exactly the ten units on hand");
    for refused in results.iter().filter_map(|result| result.as_ref().err()) {
        assert!(matches!(refused, CartServiceError::Cart(CartError::OutOfStock { available: 0 })), "{refused:?}");
    }
    assert_eq!(warehouse_units(&app.db, AERIFIED).await, 0, "none left, never below");
    let carts: Vec<Cart> = futures::TryStreamExt::try_collect(
        app.db
            .collection::<Cart>("carts")
            .find(doc! { "items.product_id": AERIFIED, "status": "active" })
            .await
            .unwrap(),
    )
    .await
    .unwrap();
    let in_carts: u32 =
        carts.iter().flat_map(|cart| &cart.items).filter(|i| i.product_id == AERIFIED).map(|i| i.quantity).sum();
    assert_eq!(in_carts, 10, "every reserved unit is in a cart");
    assert!(!in_stock(&app.db, AERIFIED).await, "listings now say out of stock");

    // One shopper changes their mind: the unit goes back, and the product is in stock again.
    let owner = guest(Some(carts[0].id.clone()));
    cart::set_quantity(&app.db, &owner, &carts[0].items[0].key(), 0, None).await.unwrap();
    assert_eq!(warehouse_units(&app.db, AERIFIED).await, 1);
    assert!(in_stock(&app.db, AERIFIED).await);
    app.shutdown().await;
}

#[tokio::test]
async fn changing_quantities_reserves_and_returns_exactly_the_difference() {
    let mongod = TestMongod::start().await;
    let app = app_with_seed_data(&mongod).await;
    let before = warehouse_units(&app.db, AERIFIED).await;
    let owner = customer_cart(customer_id(&app.db, 1).await);

    cart::add(&app.db, &owner, add(AERIFIED, 2)).await.unwrap();
    cart::add(&app.db, &owner, add(AERIFIED, 1)).await.unwrap();
    let view = cart::view(&app.db, &owner).await.unwrap();
    assert_eq!(view.lines.len(), 1, "the same product from the same place is one line");
    assert_eq!((view.units, view.total.minor_units()), (3, 3 * 1099));
    assert!(view.lines[0].source.starts_with("Our warehouse"), "{}", view.lines[0].source);
    assert_eq!(warehouse_units(&app.db, AERIFIED).await, before - 3);

    let key = view.lines[0].key.clone();
    cart::set_quantity(&app.db, &owner, &key, 5, None).await.unwrap();
    assert_eq!(warehouse_units(&app.db, AERIFIED).await, before - 5);
    cart::set_quantity(&app.db, &owner, &key, 1, None).await.unwrap();
    assert_eq!(warehouse_units(&app.db, AERIFIED).await, before - 1);
    cart::set_quantity(&app.db, &owner, &key, 0, None).await.unwrap();
    assert_eq!(warehouse_units(&app.db, AERIFIED).await, before);
    assert!(cart::view(&app.db, &owner).await.unwrap().lines.is_empty());
    app.shutdown().await;
}

#[tokio::test]
async fn fresh_food_is_reserved_in_the_nearest_store_with_stock_or_the_one_picked() {
    let mongod = TestMongod::start().await;
    let app = app_with_seed_data(&mongod).await;
    let stock = |db: Database| async move {
        db.collection::<FreshStock>("fresh_stock").find_one(doc! { "product_id": GLAZED_DONUT }).await.unwrap().unwrap()
    };
    let before = stock(app.db.clone()).await;
    let picked = before.stores.iter().min_by_key(|s| s.quantity).unwrap().clone();
    let owner = guest(None);
    let request = AddToCart {
        product_id: GLAZED_DONUT,
        quantity: 1,
        store_id: Some(&picked.store_id),
        reach: None,
        currency: amazone::model::Currency::GBP,
        guest: None,
    };
    cart::add(&app.db, &owner, request).await.unwrap();
    let after = stock(app.db.clone()).await;
    let held = |s: &FreshStock, id: &str| s.stores.iter().find(|h| h.store_id == id).unwrap().quantity;
    assert_eq!(held(&after, &picked.store_id), picked.quantity - 1, "taken from the picked store");
    assert_eq!(after.total, before.total - 1, "the total across stores stays the sum");

    // Without a pick, from the nearest store holding enough to where the customer lives.
    let stores: Vec<amazone::model::location::Store> =
        futures::TryStreamExt::try_collect(app.db.collection("stores").find(doc! {}).await.unwrap()).await.unwrap();
    let far = stores.iter().find(|s| s.id != picked.store_id && held(&after, &s.id) > 0).unwrap();
    let destination = Destination { country: "GB".into(), region: "uk".into(), point: Some(far.location), city: None };
    let reach = Some(FreshReach { destination, radius_km: 50.0 });
    let request = AddToCart {
        product_id: GLAZED_DONUT,
        quantity: 1,
        store_id: None,
        reach,
        currency: amazone::model::Currency::GBP,
        guest: None,
    };
    cart::add(&app.db, &guest(None), request).await.unwrap();
    let last = stock(app.db.clone()).await;
    assert_eq!(held(&last, &far.id), held(&after, &far.id) - 1, "taken from the store at that address");

    let unknown = AddToCart {
        product_id: GLAZED_DONUT,
        quantity: 1,
        store_id: Some("no-such-store"),
        reach: None,
        currency: amazone::model::Currency::GBP,
        guest: None,
    };
    let err = cart::add(&app.db, &guest(None), unknown).await.unwrap_err();
    assert!(matches!(err, CartServiceError::Cart(CartError::UnknownStore)), "{err:?}");
    assert_eq!(stock(app.db.clone()).await, last, "nothing changed");
    app.shutdown().await;
}

#[tokio::test]
async fn bad_requests_are_refused_with_a_reason_and_change_nothing() {
    let mongod = TestMongod::start().await;
    let app = app_with_seed_data(&mongod).await;
    let before = warehouse_units(&app.db, AERIFIED).await;
    let owner = customer_cart(customer_id(&app.db, 1).await);
    for (request, expected) in [
        (add(AERIFIED, 0), "not a quantity"),
        (add(AERIFIED, 51), "not a quantity"),
        (add("no-such-product", 1), "does not exist"),
    ] {
        let err = cart::add(&app.db, &owner, request).await.unwrap_err();
        assert!(err.to_string().contains(expected), "{err}");
    }
    assert_eq!(warehouse_units(&app.db, AERIFIED).await, before);
    set_warehouse_units(&app.db, AERIFIED, 3).await;
    let err = cart::add(&app.db, &owner, add(AERIFIED, 4)).await.unwrap_err();
    assert_eq!(err.to_string(), CartError::OutOfStock { available: 3 }.to_string());
    assert_eq!(warehouse_units(&app.db, AERIFIED).await, 3);
    let err = cart::set_quantity(&app.db, &owner, "no-such-line", 2, None).await.unwrap_err();
    assert!(matches!(err, CartServiceError::Cart(CartError::NotInCart)), "{err:?}");
    assert_eq!(
        app.db.collection::<Cart>("carts").count_documents(doc! { "customer_id": owner_id(&owner) }).await.unwrap(),
        0
    );
    app.shutdown().await;
}

fn owner_id(owner: &CartOwner) -> String {
    match owner {
        CartOwner::Customer { id, .. } => id.clone(),
        CartOwner::Guest { .. } => unreachable!(),
    }
}

pub fn checkout_for(customer_id: &str, cart_id: &str) -> Checkout {
    let address = amazone::model::address::Address {
        line1: "80 Lincoln Square".into(),
        line2: None,
        city: "Manchester".into(),
        postcode: "M7Z 5HU".into(),
        country: "GB".into(),
    };
    Checkout::new((customer_id, "uk"), "Tracey Medina", cart_id, address, &Default::default())
}

#[tokio::test]
async fn the_same_cart_checked_out_twice_at_once_makes_one_order_with_a_free_partner() {
    let mongod = TestMongod::start().await;
    let app = app_with_seed_data(&mongod).await;
    let customer = customer_id(&app.db, 1).await;
    let owner = customer_cart(customer.clone());
    let cart_id = cart::add(&app.db, &owner, add(AERIFIED, 2)).await.unwrap();
    cart::add(&app.db, &owner, add(GLAZED_DONUT, 1)).await.unwrap();
    let orders_before = app.db.collection::<Order>("orders").count_documents(doc! {}).await.unwrap();
    // Every partner of the exports carries more undelivered orders than the capacity but partner 4, who has just
    // delivered their round; one order at a time each.
    let partners = app.db.collection::<mongodb::bson::Document>("partners");
    partners.update_one(doc! { "legacy_id": 4 }, doc! { "$set": { "load": 0 } }).await.unwrap();
    let one_each = DeliverySettings { partner_capacity: 1, customer_cancel_minutes: 0 };

    let twice = (0..2).map(|_| {
        let (db, checkout) = (app.db.clone(), checkout_for(&customer, &cart_id));
        tokio::spawn(async move { checkout::place_order(&db, checkout, &one_each).await })
    });
    let placed: Vec<Placed> =
        futures::future::join_all(twice).await.into_iter().map(|r| r.unwrap().expect("both clicks answer")).collect();
    assert!(placed.iter().all(|p| p.order_id() == cart_id), "both answers name the one order");
    assert_eq!(placed.iter().filter(|p| matches!(p, Placed::New(_))).count(), 1);
    let orders = app.db.collection::<Order>("orders");
    assert_eq!(orders.count_documents(doc! {}).await.unwrap(), orders_before + 1, "one order");

    let order = orders.find_one(doc! { "_id": &cart_id }).await.unwrap().unwrap();
    assert_eq!(order.customer_id, customer);
    assert_eq!(order.lines.len(), 2);
    assert_eq!(
        order.total_price.minor_units(),
        order.lines.iter().map(|l| l.unit_price.times(l.quantity).minor_units()).sum::<i64>()
    );
    assert!(order.total_cost.minor_units() > 0);
    assert_eq!(order.status, OrderStatus::OutForDelivery);
    let partner = order.delivery.as_ref().expect("a partner was assigned").partner_id.clone();
    let partner_doc = partners.find_one(doc! { "_id": &partner }).await.unwrap().unwrap();
    assert_eq!(partner_doc.get_i64("legacy_id").unwrap(), 4);
    assert_eq!(partner_doc.get_i32("load").unwrap(), 1, "the order took the partner's one place");
    let cart = app.db.collection::<Cart>("carts").find_one(doc! { "_id": &cart_id }).await.unwrap().unwrap();
    assert_eq!(cart.status, amazone::model::cart::CartStatus::CheckedOut, "the cart is consumed");
    assert!(cart::view(&app.db, &owner).await.unwrap().lines.is_empty(), "the customer's cart is empty again");

    // The next order finds no free partner and waits, in a state that says so.
    let next_cart = cart::add(&app.db, &owner, add(AERIFIED, 1)).await.unwrap();
    checkout::place_order(&app.db, checkout_for(&customer, &next_cart), &one_each).await.unwrap();
    let waiting = orders.find_one(doc! { "_id": &next_cart }).await.unwrap().unwrap();
    assert_eq!(waiting.status, OrderStatus::AwaitingPartner);
    let delivery = waiting.delivery.expect("a waiting order has its tracking number already");
    assert_eq!(delivery.partner_id, None);
    // The store's own numbers count from AMZ-00000000 (the second click took one too, and left it unused).
    let first = order.delivery.unwrap().tracking_number;
    assert!(["AMZ-00000000", "AMZ-00000001"].contains(&first.as_str()), "{first}");
    assert_eq!(delivery.tracking_number, "AMZ-00000002");
    app.shutdown().await;
}

#[tokio::test]
async fn a_checkout_after_the_cart_expired_or_of_someone_elses_cart_is_refused() {
    let mongod = TestMongod::start().await;
    let app = app_with_seed_data(&mongod).await;
    let (tracey, diana) = (customer_id(&app.db, 1).await, customer_id(&app.db, 2).await);
    let cart_id = cart::add(&app.db, &customer_cart(tracey.clone()), add(AERIFIED, 1)).await.unwrap();

    let err = checkout::place_order(&app.db, checkout_for(&diana, &cart_id), &Default::default()).await.unwrap_err();
    assert!(matches!(err, CartServiceError::Cart(CartError::Empty)), "another customer's cart: {err:?}");
    let err = cart::set_quantity(&app.db, &customer_cart(diana.clone()), &format!("{AERIFIED}@x"), 0, None).await;
    assert!(matches!(err, Err(CartServiceError::Cart(CartError::NotInCart))));

    app.db.collection::<Cart>("carts").delete_one(doc! { "_id": &cart_id }).await.unwrap();
    let err = checkout::place_order(&app.db, checkout_for(&tracey, &cart_id), &Default::default()).await.unwrap_err();
    assert!(err.to_string().contains("cart is empty"), "{err}");
    assert_eq!(app.db.collection::<Order>("orders").count_documents(doc! { "_id": &cart_id }).await.unwrap(), 0);
    app.shutdown().await;
}

#[tokio::test]
async fn a_guest_cart_joins_the_customers_cart_with_its_reservations() {
    let mongod = TestMongod::start().await;
    let app = app_with_seed_data(&mongod).await;
    let before = warehouse_units(&app.db, AERIFIED).await;
    let customer = customer_id(&app.db, 1).await;
    let mine = customer_cart(customer.clone());
    cart::add(&app.db, &mine, add(AERIFIED, 1)).await.unwrap();
    let guest_cart = cart::add(&app.db, &guest(None), add(AERIFIED, 2)).await.unwrap();
    cart::add(&app.db, &guest(Some(guest_cart.clone())), add(GLAZED_DONUT, 1)).await.unwrap();

    cart::merge_guest_cart(&app.db, &guest(Some(guest_cart.clone())), &mine).await.unwrap();
    let view = cart::view(&app.db, &mine).await.unwrap();
    let units = |id: &str| view.lines.iter().filter(|l| l.product_id == id).map(|l| l.quantity).sum::<u32>();
    assert_eq!((units(AERIFIED), units(GLAZED_DONUT)), (3, 1));
    assert_eq!(warehouse_units(&app.db, AERIFIED).await, before - 3, "no unit reserved twice or lost");
    assert_eq!(app.db.collection::<Cart>("carts").count_documents(doc! { "_id": &guest_cart }).await.unwrap(), 0);
    // Merging again (a second sign-in with the same old cookie) changes nothing.
    cart::merge_guest_cart(&app.db, &guest(Some(guest_cart.clone())), &mine).await.unwrap();
    assert_eq!(cart::view(&app.db, &mine).await.unwrap().units, 4);
    app.shutdown().await;
}

#[tokio::test]
async fn ratings_need_a_purchase_or_a_delivery_and_keep_the_products_summary_right() {
    use amazone::model::rating::Stars;
    use amazone::server::ratings::{rate_partner, rate_product, RatingError};
    let mongod = TestMongod::start().await;
    let app = app_with_seed_data(&mongod).await;
    let customer = customer_id(&app.db, 1).await;
    let orders = app.db.collection::<Order>("orders");
    let delivered = orders.find_one(doc! { "customer_id": &customer, "status": "delivered" }).await.unwrap().unwrap();
    let bought = delivered.lines[0].product_id.clone();

    let records = records_of(&app.db, &customer).await;
    rate_product(&app.db, &records, &bought, Stars::new(2).unwrap()).await.unwrap();
    rate_product(&app.db, &records, &bought, Stars::new(5).unwrap()).await.unwrap();
    let ratings = app.db.collection::<mongodb::bson::Document>("product_ratings");
    assert_eq!(
        ratings.count_documents(doc! { "customer_id": &customer, "product_id": &bought }).await.unwrap(),
        1,
        "one, changed"
    );
    let all: Vec<mongodb::bson::Document> =
        futures::TryStreamExt::try_collect(ratings.find(doc! { "product_id": &bought }).await.unwrap()).await.unwrap();
    let mean = all.iter().map(|r| r.get_i64("stars").unwrap() as f64).sum::<f64>() / all.len() as f64;
    let product =
        app.db.collection::<amazone::model::product::Product>("products").find_one(doc! { "_id": &bought }).await;
    let summary = product.unwrap().unwrap().rating;
    assert_eq!(summary.count as usize, all.len());
    assert!((summary.average - mean).abs() < 0.01, "{} vs {mean}", summary.average);

    let never_bought = AERIFIED;
    let bought_aerified =
        orders.find_one(doc! { "customer_id": &customer, "lines.product_id": never_bought }).await.unwrap();
    if bought_aerified.is_none() {
        let err = rate_product(&app.db, &records, never_bought, Stars::new(4).unwrap()).await.unwrap_err();
        assert!(matches!(err, RatingError::NotBought));
    }
    rate_partner(&app.db, &records, &delivered.id, Stars::new(4).unwrap()).await.unwrap();
    let other = customer_records(&app.db, 2).await;
    let err = rate_partner(&app.db, &other, &delivered.id, Stars::new(1).unwrap()).await.unwrap_err();
    assert!(matches!(err, RatingError::UnknownOrder), "another customer's order");
    let partner_ratings = app.db.collection::<mongodb::bson::Document>("partner_ratings");
    let mine =
        partner_ratings.find_one(doc! { "order_id": &delivered.id, "customer_id": &customer }).await.unwrap().unwrap();
    assert_eq!(mine.get_i64("stars").unwrap(), 4);
    app.shutdown().await;
}
