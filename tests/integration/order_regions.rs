//! A customer's orders live in the region each was sent to, and are read only there: a present sent to France is in
//! the EU, their own orders in the UK, and both stay theirs after they move. Every read and change here reaches only
//! the regions holding the customer's data (the suite's shard-key check fails the test otherwise).

use amazone::model::cart::CartView;
use amazone::model::order::{Order, OrderPage, OrderStatus, OrderSummary};
use mongodb::bson::{doc, Document};

use crate::shopping::{app_with_seed_data, AERIFIED};
use crate::support::{Browser, TestApp, TestMongod};

const LEEDS: [(&str, &str); 4] =
    [("line1", "1 High Street"), ("city", "Leeds"), ("postcode", "LS1 4AP"), ("country", "GB")];
const PARIS: [(&str, &str); 4] =
    [("line1", "1 Rue de Rivoli"), ("city", "Paris"), ("postcode", "75001"), ("country", "FR")];

async fn call(browser: &Browser, app: &TestApp, function: &str, args: &[(&str, &str)]) -> String {
    let (status, _, body) = browser.call(app, function, args).await;
    assert!(status.is_success() || status.is_redirection(), "{function}: {status}: {body}");
    body
}

/// Adds a book and orders it to `address`; the first attempt to another currency's country re-prices the cart.
async fn order_a_book_to(browser: &Browser, app: &TestApp, address: [(&str, &str); 4]) -> String {
    call(browser, app, "add_to_cart", &[("product_id", AERIFIED), ("quantity", "1")]).await;
    let cart: CartView = serde_json::from_str(&call(browser, app, "cart_view", &[]).await).unwrap();
    let cart_id = cart.cart_id.unwrap();
    let mut order = vec![("cart_id", cart_id.as_str())];
    order.extend(address);
    let (status, _, body) = browser.call(app, "place_order", &order).await;
    if status == 409 {
        assert!(body.contains("priced in"), "{body}");
        call(browser, app, "place_order", &order).await;
    }
    cart_id
}

async fn my_orders(browser: &Browser, app: &TestApp) -> Vec<OrderSummary> {
    serde_json::from_str(&call(browser, app, "my_orders", &[]).await).unwrap()
}

async fn order_regions(app: &TestApp, email: &str) -> (String, Vec<String>) {
    let customer = app.db.collection::<Document>("customers").find_one(doc! { "email": email }).await.unwrap().unwrap();
    let regions = customer.get_array("order_regions").unwrap().iter().map(|r| r.as_str().unwrap().to_string());
    (customer.get_str("region").unwrap().to_string(), regions.collect())
}

#[tokio::test]
async fn a_customer_finds_an_order_sent_abroad_and_keeps_every_order_after_moving() {
    let mongod = TestMongod::start().await;
    let app = app_with_seed_data(&mongod).await;
    let nora = Browser::new();
    let mut sign_up = vec![("name", "Nora New"), ("email", "nora@example.com"), ("password", "long enough")];
    sign_up.extend(LEEDS);
    call(&nora, &app, "sign_up", &sign_up).await;
    assert_eq!(order_regions(&app, "nora@example.com").await, ("uk".into(), vec![]), "no orders yet");

    // A present for a friend in Paris, then a book for herself.
    let present = order_a_book_to(&nora, &app, PARIS).await;
    let own = order_a_book_to(&nora, &app, LEEDS).await;
    let orders = app.db.collection::<Order>("orders");
    let region = |id: String| {
        let orders = orders.clone();
        async move { orders.find_one(doc! { "_id": id }).await.unwrap().unwrap().region.unwrap() }
    };
    assert_eq!((region(present.clone()).await, region(own.clone()).await), ("eu".into(), "uk".into()));
    assert_eq!(order_regions(&app, "nora@example.com").await, ("uk".into(), vec!["eu".into(), "uk".into()]));

    let listed: Vec<String> = my_orders(&nora, &app).await.into_iter().map(|order| order.id).collect();
    assert_eq!(listed, vec![own.clone(), present.clone()], "newest first, both regions");
    let page: Option<OrderPage> =
        serde_json::from_str(&call(&nora, &app, "order_page", &[("id", &present)]).await).unwrap();
    assert_eq!(page.map(|page| page.order.id), Some(present.clone()));

    // Her stars for the book go with the first order of it, and changing them keeps one rating.
    call(&nora, &app, "rate_product", &[("product_id", AERIFIED), ("stars", "4")]).await;
    call(&nora, &app, "rate_product", &[("product_id", AERIFIED), ("stars", "5")]).await;
    let ratings = app.db.collection::<Document>("product_ratings");
    let customer_id = orders.find_one(doc! { "_id": &own }).await.unwrap().unwrap().customer_id;
    let hers: Vec<Document> = futures::TryStreamExt::try_collect(
        ratings.find(doc! { "customer_id": &customer_id, "product_id": AERIFIED }).await.unwrap(),
    )
    .await
    .unwrap();
    assert_eq!(hers.len(), 1, "{hers:?}");
    assert_eq!((hers[0].get_str("region"), hers[0].get_i64("stars")), (Ok("eu"), Ok(5)));

    // She moves to Paris: her document goes to the EU, and her UK order is still hers to read and cancel.
    call(&nora, &app, "set_shipping_address", &PARIS).await;
    assert_eq!(order_regions(&app, "nora@example.com").await.0, "eu");
    assert_eq!(my_orders(&nora, &app).await.len(), 2);
    call(&nora, &app, "cancel_order", &[("order_id", &own)]).await;
    assert_eq!(orders.find_one(doc! { "_id": &own }).await.unwrap().unwrap().status, OrderStatus::Cancelled);

    // Nobody else reads them.
    let tracey = Browser::new();
    tracey.sign_in(&app, "traceymedina@gmail.com").await;
    let theirs: Option<OrderPage> =
        serde_json::from_str(&call(&tracey, &app, "order_page", &[("id", &present)]).await).unwrap();
    assert!(theirs.is_none());
    app.shutdown().await;
}
