use amazone::model::Category;
use amazone::server::schema::{self, describe_write_error, COLLECTIONS};
use mongodb::bson::{doc, Document};
use mongodb::Database;

use crate::fixtures::product;
use crate::support::{unique_database, TestMongod};

/// Each collection's options (validator included) and index specifications, for comparing before and after.
async fn snapshot(db: &Database) -> Vec<(String, Document, Vec<Document>)> {
    let mut result = Vec::new();
    for name in COLLECTIONS {
        let spec = db.list_collections().filter(doc! { "name": name }).await.unwrap();
        let spec: Vec<_> = futures::TryStreamExt::try_collect(spec).await.unwrap();
        let options = mongodb::bson::to_document(&spec[0].options).unwrap();
        let indexes = db.collection::<Document>(name).list_indexes().await.unwrap();
        let models: Vec<mongodb::IndexModel> = futures::TryStreamExt::try_collect(indexes).await.unwrap();
        let mut indexes: Vec<Document> =
            models.iter().map(|model| mongodb::bson::to_document(model).unwrap()).collect();
        indexes.sort_by_key(|index| index.to_string());
        result.push((name.to_string(), options, indexes));
    }
    result
}

async fn fresh_database(mongod: &TestMongod) -> Database {
    let db = mongod.client().await.database(&unique_database());
    schema::ensure(&db).await.expect("schema set-up");
    db
}

#[tokio::test]
async fn every_collection_gets_its_validator_and_indexes_and_a_second_run_changes_nothing() {
    let mongod = TestMongod::start().await;
    let db = fresh_database(&mongod).await;
    let first = snapshot(&db).await;
    assert_eq!(
        first.len(),
        21,
        "the twelve store collections, accounts, sessions, similar products, job runs and leases, counters, audit log, \
         sign-in failures, migrations"
    );
    for (name, options, indexes) in &first {
        assert!(options.get_document("validator").is_ok(), "{name} has a validator: {options}");
        // Leases, counters and migrations are only ever found by `_id` (the job's, sequence's or version).
        if !["job_leases", "counters", "migrations"].contains(&name.as_str()) {
            assert!(indexes.len() >= 2, "{name} has its own indexes besides _id: {indexes:?}");
        }
    }
    let products = &first.iter().find(|(name, ..)| name == "products").unwrap().2;
    assert!(products.iter().any(|index| index.to_string().contains("catalogue_text")), "{products:?}");

    schema::ensure(&db).await.expect("second set-up");
    assert_eq!(snapshot(&db).await, first);
}

#[tokio::test]
async fn a_product_without_a_price_is_refused_naming_the_field() {
    let mongod = TestMongod::start().await;
    let db = fresh_database(&mongod).await;
    let mut document = mongodb::bson::to_document(&product("Priceless", Category::Books)).unwrap();
    document.remove("prices");

    let err = db.collection::<Document>("products").insert_one(document).await.expect_err("refused");
    let reason = describe_write_error(&err).expect("a validation failure");
    assert!(reason.contains("price: required but missing"), "{reason}");
    assert_eq!(db.collection::<Document>("products").count_documents(doc! {}).await.unwrap(), 0);
}

#[tokio::test]
async fn a_rating_of_six_is_refused_naming_the_field() {
    let mongod = TestMongod::start().await;
    let db = fresh_database(&mongod).await;
    let ratings = db.collection::<Document>("product_ratings");
    let rating = |stars: i64| {
        doc! { "_id": format!("r{stars}"), "product_id": "p1", "customer_id": "c1", "stars": stars,
        "rated_at": mongodb::bson::DateTime::now() }
    };

    let err = ratings.insert_one(rating(6)).await.expect_err("refused");
    let reason = describe_write_error(&err).expect("a validation failure");
    assert!(reason.contains("stars"), "{reason}");
    assert!(reason.contains('6'), "{reason}");
    ratings.insert_one(rating(5)).await.expect("5 stars is fine");
}

#[tokio::test]
async fn two_customers_cannot_share_an_email() {
    let mongod = TestMongod::start().await;
    let db = fresh_database(&mongod).await;
    let address = doc! { "line1": "1 Main St", "city": "Leeds", "postcode": "LS1 1AA", "country": "GB" };
    let customer = |id: &str| {
        doc! { "_id": id, "name": "Sam", "email": "sam@example.com", "billing_address": address.clone(),
        "shipping_address": address.clone(), "Recommended_Products": [],
        "created_at": mongodb::bson::DateTime::now() }
    };
    let customers = db.collection::<Document>("customers");
    customers.insert_one(customer("c1")).await.unwrap();
    let err = customers.insert_one(customer("c2")).await.expect_err("duplicate email refused");
    assert!(err.to_string().contains("E11000"), "{err}");
}
