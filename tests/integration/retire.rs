//! Retiring a product: gone from every listing, search, suggestion and recommendation, its page says it is no longer
//! sold, no cart takes it and checkout says so, while its orders keep it; putting it back on sale undoes all of it.

use amazone::model::back_office::ProductList;
use amazone::model::cart::CartView;
use amazone::model::order::Order;
use amazone::server::recommend::entries;
use amazone::server::suggest::suggestions;
use mongodb::bson::{doc, Document};
use reqwest::StatusCode;

use crate::back_office::admin;
use crate::shopping::{app_with_seed_data, AERIFIED};
use crate::support::{Browser, TestApp, TestMongod};

const CHECKOUT_TO_LEEDS: [(&str, &str); 4] =
    [("line1", "1 High Street"), ("city", "Leeds"), ("postcode", "LS1 4AP"), ("country", "GB")];

async fn place_order(shopper: &Browser, app: &TestApp) -> (StatusCode, String) {
    let (_, _, cart) = shopper.call(app, "cart_view", &[]).await;
    let cart: CartView = serde_json::from_str(&cart).unwrap();
    let cart_id = cart.cart_id.unwrap();
    let mut form = vec![("cart_id", cart_id.as_str())];
    form.extend(CHECKOUT_TO_LEEDS);
    let (status, _, body) = shopper.call(app, "place_order", &form).await;
    (status, body)
}

/// Where a shopper could meet the product: its category page, a search for its name, suggestions, popular products.
async fn shown_anywhere(app: &TestApp) -> Vec<&'static str> {
    let link = format!("/p/{AERIFIED}");
    let mut places = Vec::new();
    if app.get("/c/books").await.text().await.unwrap().contains(&link) {
        places.push("category page");
    }
    if app.get("/search?q=Aerified").await.text().await.unwrap().contains(&link) {
        places.push("search");
    }
    if suggestions(&app.db, "Aerif").await.unwrap().iter().any(|s| s.id == AERIFIED) {
        places.push("suggestions");
    }
    if entries::popular(&app.db, 1_000).await.unwrap().iter().any(|p| p.entry.product_id == AERIFIED) {
        places.push("popular");
    }
    if entries::in_stock(&app.db, None).await.unwrap().contains_key(AERIFIED) {
        places.push("recommendable");
    }
    places
}

async fn retire(admin: &Browser, app: &TestApp, retire: &str) -> (StatusCode, String) {
    let (status, _, body) = admin.call(app, "retire_product", &[("product_id", AERIFIED), ("retire", retire)]).await;
    (status, body)
}

#[tokio::test]
async fn a_retired_product_leaves_the_shop_but_its_orders_keep_it_and_it_can_come_back() {
    let mongod = TestMongod::start().await;
    // The pages below are cached: retiring clears this server's cache at once.
    let app = app_with_seed_data(&mongod).await;
    let admin = admin(&app).await;
    let shopper = Browser::new();
    shopper.sign_in(&app, "traceymedina@gmail.com").await;
    assert_eq!(shown_anywhere(&app).await, ["category page", "search", "suggestions", "popular", "recommendable"]);

    // An order placed before, and a cart line added before, the product is retired.
    let add = [("product_id", AERIFIED), ("quantity", "1")];
    let (status, _, body) = shopper.call(&app, "add_to_cart", &add).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (status, ordered) = place_order(&shopper, &app).await;
    assert_eq!(status, StatusCode::OK, "{ordered}");
    let (status, _, body) = shopper.call(&app, "add_to_cart", &add).await;
    assert_eq!(status, StatusCode::OK, "{body}");

    let (status, body) = retire(&admin, &app, "true").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(shown_anywhere(&app).await, Vec::<&str>::new());
    let page = app.get(&format!("/p/{AERIFIED}")).await.text().await.unwrap();
    assert!(page.contains("No longer sold") && !page.contains("Add to cart"), "the page says so, offers nothing");

    let (status, _, body) = shopper.call(&app, "add_to_cart", &add).await;
    assert_eq!(status, StatusCode::GONE);
    assert!(body.contains("Aerified is no longer sold."), "{body}");
    let (_, _, cart) = shopper.call(&app, "cart_view", &[]).await;
    let cart: CartView = serde_json::from_str(&cart).unwrap();
    assert!(cart.lines[0].retired, "the cart marks the line");
    let (status, body) = place_order(&shopper, &app).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert!(body.contains("No longer sold: Aerified. Remove it from your cart"), "{body}");

    // The earlier order is untouched and its page still names the product.
    let order_id: String = serde_json::from_str(&ordered).unwrap();
    let order = app.db.collection::<Order>("orders").find_one(doc! { "_id": &order_id }).await.unwrap();
    let order = order.expect("the order");
    assert_eq!(order.lines[0].product_id, AERIFIED);
    let order_page = shopper.get(&app, &format!("/orders/{}", order.id)).await.text().await.unwrap();
    assert!(order_page.contains("Aerified"), "the order page keeps the product");

    // Twice is told; a shopper may not; an unknown product is named; the back office lists it as retired.
    let (status, body) = retire(&admin, &app, "true").await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert!(body.contains("Aerified was already retired"), "{body}");
    let (status, _, _) = shopper.call(&app, "retire_product", &[("product_id", AERIFIED), ("retire", "false")]).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let unknown = [("product_id", "000000000000000000000000"), ("retire", "true")];
    let (status, _, _) = admin.call(&app, "retire_product", &unknown).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (_, _, list) = admin.call(&app, "admin_products", &[("sale", "retired")]).await;
    let list: ProductList = serde_json::from_str(&list).unwrap();
    assert_eq!(list.rows.iter().map(|row| (row.id.as_str(), row.retired)).collect::<Vec<_>>(), [(AERIFIED, true)]);

    // Back on sale: everywhere again, and the cart checks out.
    let (status, body) = retire(&admin, &app, "false").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(shown_anywhere(&app).await, ["category page", "search", "suggestions", "popular", "recommendable"]);
    let (status, body) = place_order(&shopper, &app).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let audit = app.db.collection::<Document>("audit_log");
    let actions: Vec<String> = futures::TryStreamExt::try_collect::<Vec<Document>>(
        audit.find(doc! { "product_id": AERIFIED }).sort(doc! { "at": 1 }).await.unwrap(),
    )
    .await
    .unwrap()
    .iter()
    .map(|entry| entry.get_str("action").unwrap().to_string())
    .collect();
    assert_eq!(actions, ["retire product", "put product back on sale"]);
    app.shutdown().await;
}
