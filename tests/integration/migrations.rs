//! The migrations ledger: every migration applied once per database, by one server at a time, finished by another
//! when the server applying them dies, and listed by `amazone migrate --status`.

use std::time::Duration;

use amazone::server::mongo::lease;
use amazone::server::schema::{self, migrations};
use futures::TryStreamExt;
use mongodb::bson::{doc, Document};
use mongodb::Database;

use crate::support::{unique_database, TestMongod};

async fn ledger(db: &Database) -> Vec<Document> {
    let records = db.collection::<Document>("migrations").find(doc! {}).sort(doc! { "_id": 1 }).await.unwrap();
    records.try_collect().await.unwrap()
}

#[tokio::test]
async fn two_servers_starting_together_apply_each_migration_once_and_later_starts_apply_nothing() {
    let mongod = TestMongod::start().await;
    let db = mongod.client().await.database(&unique_database());
    let (a, b) = tokio::join!(schema::ensure(&db), schema::ensure(&db));
    a.unwrap();
    b.unwrap();
    let records = ledger(&db).await;
    let versions: Vec<i64> = records.iter().map(|r| r.get_i64("_id").unwrap()).collect();
    let expected: Vec<i64> = migrations::MIGRATIONS.iter().map(|m| i64::from(m.version)).collect();
    assert_eq!(versions, expected, "every migration recorded once, in order");
    let listed = migrations::status(&db).await.unwrap();
    assert!(listed.iter().all(|m| m.applied.is_some()), "{listed:?}");

    schema::ensure(&db).await.unwrap();
    assert_eq!(ledger(&db).await, records, "a later start applies nothing and records nothing");
}

#[tokio::test]
async fn a_server_killed_while_migrating_holds_the_others_only_until_its_lease_expires() {
    let mongod = TestMongod::start().await;
    let db = mongod.client().await.database(&unique_database());
    schema::ensure(&db).await.unwrap();
    // A server died after recording the first two migrations, holding the lease for two more seconds.
    db.collection::<Document>("migrations").delete_many(doc! { "_id": { "$gt": 2 } }).await.unwrap();
    assert!(lease::acquire(&db, "migrations", "dead-server", "run-dead", Duration::from_secs(2)).await.unwrap());

    let starting = tokio::spawn({
        let db = db.clone();
        async move { schema::ensure(&db).await }
    });
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(ledger(&db).await.len(), 2, "nothing is applied while a live server holds the lease");
    starting.await.unwrap().unwrap();

    let records = ledger(&db).await;
    assert_eq!(records.len(), migrations::MIGRATIONS.len(), "the rest were applied once the lease expired");
    for record in &records[2..] {
        assert_ne!(record.get_str("by").unwrap(), "dead-server");
        assert!(record.get_i64("changed").is_ok() || record.get_i32("changed").is_ok());
    }
    let leases = db.collection::<Document>("job_leases").count_documents(doc! { "_id": "migrations" }).await.unwrap();
    assert_eq!(leases, 0, "the lease is given up when done");
}

#[tokio::test]
async fn amazone_migrate_status_lists_pending_migrations_and_migrate_applies_them() {
    let mongod = TestMongod::start().await;
    let database = unique_database();
    let dir = tempfile::tempdir().unwrap();
    let run = |args: &[&str]| {
        let output = crate::binary::amazone(dir.path())
            .env("AMAZONE_MONGODB_URI", mongod.uri())
            .env("AMAZONE_DATABASE", &database)
            .env("AMAZONE_SEED", "false")
            .args(args)
            .output()
            .unwrap();
        assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
        String::from_utf8(output.stdout).unwrap()
    };
    let total = migrations::MIGRATIONS.len();
    // The binary talks to mongod, a process of its own: blocking this test's thread meanwhile is harmless.
    let before = run(&["migrate", "--status"]);
    assert!(before.contains(&format!("{total} migrations, {total} pending")), "{before}");
    assert!(before.contains("fresh_stock_batches") && before.contains("pending"), "{before}");

    let after = run(&["migrate"]);
    assert!(after.contains(&format!("{total} migrations, 0 pending")), "{after}");
    assert!(after.contains("applied") && after.contains("changed in"), "{after}");
}

#[tokio::test]
async fn a_backup_from_an_older_store_is_migrated_when_restored() {
    let mongod = TestMongod::start().await;
    let db = mongod.client().await.database(&unique_database());
    schema::ensure(&db).await.unwrap();
    // A backup made before batches: a store's fresh units without best-before dates.
    let folder = tempfile::tempdir().unwrap();
    let old = r#"{"_id":"bbbbbbbbbbbbbbbbbbbbbbbb","product_id":"cccccccccccccccccccccccc","total":7,"stores":[{"store_id":"dddddddddddddddddddddddd","quantity":7}]}"#;
    std::fs::write(folder.path().join("fresh_stock.json"), old).unwrap();

    let report = amazone::server::import::import_dir(&db, folder.path(), &Default::default()).await.unwrap();
    assert!(report.problems.is_empty(), "{report}");
    assert!(ledger(&db).await.is_empty(), "restoring forgets the ledger, so that every migration runs again");
    schema::ensure(&db).await.unwrap();
    let stock = db.collection::<Document>("fresh_stock").find_one(doc! {}).await.unwrap().unwrap();
    let store = &stock.get_array("stores").unwrap()[0];
    let batches = store.as_document().unwrap().get_array("batches").unwrap();
    assert_eq!(batches.len(), 1, "the restored units were dated by the migration: {stock}");
    assert_eq!(ledger(&db).await.len(), migrations::MIGRATIONS.len());
}

#[tokio::test]
async fn the_regions_migration_gives_every_document_its_region_once_even_after_a_kill() {
    use crate::shopping::app_with_seed_data;
    let mongod = TestMongod::start().await;
    let app = app_with_seed_data(&mongod).await;
    let db = &app.db;
    // A Madrid customer with an order, a cart and a rating, beside the exports' Manchester people.
    let madrid = doc! { "line1": "Gran Via 1", "city": "Madrid", "postcode": "28013", "country": "ES" };
    let customers = db.collection::<Document>("customers");
    let mut customer = customers.find_one(doc! { "legacy_id": 1 }).await.unwrap().unwrap();
    customer.insert("_id", "bbbbbbbbbbbbbbbbbbbbbb01");
    customer.insert("email", "lucia@example.es");
    customer.insert("shipping_address", madrid.clone());
    customer.remove("legacy_id");
    customers.insert_one(&customer).await.unwrap();
    let orders = db.collection::<Document>("orders");
    let mut order = orders.find_one(doc! {}).await.unwrap().unwrap();
    for (key, value) in [("_id", "bbbbbbbbbbbbbbbbbbbbbb02"), ("customer_id", "bbbbbbbbbbbbbbbbbbbbbb01")] {
        order.insert(key, value);
    }
    order.insert("shipping_address", madrid);
    order.remove("legacy_id");
    orders.insert_one(&order).await.unwrap();
    let rating = doc! {
        "_id": "bbbbbbbbbbbbbbbbbbbbbb03", "product_id": crate::shopping::AERIFIED,
        "customer_id": "bbbbbbbbbbbbbbbbbbbbbb01", "stars": 5_i64, "rated_at": mongodb::bson::DateTime::now(),
    };
    db.collection::<Document>("product_ratings").insert_one(rating).await.unwrap();

    // As before regions: nothing stamped. Then a server killed halfway: stores and customers stamped, the rest not.
    const STAMPED: [&str; 8] =
        ["stores", "warehouses", "customers", "orders", "partners", "carts", "product_ratings", "partner_ratings"];
    for collection in STAMPED {
        db.collection::<Document>(collection).update_many(doc! {}, doc! { "$unset": { "region": "" } }).await.unwrap();
    }
    for collection in ["stores", "customers"] {
        let update = vec![doc! { "$set": { "region": { "$cond": [
            { "$eq": [{ "$ifNull": ["$address.country", "$shipping_address.country"] }, "ES"] }, "eu", "uk",
        ] } } }];
        db.collection::<Document>(collection).update_many(doc! {}, update).await.unwrap();
    }
    db.collection::<Document>("migrations").delete_one(doc! { "_id": 5 }).await.unwrap();
    schema::ensure(db).await.unwrap();

    for collection in STAMPED {
        let documents = db.collection::<Document>(collection);
        let without = documents.count_documents(doc! { "region": { "$exists": false } }).await.unwrap();
        assert_eq!(without, 0, "every document of {collection} has its region");
    }
    let region = |collection: &'static str, id: &'static str| async move {
        let found = db.collection::<Document>(collection).find_one(doc! { "_id": id }).await.unwrap().unwrap();
        found.get_str("region").unwrap().to_string()
    };
    assert_eq!(region("customers", "bbbbbbbbbbbbbbbbbbbbbb01").await, "eu");
    assert_eq!(region("orders", "bbbbbbbbbbbbbbbbbbbbbb02").await, "eu");
    assert_eq!(region("product_ratings", "bbbbbbbbbbbbbbbbbbbbbb03").await, "eu", "a rating takes its customer's");
    let uk = doc! { "region": "uk" };
    let all_partners = db.collection::<Document>("partners").count_documents(doc! {}).await.unwrap();
    assert_eq!(db.collection::<Document>("partners").count_documents(uk.clone()).await.unwrap(), all_partners);
    let manchester_orders = db.collection::<Document>("orders").count_documents(uk).await.unwrap();
    assert_eq!(manchester_orders + 1, db.collection::<Document>("orders").count_documents(doc! {}).await.unwrap());
    let recorded = ledger(db).await.into_iter().find(|record| record.get_i64("_id") == Ok(5)).unwrap();
    assert!(recorded.get_i64("changed").unwrap() > 0, "{recorded}");
    let order_regions = |id: &'static str| async move {
        let found = db.collection::<Document>("customers").find_one(doc! { "_id": id }).await.unwrap().unwrap();
        found.get_array("order_regions").unwrap().clone()
    };
    assert_eq!(order_regions("bbbbbbbbbbbbbbbbbbbbbb01").await, vec![mongodb::bson::Bson::from("eu")]);

    // Run again: nothing left to stamp.
    let again = amazone::server::regions::stamp_missing(db, &amazone::model::region::Regions::default()).await;
    assert_eq!(again.unwrap(), 0);
    app.shutdown().await;
}

#[tokio::test]
async fn carts_left_in_a_shoppers_old_region_move_to_their_new_one_once() {
    use crate::shopping::{add, app_with_seed_data, customer_cart, customer_id, guest, AERIFIED};
    use amazone::server::cart;
    let mongod = TestMongod::start().await;
    let app = app_with_seed_data(&mongod).await;
    let db = &app.db;
    let carts = db.collection::<Document>("carts");
    // As before carts followed their shoppers: a customer who moved to Paris with their cart left in the UK; a
    // guest who picked France, whose cart was re-priced in euros but stayed in the UK; a British guest.
    let customer = customer_id(db, 1).await;
    let customers_cart = cart::add(db, &customer_cart(customer.clone()), add(AERIFIED, 1)).await.unwrap();
    db.collection::<Document>("customers")
        .update_one(doc! { "_id": &customer }, doc! { "$set": { "region": "eu" } })
        .await
        .unwrap();
    let french_guest = cart::add(db, &guest(None), add(AERIFIED, 1)).await.unwrap();
    carts.update_one(doc! { "_id": &french_guest }, doc! { "$set": { "currency": "EUR" } }).await.unwrap();
    let british_guest = cart::add(db, &guest(None), add(AERIFIED, 1)).await.unwrap();
    db.collection::<Document>("migrations").delete_one(doc! { "_id": 10 }).await.unwrap();

    schema::ensure(db).await.unwrap();
    let region = |id: String| async move {
        let found = db.collection::<Document>("carts").find_one(doc! { "_id": id }).await.unwrap().unwrap();
        found.get_str("region").unwrap().to_string()
    };
    assert_eq!(region(customers_cart).await, "eu", "the customer's cart is where they are");
    assert_eq!(region(french_guest).await, "eu", "the guest's cart is where its currency is");
    assert_eq!(region(british_guest).await, "uk");
    let recorded = ledger(db).await.into_iter().find(|record| record.get_i64("_id") == Ok(10)).unwrap();
    assert_eq!(recorded.get_i64("changed"), Ok(2), "{recorded}");

    // Run again: nothing left to move.
    db.collection::<Document>("migrations").delete_one(doc! { "_id": 10 }).await.unwrap();
    schema::ensure(db).await.unwrap();
    let recorded = ledger(db).await.into_iter().find(|record| record.get_i64("_id") == Ok(10)).unwrap();
    assert_eq!(recorded.get_i64("changed"), Ok(0), "{recorded}");
    app.shutdown().await;
}

#[tokio::test]
async fn customers_learn_which_regions_hold_their_orders_once() {
    use crate::shopping::{app_with_seed_data, customer_id};
    let mongod = TestMongod::start().await;
    let app = app_with_seed_data(&mongod).await;
    let db = &app.db;
    amazone::server::regions::stamp_missing(db, &amazone::model::region::Regions::default()).await.unwrap();
    // As before customers listed their orders' regions; one of Tracey's orders was a present sent to Spain.
    let customers = db.collection::<Document>("customers");
    customers.update_many(doc! {}, doc! { "$unset": { "order_regions": "" } }).await.unwrap();
    let tracey = customer_id(db, 1).await;
    let orders = db.collection::<Document>("orders");
    let present = orders.find_one(doc! { "customer_id": &tracey }).await.unwrap().unwrap();
    orders
        .update_one(doc! { "_id": present.get_str("_id").unwrap() }, doc! { "$set": { "region": "eu" } })
        .await
        .unwrap();
    db.collection::<Document>("migrations").delete_one(doc! { "_id": 11 }).await.unwrap();

    schema::ensure(db).await.unwrap();
    let regions = |id: String| async move {
        let found = customers.find_one(doc! { "_id": id }).await.unwrap().unwrap();
        let list = found.get_array("order_regions").unwrap().iter().map(|r| r.as_str().unwrap().to_string());
        list.collect::<Vec<_>>()
    };
    assert_eq!(regions(tracey.clone()).await, vec!["eu", "uk"]);
    let all = db.collection::<Document>("customers").count_documents(doc! {}).await.unwrap();
    let recorded = ledger(db).await.into_iter().find(|record| record.get_i64("_id") == Ok(11)).unwrap();
    assert_eq!(recorded.get_i64("changed"), Ok(all as i64), "{recorded}");

    // Run again: every customer has their list.
    db.collection::<Document>("migrations").delete_one(doc! { "_id": 11 }).await.unwrap();
    schema::ensure(db).await.unwrap();
    let recorded = ledger(db).await.into_iter().find(|record| record.get_i64("_id") == Ok(11)).unwrap();
    assert_eq!(recorded.get_i64("changed"), Ok(0), "{recorded}");
    app.shutdown().await;
}
