//! Regression tests for the defects found in review (issue 21), each at the level that shows it: over HTTP with a
//! cookie jar for what a browser does, against the services for stock and ratings.

use amazone::model::rating::Stars;
use amazone::model::Timestamp;
use amazone::server::maintenance::expire::expire_stale_carts;
use amazone::server::ratings::{rate_product, repair_summaries};
use futures::TryStreamExt;
use mongodb::bson::{doc, Document};
use mongodb::Database;
use reqwest::StatusCode;

use crate::shopping::{app_with_seed_data, AERIFIED};
use crate::support::{unique_database, Browser, TestApp, TestMongod};

async fn warehouse_units(db: &Database, product_id: &str) -> i64 {
    let stock = db.collection::<Document>("warehouse_stock").find_one(doc! { "product_id": product_id }).await;
    stock.unwrap().unwrap().get_i64("quantity").unwrap()
}

/// Expires every active cart now, as the job does once they are stale.
async fn expire_everything(db: &Database) -> (u64, u64) {
    let future = Timestamp(Timestamp::now().millis() + 24 * 3_600_000);
    let expired = expire_stale_carts(db, future, |_, _| {}).await.unwrap();
    (expired.carts, expired.units)
}

async fn cart_units(browser: &Browser, app: &TestApp) -> u64 {
    let (status, _, body) = browser.call(app, "cart_view", &[]).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    serde_json::from_str::<serde_json::Value>(&body).unwrap()["units"].as_u64().unwrap()
}

async fn active_guest_carts(db: &Database) -> Vec<Document> {
    let filter = doc! { "customer_id": { "$exists": false }, "status": "active" };
    db.collection::<Document>("carts").find(filter).await.unwrap().try_collect().await.unwrap()
}

#[tokio::test]
async fn a_returning_guest_whose_cart_expired_sees_every_unit_they_add() {
    let mongod = TestMongod::start().await;
    let app = app_with_seed_data(&mongod).await;
    let start = warehouse_units(&app.db, AERIFIED).await;
    let guest = Browser::new();
    let (status, _, body) = guest.call(&app, "add_to_cart", &[("product_id", AERIFIED), ("quantity", "1")]).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(expire_everything(&app.db).await.1, 1, "the guest's unit goes back");
    assert_eq!(warehouse_units(&app.db, AERIFIED).await, start);

    // Back after the cart expired (the session lives on): two adds at once, as from two tabs.
    let add = || guest.call(&app, "add_to_cart", &[("product_id", AERIFIED), ("quantity", "1")]);
    let (first, second) = tokio::join!(add(), add());
    assert_eq!((first.0, second.0), (StatusCode::OK, StatusCode::OK), "{} / {}", first.2, second.2);
    assert_eq!(cart_units(&guest, &app).await, 2, "the cart page shows both units");
    assert_eq!(warehouse_units(&app.db, AERIFIED).await, start - 2, "and exactly those were taken");
    assert_eq!(active_guest_carts(&app.db).await.len(), 1, "no cart holds units nobody can see");
    app.shutdown().await;
}

#[tokio::test]
async fn generated_carts_give_back_nothing_they_never_took() {
    let mongod = TestMongod::start().await;
    let db = mongod.client().await.database(&unique_database());
    amazone::server::schema::ensure(&db).await.unwrap();
    let options = amazone::server::generate::GenerateOptions {
        seed: 5,
        customers: 60,
        products: 50,
        orders: 100,
        ratings: 200,
        carts: 30,
        show_progress: false,
    };
    amazone::server::generate::generate(&db, &options, &Default::default()).await.unwrap();
    let total = |db: Database| async move {
        let sum = [doc! { "$group": { "_id": null, "units": { "$sum": "$quantity" } } }];
        let mut warehouse = db.collection::<Document>("warehouse_stock").aggregate(sum).await.unwrap();
        let warehouse = warehouse.try_next().await.unwrap().unwrap().get_i64("units").unwrap();
        let fresh = [doc! { "$group": { "_id": null, "units": { "$sum": "$total" } } }];
        let mut stores = db.collection::<Document>("fresh_stock").aggregate(fresh).await.unwrap();
        warehouse + stores.try_next().await.unwrap().unwrap().get_i64("units").unwrap()
    };
    let before = total(db.clone()).await;
    let (carts, units) = expire_everything(&db).await;
    assert_eq!(carts, 30, "every generated cart expires");
    assert_eq!(units, 0, "none of them had taken units from stock");
    assert_eq!(total(db.clone()).await, before, "stock does not grow from nothing");
}

#[tokio::test]
async fn after_sign_in_only_paths_on_this_site_are_followed() {
    let mongod = TestMongod::start().await;
    let app = app_with_seed_data(&mongod).await;
    // The sign-in page's `?next=/%09/evil.example` reaches the form decoded, as a real tab; still encoded, it is a
    // harmless path on this site.
    let cases =
        [("/\t/evil.example", "/"), ("/\r\n", "/"), ("/%09/evil.example", "/%09/evil.example"), ("/cart", "/cart")];
    for (next, expected) in cases {
        let browser = Browser::new();
        let form = [("email", "traceymedina@gmail.com"), ("password", "amazone-demo"), ("next", next)];
        let (status, headers, body) = browser.call(&app, "sign_in", &form).await;
        assert!(status.is_success() || status.is_redirection(), "{next:?}: {status} {body}");
        // Leptos answers a form post with 302, a call from the hydrated page with 200 and the same Location.
        assert_eq!(headers.get("location").map(|l| l.to_str().unwrap()), Some(expected), "{next:?}");
        let (_, _, viewer) = browser.call(&app, "current_viewer", &[]).await;
        assert!(viewer.contains("Tracey Medina"), "{next:?}: signed in: {viewer}");
    }
    app.shutdown().await;
}

#[tokio::test]
async fn sign_in_and_sign_up_posted_from_another_site_are_refused() {
    let mongod = TestMongod::start().await;
    let app = app_with_seed_data(&mongod).await;
    let browser = Browser::new();
    let credentials = [("email", "traceymedina@gmail.com"), ("password", "amazone-demo")];
    let (status, body) = browser.call_from(&app, "https://evil.example", "sign_in", &credentials).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    assert!(body.contains("another website"), "{body}");
    let sign_up = [
        ("name", "Mallory"),
        ("email", "mallory@example.com"),
        ("password", "a long enough password"),
        ("line1", "1 High Street"),
        ("city", "Leeds"),
        ("postcode", "LS1 1AA"),
        ("country", "GB"),
    ];
    let (status, _) = browser.call_from(&app, "https://evil.example", "sign_up", &sign_up).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (_, _, viewer) = browser.call(&app, "current_viewer", &[]).await;
    assert_eq!(viewer, "null", "nobody was signed in");
    let accounts = app.db.collection::<Document>("accounts");
    assert!(accounts.find_one(doc! { "email": "mallory@example.com" }).await.unwrap().is_none());

    // The store's own pages still sign in.
    let (status, body) = browser.call_from(&app, &format!("http://{}", app.address), "sign_in", &credentials).await;
    assert!(status.is_success() || status.is_redirection(), "{status}: {body}");
    let (_, _, viewer) = browser.call(&app, "current_viewer", &[]).await;
    assert!(viewer.contains("Tracey Medina"), "{viewer}");
    app.shutdown().await;
}

#[tokio::test]
async fn an_active_session_is_renewed_at_most_once_a_minute() {
    let mongod = TestMongod::start().await;
    let app = app_with_seed_data(&mongod).await;
    let browser = Browser::new();
    browser.sign_in(&app, "traceymedina@gmail.com").await;
    let sessions = app.db.collection::<Document>("sessions");
    let in_an_hour = mongodb::bson::DateTime::from_millis(Timestamp::now().millis() + 3_600_000);
    let expiry = || async {
        sessions.find_one(doc! {}).await.unwrap().unwrap().get_datetime("expires_at").unwrap().timestamp_millis()
    };

    // Seen a minute ago, ending in an hour: a visit renews it to the full 14 days.
    let a_minute_ago = Timestamp::now().millis() - 61_000;
    sessions
        .update_one(doc! {}, doc! { "$set": { "expires_at": in_an_hour, "data.seen_at": a_minute_ago } })
        .await
        .unwrap();
    assert_eq!(browser.get(&app, "/").await.status(), StatusCode::OK);
    let thirteen_days = Timestamp::now().millis() + 13 * 86_400_000;
    assert!(expiry().await > thirteen_days, "renewed on activity");
    let (_, _, viewer) = browser.call(&app, "current_viewer", &[]).await;
    assert!(viewer.contains("Tracey Medina"), "still signed in: {viewer}");

    // Seen just now: a visit writes nothing.
    let now = Timestamp::now().millis();
    sessions.update_one(doc! {}, doc! { "$set": { "expires_at": in_an_hour, "data.seen_at": now } }).await.unwrap();
    browser.get(&app, "/").await;
    assert_eq!(expiry().await, in_an_hour.timestamp_millis(), "not renewed twice in a minute");
    app.shutdown().await;
}

#[tokio::test]
async fn a_sign_in_whose_cart_merge_fails_leaves_the_guest_with_their_cart() {
    let mongod = TestMongod::start().await;
    let app = app_with_seed_data(&mongod).await;
    let guest = Browser::new();
    guest.call(&app, "add_to_cart", &[("product_id", AERIFIED), ("quantity", "1")]).await;
    // Make the merge fail: for now the carts collection refuses any cart with an owner.
    let refuse_owned = doc! { "collMod": "carts", "validator": { "customer_id": { "$exists": false } } };
    app.db.run_command(refuse_owned).await.unwrap();
    let form = [("email", "traceymedina@gmail.com"), ("password", "amazone-demo")];
    let (status, _, body) = guest.call(&app, "sign_in", &form).await;
    assert!(!status.is_success() && !status.is_redirection(), "the failure is not reported as a sign-in: {status}");
    assert!(body.contains("still browsing as a guest"), "{body}");
    let (_, _, viewer) = guest.call(&app, "current_viewer", &[]).await;
    assert_eq!(viewer, "null", "not half signed in");
    assert_eq!(cart_units(&guest, &app).await, 1, "the guest's cart is still theirs");

    // Once the database accepts it again, signing in works and brings the cart along.
    amazone::server::schema::ensure(&app.db).await.unwrap();
    let (status, _, body) = guest.call(&app, "sign_in", &form).await;
    assert!(status.is_success() || status.is_redirection(), "{status}: {body}");
    assert!(cart_units(&guest, &app).await >= 1, "the guest's unit is in the customer's cart");
    app.shutdown().await;
}

#[tokio::test]
async fn product_rating_summaries_stay_equal_to_their_ratings_under_concurrent_ratings() {
    let mongod = TestMongod::start().await;
    let app = app_with_seed_data(&mongod).await;
    let db = &app.db;
    // A product many customers bought.
    let pipeline = [
        doc! { "$unwind": "$lines" },
        doc! { "$group": { "_id": "$lines.product_id", "customers": { "$addToSet": "$customer_id" } } },
        // By how many bought it (sorting on the array itself compares its largest element, not its length).
        doc! { "$addFields": { "buyers": { "$size": "$customers" } } },
        doc! { "$sort": { "buyers": -1, "_id": 1 } },
        doc! { "$limit": 1 },
    ];
    let popular = db.collection::<Document>("orders").aggregate(pipeline).await.unwrap().try_next().await.unwrap();
    let popular = popular.unwrap();
    let product_id = popular.get_str("_id").unwrap().to_string();
    let customers: Vec<String> =
        popular.get_array("customers").unwrap().iter().map(|c| c.as_str().unwrap().to_string()).collect();
    assert!(customers.len() >= 4, "{customers:?}");

    let ratings = customers.iter().enumerate().map(|(n, customer)| {
        let (db, product_id) = (db.clone(), product_id.clone());
        let stars = Stars::new(1 + (n as i64 % 5)).unwrap();
        async move { rate_product(&db, &crate::shopping::records_of(&db, customer).await, &product_id, stars).await }
    });
    for result in futures::future::join_all(ratings).await {
        result.unwrap();
    }
    let expected = summary_from_ratings(db, &product_id).await;
    let product = db.collection::<Document>("products").find_one(doc! { "_id": &product_id }).await.unwrap().unwrap();
    let rating = product.get_document("rating").unwrap();
    assert_eq!(
        (
            rating.get_f64("average").unwrap(),
            rating.get("count").unwrap().as_i64().or(rating.get_i32("count").ok().map(i64::from)).unwrap()
        ),
        expected
    );

    // A summary that drifted (an older version's race) is put right by the repair, and only once.
    db.collection::<Document>("products")
        .update_one(doc! { "_id": &product_id }, doc! { "$set": { "rating.count": 999 } })
        .await
        .unwrap();
    assert_eq!(repair_summaries(db).await.unwrap(), 1);
    assert_eq!(repair_summaries(db).await.unwrap(), 0);
    let product = db.collection::<Document>("products").find_one(doc! { "_id": &product_id }).await.unwrap().unwrap();
    assert_ne!(product.get_document("rating").unwrap().get("count").unwrap().as_i32(), Some(999));
    app.shutdown().await;
}

/// (average rounded to 2 places, count) straight from the product's ratings.
async fn summary_from_ratings(db: &Database, product_id: &str) -> (f64, i64) {
    let ratings: Vec<Document> = db
        .collection::<Document>("product_ratings")
        .find(doc! { "product_id": product_id })
        .await
        .unwrap()
        .try_collect()
        .await
        .unwrap();
    let stars: Vec<i64> = ratings.iter().map(|r| r.get_i64("stars").unwrap()).collect();
    let average = stars.iter().sum::<i64>() as f64 / stars.len() as f64;
    ((average * 100.0).round() / 100.0, stars.len() as i64)
}

#[tokio::test]
async fn a_product_text_with_a_script_comment_keeps_the_rest_of_its_page() {
    let mongod = TestMongod::start().await;
    let app = app_with_seed_data(&mongod).await;
    let hostile = "Mystery <!--<script> thriller";
    app.db
        .collection::<Document>("products")
        .update_one(doc! { "_id": AERIFIED }, doc! { "$set": { "description": hostile } })
        .await
        .unwrap();
    let page = app.get(&format!("/p/{AERIFIED}")).await.text().await.unwrap();
    let script_start = page.find("application/ld+json").expect("structured data");
    let script_end = script_start + page[script_start..].find("</script>").unwrap();
    let script = &page[script_start..script_end];
    assert!(!script.contains("<!--") && script.contains("\\u003c!--\\u003cscript\\u003e"), "{script}");
    assert!(page[script_end..].contains("class=\"breadcrumbs\""), "the page after the script is intact");
    app.shutdown().await;
}

#[tokio::test]
async fn what_guests_reserve_is_bounded_per_cart_and_per_address_and_hoards_show_on_the_dashboard() {
    use crate::shopping::guest;
    use amazone::model::cart::CartError;
    use amazone::server::cart::{self, AddToCart, CartServiceError, GuestBounds};
    use amazone::server::config::CartSettings;

    let mongod = TestMongod::start().await;
    let app = app_with_seed_data(&mongod).await;
    let db = &app.db;
    let settings = CartSettings { guest_units: 20, guest_units_per_address: 30 };
    let from = |address: &str| Some(GuestBounds { settings, address: Some(address.to_string()) });
    let add = |quantity, guest| AddToCart {
        product_id: AERIFIED,
        quantity,
        store_id: None,
        reach: None,
        currency: amazone::model::Currency::GBP,
        guest,
    };
    let start = warehouse_units(db, AERIFIED).await;

    // One guest cart: 15, then 10 more would make 25 of 20.
    let mine = cart::add(db, &guest(None), add(15, from("203.0.113.9"))).await.unwrap();
    let owner = guest(Some(mine.clone()));
    let refused = cart::add(db, &owner, add(10, from("203.0.113.9"))).await.unwrap_err();
    assert!(matches!(refused, CartServiceError::Cart(CartError::GuestLimit { limit: 20 })), "{refused:?}");
    let key = cart::view(db, &owner).await.unwrap().lines[0].key.clone();
    let raised = cart::set_quantity(db, &owner, &key, 25, Some(20)).await.unwrap_err();
    assert!(matches!(raised, CartServiceError::Cart(CartError::GuestLimit { .. })), "{raised:?}");

    // Fresh sessions from the same address: 15 + 10 + 5 = 30 of 30; one more unit is refused, another address is not.
    for quantity in [10, 5] {
        cart::add(db, &guest(None), add(quantity, from("203.0.113.9"))).await.unwrap();
    }
    let refused = cart::add(db, &guest(None), add(1, from("203.0.113.9"))).await.unwrap_err();
    assert!(matches!(refused, CartServiceError::Cart(CartError::AddressLimit { limit: 30 })), "{refused:?}");
    cart::add(db, &guest(None), add(1, from("198.51.100.7"))).await.unwrap();
    assert_eq!(warehouse_units(db, AERIFIED).await, start - 31, "refused adds took nothing");

    // Three carts from one address holding one product: the admin sees it.
    let maintenance = amazone::server::maintenance::Maintenance::new(
        db.clone(),
        Default::default(),
        Default::default(),
        Default::default(),
        Default::default(),
        "test",
    );
    let dashboard = amazone::server::maintenance::dashboard::dashboard(&maintenance).await.unwrap();
    assert_eq!(dashboard.guest_hoards.len(), 1, "{:?}", dashboard.guest_hoards);
    let hoard = &dashboard.guest_hoards[0];
    assert_eq!(
        (hoard.address.as_str(), hoard.product_id.as_str(), hoard.carts, hoard.units),
        ("203.0.113.9", AERIFIED, 3, 30)
    );
    app.shutdown().await;
}

#[tokio::test]
async fn a_guest_over_the_bound_is_told_to_sign_in_over_http() {
    let mongod = TestMongod::start().await;
    let app = TestApp::spawn_with(&mongod, |settings| settings.carts.guest_units = 3).await;
    amazone::server::import::import_dir(
        &app.db,
        &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data/original"),
        &Default::default(),
    )
    .await
    .unwrap();
    let guest = Browser::new();
    let (status, _, body) = guest.call(&app, "add_to_cart", &[("product_id", AERIFIED), ("quantity", "3")]).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (status, _, body) = guest.call(&app, "add_to_cart", &[("product_id", AERIFIED), ("quantity", "1")]).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    assert!(body.contains("Sign in"), "{body}");
    let guests = doc! { "customer_id": { "$exists": false } };
    let carts = app.db.collection::<Document>("carts").find_one(guests).await.unwrap().unwrap();
    assert_eq!(carts.get_str("guest_address").unwrap(), "127.0.0.1", "the cart counts against the client's address");
    app.shutdown().await;
}

#[tokio::test]
async fn two_first_adds_at_once_from_a_new_visitor_meet_in_one_cart() {
    let mongod = TestMongod::start().await;
    let app = app_with_seed_data(&mongod).await;
    let start = warehouse_units(&app.db, AERIFIED).await;
    // The product page gives a visitor without a session the id of their first cart.
    let page = app.get(&format!("/p/{AERIFIED}")).await;
    let offered = page
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|value| value.to_str().unwrap().to_string())
        .find(|cookie| cookie.starts_with("amazone_guest_cart="))
        .expect("a first-cart cookie");
    assert!(offered.contains("HttpOnly") && offered.contains("SameSite=Lax"), "{offered}");
    let cookie = offered.split(';').next().unwrap().to_string();

    // A double click before hydration: two form posts, neither with a session yet.
    let post = || {
        app.http
            .post(app.url("/api/add_to_cart"))
            .header("cookie", &cookie)
            .form(&[("product_id", AERIFIED), ("quantity", "1")])
            .send()
    };
    let (first, second) = tokio::join!(post(), post());
    assert!(first.unwrap().status().is_success() && second.unwrap().status().is_success());
    let carts = active_guest_carts(&app.db).await;
    assert_eq!(carts.len(), 1, "one cart, whichever session cookie the browser keeps: {carts:?}");
    assert_eq!(carts[0].get_str("_id").unwrap(), &cookie["amazone_guest_cart=".len()..]);
    assert_eq!(warehouse_units(&app.db, AERIFIED).await, start - 2);

    // A visitor who already has a session is not given another cookie.
    let guest = Browser::new();
    guest.call(&app, "add_to_cart", &[("product_id", AERIFIED), ("quantity", "1")]).await;
    let again = guest.get(&app, &format!("/p/{AERIFIED}")).await;
    assert!(!again
        .headers()
        .get_all("set-cookie")
        .iter()
        .any(|v| v.to_str().unwrap().starts_with("amazone_guest_cart")));
    app.shutdown().await;
}
