//! The importer reads what MongoDB's tools write: copies of every original export in canonical and relaxed Extended
//! JSON (as `mongoexport` writes them) and in the v1 shell forms import exactly like the originals; a truncated
//! partners file keeps every order; numbers where text belongs become text; non-finite numbers are refused by field.

use std::path::{Path, PathBuf};

use amazone::model::order::Order;
use amazone::model::Timestamp;
use amazone::server::import::{import_dir, ImportReport, Severity, FILES};
use amazone::server::schema;
use futures::TryStreamExt;
use mongodb::bson::{doc, Bson, Document};
use mongodb::Database;
use serde_json::{json, Value};

use crate::support::{unique_database, TestMongod};

fn originals() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("data/original")
}

async fn empty_store(mongod: &TestMongod) -> Database {
    let db = mongod.client().await.database(&unique_database());
    schema::ensure(&db).await.unwrap();
    db
}

fn records(file: &str) -> Vec<Value> {
    serde_json::from_str(&std::fs::read_to_string(originals().join(file)).unwrap()).unwrap()
}

/// Writes every original export into `dir`, each record passed through `convert`, as `mongoexport` lays files out
/// (one document per line).
fn write_copy(dir: &Path, convert: impl Fn(Value) -> Value) {
    for file in FILES {
        let lines: Vec<String> = records(file).into_iter().map(|record| convert(record).to_string()).collect();
        std::fs::write(dir.join(file), lines.join("\n")).unwrap();
    }
}

/// `2022-11-10` or `2022-11-10T09:30:00` as milliseconds, when it is a real moment (the originals also hold
/// `28/01/2023` and a 23rd month, which an export would have kept as text).
fn iso_millis(text: &str) -> Option<i64> {
    let (date, time) = text.split_once('T').unwrap_or((text, "00:00:00"));
    let ymd: Vec<u32> = date.split('-').map(|part| part.parse().ok()).collect::<Option<_>>()?;
    let hms: Vec<i64> = time.split(':').map(|part| part.parse().ok()).collect::<Option<_>>()?;
    if ymd.len() != 3 || hms.len() != 3 || date.len() != 10 {
        return None;
    }
    let day = Timestamp::from_ymd(ymd[0] as i32, ymd[1], ymd[2])?;
    Some(day.millis() + ((hms[0] * 60 + hms[1]) * 60 + hms[2]) * 1000)
}

/// The record as BSON, with dates as real dates, the way a database holding it would export it.
fn as_bson(value: Value) -> Bson {
    fn dates(bson: Bson) -> Bson {
        match bson {
            Bson::String(text) => match iso_millis(&text) {
                Some(millis) => Bson::DateTime(mongodb::bson::DateTime::from_millis(millis)),
                None => Bson::String(text),
            },
            Bson::Array(items) => Bson::Array(items.into_iter().map(dates).collect()),
            Bson::Document(document) => Bson::Document(document.into_iter().map(|(k, v)| (k, dates(v))).collect()),
            other => other,
        }
    }
    dates(Bson::try_from(value).unwrap())
}

/// The legacy shell forms: `{"$date": millis}`, `{"$numberLong": "…"}` for whole numbers and `{"$numberDecimal"}`
/// for every fractional one (money exported as Decimal128).
fn v1_forms(value: Value) -> Value {
    match value {
        Value::String(text) => match iso_millis(&text) {
            Some(millis) => json!({ "$date": millis }),
            None => Value::String(text),
        },
        Value::Number(number) if number.is_f64() => json!({ "$numberDecimal": number.to_string() }),
        Value::Number(number) => json!({ "$numberLong": number.to_string() }),
        Value::Array(items) => Value::Array(items.into_iter().map(v1_forms).collect()),
        Value::Object(fields) if fields.contains_key("$oid") => Value::Object(fields),
        Value::Object(fields) => Value::Object(fields.into_iter().map(|(k, v)| (k, v1_forms(v))).collect()),
        other => other,
    }
}

async fn orders(db: &Database) -> Vec<Order> {
    db.collection::<Order>("orders").find(doc! {}).sort(doc! { "_id": 1 }).await.unwrap().try_collect().await.unwrap()
}

async fn ratings(db: &Database) -> Vec<Document> {
    let cursor = db.collection::<Document>("product_ratings").find(doc! {}).sort(doc! { "_id": 1 }).await.unwrap();
    cursor.try_collect().await.unwrap()
}

fn totals(report: &ImportReport) -> Vec<(&'static str, u64, u64)> {
    report.counts.iter().map(|(collection, counts)| (*collection, counts.inserted, counts.refused)).collect()
}

/// Turns an original record into the form a tool would have exported.
type Converter = Box<dyn Fn(Value) -> Value>;

#[tokio::test]
async fn canonical_relaxed_and_v1_copies_import_exactly_like_the_originals() {
    let mongod = TestMongod::start().await;
    let reference = empty_store(&mongod).await;
    let expected = import_dir(&reference, &originals(), &Default::default()).await.unwrap();
    let (expected_orders, expected_ratings) = (orders(&reference).await, ratings(&reference).await);
    assert_eq!(expected_orders.len(), 140);

    let forms: [(&str, Converter); 3] = [
        ("canonical", Box::new(|record| as_bson(record).into_canonical_extjson())),
        ("relaxed", Box::new(|record| as_bson(record).into_relaxed_extjson())),
        ("v1", Box::new(v1_forms)),
    ];
    for (form, convert) in forms {
        let copy = tempfile::tempdir().unwrap();
        write_copy(copy.path(), convert);
        let sample = std::fs::read_to_string(copy.path().join("Past_order_ISO_json.txt")).unwrap();
        assert!(sample.contains("\"$date\""), "{form}: the copy really holds Extended JSON dates");

        let db = empty_store(&mongod).await;
        let report = import_dir(&db, copy.path(), &Default::default()).await.unwrap();
        assert_eq!(totals(&report), totals(&expected), "{form}\n{report}");
        assert_eq!(orders(&db).await, expected_orders, "{form}: orders (dates, money, lines, partners)");
        assert_eq!(ratings(&db).await, expected_ratings, "{form}: product ratings");
    }
}

#[tokio::test]
async fn a_truncated_partners_file_keeps_every_order_and_reports_the_unknown_partners() {
    let mongod = TestMongod::start().await;
    let copy = tempfile::tempdir().unwrap();
    write_copy(copy.path(), |record| record);
    let partners = records("Partners.json");
    std::fs::write(copy.path().join("Partners.json"), serde_json::to_string(&partners[..2]).unwrap()).unwrap();

    let db = empty_store(&mongod).await;
    let report = import_dir(&db, copy.path(), &Default::default()).await.unwrap();
    assert_eq!(report.counts("orders").inserted, 140, "{report}");
    let unknown: Vec<Order> = orders(&db)
        .await
        .into_iter()
        .filter(|order| order.delivery.as_ref().is_some_and(|delivery| delivery.partner_id.is_none()))
        .collect();
    assert!(!unknown.is_empty(), "some orders were delivered by the missing partners");
    let notes: Vec<_> = ["Past_order_ISO_json.txt", "Current_order_ISO_json.txt"]
        .iter()
        .flat_map(|file| report.problems_in(file))
        .filter(|p| p.severity == Severity::Corrected && p.reason.contains("partner unknown"))
        .collect();
    assert_eq!(notes.len(), unknown.len(), "each such order is reported");
    // Their tracking survives, and the orders page of their customer still opens.
    assert!(unknown.iter().all(|order| !order.delivery.as_ref().unwrap().tracking_number.is_empty()));
}

#[tokio::test]
async fn numbers_where_text_belongs_become_text_and_non_finite_numbers_are_refused_by_field() {
    let mongod = TestMongod::start().await;
    let copy = tempfile::tempdir().unwrap();
    write_copy(copy.path(), |record| record);
    let mut products = records("Products.json");
    let find = |products: &[Value], id: i64| {
        products.iter().position(|p| p.get("Product_ID").or(p.get("Product_id")).and_then(Value::as_i64) == Some(id))
    };
    // A fresh product whose weight is a double (text in our schema), and a book whose price is infinite.
    let fresh = find(&products, 41).expect("product 41");
    products[fresh]["Details"]["Weight/Quantity"] = json!({ "$numberDouble": "60.0" });
    let book = find(&products, 31).expect("product 31");
    products[book]["Details"]["Price"] = json!({ "$numberDouble": "Infinity" });
    std::fs::write(copy.path().join("Products.json"), serde_json::to_string(&products).unwrap()).unwrap();

    let db = empty_store(&mongod).await;
    let report = import_dir(&db, copy.path(), &Default::default()).await.unwrap();
    let refused: Vec<_> =
        report.problems_in("Products.json").into_iter().filter(|p| p.severity == Severity::Refused).cloned().collect();
    assert!(
        refused.iter().any(|p| p.index == Some(book) && p.reason.contains("Price") && p.reason.contains("Infinity")),
        "{refused:?}"
    );
    let donut = db.collection::<Document>("products").find_one(doc! { "legacy_id": 41 }).await.unwrap();
    let donut = donut.expect("the product with a numeric weight is imported");
    assert!(donut.to_string().contains("\"60\""), "its weight is the text 60: {donut}");
}
