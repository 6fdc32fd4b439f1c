use amazone::model::product::Product;
use amazone::model::Category;
use reqwest::StatusCode;

use crate::fixtures::product;
use crate::support::{TestApp, TestMongod};

/// The text of the home page's card for one category, e.g. "… Books 3 products".
fn card_text(html: &str, slug: &str) -> String {
    let attribute = html.find(&format!("data-category=\"{slug}\"")).unwrap_or_else(|| panic!("no card for {slug}"));
    let start = attribute + html[attribute..].find('>').expect("the card's tag closes");
    let end = start + html[start..].find("</li>").expect("card closes");
    let mut text = String::new();
    let mut in_tag = false;
    for c in html[start..end].chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                text.push(' ');
            }
            _ if !in_tag => text.push(c),
            _ => {}
        }
    }
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[tokio::test]
async fn the_home_page_is_rendered_on_the_server_from_what_mongodb_holds() {
    let mongod = TestMongod::start().await;
    let app = TestApp::spawn(&mongod).await;
    let products = app.db.collection::<Product>("products");
    products
        .insert_many([
            product("Aerified", Category::Books),
            product("Tempsoft", Category::Books),
            product("Duobam", Category::Books),
            product("Sourdough loaf", Category::Bakery),
        ])
        .await
        .unwrap();

    let response = app.get("/").await;
    assert_eq!(response.status(), StatusCode::OK);
    assert!(response.headers()["content-type"].to_str().unwrap().starts_with("text/html"));
    let html = response.text().await.unwrap();

    assert!(html.contains("<header class=\"site-header\""), "the shell is rendered");
    assert!(html.contains("<footer class=\"site-footer\""), "the footer is rendered");
    assert!(html.contains("role=\"search\""), "the search box is rendered");
    assert!(html.contains("href=\"/cart\""), "the cart link is rendered");
    assert_eq!(card_text(&html, "books"), "From our warehouse Books 3 products");
    assert_eq!(card_text(&html, "bakery"), "From your local store Bakery 1 product");
    assert_eq!(card_text(&html, "cds"), "From our warehouse CDs 0 products");
    assert!(!html.contains("being stocked"), "no empty state once products exist");
    app.shutdown().await;
}

#[tokio::test]
async fn an_empty_catalogue_gets_a_friendly_empty_state() {
    let mongod = TestMongod::start().await;
    let app = TestApp::spawn(&mongod).await;

    let html = app.get("/").await.text().await.unwrap();
    assert!(html.contains("Our shelves are being stocked"), "{html}");
    assert!(!html.contains("data-category="), "no category cards without products");
    app.shutdown().await;
}

#[tokio::test]
async fn an_unknown_address_is_a_404_page_with_the_shop_around_it() {
    let mongod = TestMongod::start().await;
    let app = TestApp::spawn(&mongod).await;

    let response = app.get("/no/such/page").await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    let html = response.text().await.unwrap();
    assert!(html.contains("We couldn&#x27;t find that page") || html.contains("We couldn't find that page"), "{html}");
    assert!(html.contains("<header class=\"site-header\""));
    app.shutdown().await;
}

#[tokio::test]
async fn pages_are_compressed_with_brotli_or_gzip_as_the_browser_asks() {
    let mongod = TestMongod::start().await;
    let app = TestApp::spawn(&mongod).await;

    for (accept, expected) in [("br, gzip", "br"), ("gzip", "gzip")] {
        let response = app.http.get(app.url("/")).header("accept-encoding", accept).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::OK);
        assert_eq!(response.headers()["content-encoding"], expected, "Accept-Encoding: {accept}");
    }
    let plain = app.http.get(app.url("/")).send().await.unwrap();
    assert!(plain.headers().get("content-encoding").is_none());
    app.shutdown().await;
}
