//! Product pictures: every product gets a drawn one, stored once in GridFS under the hash of its bytes, served with
//! the stored type and headers that let browsers keep it, and shown wherever the product is.

use amazone::model::picture::Picture;
use amazone::model::product::Product;
use amazone::server::pictures::{draw_missing, store};
use futures::TryStreamExt;
use mongodb::bson::{doc, Document};
use reqwest::header;
use reqwest::StatusCode;

use crate::shopping::{app_with_seed_data, AERIFIED};
use crate::support::{without_markers, Browser, TestMongod};

async fn main_picture(db: &mongodb::Database, product_id: &str) -> Picture {
    let product = db.collection::<Product>("products").find_one(doc! { "_id": product_id }).await.unwrap().unwrap();
    product.main_picture().cloned().expect("the product has a picture")
}

#[tokio::test]
async fn every_imported_product_gets_a_drawn_picture_served_with_its_stored_type_and_kept_for_good() {
    let mongod = TestMongod::start().await;
    let app = app_with_seed_data(&mongod).await;
    let products: Vec<Product> =
        app.db.collection::<Product>("products").find(doc! {}).await.unwrap().try_collect().await.unwrap();
    assert!(products.len() > 50);
    assert!(products.iter().all(|p| p.pictures.len() == 1), "every product has exactly one picture");

    let picture = main_picture(&app.db, AERIFIED).await;
    assert_eq!((picture.width, picture.height), (400, 400));
    let response = app.get(&picture.src()).await;
    assert_eq!(response.status(), StatusCode::OK);
    let headers = response.headers().clone();
    assert_eq!(headers[header::CONTENT_TYPE], "image/svg+xml");
    assert_eq!(headers[header::CACHE_CONTROL], "public, max-age=31536000, immutable");
    assert_eq!(headers[header::ETAG], format!("\"{}\"", picture.id));
    assert!(headers[header::CONTENT_SECURITY_POLICY].to_str().unwrap().starts_with("default-src 'none'"));
    assert!(headers.get(header::SET_COOKIE).is_none(), "no session for a picture");
    let body = response.bytes().await.unwrap();
    assert_eq!(store::picture_id(&body), picture.id, "the address is the hash of the bytes");
    let svg = String::from_utf8(body.to_vec()).unwrap();
    assert!(svg.contains("Aerified") && svg.contains("Tú Motherwell"), "a cover with title and author: {svg}");

    // Asked again with the tag it has: nothing to send.
    let again = app
        .http
        .get(app.url(&picture.src()))
        .header(header::IF_NONE_MATCH, format!("\"{}\"", picture.id))
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), StatusCode::NOT_MODIFIED);
    assert!(again.bytes().await.unwrap().is_empty());

    // The stored file says what it is.
    let file = app.db.collection::<Document>("pictures.files").find_one(doc! { "filename": &picture.id }).await;
    let metadata = file.unwrap().unwrap().get_document("metadata").unwrap().clone();
    assert_eq!(metadata.get_str("content_type").unwrap(), "image/svg+xml");
    assert_eq!(metadata.get_i64("width").unwrap(), 400);
    assert_eq!(metadata.get_i64("bytes").unwrap(), svg.len() as i64);
    app.shutdown().await;
}

#[tokio::test]
async fn unknown_and_malformed_picture_addresses_are_404_and_a_stopped_database_503() {
    let mut mongod = TestMongod::start().await;
    let app = app_with_seed_data(&mongod).await;
    for path in ["0123456789abcdef0123456789abcdef", "0123456789ABCDEF0123456789ABCDEF", "..%2F..%2Fetc%2Fpasswd", "x"]
    {
        let response = app.get(&format!("/pictures/{path}")).await;
        assert_eq!(response.status(), StatusCode::NOT_FOUND, "{path}");
        assert_eq!(response.text().await.unwrap(), "There is no picture at this address.");
    }
    let picture = main_picture(&app.db, AERIFIED).await;
    mongod.stop().await;
    let response = app.get(&picture.src()).await;
    assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert!(response.text().await.unwrap().contains("try again"));
    mongod.restart().await;
    app.shutdown().await;
}

#[tokio::test]
async fn drawing_is_once_per_product_even_run_twice_at_once_or_after_an_upload_killed_halfway() {
    let mongod = TestMongod::start().await;
    let app = app_with_seed_data(&mongod).await;
    let files = app.db.collection::<Document>("pictures.files");
    let before = files.count_documents(doc! {}).await.unwrap();
    assert_eq!(draw_missing(&app.db).await.unwrap(), 0, "nothing left to draw");

    // Half the products lose their pictures, and one file loses its file document but keeps its chunks, as if an
    // upload was killed between the two.
    let products = app.db.collection::<Document>("products");
    let aerified = main_picture(&app.db, AERIFIED).await;
    products
        .update_many(doc! { "category": { "$in": ["books", "bakery"] } }, doc! { "$unset": { "pictures": 1 } })
        .await
        .unwrap();
    files.delete_one(doc! { "filename": &aerified.id }).await.unwrap();
    let unpictured = products.count_documents(doc! { "pictures": { "$exists": false } }).await.unwrap();
    assert!(unpictured > 5);

    let (first, second) = tokio::join!(draw_missing(&app.db), draw_missing(&app.db));
    assert_eq!(first.unwrap() + second.unwrap(), unpictured, "each product given one picture, by one of the two");
    assert_eq!(
        products.count_documents(doc! { "pictures": { "$size": 1 } }).await.unwrap(),
        products.count_documents(doc! {}).await.unwrap()
    );
    assert_eq!(files.count_documents(doc! {}).await.unwrap(), before, "the same drawings: the same files");
    assert_eq!(main_picture(&app.db, AERIFIED).await, aerified, "the same bytes: the same id");
    let response = app.get(&aerified.src()).await;
    assert_eq!(response.status(), StatusCode::OK, "the killed upload was stored whole again");
    assert_eq!(store::picture_id(&response.bytes().await.unwrap()), aerified.id);
    app.shutdown().await;
}

#[tokio::test]
async fn listings_product_pages_carts_and_orders_show_the_pictures_with_their_size_and_name() {
    let mongod = TestMongod::start().await;
    let app = app_with_seed_data(&mongod).await;
    let aerified = main_picture(&app.db, AERIFIED).await;

    let page = without_markers(&app.get(&format!("/p/{AERIFIED}")).await.text().await.unwrap());
    let main = images(&page, "product-picture");
    assert_eq!(main.len(), 1, "{page}");
    for attribute in
        [&format!("src=\"/pictures/{}\"", aerified.id), "width=\"400\"", "height=\"400\"", "alt=\"Aerified\""]
    {
        assert!(main[0].contains(attribute), "{attribute} in {}", main[0]);
    }
    assert!(main[0].contains("loading=\"eager\""), "the product's own picture comes at once");

    let listing = without_markers(&app.get("/c/books").await.text().await.unwrap());
    let cards = images(&listing, "product-card-picture");
    assert!(cards.len() > 4, "a picture on every card");
    assert!(cards.iter().all(|card| card.contains("width=\"400\" height=\"400\" alt=\"")));
    assert!(cards[..4].iter().all(|card| card.contains("loading=\"eager\"")), "the first row at once");
    assert!(cards[4..].iter().all(|card| card.contains("loading=\"lazy\"")), "the rest when scrolled to");

    let customer = Browser::new();
    customer.sign_in(&app, "traceymedina@gmail.com").await;
    let (status, _, body) = customer.call(&app, "add_to_cart", &[("product_id", AERIFIED), ("quantity", "1")]).await;
    assert!(status.is_success() || status.is_redirection(), "{status}: {body}");
    let (status, _, cart) = customer.call(&app, "cart_view", &[]).await;
    assert_eq!(status, StatusCode::OK);
    let cart: serde_json::Value = serde_json::from_str(&cart).unwrap();
    let line = cart["lines"].as_array().unwrap().iter().find(|l| l["product_id"] == AERIFIED).unwrap();
    assert_eq!(line["picture"]["id"], aerified.id.as_str());
    let cart_page = without_markers(&customer.get(&app, "/cart").await.text().await.unwrap());
    assert!(cart_page.contains(&format!("src=\"/pictures/{}\"", aerified.id)), "the cart page shows it");

    // An order's page shows each line's picture.
    let account = app.db.collection::<Document>("accounts").find_one(doc! { "email": "traceymedina@gmail.com" }).await;
    let customer_id = account.unwrap().unwrap().get_str("customer_id").unwrap().to_string();
    let order = app.db.collection::<Document>("orders").find_one(doc! { "customer_id": &customer_id }).await.unwrap();
    let order_id = order.expect("Tracey has imported orders").get_str("_id").unwrap().to_string();
    let (status, _, page) = customer.call(&app, "order_page", &[("id", order_id.as_str())]).await;
    assert_eq!(status, StatusCode::OK, "{page}");
    let page: serde_json::Value = serde_json::from_str(&page).unwrap();
    let (lines, pictures) = (page["order"]["lines"].as_array().unwrap(), page["pictures"].as_array().unwrap());
    assert_eq!(lines.len(), pictures.len());
    for (line, picture) in lines.iter().zip(pictures) {
        let expected = main_picture(&app.db, line["product_id"].as_str().unwrap()).await;
        assert_eq!(picture["id"], expected.id.as_str(), "{line}");
    }
    app.shutdown().await;
}

/// Every `<img …>` tag of this class in the page.
fn images<'a>(html: &'a str, class: &str) -> Vec<&'a str> {
    html.split("<img ")
        .skip(1)
        .map(|rest| &rest[..rest.find('>').unwrap_or(rest.len())])
        .filter(|tag| tag.contains(&format!("class=\"{class}\"")))
        .collect()
}
