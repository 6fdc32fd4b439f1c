//! The catalogue cache: a page is read from the database once per period, and a zero period reads every time.

use amazone::model::product::Product;
use amazone::model::Category;
use mongodb::bson::doc;

use crate::fixtures::product;
use crate::support::{TestApp, TestMongod};

async fn page(app: &TestApp, path: &str) -> String {
    app.get(path).await.text().await.unwrap()
}

#[tokio::test]
async fn cached_pages_lag_changes_until_the_period_ends_and_an_uncached_store_shows_them_at_once() {
    let mongod = TestMongod::start().await;
    let cached = TestApp::spawn_with(&mongod, |settings| settings.catalogue.cache_secs = 3600).await;
    let products = cached.db.collection::<Product>("products");
    let bread = product("Rye Bread", Category::Bakery);
    let id = bread.id.clone();
    products.insert_one(&bread).await.unwrap();

    assert!(page(&cached, "/c/bakery").await.contains("1 product"));
    assert!(page(&cached, &format!("/p/{id}")).await.contains("£9.99"));
    products.insert_one(product("Spelt Bread", Category::Bakery)).await.unwrap();
    products.update_one(doc! { "_id": &id }, doc! { "$set": { "prices.GBP": 1250_i64 } }).await.unwrap();
    // Within the period: the same pages, from memory.
    assert!(page(&cached, "/c/bakery").await.contains("1 product"));
    assert!(page(&cached, &format!("/p/{id}")).await.contains("£9.99"));
    // Another address is another entry, read now.
    assert!(page(&cached, "/c/bakery?sort=newest").await.contains("2 products"));

    // The same database behind a store with the cache off: every change shows at once.
    let uncached = TestApp::spawn_with(&mongod, |settings| {
        settings.catalogue.cache_secs = 0;
        settings.mongodb.database = cached.db.name().to_string();
    })
    .await;
    assert!(page(&uncached, "/c/bakery").await.contains("2 products"));
    assert!(page(&uncached, &format!("/p/{id}")).await.contains("£12.50"));
    cached.shutdown().await;
    uncached.shutdown().await;
}
