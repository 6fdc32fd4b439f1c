//! `amazone export` and back: a seeded store exported to a folder and imported into an empty database gives the same
//! documents, in `mongoexport`'s canonical Extended JSON; importing the folder again changes nothing.

use std::path::Path;

use amazone::server::backup::export_dir;
use amazone::server::collections::BACKED_UP;
use amazone::server::import::import_dir;
use amazone::server::schema;
use futures::TryStreamExt;
use mongodb::bson::{doc, Document};
use mongodb::Database;

use crate::support::{unique_database, TestApp, TestMongod};

async fn all(db: &Database, collection: &str) -> Vec<Document> {
    let cursor = db.collection::<Document>(collection).find(doc! {}).sort(doc! { "_id": 1 }).await.unwrap();
    cursor.try_collect().await.unwrap()
}

#[tokio::test]
async fn an_exported_store_imports_into_an_empty_database_as_the_same_documents() {
    let mongod = TestMongod::start().await;
    let app = TestApp::spawn_with(&mongod, |settings| {
        settings.seed.enabled = true;
        settings.seed.dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/original");
        let scale = &mut settings.seed.generate;
        (scale.customers, scale.products, scale.orders, scale.ratings, scale.carts) = (100, 80, 200, 1_000, 10);
    })
    .await;

    let folder = tempfile::tempdir().unwrap();
    let mut heard = Vec::new();
    let summary = export_dir(&app.db, folder.path(), |collection, done, total| {
        assert!(done <= total, "{collection}: {done} of {total}");
        heard.push(collection.to_string());
    })
    .await
    .unwrap();
    assert_eq!(summary.collections.len(), BACKED_UP.len());
    assert!(BACKED_UP.iter().all(|c| heard.iter().any(|h| h == c)), "progress is reported for every collection");
    for (collection, written) in &summary.collections {
        assert_eq!(*written, all(&app.db, collection).await.len() as u64, "{collection}");
    }
    // mongoexport's canonical form: dates and numbers keep their BSON types in the text.
    let orders = std::fs::read_to_string(folder.path().join("orders.json")).unwrap();
    let first: serde_json::Value = serde_json::from_str(orders.lines().next().unwrap()).unwrap();
    assert!(first["placed_at"]["$date"]["$numberLong"].is_string(), "{first}");
    assert!(first["total_price"]["$numberLong"].is_string() || first["total_price"]["$numberInt"].is_string());
    assert!(!folder.path().read_dir().unwrap().any(|f| f.unwrap().file_name().to_string_lossy().ends_with("partial")));

    let restored = mongod.client().await.database(&unique_database());
    schema::ensure(&restored).await.unwrap();
    let report = import_dir(&restored, folder.path(), &Default::default()).await.unwrap();
    assert!(report.problems.is_empty(), "{report}");
    for collection in BACKED_UP {
        let original = all(&app.db, collection).await;
        assert_eq!(all(&restored, collection).await, original, "{collection} round-trips");
        assert_eq!(report.counts(collection).inserted, original.len() as u64, "{collection}");
    }
    for collection in ["products", "orders", "customers", "accounts", "similar_products", "inventory_levels"] {
        assert!(!all(&app.db, collection).await.is_empty(), "the seeded store has {collection} to compare");
    }

    // Importing the same folder again finds everything there and changes nothing.
    let again = import_dir(&restored, folder.path(), &Default::default()).await.unwrap();
    for collection in BACKED_UP {
        let counts = again.counts(collection);
        assert_eq!((counts.inserted, counts.refused), (0, 0), "{collection}");
    }
    app.shutdown().await;
}

#[tokio::test]
async fn a_damaged_export_line_is_reported_and_the_rest_restored() {
    let mongod = TestMongod::start().await;
    let db = mongod.client().await.database(&unique_database());
    schema::ensure(&db).await.unwrap();
    let folder = tempfile::tempdir().unwrap();
    let store = |id: &str, name: &str| {
        format!(
            r#"{{"_id":"{id}","name":"{name}","address":{{"line1":"1 High St","city":"Leeds","postcode":"LS1 1AA","country":"GB"}},"location":{{"type":"Point","coordinates":[{{"$numberDouble":"-1.5"}},{{"$numberDouble":"53.8"}}]}}}}"#
        )
    };
    let lines = [store("aaaaaaaaaaaaaaaaaaaaaaaa", "Leeds"), "{broken".to_string(), r#"{"name":"no id"}"#.to_string()];
    std::fs::write(folder.path().join("stores.json"), lines.join("\n")).unwrap();

    let report = import_dir(&db, folder.path(), &Default::default()).await.unwrap();
    let problems = report.problems_in("stores.json");
    assert_eq!(problems.len(), 2, "{report}");
    assert!(problems[0].index == Some(1) && problems[0].reason.contains("not valid JSON"), "{report}");
    assert!(problems[1].index == Some(2) && problems[1].reason.contains("no _id"), "{report}");
    let counts = report.counts("stores");
    assert_eq!((counts.inserted, counts.refused), (1, 2), "{report}");
}
