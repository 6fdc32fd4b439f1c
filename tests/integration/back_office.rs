//! The catalogue's back office through HTTP: an admin finds products, uploads pictures (checked by content,
//! re-encoded, audited), chooses the main one and removes one; bad files and everyone else are refused with a
//! sentence and nothing stored.

use std::io::Cursor;

use amazone::model::back_office::{BackOfficeProduct, ProductList};
use amazone::model::picture::Picture;
use amazone::model::product::Product;
use image::{DynamicImage, ImageBuffer, ImageFormat, Rgb};
use mongodb::bson::{doc, Document};
use reqwest::multipart::{Form, Part};
use reqwest::StatusCode;

use crate::shopping::{app_with_seed_data, AERIFIED};
use crate::support::{Browser, TestApp, TestMongod};

async fn admin(app: &TestApp) -> Browser {
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

    // 6 MB against the 5 MB limit: refused before it is read.
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
