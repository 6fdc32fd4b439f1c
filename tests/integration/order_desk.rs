//! The admin's order desk through HTTP: finding orders by email, tracking number, state, country and date, a page
//! at a time; giving an order to a partner and moving it to another (audited, the old partner freed); taking a
//! partner off duty (their orders back to waiting, then to partners with room); and nobody else getting in.

use amazone::model::desk::{DeskOrderPage, DeskPage, PartnersPage, DESK_PAGE_SIZE};
use amazone::model::order::{Order, OrderStatus};
use mongodb::bson::{doc, Document};
use reqwest::StatusCode;

use crate::shopping::app_with_seed_data;
use crate::support::{Browser, TestApp, TestMongod};

async fn admin(app: &TestApp) -> Browser {
    let browser = Browser::new();
    let (status, _, body) =
        browser.call(app, "sign_in", &[("email", "admin@amazone.test"), ("password", "amazone-admin")]).await;
    assert!(status.is_success() || status.is_redirection(), "{status}: {body}");
    browser
}

async fn desk(browser: &Browser, app: &TestApp, form: &[(&str, &str)]) -> DeskPage {
    let (status, _, body) = browser.call(app, "desk_orders", form).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    serde_json::from_str(&body).unwrap()
}

async fn desk_order(browser: &Browser, app: &TestApp, id: &str) -> DeskOrderPage {
    let (status, _, body) = browser.call(app, "desk_order", &[("id", id)]).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    serde_json::from_str::<Option<DeskOrderPage>>(&body).unwrap().expect("the order")
}

async fn order(db: &mongodb::Database, id: &str) -> Order {
    db.collection::<Order>("orders").find_one(doc! { "_id": id }).await.unwrap().unwrap()
}

fn ok(status: StatusCode, body: &str) {
    assert!(status.is_success() || status.is_redirection(), "{status}: {body}");
}

#[tokio::test]
async fn the_admin_finds_orders_by_email_tracking_number_state_country_and_date() {
    let mongod = TestMongod::start().await;
    let app = app_with_seed_data(&mongod).await;
    let browser = admin(&app).await;

    let all = desk(&browser, &app, &[]).await;
    assert_eq!(all.rows.len(), DESK_PAGE_SIZE);
    assert!(all.has_more);
    assert!(all.rows.windows(2).all(|pair| pair[0].placed_at >= pair[1].placed_at), "newest first");
    let second = desk(&browser, &app, &[("page", "2")]).await;
    assert!(second.rows.iter().all(|row| all.rows.iter().all(|first| first.id != row.id)), "pages do not overlap");

    let tracey = desk(&browser, &app, &[("q", "  TraceyMedina@Gmail.com ")]).await;
    assert!(!tracey.rows.is_empty());
    assert!(tracey.rows.iter().all(|row| row.customer_name == "Tracey Medina"), "only her orders");
    let nobody = desk(&browser, &app, &[("q", "nobody@example.com")]).await;
    assert!(nobody.rows.is_empty());

    let with_tracking = all.rows.iter().find(|row| row.tracking_number.is_some()).unwrap();
    let number = with_tracking.tracking_number.clone().unwrap();
    let found = desk(&browser, &app, &[("q", &number)]).await;
    assert!(found.rows.iter().any(|row| row.id == with_tracking.id), "found by its tracking number {number}");
    let by_id = desk(&browser, &app, &[("q", &with_tracking.id)]).await;
    assert_eq!(by_id.rows.len(), 1);

    let waiting = desk(&browser, &app, &[("status", "out_for_delivery"), ("country", "GB")]).await;
    assert!(!waiting.rows.is_empty());
    assert!(waiting.rows.iter().all(|row| row.status == OrderStatus::OutForDelivery));
    assert!(waiting.rows.iter().all(|row| row.country.as_deref() == Some("GB")));
    let day = all.rows[0].placed_at.date_string();
    let that_day = desk(&browser, &app, &[("from", &day), ("to", &day)]).await;
    assert!(!that_day.rows.is_empty() && that_day.rows.iter().all(|row| row.placed_at.date_string() == day));

    let (status, _, body) = browser.call(&app, "desk_orders", &[("from", "2026-02-30")]).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert!(body.contains("2026-02-30"), "{body}");
    app.shutdown().await;
}

#[tokio::test]
async fn the_admin_gives_an_order_to_a_partner_then_moves_it_and_both_are_audited() {
    let mongod = TestMongod::start().await;
    let app = app_with_seed_data(&mongod).await;
    let db = &app.db;
    let browser = admin(&app).await;
    let partners = db.collection::<Document>("partners");
    partners.update_many(doc! {}, doc! { "$set": { "active": true, "load": 0 } }).await.unwrap();
    // An order out for delivery with partner 1 (imported), and two partners to choose from.
    let filter = doc! { "status": "out_for_delivery", "delivery.partner_id": { "$exists": true } };
    let carried = db.collection::<Order>("orders").find_one(filter).await.unwrap().unwrap();
    let first = carried.delivery.as_ref().unwrap().partner_id.clone().unwrap();
    let page = desk_order(&browser, &app, &carried.id).await;
    assert!(page.can_assign() && page.can_deliver() && page.can_cancel());
    let other = page.candidates.iter().find(|p| p.id != first).expect("another partner with room").id.clone();

    let (status, _, body) =
        browser.call(&app, "assign_partner", &[("order_id", &carried.id), ("partner_id", &other)]).await;
    ok(status, &body);
    let moved = order(db, &carried.id).await;
    assert_eq!(moved.status, OrderStatus::OutForDelivery);
    assert_eq!(moved.delivery.as_ref().unwrap().partner_id.as_deref(), Some(other.as_str()));
    assert!(moved.history.last().unwrap().by.starts_with("admin "), "the move is in the history");
    let load = |p: Document| p.get_i32("load").unwrap();
    assert_eq!(load(partners.find_one(doc! { "_id": &other }).await.unwrap().unwrap()), 1);
    // Again to the same partner: nothing changes.
    let (status, _, body) =
        browser.call(&app, "assign_partner", &[("order_id", &carried.id), ("partner_id", &other)]).await;
    ok(status, &body);
    assert_eq!(load(partners.find_one(doc! { "_id": &other }).await.unwrap().unwrap()), 1);

    // The admin cancels it: back on the shelves, the partner freed, every step in the audit log.
    let (status, _, body) = browser.call(&app, "cancel_order", &[("order_id", &carried.id)]).await;
    ok(status, &body);
    assert_eq!(load(partners.find_one(doc! { "_id": &other }).await.unwrap().unwrap()), 0);
    let page = desk_order(&browser, &app, &carried.id).await;
    let actions: Vec<&str> = page.audit.iter().map(|entry| entry.action.as_str()).collect();
    assert_eq!(actions, ["cancel", "assign"], "newest first");
    assert_eq!(page.audit[1].before, format!("out for delivery with partner {first}"));
    assert_eq!(page.audit[1].after, format!("out for delivery with partner {other}"));
    assert!(page.audit.iter().all(|entry| entry.by == "admin@amazone.test"));
    assert!(!page.can_assign() && !page.can_cancel(), "a cancelled order offers nothing");
    let (status, _, body) =
        browser.call(&app, "assign_partner", &[("order_id", &carried.id), ("partner_id", &first)]).await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    app.shutdown().await;
}

#[tokio::test]
async fn a_partner_taken_off_duty_hands_their_orders_back_to_partners_with_room() {
    let mongod = TestMongod::start().await;
    let app = app_with_seed_data(&mongod).await;
    let db = &app.db;
    let browser = admin(&app).await;
    let partner_1 = db.collection::<Document>("partners").find_one(doc! { "legacy_id": 1 }).await.unwrap().unwrap();
    let sandra = partner_1.get_str("_id").unwrap().to_string();
    let carrying = doc! { "delivery.partner_id": &sandra, "status": "out_for_delivery" };
    let before = db.collection::<Document>("orders").count_documents(carrying).await.unwrap();
    assert!(before > 3);
    // Partner 4's place count is emptied (say, a shift change): three places free (the default capacity).
    let partners = db.collection::<Document>("partners");
    partners.update_one(doc! { "legacy_id": 4 }, doc! { "$set": { "load": 0, "active": true } }).await.unwrap();
    let four = partners.find_one(doc! { "legacy_id": 4 }).await.unwrap().unwrap().get_str("_id").unwrap().to_string();
    let with_four = doc! { "delivery.partner_id": &four, "status": "out_for_delivery" };
    let four_before = db.collection::<Document>("orders").count_documents(with_four.clone()).await.unwrap();

    let (status, _, body) =
        browser.call(&app, "set_partner_on_duty", &[("partner_id", &sandra), ("on_duty", "false")]).await;
    ok(status, &body);
    let still = db
        .collection::<Document>("orders")
        .count_documents(doc! { "delivery.partner_id": &sandra, "status": "out_for_delivery" })
        .await
        .unwrap();
    assert_eq!(still, 0, "nothing is left with her");
    let orders = db.collection::<Document>("orders");
    let taken = orders.count_documents(with_four).await.unwrap();
    assert_eq!(taken, four_before + 3, "partner 4 took three of them at once");
    let waiting = orders.count_documents(doc! { "status": "awaiting_partner" }).await.unwrap();
    assert_eq!(waiting, before - 3, "the rest wait for the next place");
    let (status, _, body) = browser.call(&app, "desk_partners", &[]).await;
    ok(status, &body);
    let page: PartnersPage = serde_json::from_str(&body).unwrap();
    let her = page.partners.iter().find(|p| p.id == sandra).unwrap();
    assert!(!her.active);
    assert_eq!(her.load, 0);
    // Twice changes nothing; back on duty is recorded too.
    let (status, _, body) =
        browser.call(&app, "set_partner_on_duty", &[("partner_id", &sandra), ("on_duty", "false")]).await;
    ok(status, &body);
    let (status, _, body) =
        browser.call(&app, "set_partner_on_duty", &[("partner_id", &sandra), ("on_duty", "true")]).await;
    ok(status, &body);
    let audited = db.collection::<Document>("audit_log").count_documents(doc! { "partner_id": &sandra }).await;
    assert_eq!(audited.unwrap(), 2, "off duty, then on duty");
    app.shutdown().await;
}

#[tokio::test]
async fn customers_partners_and_guests_cannot_reach_the_desk() {
    let mongod = TestMongod::start().await;
    let app = app_with_seed_data(&mongod).await;
    let order_id = {
        let found = app.db.collection::<Document>("orders").find_one(doc! {}).await.unwrap().unwrap();
        found.get_str("_id").unwrap().to_string()
    };
    let customer = Browser::new();
    customer.sign_in(&app, "traceymedina@gmail.com").await;
    let partner = Browser::new();
    partner.sign_in(&app, "sandrarobinson@gmail.com").await;
    let guest = Browser::new();
    let calls: [(&str, Vec<(&str, &str)>); 5] = [
        ("desk_orders", vec![]),
        ("desk_order", vec![("id", order_id.as_str())]),
        ("assign_partner", vec![("order_id", order_id.as_str()), ("partner_id", "x")]),
        ("desk_partners", vec![]),
        ("set_partner_on_duty", vec![("partner_id", "x"), ("on_duty", "false")]),
    ];
    for (endpoint, form) in &calls {
        for (who, browser) in [("customer", &customer), ("partner", &partner), ("guest", &guest)] {
            let (status, _, body) = browser.call(&app, endpoint, form).await;
            assert_eq!(status, StatusCode::FORBIDDEN, "{who} calling {endpoint}: {body}");
        }
    }
    let page = guest.get(&app, "/admin/orders").await;
    assert_eq!(page.status(), StatusCode::FORBIDDEN);
    app.shutdown().await;
}
