//! Importing the original exports (data/original): counts, values, idempotence, and damaged files.

use std::path::{Path, PathBuf};

use amazone::model::customer::Customer;
use amazone::model::location::StockLocation;
use amazone::model::order::{Order, OrderStatus};
use amazone::model::product::{Product, ProductDetails};
use amazone::model::stock::FreshStock;
use amazone::model::{Category, Money};
use amazone::server::import::{import_dir, ImportReport, Severity};
use amazone::server::schema;
use futures::TryStreamExt;
use mongodb::bson::{doc, Document};
use mongodb::Database;

use crate::support::{unique_database, TestMongod};

fn seed_data() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("data/original")
}

async fn empty_store(mongod: &TestMongod) -> Database {
    let db = mongod.client().await.database(&unique_database());
    schema::ensure(&db).await.unwrap();
    db
}

async fn count(db: &Database, collection: &str) -> u64 {
    db.collection::<Document>(collection).count_documents(doc! {}).await.unwrap()
}

fn refused_in(report: &ImportReport, file: &str) -> Vec<(usize, String)> {
    report
        .problems_in(file)
        .into_iter()
        .filter(|p| p.severity == Severity::Refused)
        .map(|p| (p.index.expect("a record index"), p.reason.clone()))
        .collect()
}

/// What the seed exports hold, and what of it cannot be taken (each refusal is named in the report):
/// - Products.json: 57 records, one a duplicate of Product_ID 6 (same data, another $oid).
/// - Product_rating_Json.txt: 275 records, 55 repeating a (customer, product) pair; the latest rating stands.
/// - Partner_rating.json: 47 records; 6 rate an order the customer did not place, 4 repeat a (customer, order) pair.
/// - Carts.json: 6 carts, 3 of them expired; only active carts are kept.
///
/// Inventory counts are measurements (80), kept in 40 monthly buckets.
const EXPECTED: [(&str, u64, u64); 12] = [
    ("stores", 5, 0),
    ("warehouses", 1, 0),
    ("partners", 5, 0),
    ("products", 56, 1),
    ("customers", 20, 0),
    ("orders", 140, 0),
    ("product_ratings", 220, 55),
    ("partner_ratings", 37, 10),
    ("carts", 3, 3),
    ("fresh_stock", 16, 0),
    ("warehouse_stock", 40, 0),
    ("inventory_levels", 80, 0),
];

#[tokio::test]
async fn the_seed_exports_import_with_the_expected_counts_and_every_refusal_explained() {
    let mongod = TestMongod::start().await;
    let db = empty_store(&mongod).await;
    let report = import_dir(&db, &seed_data(), &Default::default()).await.unwrap();

    for (collection, inserted, refused) in EXPECTED {
        let counts = report.counts(collection);
        assert_eq!((counts.inserted, counts.refused), (inserted, refused), "{collection}\n{report}");
        if collection != "inventory_levels" {
            assert_eq!(count(&db, collection).await, inserted, "{collection} in the database");
        }
    }
    // Daily levels are measurements in monthly buckets: 40 product-location-months of 2 days each.
    assert_eq!(count(&db, "inventory_levels").await, 40);
    let buckets: Vec<Document> =
        db.collection("inventory_levels").find(doc! {}).await.unwrap().try_collect().await.unwrap();
    assert_eq!(buckets.iter().map(|b| b.get_array("measurements").unwrap().len()).sum::<usize>(), 80);
    assert_eq!(
        refused_in(&report, "Products.json"),
        vec![(16, "another record already has the same { legacy_id: 6 }: a duplicate".to_string())]
    );
    let partner_refusals = refused_in(&report, "Partner_rating.json");
    assert_eq!(
        partner_refusals.iter().filter(|(_, r)| r.contains("did not place order")).count(),
        6,
        "{partner_refusals:?}"
    );
    assert_eq!(partner_refusals.iter().filter(|(_, r)| r.contains("superseded")).count(), 4, "{partner_refusals:?}");
    assert!(refused_in(&report, "Carts.json").iter().all(|(_, r)| r.contains("\"expired\"")));
    assert!(
        report.problems.iter().any(|p| p.severity == Severity::Corrected && p.reason.contains("2022-23-12")),
        "the swapped date is corrected and reported"
    );
}

#[tokio::test]
async fn imported_values_are_right() {
    let mongod = TestMongod::start().await;
    let db = empty_store(&mongod).await;
    import_dir(&db, &seed_data(), &Default::default()).await.unwrap();
    let products = db.collection::<Product>("products");

    // A book, with its author from the top level and its price from Details, exactly.
    let book = products.find_one(doc! { "legacy_id": 31 }).await.unwrap().expect("product 31");
    assert_eq!(book.name, "Aerified");
    assert_eq!(book.category, Category::Books);
    assert_eq!(book.prices.gbp, Some(Money(1099)));
    // 10.99 x 1.17 = 12.86, marked up to the shelf price 12.99.
    assert_eq!(book.prices.eur, Some(Money(1299)));
    assert_eq!(book.cost, Money(799));
    match &book.details {
        ProductDetails::Book(details) => {
            assert_eq!(details.author, "Tú Motherwell");
            assert_eq!(details.year, 2008);
        }
        other => panic!("a book, not {other:?}"),
    }
    // A CD whose artist the original spelled `Aritst_Name`.
    let cd = products.find_one(doc! { "legacy_id": 1 }).await.unwrap().expect("product 1");
    assert!(matches!(&cd.details, ProductDetails::Cd(details) if details.artist == "Bingo" && details.tracks == 9));

    // The average rating is recomputed from the ratings (the original's went up to 8.4).
    let ratings = db.collection::<Document>("product_ratings");
    let mine: Vec<Document> = ratings.find(doc! { "product_id": &book.id }).await.unwrap().try_collect().await.unwrap();
    let mean = mine.iter().map(|r| r.get_i64("stars").unwrap() as f64).sum::<f64>() / mine.len() as f64;
    assert_eq!(book.rating.count as usize, mine.len());
    assert!((book.rating.average - (mean * 100.0).round() / 100.0).abs() < 1e-9, "{} vs {mean}", book.rating.average);
    assert!(products
        .find(doc! {})
        .await
        .unwrap()
        .try_collect::<Vec<_>>()
        .await
        .unwrap()
        .iter()
        .all(|p| p.rating.average <= 5.0));

    // A fresh product's stock in each store, and the total kept equal to their sum.
    let donut = products.find_one(doc! { "legacy_id": 41 }).await.unwrap().expect("product 41");
    assert_eq!(donut.category, Category::Bakery);
    let stock =
        db.collection::<FreshStock>("fresh_stock").find_one(doc! { "product_id": &donut.id }).await.unwrap().unwrap();
    let store_1 = db.collection::<Document>("stores").find_one(doc! { "legacy_id": 1 }).await.unwrap().unwrap();
    let in_store_1 = stock.stores.iter().find(|s| s.store_id == store_1.get_str("_id").unwrap()).unwrap();
    assert_eq!(in_store_1.quantity, 670);
    assert_eq!(stock.total, stock.stores.iter().map(|s| s.quantity).sum::<i64>());

    // An order's lines (names copied from the products, sources resolved) and totals.
    let order = db.collection::<Order>("orders").find_one(doc! { "_id": "order-current-1" }).await.unwrap().unwrap();
    let customer = db.collection::<Customer>("customers").find_one(doc! { "legacy_id": 1 }).await.unwrap().unwrap();
    assert_eq!(order.customer_id, customer.id);
    assert_eq!(order.customer_name, "Tracey Medina");
    assert_eq!(order.lines.len(), 4);
    assert_eq!(order.total_price, Money(118273));
    assert_eq!(order.total_cost, Money(53488));
    assert_eq!(order.status, OrderStatus::OutForDelivery);
    let phone = order.lines.iter().find(|line| line.unit_price == Money(55000)).unwrap();
    assert_eq!((phone.quantity, phone.kind.as_str()), (2, "phone"));
    assert!(matches!(phone.source, StockLocation::Warehouse(_)));
    assert!(order.lines.iter().any(|line| matches!(line.source, StockLocation::Store(_))));
    assert_eq!(customer.email, "traceymedina@gmail.com");
    assert_eq!(customer.shipping_address.country, "GB");
}

#[tokio::test]
async fn importing_the_same_files_twice_changes_nothing() {
    let mongod = TestMongod::start().await;
    let db = empty_store(&mongod).await;
    import_dir(&db, &seed_data(), &Default::default()).await.unwrap();
    let before = dump(&db).await;

    let again = import_dir(&db, &seed_data(), &Default::default()).await.unwrap();
    for (collection, inserted, refused) in EXPECTED {
        let counts = again.counts(collection);
        assert_eq!((counts.inserted, counts.unchanged, counts.refused), (0, inserted, refused), "{collection}");
    }
    assert_eq!(dump(&db).await, before);
}

/// Every document of every collection, sorted by `_id`.
async fn dump(db: &Database) -> Vec<Vec<Document>> {
    let mut all = Vec::new();
    for collection in schema::COLLECTIONS {
        let cursor = db.collection::<Document>(collection).find(doc! {}).sort(doc! { "_id": 1 }).await.unwrap();
        all.push(cursor.try_collect().await.unwrap());
    }
    all
}

#[tokio::test]
async fn a_damaged_copy_reports_its_bad_records_and_imports_the_rest() {
    let mongod = TestMongod::start().await;
    let db = empty_store(&mongod).await;
    let copy = tempfile::tempdir().unwrap();
    for file in std::fs::read_dir(seed_data()).unwrap() {
        let file = file.unwrap().path();
        std::fs::copy(&file, copy.path().join(file.file_name().unwrap())).unwrap();
    }
    // Products as newline-delimited JSON (mongoexport's default), with one line cut short and one price unreadable.
    let products: Vec<serde_json::Value> =
        serde_json::from_str(&std::fs::read_to_string(seed_data().join("Products.json")).unwrap()).unwrap();
    let mut lines: Vec<String> = products.iter().map(|p| p.to_string()).collect();
    lines[2] = lines[2][..40].to_string();
    lines[3] = lines[3].replace("\"Price\":10.99", "\"Price\":\"twelve\"");
    assert!(lines[3].contains("twelve"), "the fixture's price was found: {}", lines[3]);
    std::fs::write(copy.path().join("Products.json"), lines.join("\n")).unwrap();
    // And one file that is not JSON at all.
    std::fs::write(copy.path().join("Partner_rating.json"), "Partner_ID,Rating\n4,1\n").unwrap();

    let report = import_dir(&db, copy.path(), &Default::default()).await.unwrap();
    let refused = refused_in(&report, "Products.json");
    assert!(refused.iter().any(|(index, reason)| *index == 2 && reason.contains("not valid JSON")), "{refused:?}");
    assert!(refused.iter().any(|(index, reason)| *index == 3 && reason.contains("Price")), "{refused:?}");
    assert_eq!(report.counts("products").inserted, 54, "the other products are imported\n{report}");
    let file_problems = report.problems_in("Partner_rating.json");
    assert_eq!(file_problems.len(), 1);
    assert!(file_problems[0].index.is_none() && file_problems[0].reason.contains("not JSON"), "{:?}", file_problems[0]);
    assert_eq!(report.counts("customers").inserted, 20, "other files still import");
    assert_eq!(count(&db, "partner_ratings").await, 0);
}
