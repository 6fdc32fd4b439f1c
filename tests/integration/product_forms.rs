//! Creating and editing products of every kind through the back office's form: each kind's fields checked in words,
//! the product stored with a drawn picture and an audit entry, found by the shop's search at once; a form sent twice
//! creates one product.

use amazone::model::product::{Product, ProductDetails};
use amazone::model::product_form::ProductFields;
use mongodb::bson::{doc, Document};
use reqwest::StatusCode;

use crate::back_office::admin;
use crate::shopping::app_with_seed_data;
use crate::support::{Browser, TestApp, TestMongod};

/// The form a browser sends: `extra` as they are, every field of `fields` as `fields[<name>]`.
pub fn form(extra: &[(&str, &str)], fields: &ProductFields) -> Vec<(String, String)> {
    let mut pairs: Vec<(String, String)> = extra.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
    let serde_json::Value::Object(map) = serde_json::to_value(fields).unwrap() else { unreachable!() };
    for (name, value) in map {
        pairs.push((format!("fields[{name}]"), value.as_str().unwrap().to_string()));
    }
    pairs
}

pub fn pairs(form: &[(String, String)]) -> Vec<(&str, &str)> {
    form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect()
}

fn common(kind: &str, name: &str) -> ProductFields {
    ProductFields {
        kind: kind.into(),
        name: name.into(),
        description: format!("{name}, new in the shop."),
        price: "19.99".into(),
        cost: "9.50".into(),
        ..ProductFields::default()
    }
}

/// One filled-in form per kind, each with a name no seeded product has.
fn every_kind() -> Vec<ProductFields> {
    vec![
        ProductFields {
            author: "Iris Wave".into(),
            publisher: "Tide Press".into(),
            year: "2024".into(),
            isbn: "978-0-306-40615-7".into(),
            ..common("book", "Quillable Tides")
        },
        ProductFields {
            artist: "The Lanterns".into(),
            tracks: "11".into(),
            playing_time_min: "43.5".into(),
            ..common("cd", "Zephyrine Nights")
        },
        ProductFields {
            brand: "Nokia".into(),
            model: "X30".into(),
            colour: "Blue".into(),
            features: "5G, Dual SIM".into(),
            ..common("phone", "Nokia Xyloscope")
        },
        ProductFields {
            voltage: "230V".into(),
            style: "Kettle".into(),
            ean: "4006381333931".into(),
            ..common("appliance", "Quokkaboil Kettle")
        },
        ProductFields {
            category: "bakery".into(),
            country_of_origin: "United Kingdom".into(),
            weight_or_quantity: "800 g".into(),
            shelf_life_days: "4".into(),
            ..common("fresh", "Spelt Quernloaf")
        },
    ]
}

async fn new_id(admin: &Browser, app: &TestApp) -> String {
    let (status, _, body) = admin.call(app, "new_product_id", &[]).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    serde_json::from_str(&body).unwrap()
}

async fn products_named(app: &TestApp, name: &str) -> Vec<Product> {
    let found = app.db.collection::<Product>("products").find(doc! { "name": name }).await.unwrap();
    futures::TryStreamExt::try_collect(found).await.unwrap()
}

#[tokio::test]
async fn an_admin_creates_a_product_of_each_kind_which_the_shop_finds_at_once() {
    let mongod = TestMongod::start().await;
    let app = app_with_seed_data(&mongod).await;
    let admin = admin(&app).await;
    for fields in every_kind() {
        let id = new_id(&admin, &app).await;
        let sent = form(&[("id", &id)], &fields);
        let (status, _, body) = admin.call(&app, "create_product", &pairs(&sent)).await;
        assert_eq!(status, StatusCode::OK, "{}: {body}", fields.kind);
        assert_eq!(serde_json::from_str::<String>(&body).unwrap(), id);
        // The same form again (a double click): the same product, not a second one.
        let (status, _, _) = admin.call(&app, "create_product", &pairs(&sent)).await;
        assert_eq!(status, StatusCode::OK);
        let stored = products_named(&app, &fields.name).await;
        assert_eq!(stored.len(), 1, "{}: one product", fields.kind);
        let product = &stored[0];
        assert_eq!((product.id.as_str(), product.details.kind()), (id.as_str(), fields.kind.as_str()));
        assert_eq!(product.prices.gbp, Some(amazone::model::Money(1999)));
        let picture = product.main_picture().expect("a drawn picture");
        assert_eq!(app.get(&picture.src()).await.status(), StatusCode::OK);
        let found = app.get(&format!("/search?q={}", fields.name.replace(' ', "+"))).await.text().await.unwrap();
        assert!(found.contains(&format!("/p/{id}")), "{}: the shop's search finds it", fields.name);
        let audit = app.db.collection::<Document>("audit_log");
        let entry = audit.find_one(doc! { "product_id": &id, "action": "create product" }).await.unwrap();
        assert!(entry.expect("audited").get_str("after").unwrap().contains(&fields.name));
    }
    let kettle = &products_named(&app, "Quokkaboil Kettle").await[0];
    assert!(matches!(&kettle.details, ProductDetails::Appliance(a) if a.ean.as_deref() == Some("4006381333931")));
    let loaf = &products_named(&app, "Spelt Quernloaf").await[0];
    assert_eq!(loaf.category, amazone::model::Category::Bakery);
    assert!(
        matches!(&loaf.details, ProductDetails::Fresh(f) if f.weight_or_quantity == "800g" && f.shelf_life_days == Some(4))
    );

    // Refused in words, nothing stored; only admins.
    let bad_isbn = ProductFields { isbn: "978-0-306-40615-8".into(), ..every_kind().remove(0) };
    let bad_isbn = ProductFields { name: "Never Stored".into(), ..bad_isbn };
    let id = new_id(&admin, &app).await;
    let (status, _, body) = admin.call(&app, "create_product", &pairs(&form(&[("id", &id)], &bad_isbn))).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body.contains("check digit"), "{body}");
    let (status, _, body) = admin.call(&app, "create_product", &pairs(&form(&[("id", "x")], &every_kind()[1]))).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body.contains("reload the page"), "{body}");
    let shopper = Browser::new();
    shopper.sign_in(&app, "traceymedina@gmail.com").await;
    let never = ProductFields { name: "Never Stored".into(), ..every_kind().remove(1) };
    let (status, _, _) = shopper.call(&app, "create_product", &pairs(&form(&[("id", &id)], &never))).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(products_named(&app, "Never Stored").await.is_empty());
    app.shutdown().await;
}

#[tokio::test]
async fn an_admin_edits_the_fields_of_a_products_kind_and_the_audit_names_each_change() {
    let mongod = TestMongod::start().await;
    let app = app_with_seed_data(&mongod).await;
    let admin = admin(&app).await;
    let book = every_kind().remove(0);
    let id = new_id(&admin, &app).await;
    let (status, _, body) = admin.call(&app, "create_product", &pairs(&form(&[("id", &id)], &book))).await;
    assert_eq!(status, StatusCode::OK, "{body}");

    let edited = ProductFields { year: "2025".into(), isbn: "0-306-40615-2".into(), ..book.clone() };
    let (status, _, body) = admin.call(&app, "update_product", &pairs(&form(&[("product_id", &id)], &edited))).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let product = &products_named(&app, &book.name).await[0];
    assert!(matches!(&product.details, ProductDetails::Book(b) if b.year == 2025 && b.isbn == "0306406152"));
    let audit = app.db.collection::<Document>("audit_log");
    let entry = audit.find_one(doc! { "product_id": &id, "action": "edit product" }).await.unwrap().unwrap();
    assert_eq!(entry.get_str("before").unwrap(), "year 2024; isbn 9780306406157", "{entry}");
    assert_eq!(entry.get_str("after").unwrap(), "year 2025; isbn 0306406152", "{entry}");

    for (fields, says) in [
        (ProductFields { kind: "cd".into(), ..every_kind().remove(1) }, "A book stays a book"),
        (ProductFields { isbn: "12345".into(), ..edited.clone() }, "check digit"),
        (ProductFields { year: "".into(), ..edited.clone() }, "year"),
    ] {
        let (status, _, body) =
            admin.call(&app, "update_product", &pairs(&form(&[("product_id", &id)], &fields))).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert!(body.contains(says), "{body}");
    }
    app.shutdown().await;
}
