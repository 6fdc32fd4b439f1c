//! Server functions answer with the status that says whose move it is: a refusal the visitor can fix is a 4xx with
//! its sentence, a stopped database is 503 with a sentence to try again, never a bare 500.

use reqwest::StatusCode;

use crate::shopping::{app_with_seed_data, AERIFIED};
use crate::support::{Browser, TestApp, TestMongod};

async fn expect(
    browser: &Browser,
    app: &TestApp,
    endpoint: &str,
    form: &[(&str, &str)],
    status: StatusCode,
    says: &str,
) {
    let (got, _, body) = browser.call(app, endpoint, form).await;
    assert_eq!(got, status, "{endpoint} {form:?}: {body}");
    assert!(body.contains(says), "{endpoint} {form:?} says {says:?}: {body}");
}

#[tokio::test]
async fn refusals_answer_4xx_with_their_sentence() {
    let mongod = TestMongod::start().await;
    let app = app_with_seed_data(&mongod).await;
    let guest = Browser::new();
    let wrong = [("email", "traceymedina@gmail.com"), ("password", "not her password")];
    expect(&guest, &app, "sign_in", &wrong, StatusCode::UNAUTHORIZED, "do not match").await;
    let taken = [
        ("name", "Tracey Again"),
        ("email", "traceymedina@gmail.com"),
        ("password", "a long enough password"),
        ("line1", "1 High Street"),
        ("city", "Leeds"),
        ("postcode", "LS1 1AA"),
        ("country", "GB"),
    ];
    expect(&guest, &app, "sign_up", &taken, StatusCode::CONFLICT, "already exists").await;
    let mut bad_email = taken;
    bad_email[1] = ("email", "not-an-email");
    let (status, _, _) = guest.call(&app, "sign_up", &bad_email).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);

    let add = |quantity| [("product_id", AERIFIED), ("quantity", quantity)];
    expect(&guest, &app, "add_to_cart", &add("lots"), StatusCode::UNPROCESSABLE_ENTITY, "not a quantity").await;
    let unknown = [("product_id", "000000000000000000000000"), ("quantity", "1")];
    expect(&guest, &app, "add_to_cart", &unknown, StatusCode::NOT_FOUND, "does not exist").await;
    let warehouse = app.db.collection::<mongodb::bson::Document>("warehouse_stock");
    let three_left = mongodb::bson::doc! { "$set": { "quantity": 3_i64 } };
    warehouse.update_one(mongodb::bson::doc! { "product_id": AERIFIED }, three_left).await.unwrap();
    expect(&guest, &app, "add_to_cart", &add("5"), StatusCode::CONFLICT, "only 3 left").await;
    let gone = [("key", "nothing-here"), ("quantity", "2")];
    expect(&guest, &app, "update_cart_line", &gone, StatusCode::CONFLICT, "no longer in your cart").await;
    expect(&guest, &app, "my_orders", &[], StatusCode::UNAUTHORIZED, "sign in").await;

    let customer = Browser::new();
    customer.sign_in(&app, "traceymedina@gmail.com").await;
    let stars = |stars| [("product_id", "000000000000000000000000"), ("stars", stars)];
    expect(&customer, &app, "rate_product", &stars("9"), StatusCode::UNPROCESSABLE_ENTITY, "1 to 5").await;
    expect(&customer, &app, "rate_product", &stars("4"), StatusCode::FORBIDDEN, "once you have bought").await;
    let order = [("order_id", "000000000000000000000000"), ("stars", "4")];
    expect(&customer, &app, "rate_partner", &order, StatusCode::NOT_FOUND, "not one of yours").await;
    let address =
        [("cart_id", "x"), ("line1", "1 High St"), ("city", "Leeds"), ("postcode", "nope"), ("country", "GB")];
    let (status, _, body) = customer.call(&app, "place_order", &address).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");

    let admin = Browser::new();
    let (status, _, _) =
        admin.call(&app, "sign_in", &[("email", "admin@amazone.test"), ("password", "amazone-admin")]).await;
    assert!(status.is_success() || status.is_redirection());
    expect(&admin, &app, "add_to_cart", &add("1"), StatusCode::FORBIDDEN, "Staff accounts").await;
    expect(&admin, &app, "start_job", &[("job", "make-tea")], StatusCode::NOT_FOUND, "no maintenance job").await;
    expect(&guest, &app, "start_job", &[("job", "restock")], StatusCode::FORBIDDEN, "admin").await;
    app.shutdown().await;
}

#[tokio::test]
async fn a_stopped_database_answers_503_with_a_sentence() {
    let mut mongod = TestMongod::start().await;
    let app = app_with_seed_data(&mongod).await;
    let customer = Browser::new();
    customer.sign_in(&app, "traceymedina@gmail.com").await;
    mongod.stop().await;

    let guest = Browser::new();
    let add = [("product_id", AERIFIED), ("quantity", "1")];
    expect(&guest, &app, "add_to_cart", &add, StatusCode::SERVICE_UNAVAILABLE, "try again").await;
    let credentials = [("email", "traceymedina@gmail.com"), ("password", "amazone-demo")];
    expect(&guest, &app, "sign_in", &credentials, StatusCode::SERVICE_UNAVAILABLE, "try again").await;
    expect(&customer, &app, "my_orders", &[], StatusCode::SERVICE_UNAVAILABLE, "try again").await;
    expect(&customer, &app, "cart_view", &[], StatusCode::SERVICE_UNAVAILABLE, "try again").await;
    let listing = app.get("/c/books").await;
    assert_eq!(listing.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert!(listing.text().await.unwrap().contains("try again"), "the page still says what to do");
    mongod.restart().await;
    app.shutdown().await;
}
