//! Customers' data rights: the export holds everything about the customer and nothing about anyone else; erasure
//! (with the password, or by an admin on request) leaves no trace of the person while the shop's books, the stock
//! and every product's and partner's average stay as they were.

use amazone::server::schema::COLLECTIONS;
use futures::TryStreamExt;
use mongodb::bson::{doc, Document};
use mongodb::Database;

use crate::shopping::{app_with_seed_data, AERIFIED};
use crate::support::{Browser, TestApp, TestMongod};

/// A customer of the exports with orders and product ratings: (id, email, name, shipping address as "line1|postcode").
async fn customer_with_history(db: &Database) -> (String, String, String, String) {
    let rated: Vec<Document> = db
        .collection::<Document>("product_ratings")
        .aggregate([
            doc! { "$group": { "_id": "$customer_id", "ratings": { "$sum": 1 } } },
            doc! { "$sort": { "ratings": -1, "_id": 1 } },
        ])
        .await
        .unwrap()
        .try_collect()
        .await
        .unwrap();
    for candidate in rated {
        let id = candidate.get_str("_id").unwrap();
        let orders = db.collection::<Document>("orders").count_documents(doc! { "customer_id": id }).await.unwrap();
        let customer = db.collection::<Document>("customers").find_one(doc! { "_id": id }).await.unwrap();
        let has_account = db.collection::<Document>("accounts").count_documents(doc! { "customer_id": id }).await;
        if let (true, Some(customer), Ok(1)) = (orders > 0, customer, has_account) {
            let address = customer.get_document("shipping_address").unwrap();
            let line1 = format!("{}|{}", address.get_str("line1").unwrap(), address.get_str("postcode").unwrap());
            let (email, name) = (customer.get_str("email").unwrap(), customer.get_str("name").unwrap());
            return (id.to_string(), email.to_string(), name.to_string(), line1);
        }
    }
    panic!("the exports have a customer with orders and ratings");
}

async fn count(db: &Database, collection: &str, filter: Document) -> u64 {
    db.collection::<Document>(collection).count_documents(filter).await.unwrap()
}

async fn warehouse_units(db: &Database) -> i64 {
    let stock = db.collection::<Document>("warehouse_stock").find_one(doc! { "product_id": AERIFIED }).await;
    stock.unwrap().unwrap().get_i64("quantity").unwrap()
}

/// Every document of every collection, each as text.
async fn everything(db: &Database) -> Vec<String> {
    let mut text = Vec::new();
    for collection in COLLECTIONS {
        let documents: Vec<Document> =
            db.collection::<Document>(collection).find(doc! {}).await.unwrap().try_collect().await.unwrap();
        for document in documents {
            text.push(document.to_string());
        }
    }
    text
}

/// Every product's and partner's rating summary.
async fn averages(db: &Database) -> Vec<Document> {
    let mut summaries = Vec::new();
    for collection in ["products", "partners"] {
        let found = db.collection::<Document>(collection);
        let found = found.find(doc! {}).projection(doc! { "rating": 1 }).sort(doc! { "_id": 1 });
        let found: Vec<Document> = found.await.unwrap().try_collect().await.unwrap();
        summaries.extend(found);
    }
    summaries
}

async fn signed_in_with_a_cart(app: &TestApp, email: &str) -> Browser {
    let browser = Browser::new();
    browser.sign_in(app, email).await;
    let (status, _, body) = browser.call(app, "add_to_cart", &[("product_id", AERIFIED), ("quantity", "2")]).await;
    assert!(status.is_success() || status.is_redirection(), "{status}: {body}");
    browser
}

#[tokio::test]
async fn the_export_holds_all_of_the_customers_data_and_none_of_anyone_elses() {
    let mongod = TestMongod::start().await;
    let app = app_with_seed_data(&mongod).await;
    let db = &app.db;
    let (id, email, name, _) = customer_with_history(db).await;
    let browser = signed_in_with_a_cart(&app, &email).await;

    let response = browser.get(&app, "/account/my-data.json").await;
    assert_eq!(response.status(), 200);
    let disposition = response.headers()["content-disposition"].to_str().unwrap().to_string();
    assert!(disposition.starts_with("attachment"), "{disposition}");
    let text = response.text().await.unwrap();
    let data: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(data["customer"]["email"], email.as_str());
    assert_eq!(data["customer"]["name"], name.as_str());
    assert!(data["customer"]["shipping_address"]["postcode"].is_string());
    assert_eq!(data["account"]["email"], email.as_str());
    assert!(data["account"].get("password_hash").is_none(), "no password hash");
    let theirs = doc! { "customer_id": &id };
    for (field, collection) in
        [("orders", "orders"), ("product_ratings", "product_ratings"), ("partner_ratings", "partner_ratings")]
    {
        let listed = data[field].as_array().unwrap();
        assert_eq!(listed.len() as u64, count(db, collection, theirs.clone()).await, "{field}");
        assert!(listed.iter().all(|entry| entry["customer_id"] == id.as_str()), "{field}: only theirs");
    }
    assert!(!data["orders"].as_array().unwrap().is_empty());
    assert_eq!(data["carts"][0]["items"][0]["product_id"], AERIFIED, "the cart as it is now");
    let sessions = data["sessions"].as_array().unwrap();
    assert!(!sessions.is_empty() && sessions.iter().all(|s| s.get("_id").is_none() && s["expires_at"].is_object()));
    // Nobody else's email appears.
    let others: Vec<Document> = db
        .collection::<Document>("customers")
        .find(doc! { "_id": { "$ne": &id } })
        .await
        .unwrap()
        .try_collect()
        .await
        .unwrap();
    assert!(others.iter().all(|other| !text.contains(other.get_str("email").unwrap())));
    assert_eq!(count(db, "audit_log", doc! { "action": "export customer data", "by": "the customer" }).await, 1);

    assert_eq!(Browser::new().get(&app, "/account/my-data.json").await.status(), 401, "a guest has no data");
    let stranger = Browser::new();
    stranger.sign_in(&app, "traceymedina@gmail.com").await;
    let forbidden = stranger.get(&app, &format!("/admin/customers/{id}/data.json")).await;
    assert_eq!(forbidden.status(), 403, "a customer cannot download another's data");
    app.shutdown().await;
}

#[tokio::test]
async fn deleting_an_account_needs_the_password_and_leaves_no_trace_but_keeps_the_books_and_averages() {
    let mongod = TestMongod::start().await;
    let app = app_with_seed_data(&mongod).await;
    let db = &app.db;
    let (id, email, name, line1) = customer_with_history(db).await;
    let (units, orders, ratings) = (
        warehouse_units(db).await,
        count(db, "orders", doc! {}).await,
        count(db, "product_ratings", doc! {}).await + count(db, "partner_ratings", doc! {}).await,
    );
    let their_orders = count(db, "orders", doc! { "customer_id": &id }).await;
    let before = averages(db).await;
    let browser = signed_in_with_a_cart(&app, &email).await;
    assert_eq!(warehouse_units(db).await, units - 2);

    let (status, _, body) = browser.call(&app, "delete_account", &[("password", "not-my-password")]).await;
    assert_eq!(status, 403, "{body}");
    assert!(body.contains("Nothing was deleted"), "{body}");
    assert_eq!(count(db, "customers", doc! { "_id": &id }).await, 1, "a wrong password changes nothing");
    assert_eq!(warehouse_units(db).await, units - 2);

    let (status, headers, body) = browser.call(&app, "delete_account", &[("password", "amazone-demo")]).await;
    assert!(status.is_success() || status.is_redirection(), "{status}: {body}");
    assert_eq!(headers.get("location").map(|l| l.to_str().unwrap()), Some("/?account=deleted"));
    let (_, _, viewer) = browser.call(&app, "current_viewer", &[]).await;
    assert_eq!(viewer, "null", "signed out");
    assert_eq!(warehouse_units(db).await, units, "the cart's units are back on the shelf");

    let all = everything(db).await;
    for trace in [&email, &name] {
        let found = all.iter().find(|document| document.contains(trace.as_str()));
        assert!(found.is_none(), "{trace:?} is still stored: {found:?}");
    }
    // Their old id is a key to nothing now; only the audit log keeps it, as the record that the request was done.
    let with_id = all.iter().find(|document| document.contains(id.as_str()) && !document.contains("erase customer"));
    assert!(with_id.is_none(), "{with_id:?}");
    // Another customer may live at the same street address: the address is theirs where it comes with their postcode.
    let (street, postcode) = line1.split_once('|').unwrap();
    let with_address = all.iter().find(|document| document.contains(street) && document.contains(postcode));
    assert!(with_address.is_none(), "their address is still stored: {with_address:?}");
    assert_eq!(count(db, "orders", doc! {}).await, orders, "the books keep every order");
    let kept =
        db.collection::<Document>("orders").find_one(doc! { "customer_name": "(erased)" }).await.unwrap().unwrap();
    let pseudonym = kept.get_str("customer_id").unwrap();
    assert!(pseudonym.starts_with("erased-"));
    assert_eq!(count(db, "orders", doc! { "customer_id": pseudonym }).await, their_orders);
    let ratings_now = count(db, "product_ratings", doc! {}).await + count(db, "partner_ratings", doc! {}).await;
    assert_eq!(ratings_now, ratings, "ratings are kept");
    assert_eq!(averages(db).await, before, "no product's or partner's average moved");
    let (status, _, _) = Browser::new().call(&app, "sign_in", &[("email", &email), ("password", "amazone-demo")]).await;
    assert!(!status.is_success() && !status.is_redirection(), "the account is gone: {status}");
    let audit = db.collection::<Document>("audit_log").find_one(doc! { "action": "erase customer" }).await.unwrap();
    assert_eq!(audit.unwrap().get_str("by").unwrap(), "the customer");

    // Running it again (a retried request) finds nothing to erase.
    let again = amazone::server::privacy::erase_customer(db, &id, &amazone::server::privacy::Requester::Customer);
    assert!(again.await.unwrap().is_none());
    app.shutdown().await;
}

#[tokio::test]
async fn an_admin_finds_a_customer_downloads_their_data_and_erases_it_on_request() {
    let mongod = TestMongod::start().await;
    let app = app_with_seed_data(&mongod).await;
    let db = &app.db;
    let (id, email, name, _) = customer_with_history(db).await;
    let customer = Browser::new();
    customer.sign_in(&app, "traceymedina@gmail.com").await;
    let (status, _, _) = customer.call(&app, "admin_find_customer", &[("email", &email)]).await;
    assert_eq!(status, 403, "customers cannot look others up");

    let admin = Browser::new();
    let (status, _, body) =
        admin.call(&app, "sign_in", &[("email", "admin@amazone.test"), ("password", "amazone-admin")]).await;
    assert!(status.is_success() || status.is_redirection(), "{status}: {body}");
    let (status, _, body) = admin.call(&app, "admin_find_customer", &[("email", "nobody@example.com")]).await;
    assert_eq!(status, 404, "{body}");
    let (status, _, body) = admin.call(&app, "admin_find_customer", &[("email", &email.to_uppercase())]).await;
    assert_eq!(status, 200, "{body}");
    assert!(body.contains(&id) && body.contains(&name), "{body}");

    let download = admin.get(&app, &format!("/admin/customers/{id}/data.json")).await;
    assert_eq!(download.status(), 200);
    let data: serde_json::Value = download.json().await.unwrap();
    assert_eq!(data["customer"]["email"], email.as_str());
    assert_eq!(count(db, "audit_log", doc! { "action": "export customer data", "by": "admin@amazone.test" }).await, 1);

    let (status, _, body) =
        admin.call(&app, "admin_erase_customer", &[("customer_id", &id), ("confirm_email", "wrong@example.com")]).await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(count(db, "customers", doc! { "_id": &id }).await, 1, "an unconfirmed erasure changes nothing");
    let (status, _, body) =
        admin.call(&app, "admin_erase_customer", &[("customer_id", &id), ("confirm_email", &email)]).await;
    assert_eq!(status, 200, "{body}");
    assert!(body.contains("erased"), "{body}");
    assert_eq!(count(db, "customers", doc! { "_id": &id }).await, 0);
    assert_eq!(count(db, "accounts", doc! { "customer_id": &id }).await, 0);
    assert_eq!(count(db, "audit_log", doc! { "action": "erase customer", "by": "admin@amazone.test" }).await, 1);
    let (status, _, _) =
        admin.call(&app, "admin_erase_customer", &[("customer_id", &id), ("confirm_email", &email)]).await;
    assert_eq!(status, 404, "erasing twice: nothing left to erase");
    app.shutdown().await;
}
