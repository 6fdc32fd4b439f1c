//! Accounts, sessions and the shopper's server functions over real HTTP, as a browser calls them: signing in, the
//! session cookie, refusals in plain words, and no customer reaching another's cart, orders or ratings.

use mongodb::bson::doc;
use reqwest::StatusCode;

use crate::shopping::{app_with_seed_data, AERIFIED};
use crate::support::{Browser, TestApp, TestMongod};

#[tokio::test]
async fn signing_in_sets_an_http_only_session_cookie_kept_in_mongodb() {
    let mongod = TestMongod::start().await;
    let app = app_with_seed_data(&mongod).await;
    let browser = Browser::new();
    let (_, _, body) = browser.call(&app, "current_viewer", &[]).await;
    assert_eq!(body, "null", "a guest");

    let (status, headers, body) = browser
        .call(
            &app,
            "sign_in",
            &[("email", "TraceyMedina@gmail.com"), ("password", "amazone-demo"), ("next", "//evil.example")],
        )
        .await;
    assert!(status.is_success() || status.is_redirection(), "{status}: {body}");
    let cookie = headers.get("set-cookie").expect("a session cookie").to_str().unwrap().to_string();
    assert!(cookie.starts_with("amazone_session="), "{cookie}");
    assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"), "{cookie}");
    assert!(!cookie.contains("Secure"), "served over plain HTTP here: {cookie}");
    if let Some(location) = headers.get("location") {
        assert_eq!(location, "/", "never sent to another site after signing in");
    }
    let (_, _, body) = browser.call(&app, "current_viewer", &[]).await;
    assert!(body.contains("\"name\":\"Tracey Medina\"") && body.contains("\"role\":\"customer\""), "{body}");
    let sessions = app.db.collection::<mongodb::bson::Document>("sessions");
    let stored = sessions.find_one(doc! {}).await.unwrap().expect("the session is in MongoDB");
    assert!(stored.get_datetime("expires_at").is_ok());
    assert!(!stored.to_string().contains("argon2"), "no password hash in the session");

    browser.call(&app, "sign_out", &[]).await;
    let (_, _, body) = browser.call(&app, "current_viewer", &[]).await;
    assert_eq!(body, "null", "signed out");
    app.shutdown().await;
}

#[tokio::test]
async fn secure_cookies_are_marked_secure() {
    let mongod = TestMongod::start().await;
    let app = TestApp::spawn_with(&mongod, |settings| settings.accounts.secure_cookies = true).await;
    let browser = Browser::new();
    browser.call(&app, "add_to_cart", &[("product_id", "nothing"), ("quantity", "1")]).await;
    let (_, headers, _) =
        browser.call(&app, "sign_in", &[("email", "admin@amazone.test"), ("password", "amazone-admin")]).await;
    let cookie = headers.get("set-cookie").expect("a session cookie").to_str().unwrap().to_string();
    assert!(cookie.contains("Secure"), "{cookie}");
    app.shutdown().await;
}

#[tokio::test]
async fn wrong_credentials_and_bad_sign_ups_get_clear_messages() {
    let mongod = TestMongod::start().await;
    let app = app_with_seed_data(&mongod).await;
    let browser = Browser::new();
    for (email, password) in
        [("traceymedina@gmail.com", "wrong"), ("nobody@example.com", "amazone-demo"), ("not an email", "x")]
    {
        let (status, _, body) = browser.call(&app, "sign_in", &[("email", email), ("password", password)]).await;
        assert!(!status.is_success(), "{email}");
        assert!(body.contains("do not match an account"), "the same answer either way: {body}");
    }
    let sign_up = |email: &'static str, postcode: &'static str, password: &'static str| {
        vec![
            ("name", "Nora New"),
            ("email", email),
            ("password", password),
            ("line1", "1 High Street"),
            ("city", "Leeds"),
            ("postcode", postcode),
            ("country", "GB"),
        ]
    };
    let (_, _, body) = browser.call(&app, "sign_up", &sign_up("nora@example.com", "12345", "long enough")).await;
    assert!(body.contains("is not a postcode of the United Kingdom"), "{body}");
    let (_, _, body) = browser.call(&app, "sign_up", &sign_up("nora@example.com", "LS1 4AP", "short")).await;
    assert!(body.contains("at least 8 characters"), "{body}");
    let (_, _, body) =
        browser.call(&app, "sign_up", &sign_up("TraceyMedina@gmail.com", "LS1 4AP", "long enough")).await;
    assert!(body.contains("already exists"), "{body}");
    assert_eq!(
        app.db
            .collection::<mongodb::bson::Document>("customers")
            .count_documents(doc! { "name": "Nora New" })
            .await
            .unwrap(),
        0
    );

    let (status, _, body) = browser.call(&app, "sign_up", &sign_up("nora@example.com", "ls14ap", "long enough")).await;
    assert!(status.is_success() || status.is_redirection(), "{status}: {body}");
    let (_, _, body) = browser.call(&app, "current_viewer", &[]).await;
    assert!(body.contains("Nora New"), "signed in after signing up: {body}");
    let customer = app
        .db
        .collection::<amazone::model::customer::Customer>("customers")
        .find_one(doc! { "email": "nora@example.com" })
        .await;
    assert_eq!(customer.unwrap().unwrap().shipping_address.postcode, "LS1 4AP");
    app.shutdown().await;
}

#[tokio::test]
async fn bad_cart_and_rating_input_is_refused_in_plain_words() {
    let mongod = TestMongod::start().await;
    let app = app_with_seed_data(&mongod).await;
    let browser = Browser::new();
    for quantity in ["0", "-3", "abc", "100000000000", "51"] {
        let (status, _, body) =
            browser.call(&app, "add_to_cart", &[("product_id", AERIFIED), ("quantity", quantity)]).await;
        assert!(!status.is_success(), "{quantity}");
        assert!(body.contains("is not a quantity"), "{quantity}: {body}");
    }
    let (_, _, body) = browser.call(&app, "add_to_cart", &[("product_id", "{\"$gt\": \"\"}"), ("quantity", "1")]).await;
    assert!(body.contains("does not exist"), "{body}");
    assert_eq!(
        app.db
            .collection::<mongodb::bson::Document>("carts")
            .count_documents(doc! { "customer_id": { "$exists": false }, "legacy_id": { "$exists": false } })
            .await
            .unwrap(),
        0,
        "no cart was made"
    );

    browser.sign_in(&app, "traceymedina@gmail.com").await;
    for stars in ["0", "6", "five"] {
        let (_, _, body) = browser.call(&app, "rate_product", &[("product_id", AERIFIED), ("stars", stars)]).await;
        assert!(body.contains("Choose from 1 to 5 stars"), "{stars}: {body}");
    }
    app.shutdown().await;
}

#[tokio::test]
async fn no_customer_can_read_or_change_another_customers_cart_orders_or_ratings() {
    let mongod = TestMongod::start().await;
    let app = app_with_seed_data(&mongod).await;
    let (tracey, diana) = (Browser::new(), Browser::new());
    tracey.sign_in(&app, "traceymedina@gmail.com").await;
    diana.sign_in(&app, "dianahall@gmail.com").await;

    let (status, _, body) = tracey.call(&app, "add_to_cart", &[("product_id", AERIFIED), ("quantity", "2")]).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (_, _, tracey_cart) = tracey.call(&app, "cart_view", &[]).await;
    let cart: amazone::model::cart::CartView = serde_json::from_str(&tracey_cart).unwrap();
    let (cart_id, key) = (cart.cart_id.clone().unwrap(), cart.lines[0].key.clone());

    let (_, _, body) = diana.call(&app, "cart_view", &[]).await;
    assert!(!body.contains("Aerified"), "Diana sees her own (empty) cart: {body}");
    let (_, _, body) = diana.call(&app, "update_cart_line", &[("key", &key), ("quantity", "0")]).await;
    assert!(body.contains("no longer in your cart"), "{body}");
    let (_, _, body) = diana.call(&app, "remove_cart_line", &[("key", &key)]).await;
    assert!(body.contains("no longer in your cart"), "{body}");
    let address = [("line1", "1 High Street"), ("city", "Leeds"), ("postcode", "LS1 4AP"), ("country", "GB")];
    let mut checkout = vec![("cart_id", cart_id.as_str())];
    checkout.extend(address);
    let (_, _, body) = diana.call(&app, "place_order", &checkout).await;
    assert!(body.contains("cart is empty"), "{body}");
    let (_, _, after) = tracey.call(&app, "cart_view", &[]).await;
    assert_eq!(after, tracey_cart, "Tracey's cart is unchanged");

    // Tracey's delivered order: Diana can neither read it nor rate its partner.
    let order = app.db.collection::<amazone::model::order::Order>("orders");
    let customer = crate::shopping::customer_id(&app.db, 1).await;
    let delivered = order.find_one(doc! { "customer_id": &customer, "status": "delivered" }).await.unwrap().unwrap();
    let (_, _, body) = diana.call(&app, "order_page", &[("id", &delivered.id)]).await;
    assert_eq!(body, "null", "someone else's order reads as unknown");
    let (_, _, body) = diana.call(&app, "rate_partner", &[("order_id", &delivered.id), ("stars", "1")]).await;
    assert!(body.contains("not one of yours"), "{body}");
    let (_, _, body) = tracey.call(&app, "order_page", &[("id", &delivered.id)]).await;
    assert!(body.contains(&delivered.id), "the owner reads it");

    // A guest reaches nobody's orders.
    let (_, _, body) = Browser::new().call(&app, "my_orders", &[]).await;
    assert!(body.contains("Please sign in first"), "{body}");
    app.shutdown().await;
}
