//! Catalogue pages kept whole for visitors without a session: rendered once per period and served as they were,
//! each visitor still given a first-cart cookie of their own, scripts allowed by hash (a nonce is never served
//! twice), personal pages always rendered, and an admin's change shown at once.

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use mongodb::bson::{doc, Document};
use reqwest::header::HeaderMap;
use reqwest::StatusCode;
use sha2::{Digest, Sha256};

use crate::back_office::admin;
use crate::shopping::{app_with_seed_data_and, AERIFIED};
use crate::support::{Browser, TestMongod};

fn first_cart_cookies(headers: &HeaderMap) -> Vec<String> {
    let cookies = headers.get_all("set-cookie").iter().map(|value| value.to_str().unwrap().to_string());
    cookies
        .filter(|cookie| cookie.starts_with("amazone_guest_cart="))
        .map(|c| c.split(';').next().unwrap().into())
        .collect()
}

fn policy(headers: &HeaderMap) -> String {
    headers.get("content-security-policy").expect("a page policy").to_str().unwrap().to_string()
}

/// The page's first inline script (the hydration bootstrap) as a policy names it.
fn first_script_hash(html: &str) -> String {
    let start = html.find("<script type=\"module\"").expect("the hydration script");
    let text_start = start + html[start..].find('>').unwrap() + 1;
    let text_end = text_start + html[text_start..].find("</script").unwrap();
    format!("'sha256-{}'", STANDARD.encode(Sha256::digest(&html.as_bytes()[text_start..text_end])))
}

#[tokio::test]
async fn a_guests_product_page_is_rendered_once_per_period_and_each_visitor_gets_a_cart_id_of_their_own() {
    let mongod = TestMongod::start().await;
    let app = app_with_seed_data_and(&mongod, |settings| settings.catalogue.cache_secs = 3600).await;
    let path = format!("/p/{AERIFIED}");

    let first = app.get(&path).await;
    assert_eq!(first.status(), StatusCode::OK);
    let headers = first.headers().clone();
    assert!(headers.get("age").is_none(), "the first visitor's page is rendered for them");
    let first_cookie = first_cart_cookies(&headers);
    assert_eq!(first_cookie.len(), 1, "one first-cart cookie, however often the form renders: {first_cookie:?}");
    let html = first.text().await.unwrap();
    let first_policy = policy(&headers);
    assert!(!first_policy.contains("nonce"), "{first_policy}");
    assert!(first_policy.contains(&first_script_hash(&html)), "the hydration script is allowed by its hash");
    assert!(!html.contains("£43.21"));

    // The price changes in the database behind the cache's back: within the period guests get the kept page.
    let products = app.db.collection::<Document>("products");
    products.update_one(doc! { "_id": AERIFIED }, doc! { "$set": { "prices.GBP": 4321_i64 } }).await.unwrap();
    let second = app.get(&path).await;
    let headers = second.headers().clone();
    assert!(headers.get("age").is_some(), "kept: {headers:?}");
    let second_cookie = first_cart_cookies(&headers);
    assert_eq!(second_cookie.len(), 1);
    assert_ne!(second_cookie, first_cookie, "another visitor, another cart id");
    assert_eq!(policy(&headers), first_policy, "the same scripts, the same hashes");
    assert_eq!(second.text().await.unwrap(), html, "the same page, byte for byte");

    // A visitor who already holds a first-cart cookie gets the kept page and no second cookie.
    let holder = app.http.get(app.url(&path)).header("cookie", &first_cookie[0]).send().await.unwrap();
    assert!(holder.headers().get("age").is_some());
    assert!(first_cart_cookies(holder.headers()).is_empty(), "{:?}", holder.headers());

    // A signed-in shopper's page is theirs alone: rendered for them, with this response's nonce.
    let shopper = Browser::new();
    shopper.sign_in(&app, "traceymedina@gmail.com").await;
    let own = shopper.get(&app, &path).await;
    assert!(own.headers().get("age").is_none());
    assert!(policy(own.headers()).contains("'nonce-"), "{}", policy(own.headers()));

    // An admin's change clears this server's kept pages with its catalogue: the next guest sees today's price.
    let admin = admin(&app).await;
    for retire in ["true", "false"] {
        let (status, _, body) =
            admin.call(&app, "retire_product", &[("product_id", AERIFIED), ("retire", retire)]).await;
        assert_eq!(status, StatusCode::OK, "{body}");
    }
    let after = app.get(&path).await;
    assert!(after.headers().get("age").is_none(), "rendered again after the clear");
    assert!(after.text().await.unwrap().contains("£43.21"));
    app.shutdown().await;
}

#[tokio::test]
async fn only_whole_pages_are_kept_and_every_encoding_is_kept_apart() {
    let mongod = TestMongod::start().await;
    let app = app_with_seed_data_and(&mongod, |settings| settings.catalogue.cache_secs = 3600).await;

    // A product that does not exist is a 404 every time, never kept.
    for _ in 0..2 {
        let missing = app.get("/p/000000000000000000000000").await;
        assert_eq!(missing.status(), StatusCode::NOT_FOUND);
        assert!(missing.headers().get("age").is_none());
    }
    // Pages that are never the same for everyone are never kept, even for a guest.
    for _ in 0..2 {
        assert!(app.get("/cart").await.headers().get("age").is_none());
    }

    // Brotli and no compression are two entries: each visitor gets what they asked for.
    let ask = |encoding: &'static str| app.http.get(app.url("/c/bakery")).header("accept-encoding", encoding).send();
    let plain = ask("identity").await.unwrap();
    assert!(plain.headers().get("content-encoding").is_none());
    let plain_page = plain.text().await.unwrap();
    let brotli = ask("br").await.unwrap();
    assert_eq!(brotli.headers().get("content-encoding").unwrap(), "br");
    assert!(brotli.headers().get("age").is_none(), "the first brotli visitor's page is compressed for them");
    let brotli_again = ask("br").await.unwrap();
    assert_eq!(brotli_again.headers().get("content-encoding").unwrap(), "br");
    assert!(brotli_again.headers().get("age").is_some());
    let plain_again = ask("identity").await.unwrap();
    assert!(plain_again.headers().get("content-encoding").is_none() && plain_again.headers().get("age").is_some());
    assert_eq!(plain_again.text().await.unwrap(), plain_page);
    app.shutdown().await;
}

/// Eight guests asking for the same page at once: how many got it rendered for them (the rest were served a kept one).
async fn rendered_of_eight_at_once(app: &crate::support::TestApp, path: &str) -> usize {
    let responses = futures::future::join_all((0..8).map(|_| app.get(path))).await;
    assert!(responses.iter().all(|response| response.status() == StatusCode::OK));
    responses.iter().filter(|response| response.headers().get("age").is_none()).count()
}

#[tokio::test]
async fn a_page_is_rendered_by_one_visitor_at_a_time_first_and_past_its_period() {
    let mongod = TestMongod::start().await;
    let app = app_with_seed_data_and(&mongod, |settings| settings.catalogue.cache_secs = 1).await;
    // Nothing kept yet: the first renders, the others wait for that page instead of all rendering it.
    assert_eq!(rendered_of_eight_at_once(&app, "/c/books").await, 1);
    tokio::time::sleep(std::time::Duration::from_millis(1_200)).await;
    // Past the period (and before it is dropped, at two): one renders it again, the others get the kept one.
    assert_eq!(rendered_of_eight_at_once(&app, "/c/books").await, 1);
    app.shutdown().await;
}
