//! Prices per region: every page, cart and order is in the currency of the shopper's destination; a cart follows its
//! shopper into another region's currency and says so; a product without a price in a currency is not sold there;
//! products from before regional prices are converted by a migration.

use amazone::model::cart::CartView;
use amazone::model::order::Order;
use amazone::model::{Currency, Money};
use mongodb::bson::{doc, Document};

use crate::shopping::{app_with_seed_data, AERIFIED};
use crate::support::{Browser, TestApp, TestMongod};

/// Aerified, as imported: £10.99, and 10.99 x 1.17 = 12.86 rounded up to a shelf price.
const POUNDS: &str = "£10.99";
const EUROS: &str = "€12.99";

async fn page(browser: &Browser, app: &TestApp, path: &str) -> String {
    let response = browser.get(app, path).await;
    assert_eq!(response.status(), 200, "{path}");
    response.text().await.unwrap()
}

async fn cart(browser: &Browser, app: &TestApp) -> CartView {
    let (status, _, body) = browser.call(app, "cart_view", &[]).await;
    assert_eq!(status, 200, "{body}");
    serde_json::from_str(&body).unwrap()
}

async fn add(browser: &Browser, app: &TestApp, product_id: &str) -> (reqwest::StatusCode, String) {
    let (status, _, body) = browser.call(app, "add_to_cart", &[("product_id", product_id), ("quantity", "1")]).await;
    (status, body)
}

fn shows_only(page: &str, price: &str, never: &str) -> bool {
    page.contains(price) && !page.contains(never)
}

#[tokio::test]
async fn a_shopper_in_france_sees_pays_and_orders_in_euros_and_a_uk_shopper_never_sees_them() {
    let mongod = TestMongod::start().await;
    let app = app_with_seed_data(&mongod).await;
    let guest = Browser::new();

    // A UK guest (the default country): pounds on the product page, the listing and the search.
    for path in [format!("/p/{AERIFIED}"), "/c/books?sort=price_asc".into(), "/search?q=Aerified".into()] {
        assert!(shows_only(&page(&guest, &app, &path).await, POUNDS, EUROS), "{path}");
    }
    let (status, body) = add(&guest, &app, AERIFIED).await;
    assert!(status.is_success(), "{body}");
    let in_pounds = cart(&guest, &app).await;
    assert_eq!((in_pounds.currency, in_pounds.total), (Currency::GBP, Money(1099)));
    assert_eq!(in_pounds.vat_total, Money::ZERO, "books are zero-rated in the UK");

    // Switching to France re-prices the cart in euros and says so; every page shows euros.
    let (status, _, body) = guest.call(&app, "deliver_to", &[("country", "FR"), ("back", "/cart")]).await;
    assert!(status.is_success() || status.is_redirection(), "{status}: {body}");
    let in_euros = cart(&guest, &app).await;
    assert_eq!((in_euros.currency, in_euros.total), (Currency::EUR, Money(1299)));
    assert!(
        in_euros
            .notice
            .as_deref()
            .unwrap_or("")
            .contains("now priced in euros (€), the currency where you are delivered to (France)"),
        "{in_euros:?}"
    );
    for path in
        [format!("/p/{AERIFIED}"), "/c/books?sort=price_asc".into(), "/search?q=Aerified".into(), "/cart".into()]
    {
        assert!(shows_only(&page(&guest, &app, &path).await, EUROS, POUNDS), "{path}");
    }
    let listing = page(&guest, &app, "/c/books").await;
    assert!(listing.contains("Price (€)") && !listing.contains("Price (£)"), "the price filter is in euros too");
    // Adding more is at the euro price, and the notice has done its job.
    add(&guest, &app, AERIFIED).await;
    let more = cart(&guest, &app).await;
    assert_eq!((more.total, more.notice), (Money(2598), None));

    // Another guest is still in the UK: the cached pages are per currency.
    assert!(shows_only(&page(&Browser::new(), &app, &format!("/p/{AERIFIED}")).await, POUNDS, EUROS));

    // A customer moving to Paris: their cart follows, and the order is in euros at the price they saw.
    let customer = Browser::new();
    customer.sign_in(&app, "traceymedina@gmail.com").await;
    add(&customer, &app, AERIFIED).await;
    assert_eq!(cart(&customer, &app).await.currency, Currency::GBP);
    // Also signed in on their phone, whose session remembers the UK.
    let phone = Browser::new();
    phone.sign_in(&app, "traceymedina@gmail.com").await;
    let paris = [("line1", "1 Rue de Rivoli"), ("city", "Paris"), ("postcode", "75001"), ("country", "FR")];
    let (status, _, body) = customer.call(&app, "set_shipping_address", &paris).await;
    assert!(status.is_success(), "{body}");
    let theirs = cart(&customer, &app).await;
    assert_eq!((theirs.currency, theirs.lines[0].unit_price), (Currency::EUR, Money(1299)));
    let carts = app.db.collection::<Document>("carts");
    let stored = carts.find_one(doc! { "_id": theirs.cart_id.as_deref() }).await.unwrap().unwrap();
    assert_eq!(stored.get_str("region"), Ok("eu"), "the cart moved to their new region");
    // The phone finds them, and their cart, in the EU.
    let on_phone = cart(&phone, &app).await;
    assert_eq!((on_phone.cart_id.as_deref(), on_phone.currency), (theirs.cart_id.as_deref(), Currency::EUR));
    // Books take France's reduced rate: 12.99 / 1.055 = 12.31 net, 0.68 VAT.
    assert_eq!(theirs.vat_total, Money(68), "{theirs:?}");
    let cart_id = theirs.cart_id.unwrap();
    let mut to_paris = vec![("cart_id", cart_id.as_str())];
    to_paris.extend(paris);
    let (status, _, body) = customer.call(&app, "place_order", &to_paris).await;
    assert_eq!(status, 200, "{body}");
    let order = app.db.collection::<Order>("orders").find_one(doc! { "_id": &cart_id }).await.unwrap().unwrap();
    assert_eq!((order.currency, order.total_price, order.region.as_deref()), (Currency::EUR, Money(1299), Some("eu")));
    let vat = order.lines[0].vat.expect("the line's VAT");
    assert_eq!((vat.rate, vat.net, vat.vat, order.vat_total), (5.5, Money(1231), Money(68), Some(Money(68))));
    let order_page = page(&customer, &app, &format!("/orders/{cart_id}")).await;
    assert!(shows_only(&order_page, EUROS, POUNDS) && order_page.contains("€0.68"), "{order_page}");
    app.shutdown().await;
}

#[tokio::test]
async fn a_product_without_a_euro_price_is_not_sold_in_the_eu_and_a_cart_holding_it_cannot_be_ordered_there() {
    let mongod = TestMongod::start().await;
    let app = app_with_seed_data(&mongod).await;
    let products = app.db.collection::<Document>("products");

    // A French customer's cart holds Aerified in euros; then the shop stops selling it in euros.
    let customer = Browser::new();
    customer.sign_in(&app, "traceymedina@gmail.com").await;
    let paris = [("line1", "1 Rue de Rivoli"), ("city", "Paris"), ("postcode", "75001"), ("country", "FR")];
    customer.call(&app, "set_shipping_address", &paris).await;
    let (status, body) = add(&customer, &app, AERIFIED).await;
    assert!(status.is_success(), "{body}");
    products.update_one(doc! { "_id": AERIFIED }, doc! { "$unset": { "prices.EUR": "" } }).await.unwrap();

    // Checkout names it, and nothing is ordered.
    let cart_id = cart(&customer, &app).await.cart_id.unwrap();
    let mut to_paris = vec![("cart_id", cart_id.as_str())];
    to_paris.extend(paris);
    let (status, _, body) = customer.call(&app, "place_order", &to_paris).await;
    assert_eq!(status, 409, "{body}");
    assert!(body.contains("Not sold where you are delivered to: Aerified"), "{body}");
    assert_eq!(app.db.collection::<Order>("orders").count_documents(doc! { "_id": &cart_id }).await.unwrap(), 0);

    // A French guest is not offered it at all; never at 0.
    let guest = Browser::new();
    guest.call(&app, "deliver_to", &[("country", "FR"), ("back", "/")]).await;
    let product = page(&guest, &app, &format!("/p/{AERIFIED}")).await;
    assert!(product.contains("Not sold where you are delivered to") && !product.contains("€0.00"), "{product}");
    assert!(!page(&guest, &app, "/search?q=Aerified").await.contains(&format!("/p/{AERIFIED}")));
    let (status, body) = add(&guest, &app, AERIFIED).await;
    assert_eq!(status, 422, "{body}");
    assert!(body.contains("not sold where you are delivered to"), "{body}");
    // A UK guest still buys it.
    let (status, body) = add(&Browser::new(), &app, AERIFIED).await;
    assert!(status.is_success(), "{body}");
    app.shutdown().await;
}

#[tokio::test]
async fn products_priced_only_in_pounds_get_euro_prices_from_the_migration_once() {
    let mongod = TestMongod::start().await;
    let app = TestApp::spawn(&mongod).await;
    let products = app.db.collection::<Document>("products");
    // As a store from before regional prices wrote them (a restored backup), with the old price index.
    let mut old =
        mongodb::bson::to_document(&crate::fixtures::product("Old Book", amazone::model::Category::Books)).unwrap();
    old.remove("prices");
    old.insert("price", 1099_i64);
    old.insert("currency", "GBP");
    products.insert_one(old.clone()).await.unwrap();
    let old_index = mongodb::IndexModel::builder()
        .keys(doc! { "category": 1, "price": 1 })
        .options(mongodb::options::IndexOptions::builder().name("category_price".to_string()).build())
        .build();
    products.create_index(old_index).await.unwrap();

    crate::support::forget_migrations(&app.db).await;
    amazone::server::schema::ensure(&app.db).await.unwrap();
    let migrated = products.find_one(doc! { "_id": old.get_str("_id").unwrap() }).await.unwrap().unwrap();
    assert_eq!(migrated.get_document("prices").unwrap(), &doc! { "GBP": 1099_i64, "EUR": 1299_i64 }, "{migrated}");
    assert!(!migrated.contains_key("price") && !migrated.contains_key("currency"), "{migrated}");
    assert!(!products.list_index_names().await.unwrap().contains(&"category_price".to_string()));

    // Run again (another server, a restart after a kill): nothing more changes.
    crate::support::forget_migrations(&app.db).await;
    amazone::server::schema::ensure(&app.db).await.unwrap();
    let again = products.find_one(doc! { "_id": old.get_str("_id").unwrap() }).await.unwrap().unwrap();
    assert_eq!(again, migrated);
    let ledger = app.db.collection::<Document>("migrations").find_one(doc! { "name": "regional_prices" }).await;
    let changed = ledger.unwrap().unwrap().get("changed").and_then(|n| n.as_i64().or(n.as_i32().map(i64::from)));
    assert_eq!(changed, Some(0), "the second run changed nothing");
    app.shutdown().await;
}
