use std::path::Path;

use amazone::server::import::import_dir;
use reqwest::StatusCode;

use crate::support::{without_markers, TestApp, TestMongod};

/// Product 31 of the original exports: "Aerified", a book by Tú Motherwell at £10.99.
const AERIFIED: &str = "63b9be0e4838041b2f631c48";

async fn app_with_seed_data(mongod: &TestMongod) -> TestApp {
    let app = TestApp::spawn(mongod).await;
    import_dir(&app.db, &Path::new(env!("CARGO_MANIFEST_DIR")).join("data/original"), &Default::default())
        .await
        .unwrap();
    app
}

#[tokio::test]
async fn a_product_page_shows_its_kind_price_ratings_and_stock_with_search_engine_data() {
    let mongod = TestMongod::start().await;
    let app = app_with_seed_data(&mongod).await;

    let response = app.get(&format!("/p/{AERIFIED}")).await;
    assert_eq!(response.status(), StatusCode::OK);
    let html = without_markers(&response.text().await.unwrap());
    assert!(html.contains("<title>Aerified | Amazone</title>"), "the title is in the head");
    let canonical = html.split("<link").find(|tag| tag.contains("rel=\"canonical\"")).expect("a canonical link");
    assert!(canonical.contains(&format!("href=\"/p/{AERIFIED}\"")), "canonical link: {canonical}");
    assert!(html.contains("<meta name=\"description\" content=\"Aerified – £10.99."), "meta description");
    assert!(html.contains("application/ld+json"), "JSON-LD");
    assert!(html.contains("\"@type\":\"Product\"") && html.contains("\"price\":\"10.99\""), "JSON-LD offer");
    assert!(html.contains("<h1>Aerified</h1>"));
    assert!(html.contains("by Tú Motherwell"));
    assert!(html.contains("<dt>ISBN</dt><dd>195024559-4</dd>"));
    assert!(html.contains("£10.99"));
    assert!(html.contains("In stock in our warehouse") || html.contains("left in our warehouse"), "warehouse stock");
    assert!(html.contains("Rated ") && html.contains(" out of 5 by "), "average and count");
    app.shutdown().await;
}

#[tokio::test]
async fn a_fresh_product_shows_the_stock_of_each_store() {
    let mongod = TestMongod::start().await;
    let app = app_with_seed_data(&mongod).await;
    // Product 41, Glazed Donut: 670 in Morrisons Salford (store 1), 767 in store 2, ...
    let html = without_markers(&app.get("/p/63b9be0e4838041b2f631c5d").await.text().await.unwrap());
    assert!(html.contains("<h1>Glazed Donut</h1>"), "{html}");
    assert!(html.contains("Stock in our stores"));
    assert!(html.contains("Morrisons, 1 Churchill Way, Salford") && html.contains("670 in stock"));
    assert!(html.contains("<dt>Country of origin</dt><dd>America</dd>"));
    app.shutdown().await;
}

#[tokio::test]
async fn unknown_and_hostile_product_ids_are_404_pages() {
    let mongod = TestMongod::start().await;
    let app = app_with_seed_data(&mongod).await;
    let long = "a".repeat(5_000);
    for id in ["no-such-product", "%24where", "%7B%22%24gt%22%3A%22%22%7D", ".*", long.as_str()] {
        let response = app.get(&format!("/p/{id}")).await;
        assert_eq!(response.status(), StatusCode::NOT_FOUND, "/p/{}", &id[..id.len().min(40)]);
        assert!(response.text().await.unwrap().contains("find that page"));
    }
    assert_eq!(app.get("/health/ready").await.status(), StatusCode::OK, "still healthy");
    app.shutdown().await;
}

/// "Glazed Donut": fresh food, stocked in several stores.
const GLAZED_DONUT: &str = "63b9be0e4838041b2f631c5d";

#[tokio::test]
async fn fresh_food_lists_the_nearest_store_first_when_the_shoppers_address_is_known() {
    use amazone::model::catalogue::Availability;
    use amazone::model::location::Store;
    use amazone::server::catalogue::product_page;

    let mongod = TestMongod::start().await;
    let app = app_with_seed_data(&mongod).await;
    let stores = |page: amazone::model::catalogue::ProductPage| match page.availability {
        Availability::Stores(stores) => stores,
        other => panic!("fresh food is held in stores: {other:?}"),
    };

    // Unknown address: the best stocked first, no distances.
    let by_stock =
        stores(product_page(&app.db, GLAZED_DONUT, None, amazone::model::Currency::GBP).await.unwrap().unwrap());
    assert!(by_stock.len() >= 2, "{by_stock:?}");
    assert!(by_stock.windows(2).all(|w| w[0].quantity >= w[1].quantity));
    assert!(by_stock.iter().all(|s| s.distance_km.is_none()));

    // Standing at the least stocked store: it comes first, at 0 km, and the others follow by distance.
    let least = by_stock.last().unwrap();
    let all_stores: Vec<Store> = futures::TryStreamExt::try_collect(
        app.db.collection::<Store>("stores").find(mongodb::bson::doc! {}).await.unwrap(),
    )
    .await
    .unwrap();
    let here = all_stores.iter().find(|s| least.address.starts_with(&s.address.line1)).unwrap().location;
    let reach = amazone::model::region::FreshReach {
        destination: amazone::model::region::Destination {
            country: "GB".into(),
            region: "uk".into(),
            point: Some(here),
            city: Some("Manchester".into()),
        },
        radius_km: 50.0,
    };
    let by_distance = stores(
        product_page(&app.db, GLAZED_DONUT, Some(&reach), amazone::model::Currency::GBP).await.unwrap().unwrap(),
    );
    assert_eq!(by_distance.len(), by_stock.len());
    assert_eq!((&by_distance[0].store, &by_distance[0].address), (&least.store, &least.address));
    assert!(by_distance[0].distance_km.unwrap() < 0.01);
    let distances: Vec<f64> = by_distance.iter().map(|s| s.distance_km.unwrap()).collect();
    assert!(distances.windows(2).all(|w| w[0] <= w[1]), "{distances:?}");
    app.shutdown().await;
}
