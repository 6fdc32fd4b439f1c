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

    let report = amazone::server::import::import_dir(&db, folder.path()).await.unwrap();
    assert!(report.problems.is_empty(), "{report}");
    let stock = db.collection::<Document>("fresh_stock").find_one(doc! {}).await.unwrap().unwrap();
    let store = &stock.get_array("stores").unwrap()[0];
    let batches = store.as_document().unwrap().get_array("batches").unwrap();
    assert_eq!(batches.len(), 1, "the restored units were dated by the migration: {stock}");
    assert_eq!(ledger(&db).await.len(), migrations::MIGRATIONS.len());
}
