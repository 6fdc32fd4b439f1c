use std::path::Path;

use mongodb::bson::{doc, Document};
use mongodb::Database;
use reqwest::StatusCode;

use crate::support::{unique_database, TestApp, TestMongod};

async fn count(db: &Database, collection: &str) -> u64 {
    db.collection::<Document>(collection).count_documents(doc! {}).await.unwrap()
}

#[tokio::test]
async fn a_first_start_on_an_empty_database_loads_the_exports_and_generated_data_once() {
    let mongod = TestMongod::start().await;
    let database = unique_database();
    let seeded = |settings: &mut amazone::server::Settings| {
        settings.mongodb.database = database.clone();
        settings.seed.enabled = true;
        settings.seed.dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/original");
        let scale = &mut settings.seed.generate;
        (scale.customers, scale.products, scale.orders, scale.ratings, scale.carts) = (100, 80, 200, 1_000, 10);
    };

    let app = TestApp::spawn_with(&mongod, seeded).await;
    // The original exports (56 products, 20 customers) and the generated set.
    assert_eq!(count(&app.db, "products").await, 56 + 80);
    assert_eq!(count(&app.db, "customers").await, 20 + 100);
    assert_eq!(count(&app.db, "orders").await, 140 + 200);
    let home = app.get("/").await.text().await.unwrap();
    assert!(!home.contains("being stocked"), "the first page a shopper sees has products");
    let before: Vec<u64> = futures::future::join_all(
        amazone::server::schema::COLLECTIONS.iter().map(|collection| count(&app.db, collection)),
    )
    .await;
    app.shutdown().await;

    // A second start finds products and changes nothing.
    let app = TestApp::spawn_with(&mongod, seeded).await;
    assert_eq!(app.get("/health/ready").await.status(), StatusCode::OK);
    let after: Vec<u64> = futures::future::join_all(
        amazone::server::schema::COLLECTIONS.iter().map(|collection| count(&app.db, collection)),
    )
    .await;
    assert_eq!(after, before);
    app.shutdown().await;
}
