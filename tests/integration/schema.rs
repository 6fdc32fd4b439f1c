use amazone::model::Category;
use amazone::server::cluster::unique_keys;
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
        24,
        "the twelve store collections, expired and returned units, accounts, sessions, similar products, job runs and leases, \
         counters, audit log, sign-in failures, migrations, unique keys"
    );
    for (name, options, indexes) in &first {
        assert!(options.get_document("validator").is_ok(), "{name} has a validator: {options}");
        // Leases, counters, migrations and expired and returned units are only ever found by `_id` (the job's,
        // sequence's, version or note's).
        if !["job_leases", "counters", "migrations", "expired_units", "returned_units"].contains(&name.as_str()) {
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

/// Customers are sharded by region, where a unique index could only be unique per shard: one customer per email is
/// kept by the email's claim, which a second customer (or a second import of another record) cannot take.
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
    let claimed = unique_keys::claim(&db, None, "customers", &customer("c1")).await.unwrap();
    assert_eq!(claimed, Ok(vec!["customers.email:sam@example.com".to_string()]));
    let again = unique_keys::claim(&db, None, "customers", &customer("c1")).await.unwrap();
    assert_eq!(again, Ok(vec![]), "the same customer written again (a rerun) keeps its claim");
    let refused = unique_keys::claim(&db, None, "customers", &customer("c2")).await.unwrap();
    assert_eq!(refused, Err("another record already has the same { email: \"sam@example.com\" }: a duplicate".into()));
    let claims = db.collection::<Document>("unique_keys");
    assert_eq!(claims.count_documents(doc! { "holder": "c1" }).await.unwrap(), 1);
    assert_eq!(claims.count_documents(doc! { "holder": "c2" }).await.unwrap(), 0);
}

/// A database from before claims (its unique indexes kept emails and legacy ids unique) gets a claim for each, once.
#[tokio::test]
async fn stored_customers_and_orders_are_claimed_once() {
    let mongod = TestMongod::start().await;
    let db = fresh_database(&mongod).await;
    let raw = |name: &str| db.collection::<Document>(name);
    raw("unique_keys").delete_many(doc! {}).await.unwrap();
    let address = doc! { "line1": "1 Main St", "city": "Leeds", "postcode": "LS1 1AA", "country": "GB" };
    raw("customers")
        .insert_one(doc! { "_id": "c1", "legacy_id": 7_i64, "name": "Sam", "email": "sam@example.com",
        "billing_address": address.clone(), "shipping_address": address, "Recommended_Products": [],
        "created_at": mongodb::bson::DateTime::now() })
        .await
        .unwrap();
    assert_eq!(unique_keys::claim_stored(&db).await.unwrap(), 2);
    assert_eq!(unique_keys::claim_stored(&db).await.unwrap(), 0, "a second run claims nothing more");
    let mut held: Vec<String> = raw("unique_keys")
        .distinct("_id", doc! { "holder": "c1" })
        .await
        .unwrap()
        .into_iter()
        .map(|id| id.as_str().unwrap().to_string())
        .collect();
    held.sort();
    assert_eq!(held, ["customers.email:sam@example.com", "customers.legacy_id:7"]);
}
