//! Delivery partners through HTTP, as their browser calls the server functions: signing in with the demo password,
//! their round, delivering only their own orders, and every role refused where it should be. Then the customer
//! rates the delivery, once it is delivered and only then, and the partner's summary follows.

use mongodb::bson::{doc, Document};
use reqwest::StatusCode;

use crate::shopping::app_with_seed_data;
use crate::support::{Browser, TestMongod};

/// The imported partner with this legacy id: (id, email).
async fn partner(db: &mongodb::Database, legacy: i64) -> (String, String) {
    let found = db.collection::<Document>("partners").find_one(doc! { "legacy_id": legacy }).await.unwrap().unwrap();
    (found.get_str("_id").unwrap().to_string(), found.get_str("email").unwrap().to_string())
}

/// One of the orders partner `partner_id` carries now: (order id, its customer's id).
async fn carried_by(db: &mongodb::Database, partner_id: &str) -> (String, String) {
    let filter = doc! { "delivery.partner_id": partner_id, "status": "out_for_delivery" };
    let found = db.collection::<Document>("orders").find_one(filter).await.unwrap().unwrap();
    (found.get_str("_id").unwrap().to_string(), found.get_str("customer_id").unwrap().to_string())
}

fn ok(status: StatusCode, body: &str) {
    assert!(status.is_success() || status.is_redirection(), "{status}: {body}");
}

#[tokio::test]
async fn a_partner_signs_in_sees_their_round_and_delivers_only_their_own_orders() {
    let mongod = TestMongod::start().await;
    let app = app_with_seed_data(&mongod).await;
    let db = &app.db;
    let (sandra, sandra_email) = partner(db, 1).await;
    let (andrea, _) = partner(db, 2).await;
    let (mine, _) = carried_by(db, &sandra).await;
    let (theirs, _) = carried_by(db, &andrea).await;

    let browser = Browser::new();
    let (status, headers, body) =
        browser.call(&app, "sign_in", &[("email", &sandra_email), ("password", "amazone-demo")]).await;
    ok(status, &body);
    assert_eq!(
        headers.get("location").and_then(|l| l.to_str().ok()),
        Some("/deliveries"),
        "partners go to their round"
    );
    let (status, _, body) = browser.call(&app, "my_deliveries", &[]).await;
    ok(status, &body);
    let quoted = |id: &str| format!("\"{id}\"");
    assert!(body.contains("Sandra Robinson") && body.contains(&quoted(&mine)), "{body}");
    assert!(!body.contains(&quoted(&theirs)), "another partner's order is not in her round");

    let (status, _, body) = browser.call(&app, "mark_delivered", &[("order_id", &theirs)]).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    assert!(body.contains("Only the partner carrying this order"), "{body}");
    let (status, _, body) = browser.call(&app, "could_not_deliver", &[("order_id", &mine), ("reason", "  ")]).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    let (status, _, body) = browser.call(&app, "mark_delivered", &[("order_id", &mine)]).await;
    ok(status, &body);
    let delivered = db.collection::<Document>("orders").find_one(doc! { "_id": &mine }).await.unwrap().unwrap();
    assert_eq!(delivered.get_str("status").unwrap(), "delivered");
    let (status, _, body) = browser.call(&app, "mark_delivered", &[("order_id", "no-such-order")]).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{body}");

    // Partners never reach admin or customer functions.
    for (endpoint, form) in [
        ("admin_dashboard", vec![]),
        ("start_job", vec![("job", "assign-partners")]),
        ("cancel_order", vec![("order_id", theirs.as_str())]),
        ("my_orders", vec![]),
    ] {
        let (status, _, body) = browser.call(&app, endpoint, &form).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{endpoint}: {body}");
    }
    app.shutdown().await;
}

#[tokio::test]
async fn customers_and_guests_have_no_round_and_cannot_report_deliveries() {
    let mongod = TestMongod::start().await;
    let app = app_with_seed_data(&mongod).await;
    let (sandra, _) = partner(&app.db, 1).await;
    let (order_id, _) = carried_by(&app.db, &sandra).await;

    let guest = Browser::new();
    let (status, _, _) = guest.call(&app, "my_deliveries", &[]).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let customer = Browser::new();
    customer.sign_in(&app, "traceymedina@gmail.com").await;
    let (status, _, body) = customer.call(&app, "my_deliveries", &[]).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    let form = [("order_id", order_id.as_str()), ("reason", "Nobody was home")];
    let (status, _, body) = customer.call(&app, "could_not_deliver", &form).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    let order = app.db.collection::<Document>("orders").find_one(doc! { "_id": &order_id }).await.unwrap().unwrap();
    assert_eq!(order.get_str("status").unwrap(), "out_for_delivery", "nothing changed");
    app.shutdown().await;
}

#[tokio::test]
async fn the_customer_rates_the_delivery_once_delivered_and_the_partners_summary_follows() {
    let mongod = TestMongod::start().await;
    let app = app_with_seed_data(&mongod).await;
    let db = &app.db;
    let (andrea, andrea_email) = partner(db, 2).await;
    let (order_id, customer) = carried_by(db, &andrea).await;
    let email = db.collection::<Document>("customers").find_one(doc! { "_id": &customer }).await.unwrap().unwrap();
    let customer_browser = Browser::new();
    customer_browser.sign_in(&app, email.get_str("email").unwrap()).await;

    let (status, _, body) =
        customer_browser.call(&app, "rate_partner", &[("order_id", &order_id), ("stars", "5")]).await;
    assert_eq!(status, StatusCode::CONFLICT, "not before it is delivered: {body}");

    let partner_browser = Browser::new();
    partner_browser.sign_in(&app, &andrea_email).await;
    let (status, _, body) = partner_browser.call(&app, "mark_delivered", &[("order_id", &order_id)]).await;
    ok(status, &body);
    let summary = |partner: Document| {
        let rating = partner.get_document("rating").unwrap().clone();
        let count = rating.get_i32("count").map(i64::from).or_else(|_| rating.get_i64("count")).unwrap();
        (rating.get_f64("average").unwrap(), count)
    };
    let partners = db.collection::<Document>("partners");
    let before = summary(partners.find_one(doc! { "_id": &andrea }).await.unwrap().unwrap());

    let (status, _, body) =
        customer_browser.call(&app, "rate_partner", &[("order_id", &order_id), ("stars", "5")]).await;
    ok(status, &body);
    let after = summary(partners.find_one(doc! { "_id": &andrea }).await.unwrap().unwrap());
    assert_eq!(after.1, before.1 + 1, "one more rating counted");
    // Averages equal the ratings themselves.
    let ratings: Vec<Document> = {
        use futures::TryStreamExt;
        let found = db.collection::<Document>("partner_ratings").find(doc! { "partner_id": &andrea }).await.unwrap();
        found.try_collect().await.unwrap()
    };
    let stars: Vec<i64> =
        ratings.iter().map(|r| r.get_i64("stars").or_else(|_| r.get_i32("stars").map(i64::from)).unwrap()).collect();
    let mean = stars.iter().sum::<i64>() as f64 / stars.len() as f64;
    assert_eq!(after.1, stars.len() as i64);
    assert!((after.0 - mean).abs() < 0.01, "{} vs {mean}", after.0);
    // Changing the stars keeps the count.
    let (status, _, body) =
        customer_browser.call(&app, "rate_partner", &[("order_id", &order_id), ("stars", "1")]).await;
    ok(status, &body);
    assert_eq!(summary(partners.find_one(doc! { "_id": &andrea }).await.unwrap().unwrap()).1, after.1);
    app.shutdown().await;
}
