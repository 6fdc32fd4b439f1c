//! The catalogue's back office through HTTP: an admin finds products, uploads pictures (checked by content,
//! re-encoded, audited), chooses the main one and removes one; bad files and everyone else are refused with a
//! sentence and nothing stored.

use std::io::Cursor;

use amazone::model::back_office::{BackOfficeProduct, ProductList};
use amazone::model::picture::Picture;
use amazone::model::product::Product;
use amazone::model::product_form::ProductFields;
use image::{DynamicImage, ImageBuffer, ImageFormat, Rgb};
use mongodb::bson::{doc, Document};
use reqwest::multipart::{Form, Part};
use reqwest::StatusCode;

use crate::product_forms::pairs;
use crate::shopping::{app_with_seed_data, AERIFIED, GLAZED_DONUT};
use crate::support::{Browser, TestApp, TestMongod};

pub async fn admin(app: &TestApp) -> Browser {
    let browser = Browser::new();
    let (status, _, body) =
        browser.call(app, "sign_in", &[("email", "admin@amazone.test"), ("password", "amazone-admin")]).await;
    assert!(status.is_success() || status.is_redirection(), "{status}: {body}");
    browser
}

fn photo(width: u32, height: u32, format: ImageFormat) -> Vec<u8> {
    let picture = DynamicImage::ImageRgb8(ImageBuffer::from_fn(width, height, |x, y| Rgb([x as u8, y as u8, 200])));
    let mut bytes = Vec::new();
    picture.write_to(&mut Cursor::new(&mut bytes), format).unwrap();
    bytes
}

/// The form a browser sends: the file under a name and type that prove nothing.
fn upload_form(product_id: &str, file: Vec<u8>, main: bool) -> Form {
    let part = Part::bytes(file).file_name("holiday.txt").mime_str("text/plain").unwrap();
    let form = Form::new().text("product_id", product_id.to_string()).part("picture", part);
    if main {
        form.text("main", "on")
    } else {
        form
    }
}

async fn pictures_of(app: &TestApp, product_id: &str) -> Vec<Picture> {
    let product = app.db.collection::<Product>("products").find_one(doc! { "_id": product_id }).await.unwrap();
    product.unwrap().pictures
}

async fn stored_files(app: &TestApp) -> u64 {
    app.db.collection::<Document>("pictures.files").count_documents(doc! {}).await.unwrap()
}

#[tokio::test]
async fn an_admin_uploads_a_photograph_that_becomes_the_main_picture_re_encoded_and_audited() {
    let mongod = TestMongod::start().await;
    let app = app_with_seed_data(&mongod).await;
    let admin = admin(&app).await;
    let drawn = pictures_of(&app, AERIFIED).await;

    let (status, body) = admin
        .upload(&app, "upload_product_picture", upload_form(AERIFIED, photo(2400, 1200, ImageFormat::Png), true))
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let uploaded: Picture = serde_json::from_str(&body).unwrap();
    assert_eq!((uploaded.width, uploaded.height), (1600, 800), "scaled to 1600 px on its longest side");
    assert_eq!(pictures_of(&app, AERIFIED).await, [uploaded.clone(), drawn[0].clone()], "first: the main picture");

    let served = app.get(&uploaded.src()).await;
    assert_eq!(served.headers()["content-type"], "image/jpeg", "the stored type, whatever the upload claimed");
    assert!(served.bytes().await.unwrap().starts_with(&[0xFF, 0xD8, 0xFF]));
    let card = app.get("/c/books").await.text().await.unwrap();
    assert!(card.contains(&uploaded.src()), "the card shows the new main picture");

    // A photograph of a megabyte or more (noise does not compress) goes through the upload's larger limit.
    let mut seed = 7u32;
    let noise = DynamicImage::ImageRgb8(ImageBuffer::from_fn(1200, 1200, |_, _| {
        seed = seed.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
        Rgb([(seed >> 24) as u8, (seed >> 16) as u8, (seed >> 8) as u8])
    }));
    let mut large = Vec::new();
    noise.write_to(&mut Cursor::new(&mut large), ImageFormat::Jpeg).unwrap();
    assert!(large.len() > 1024 * 1024, "{} bytes", large.len());
    let (status, body) = admin.upload(&app, "upload_product_picture", upload_form(AERIFIED, large, false)).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let second: Picture = serde_json::from_str(&body).unwrap();
    let (status, _, body) =
        admin.call(&app, "remove_picture", &[("product_id", AERIFIED), ("picture_id", &second.id)]).await;
    assert_eq!(status, StatusCode::OK, "{body}");

    // Made main again, the drawing; then the upload removed: its file stays readable for what showed it.
    let (status, _, body) =
        admin.call(&app, "set_main_picture", &[("product_id", AERIFIED), ("picture_id", &drawn[0].id)]).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (status, _, body) =
        admin.call(&app, "remove_picture", &[("product_id", AERIFIED), ("picture_id", &uploaded.id)]).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(pictures_of(&app, AERIFIED).await, drawn);
    assert_eq!(app.get(&uploaded.src()).await.status(), StatusCode::OK);

    // The last picture stays; an unknown one is named.
    let (status, _, body) =
        admin.call(&app, "remove_picture", &[("product_id", AERIFIED), ("picture_id", &drawn[0].id)]).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert!(body.contains("keeps at least one picture"), "{body}");
    let (status, _, _) =
        admin.call(&app, "set_main_picture", &[("product_id", AERIFIED), ("picture_id", &uploaded.id)]).await;
    assert_eq!(status, StatusCode::CONFLICT);

    // Every change is in the audit log, with who did it and the list before and after.
    let (status, _, page) = admin.call(&app, "admin_product", &[("id", AERIFIED)]).await;
    assert_eq!(status, StatusCode::OK);
    let page: BackOfficeProduct = serde_json::from_str::<Option<BackOfficeProduct>>(&page).unwrap().unwrap();
    let actions: Vec<&str> = page.audit.iter().map(|entry| entry.action.as_str()).collect();
    assert_eq!(
        actions,
        ["remove picture", "make picture main", "remove picture", "add picture", "add picture"],
        "newest first"
    );
    assert!(page.audit.iter().all(|entry| entry.by == "admin@amazone.test"));
    assert_eq!(page.audit[4].before, format!("1 picture, main {}", drawn[0].id));
    assert_eq!(page.audit[4].after, format!("2 pictures, main {}", uploaded.id));
    app.shutdown().await;
}

#[tokio::test]
async fn bad_files_are_refused_with_a_sentence_and_nothing_is_stored() {
    let mongod = TestMongod::start().await;
    let app = app_with_seed_data(&mongod).await;
    let admin = admin(&app).await;
    let (files, pictures) = (stored_files(&app).await, pictures_of(&app, AERIFIED).await);

    let not_a_picture = b"<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>".to_vec();
    let (status, body) =
        admin.upload(&app, "upload_product_picture", upload_form(AERIFIED, not_a_picture, false)).await;
    assert_eq!(status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert!(body.contains("not a JPEG, PNG or WebP picture"), "{body}");

    let mut cut = photo(300, 300, ImageFormat::Png);
    cut.truncate(cut.len() / 3);
    let (status, body) = admin.upload(&app, "upload_product_picture", upload_form(AERIFIED, cut, false)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body.contains("could not be read"), "{body}");

    // A 1×1 PNG whose header claims 60,000 × 60,000 pixels: refused before anything is decoded.
    let mut bomb = photo(1, 1, ImageFormat::Png);
    bomb[16..20].copy_from_slice(&60_000u32.to_be_bytes());
    bomb[20..24].copy_from_slice(&60_000u32.to_be_bytes());
    let crc = crc32fast::hash(&bomb[12..29]);
    bomb[29..33].copy_from_slice(&crc.to_be_bytes());
    let (status, body) = admin.upload(&app, "upload_product_picture", upload_form(AERIFIED, bomb, false)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body.contains("60000×60000"), "{body}");

    // 6 MB against the 5 MB limit: refused with the sentence (the client, still sending, reads it), nothing kept.
    let (status, body) =
        admin.upload(&app, "upload_product_picture", upload_form(AERIFIED, vec![0xFF; 6 * 1024 * 1024], false)).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(body.contains("larger than 5 MB"), "{body}");

    let (status, body) = admin
        .upload(&app, "upload_product_picture", upload_form("no-such-product", photo(8, 8, ImageFormat::Png), false))
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(body.contains("no such product"), "{body}");

    assert_eq!(stored_files(&app).await, files, "no file stored");
    assert_eq!(pictures_of(&app, AERIFIED).await, pictures, "the product unchanged");
    app.shutdown().await;
}

#[tokio::test]
async fn only_admins_reach_the_back_office() {
    let mongod = TestMongod::start().await;
    let app = app_with_seed_data(&mongod).await;
    let picture = pictures_of(&app, AERIFIED).await.remove(0);
    let customer = Browser::new();
    customer.sign_in(&app, "traceymedina@gmail.com").await;
    for visitor in [&customer, &Browser::new()] {
        let (status, _) = visitor
            .upload(&app, "upload_product_picture", upload_form(AERIFIED, photo(8, 8, ImageFormat::Png), true))
            .await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        for (endpoint, form) in [
            ("admin_products", vec![]),
            ("admin_product", vec![("id", AERIFIED)]),
            ("set_main_picture", vec![("product_id", AERIFIED), ("picture_id", picture.id.as_str())]),
            ("remove_picture", vec![("product_id", AERIFIED), ("picture_id", picture.id.as_str())]),
            (
                "adjust_stock",
                vec![
                    ("product_id", AERIFIED),
                    ("location", "warehouse:w"),
                    ("action", "add"),
                    ("units", "1"),
                    ("reason", "received"),
                ],
            ),
        ] {
            let (status, _, _) = visitor.call(&app, endpoint, &form).await;
            assert_eq!(status, StatusCode::FORBIDDEN, "{endpoint}");
        }
        let page = visitor.get(&app, "/admin/products").await;
        assert_eq!(page.status(), StatusCode::FORBIDDEN);
    }
    assert_eq!(pictures_of(&app, AERIFIED).await, [picture]);
    app.shutdown().await;
}

#[tokio::test]
async fn the_product_list_finds_by_words_id_category_and_stock_a_page_at_a_time() {
    let mongod = TestMongod::start().await;
    let app = app_with_seed_data(&mongod).await;
    let admin = admin(&app).await;
    let list = |form: Vec<(&'static str, String)>| {
        let admin = &admin;
        let app = &app;
        async move {
            let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
            let (status, _, body) = admin.call(app, "admin_products", &form).await;
            assert_eq!(status, StatusCode::OK, "{body}");
            serde_json::from_str::<ProductList>(&body).unwrap()
        }
    };
    let found = list(vec![("q", "aerified".into())]).await;
    assert_eq!(found.rows[0].id, AERIFIED);
    assert!(found.rows[0].picture.is_some(), "each row shows the main picture");
    assert_eq!(list(vec![("q", AERIFIED.into())]).await.rows.len(), 1, "an id finds that product");

    let books = list(vec![("category", "books".into())]).await;
    assert!(!books.rows.is_empty() && books.rows.iter().all(|row| row.category.slug() == "books"));
    let names: Vec<String> = books.rows.iter().map(|row| row.name.to_lowercase()).collect();
    assert!(names.windows(2).all(|pair| pair[0] <= pair[1]), "alphabetical: {names:?}");
    let out = list(vec![("stock", "out".into())]).await;
    assert!(out.rows.iter().all(|row| !row.in_stock));

    let first = list(vec![]).await;
    assert!(first.has_more, "more than one page of products");
    let second = list(vec![("page", "2".into())]).await;
    assert!(second.rows.iter().all(|row| first.rows.iter().all(|seen| seen.id != row.id)), "pages do not overlap");

    let (status, _, body) = admin.call(&app, "admin_products", &[("category", "toys")]).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body.contains("no category called"), "{body}");
    app.shutdown().await;
}

/// The donut's stock at its first store, as the back office shows it.
async fn donut_stock(admin: &Browser, app: &TestApp) -> (String, i64, i64) {
    let (status, _, page) = admin.call(app, "admin_product", &[("id", GLAZED_DONUT)]).await;
    assert_eq!(status, StatusCode::OK, "{page}");
    let page: BackOfficeProduct = serde_json::from_str::<Option<BackOfficeProduct>>(&page).unwrap().unwrap();
    let first = &page.stock[0];
    let location = match &first.location {
        amazone::model::location::StockLocation::Store(id) => format!("store:{id}"),
        other => panic!("the donut is held in stores, not {other:?}"),
    };
    (location, first.on_shelf, first.in_carts)
}

async fn adjust(
    admin: &Browser,
    app: &TestApp,
    location: &str,
    action: &str,
    units: &str,
    reason: &str,
) -> (StatusCode, String) {
    let form = [
        ("product_id", GLAZED_DONUT),
        ("location", location),
        ("action", action),
        ("units", units),
        ("reason", reason),
    ];
    let (status, _, body) = admin.call(app, "adjust_stock", &form).await;
    (status, body)
}

/// Today's measurement of the donut at `location` in the inventory levels.
async fn todays_level(app: &TestApp, location: &str) -> Document {
    let store_id = location.trim_start_matches("store:");
    let bucket = app.db.collection::<Document>("inventory_levels");
    let bucket =
        bucket.find_one(doc! { "product_id": GLAZED_DONUT, "location.id": store_id }).sort(doc! { "month": -1 }).await;
    let measurements = bucket.unwrap().expect("a bucket for the month").get_array("measurements").unwrap().clone();
    measurements.last().unwrap().as_document().unwrap().clone()
}

#[tokio::test]
async fn stock_adjustments_keep_units_in_carts_and_record_their_reason_in_the_days_level() {
    let mongod = TestMongod::start().await;
    let app = app_with_seed_data(&mongod).await;
    let admin = admin(&app).await;
    let (location, before, _) = donut_stock(&admin, &app).await;
    let store_id = location.trim_start_matches("store:").to_string();

    // A shopper holds 2 donuts from that store.
    let shopper = Browser::new();
    let add = [("product_id", GLAZED_DONUT), ("quantity", "2"), ("store_id", store_id.as_str())];
    let (status, _, body) = shopper.call(&app, "add_to_cart", &add).await;
    assert!(status.is_success(), "{status}: {body}");
    assert_eq!(donut_stock(&admin, &app).await, (location.clone(), before - 2, 2));

    // Counted: 10 on the shelf, the shopper's 2 among them.
    let (status, body) = adjust(&admin, &app, &location, "set", "1", "count-correction").await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert!(body.contains("fewer than the 2 units in shoppers' carts"), "{body}");
    let (status, body) = adjust(&admin, &app, &location, "set", "10", "count-correction").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(donut_stock(&admin, &app).await, (location.clone(), 8, 2));
    let level = todays_level(&app, &location).await;
    assert_eq!((level.get_i64("quantity").unwrap(), level.get_i64("corrected").unwrap()), (8, 8 - (before - 2)));

    // Two admins remove 5 damaged donuts each at the same moment: 8 are free, so one is told.
    let second = Browser::new();
    second.call(&app, "sign_in", &[("email", "admin@amazone.test"), ("password", "amazone-admin")]).await;
    let (first_try, second_try) = tokio::join!(
        adjust(&admin, &app, &location, "remove", "5", "damaged"),
        adjust(&second, &app, &location, "remove", "5", "damaged")
    );
    let mut statuses = [first_try.0, second_try.0];
    statuses.sort();
    assert_eq!(statuses, [StatusCode::OK, StatusCode::CONFLICT], "{first_try:?} {second_try:?}");
    let refused = if first_try.0 == StatusCode::CONFLICT { first_try.1 } else { second_try.1 };
    assert!(refused.contains("Only 3 units"), "{refused}");
    assert_eq!(donut_stock(&admin, &app).await, (location.clone(), 3, 2));
    assert_eq!(todays_level(&app, &location).await.get_i64("damaged").unwrap(), 5);

    // Received, added; every adjustment audited with its reason.
    let (status, body) = adjust(&admin, &app, &location, "add", "12", "received").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(donut_stock(&admin, &app).await, (location.clone(), 15, 2));
    assert_eq!(todays_level(&app, &location).await.get_i64("received").unwrap(), 12);
    let audit = app.db.collection::<Document>("audit_log");
    let entries = audit.count_documents(doc! { "product_id": GLAZED_DONUT, "action": "adjust stock" }).await.unwrap();
    assert_eq!(entries, 3, "the refused ones left no entry");

    // Refusals: words, 4xx, nothing changed.
    for (location, action, units, reason, status, says) in [
        (location.as_str(), "remove", "1", "received", StatusCode::UNPROCESSABLE_ENTITY, "added, not removed"),
        (location.as_str(), "add", "-4", "received", StatusCode::UNPROCESSABLE_ENTITY, "not a number of units"),
        ("store:no-such-store", "add", "1", "received", StatusCode::NOT_FOUND, "not held there"),
    ] {
        let (answer, body) = adjust(&admin, &app, location, action, units, reason).await;
        assert_eq!(answer, status, "{body}");
        assert!(body.contains(says), "{body}");
    }
    assert_eq!(donut_stock(&admin, &app).await, (location.clone(), 15, 2));
    let (status, _) = adjust(&shopper, &app, &location, "add", "1", "received").await;
    assert_eq!(status, StatusCode::FORBIDDEN, "only admins adjust stock");
    app.shutdown().await;
}

#[tokio::test]
async fn counting_a_products_last_place_to_zero_takes_it_out_of_stock_and_receiving_puts_it_back() {
    let mongod = TestMongod::start().await;
    let app = app_with_seed_data(&mongod).await;
    let admin = admin(&app).await;
    let (_, _, page) = admin.call(&app, "admin_product", &[("id", AERIFIED)]).await;
    let page: BackOfficeProduct = serde_json::from_str::<Option<BackOfficeProduct>>(&page).unwrap().unwrap();
    let location = match &page.stock[0].location {
        amazone::model::location::StockLocation::Warehouse(id) => format!("warehouse:{id}"),
        other => panic!("a book is held in the warehouse, not {other:?}"),
    };
    let in_stock = || async {
        let product = app.db.collection::<Product>("products").find_one(doc! { "_id": AERIFIED }).await.unwrap();
        product.unwrap().in_stock
    };
    let form = |action: &'static str, units: &'static str, reason: &'static str| {
        [
            ("product_id", AERIFIED),
            ("location", location.as_str()),
            ("action", action),
            ("units", units),
            ("reason", reason),
        ]
    };
    let (status, _, body) = admin.call(&app, "adjust_stock", &form("set", "0", "count-correction")).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(!in_stock().await, "nothing left anywhere");
    let shop = app.get(&format!("/p/{AERIFIED}")).await.text().await.unwrap();
    assert!(shop.contains("Out of stock") || shop.contains("out of stock"), "the shop says so");
    let (status, _, body) = admin.call(&app, "adjust_stock", &form("add", "3", "received")).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(in_stock().await);
    app.shutdown().await;
}

#[tokio::test]
async fn a_new_price_reaches_new_lines_and_a_cart_holding_the_old_one_is_told_at_checkout() {
    let mongod = TestMongod::start().await;
    let app = app_with_seed_data(&mongod).await;
    let admin = admin(&app).await;
    let shopper = Browser::new();
    shopper.sign_in(&app, "traceymedina@gmail.com").await;
    let (status, _, body) = shopper.call(&app, "add_to_cart", &[("product_id", AERIFIED), ("quantity", "2")]).await;
    assert_eq!(status, StatusCode::OK, "{body}");

    let stored = app.db.collection::<Product>("products").find_one(doc! { "_id": AERIFIED }).await.unwrap().unwrap();
    let edit = |price: &'static str, cost: &'static str| {
        let fields = ProductFields {
            description: "A novel.".into(),
            price: price.into(),
            cost: cost.into(),
            ..ProductFields::of(&stored)
        };
        crate::product_forms::form(&[("product_id", AERIFIED)], &fields)
    };
    for (price, cost, says) in
        [("-1", "5", "not an amount of money"), ("0", "5", "more than 0"), ("12.999", "5", "not an amount")]
    {
        let (status, _, body) = admin.call(&app, "update_product", &pairs(&edit(price, cost))).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{price}: {body}");
        assert!(body.contains(says), "{body}");
    }
    let (status, _, body) = admin.call(&app, "update_product", &pairs(&edit("12.49", "6"))).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body, "null", "no warning");
    let page = app.get(&format!("/p/{AERIFIED}")).await.text().await.unwrap();
    assert!(page.contains("£12.49") && page.contains("A novel."), "the shop shows the edit at once");

    // The cart still shows what the shopper saw; checkout says the price moved, and the cart takes the new one.
    let (_, _, cart) = shopper.call(&app, "cart_view", &[]).await;
    let cart: amazone::model::cart::CartView = serde_json::from_str(&cart).unwrap();
    assert_eq!(cart.lines[0].unit_price, amazone::model::Money(1099));
    let cart_id = cart.cart_id.clone().unwrap();
    let checkout = [
        ("cart_id", cart_id.as_str()),
        ("line1", "1 High Street"),
        ("city", "Leeds"),
        ("postcode", "LS1 4AP"),
        ("country", "GB"),
    ];
    let (status, _, body) = shopper.call(&app, "place_order", &checkout).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert!(body.contains("Aerified is now £12.49 (was £10.99)"), "{body}");
    assert_eq!(app.db.collection::<Document>("orders").count_documents(doc! { "_id": &cart_id }).await.unwrap(), 0);
    let (_, _, cart) = shopper.call(&app, "cart_view", &[]).await;
    let cart: amazone::model::cart::CartView = serde_json::from_str(&cart).unwrap();
    assert_eq!(cart.lines[0].unit_price, amazone::model::Money(1249), "the cart shows the new price");

    let (status, _, body) = shopper.call(&app, "place_order", &checkout).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let order = app.db.collection::<amazone::model::order::Order>("orders").find_one(doc! { "_id": &cart_id }).await;
    let order = order.unwrap().expect("the order");
    assert_eq!(order.total_price, amazone::model::Money(2498), "charged the price the shopper saw last");

    // A cost above the price is saved, with a note; the edits are audited.
    let (status, _, body) = admin.call(&app, "update_product", &pairs(&edit("12.49", "13"))).await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains("cost is above the price"), "{body}");
    let audit = app.db.collection::<Document>("audit_log");
    let entry = audit.find_one(doc! { "product_id": AERIFIED, "action": "edit product" }).sort(doc! { "at": 1 }).await;
    let entry = entry.unwrap().unwrap();
    assert!(entry.get_str("before").unwrap().contains("prices £10.99"), "{entry}");
    assert!(entry.get_str("after").unwrap().contains("prices £12.49"), "{entry}");
    let (status, _, _) = shopper.call(&app, "update_product", &pairs(&edit("1", "1"))).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    app.shutdown().await;
}
