//! Regions: the shopper's destination decides which stores may send them fresh food. A guest picks a country in
//! "Deliver to" (kept in their session); a customer is delivered to their shipping address, within the fresh-food
//! radius. Bristol is no longer offered bagels from Madrid.

use amazone::model::Timestamp;
use mongodb::bson::{doc, DateTime, Document};
use mongodb::Database;

use crate::shopping::{app_with_seed_data, GLAZED_DONUT};
use crate::support::{Browser, TestApp, TestMongod};

const MADRID_STORE: &str = "aaaaaaaaaaaaaaaaaaaaaa01";
const MADRID_NAME: &str = "Tienda Gran Via";

/// A store in Madrid holding ten good donuts, beside the exports' Manchester stores.
async fn open_a_store_in_madrid(db: &Database) {
    let store = doc! {
        "_id": MADRID_STORE, "name": MADRID_NAME,
        "address": { "line1": "Gran Via 1", "city": "Madrid", "postcode": "28013", "country": "ES" },
        "location": { "type": "Point", "coordinates": [-3.7038, 40.4168] },
    };
    db.collection::<Document>("stores").insert_one(store).await.unwrap();
    let best_before = DateTime::from_millis(Timestamp::now().start_of_day().plus_days(3).millis());
    let held = doc! { "store_id": MADRID_STORE, "quantity": 10_i64, "batches": [{ "best_before": best_before, "quantity": 10_i64 }] };
    db.collection::<Document>("fresh_stock")
        .update_one(
            doc! { "product_id": GLAZED_DONUT },
            doc! { "$push": { "stores": held }, "$inc": { "total": 10_i64 } },
        )
        .await
        .unwrap();
}

async fn madrid_units(db: &Database) -> i64 {
    units_in(db, MADRID_STORE).await
}

/// The donut's units in one store, wherever its entry is (one document for every store, or its region's).
async fn units_in(db: &Database, store_id: &str) -> i64 {
    let filter = doc! { "product_id": GLAZED_DONUT, "stores.store_id": store_id };
    let stock = db.collection::<Document>("fresh_stock").find_one(filter).await.unwrap().unwrap();
    let stores = stock.get_array("stores").unwrap();
    let held = stores.iter().filter_map(|s| s.as_document()).find(|s| s.get_str("store_id") == Ok(store_id));
    held.unwrap().get_i64("quantity").unwrap()
}

/// Every fresh stock document, by id.
async fn fresh_documents(db: &Database) -> Vec<Document> {
    let found = db.collection::<Document>("fresh_stock").find(doc! {}).sort(doc! { "_id": 1 }).await.unwrap();
    futures::TryStreamExt::try_collect(found).await.unwrap()
}

fn total_units(documents: &[Document]) -> i64 {
    documents.iter().map(|d| d.get_i64("total").or_else(|_| d.get_i32("total").map(i64::from)).unwrap()).sum()
}

async fn donut_page(browser: &Browser, app: &TestApp) -> String {
    let response = browser.get(app, &format!("/p/{GLAZED_DONUT}")).await;
    assert_eq!(response.status(), 200);
    response.text().await.unwrap()
}

async fn add_donut(browser: &Browser, app: &TestApp) -> (reqwest::StatusCode, String) {
    let (status, _, body) = browser.call(app, "add_to_cart", &[("product_id", GLAZED_DONUT), ("quantity", "1")]).await;
    (status, body)
}

async fn deliver_to(browser: &Browser, app: &TestApp, country: &str) -> (reqwest::StatusCode, String) {
    let back = format!("/p/{GLAZED_DONUT}");
    let (status, headers, body) = browser.call(app, "deliver_to", &[("country", country), ("back", &back)]).await;
    if status.is_success() || status.is_redirection() {
        assert_eq!(headers["location"].to_str().unwrap(), back, "back to the page the shopper was on");
    }
    (status, body)
}

#[tokio::test]
async fn a_guest_sees_and_buys_fresh_food_only_from_stores_in_the_country_they_pick() {
    let mongod = TestMongod::start().await;
    let app = app_with_seed_data(&mongod).await;
    open_a_store_in_madrid(&app.db).await;
    let guest = Browser::new();

    // The default country (GB): Manchester's stores, not Madrid's.
    let page = donut_page(&guest, &app).await;
    assert!(page.contains("Morrison") && !page.contains(MADRID_NAME), "a UK guest sees UK stores only");

    // Spain: Madrid's store only, and the unit comes from it.
    let (status, body) = deliver_to(&guest, &app, "es").await;
    assert!(status.is_success() || status.is_redirection(), "{status}: {body}");
    let page = donut_page(&guest, &app).await;
    assert!(page.contains(MADRID_NAME) && !page.contains("Morrison"), "a guest in Spain sees Madrid's store only");
    let (status, body) = add_donut(&guest, &app).await;
    assert!(status.is_success(), "{status}: {body}");
    assert_eq!(madrid_units(&app.db).await, 9, "reserved in Madrid");
    let cart = app.db.collection::<Document>("carts").find_one(doc! { "items.product_id": GLAZED_DONUT }).await;
    assert_eq!(cart.unwrap().unwrap().get_str("region").unwrap(), "eu", "a cart started in Spain is the EU's");

    // France: no store there has fresh food; the page says so, and adding is refused.
    deliver_to(&guest, &app, "FR").await;
    let page = donut_page(&guest, &app).await;
    assert!(page.contains("Not delivered to France"), "{page}");
    assert!(!page.contains(MADRID_NAME) && !page.contains("Morrison"));
    let (status, body) = add_donut(&guest, &app).await;
    assert_eq!(status, 422, "{body}");
    assert!(body.contains("not delivered to France"), "{body}");

    // An unsupported or forged country is refused with the list, and the guest stays in France.
    let (status, body) = deliver_to(&guest, &app, "US").await;
    assert_eq!(status, 422, "{body}");
    assert!(body.contains("United Kingdom") && body.contains("Spain") && body.contains("\"US\""), "{body}");
    assert!(donut_page(&guest, &app).await.contains("Not delivered to France"));

    // Another guest is unaffected (the cached page is per country).
    assert!(donut_page(&Browser::new(), &app).await.contains("Morrison"));
    app.shutdown().await;
}

#[tokio::test]
async fn a_customer_gets_fresh_food_only_from_stores_within_reach_of_their_address() {
    let mongod = TestMongod::start().await;
    let app = app_with_seed_data(&mongod).await;
    open_a_store_in_madrid(&app.db).await;

    // In Manchester: the stores nearby, with their distance; never Madrid's.
    let manchester = Browser::new();
    manchester.sign_in(&app, "traceymedina@gmail.com").await;
    let page = donut_page(&manchester, &app).await;
    assert!(page.contains("Morrison") && page.contains("km away") && !page.contains(MADRID_NAME));
    let (status, body) = add_donut(&manchester, &app).await;
    assert!(status.is_success(), "{status}: {body}");
    assert_eq!(madrid_units(&app.db).await, 10, "nothing taken in Madrid");
    let (status, body) = deliver_to(&manchester, &app, "ES").await;
    assert_eq!(status, 409, "a customer's destination is their address: {body}");

    // Checking out to an address out of reach of the store the donut waits in: refused by name, nothing placed.
    let (_, _, cart) = manchester.call(&app, "cart_view", &[]).await;
    let cart: amazone::model::cart::CartView = serde_json::from_str(&cart).unwrap();
    let cart_id = cart.cart_id.unwrap();
    let to_bristol = [
        ("cart_id", cart_id.as_str()),
        ("line1", "1 Corn Street"),
        ("city", "Bristol"),
        ("postcode", "BS1 1JQ"),
        ("country", "GB"),
    ];
    let orders = app.db.collection::<Document>("orders").count_documents(doc! {}).await.unwrap();
    let (status, _, body) = manchester.call(&app, "place_order", &to_bristol).await;
    assert_eq!(status, 409, "{body}");
    assert!(body.contains("Not delivered to Bristol") && body.contains("Glazed Donut"), "{body}");
    assert_eq!(app.db.collection::<Document>("orders").count_documents(doc! {}).await.unwrap(), orders);

    // Moved to Bristol, about 240 km from Manchester: out of reach, and the page names the nearest store.
    let bristol = Browser::new();
    bristol.sign_in(&app, "dianahall@gmail.com").await;
    let address = [("line1", "1 Corn Street"), ("city", "Bristol"), ("postcode", "BS1 1JQ"), ("country", "GB")];
    let (status, _, body) = bristol.call(&app, "set_shipping_address", &address).await;
    assert!(status.is_success(), "{status}: {body}");
    let diana = |db: Database| async move {
        let found = db.collection::<Document>("customers").find_one(doc! { "email": "dianahall@gmail.com" }).await;
        found.unwrap().unwrap().get_str("region").unwrap().to_string()
    };
    assert_eq!(diana(app.db.clone()).await, "uk");
    let page = donut_page(&bristol, &app).await;
    assert!(page.contains("Not delivered to Bristol"), "{page}");
    assert!(page.contains("within 50 km of your address") && page.contains("Manchester"), "names the nearest store");
    let (status, body) = add_donut(&bristol, &app).await;
    assert_eq!(status, 422, "{body}");
    assert!(body.contains("not delivered to Bristol"), "{body}");

    // Moving to Paris makes her the EU's.
    let paris = [("line1", "1 Rue de Rivoli"), ("city", "Paris"), ("postcode", "75001"), ("country", "FR")];
    let (status, _, body) = bristol.call(&app, "set_shipping_address", &paris).await;
    assert!(status.is_success(), "{status}: {body}");
    assert_eq!(diana(app.db.clone()).await, "eu");
    app.shutdown().await;
}

#[tokio::test]
async fn fresh_stock_is_split_per_region_once_and_each_region_sells_from_its_own_document() {
    let mongod = TestMongod::start().await;
    let app = app_with_seed_data(&mongod).await;
    open_a_store_in_madrid(&app.db).await;
    // A product no store holds yet: it keeps one (empty) document, in the default region.
    let nowhere = doc! { "_id": "fresh-nowhere", "product_id": "p-nowhere", "stores": [], "total": 0_i64 };
    app.db.collection::<Document>("fresh_stock").insert_one(nowhere).await.unwrap();
    let before = fresh_documents(&app.db).await;
    let original = before.iter().find(|d| d.get_str("product_id") == Ok(GLAZED_DONUT)).unwrap().clone();
    let manchester_store = original.get_array("stores").unwrap()[0].as_document().unwrap().get_str("store_id").unwrap();
    let manchester_units = units_in(&app.db, manchester_store).await;

    amazone::server::regions::stamp_missing(&app.db, &Default::default()).await.unwrap();
    let split = fresh_documents(&app.db).await;
    assert!(split.iter().all(|d| d.get_str("region").is_ok()), "every document has its region");
    assert_eq!(total_units(&split), total_units(&before), "not a unit gained or lost");
    let donut: Vec<&Document> = split.iter().filter(|d| d.get_str("product_id") == Ok(GLAZED_DONUT)).collect();
    let regions: Vec<&str> = donut.iter().map(|d| d.get_str("region").unwrap()).collect();
    assert_eq!(regions, ["eu", "uk"], "one document per region holding the donut");
    let eu = donut[0].get_array("stores").unwrap();
    assert_eq!(eu.len(), 1, "the EU's document holds Madrid only");
    assert_eq!(donut[0].get_i64("total").unwrap(), 10);
    assert_eq!(units_in(&app.db, manchester_store).await, manchester_units);
    let empty = split.iter().find(|d| d.get_str("product_id") == Ok("p-nowhere")).unwrap();
    assert_eq!((empty.get_str("_id").unwrap(), empty.get_str("region").unwrap()), ("fresh-nowhere-uk", "uk"));

    // A run killed after writing the regional documents and before deleting the original: the rerun keeps what was
    // written (even if it has changed since) and removes the original.
    app.db.collection::<Document>("fresh_stock").insert_one(original).await.unwrap();
    let changed = doc! { "product_id": GLAZED_DONUT, "region": "eu" };
    app.db
        .collection::<Document>("fresh_stock")
        .update_one(changed.clone(), doc! { "$set": { "marked": true } })
        .await
        .unwrap();
    amazone::server::regions::stamp_missing(&app.db, &Default::default()).await.unwrap();
    let rerun = fresh_documents(&app.db).await;
    assert_eq!(rerun.len(), split.len(), "the original is gone, nothing written twice");
    assert!(rerun.iter().any(|d| d.get_bool("marked") == Ok(true)), "the regional document written first is kept");
    app.db
        .collection::<Document>("fresh_stock")
        .update_one(changed, doc! { "$unset": { "marked": "" } })
        .await
        .unwrap();
    assert_eq!(fresh_documents(&app.db).await, split);
    assert_eq!(amazone::server::regions::stamp_missing(&app.db, &Default::default()).await.unwrap(), 0, "nothing left");

    // Spain buys from the EU's document, the UK from the UK's.
    let spain = Browser::new();
    deliver_to(&spain, &app, "ES").await;
    assert!(donut_page(&spain, &app).await.contains(MADRID_NAME));
    assert!(add_donut(&spain, &app).await.0.is_success());
    let uk = Browser::new();
    assert!(donut_page(&uk, &app).await.contains("Morrison"));
    assert!(add_donut(&uk, &app).await.0.is_success());
    assert_eq!(madrid_units(&app.db).await, 9);
    let after = fresh_documents(&app.db).await;
    assert_eq!(total_units(&after), total_units(&before) - 2, "one unit from each region's document");

    // Fresh food no store of the shopper's region holds is not delivered there, never an empty "out of stock".
    let uk_only = split
        .iter()
        .find(|d| d.get_str("product_id") != Ok(GLAZED_DONUT) && d.get_str("product_id") != Ok("p-nowhere"))
        .unwrap();
    let page = spain.get(&app, &format!("/p/{}", uk_only.get_str("product_id").unwrap())).await.text().await.unwrap();
    assert!(page.contains("Not delivered to Spain"), "{page}");
    app.shutdown().await;
}

/// A delivery partner on duty in Paris, with room.
async fn a_partner_in_paris(db: &Database) -> String {
    let id = "eeeeeeeeeeeeeeeeeeeeee01".to_string();
    let partner = doc! {
        "_id": &id, "region": "eu", "name": "Camille Martin", "email": "camille@partners.test",
        "location": { "type": "Point", "coordinates": [2.3522, 48.8566] }, "active": true, "load": 0_i64,
        "deliveries": 0_i64, "hours_worked": 0.0, "rating": { "average": 0.0, "count": 0_i64 },
    };
    db.collection::<Document>("partners").insert_one(partner).await.unwrap();
    id
}

#[tokio::test]
async fn delivery_partners_take_orders_only_within_their_region() {
    use amazone::model::order::{Order, OrderStatus};
    use amazone::server::orders::assignment::assign_waiting_orders;
    let mongod = TestMongod::start().await;
    let app = app_with_seed_data(&mongod).await;
    amazone::server::regions::stamp_missing(&app.db, &Default::default()).await.unwrap();
    let parisian = a_partner_in_paris(&app.db).await;
    let partners = app.db.collection::<Document>("partners");
    let orders = app.db.collection::<Order>("orders");
    let place = |browser: Browser, address: [(&'static str, &'static str); 4]| {
        let app = &app;
        async move {
            browser.call(app, "set_shipping_address", &address).await;
            let (status, _, body) =
                browser.call(app, "add_to_cart", &[("product_id", crate::shopping::AERIFIED), ("quantity", "1")]).await;
            assert!(status.is_success(), "{body}");
            let (_, _, cart) = browser.call(app, "cart_view", &[]).await;
            let cart_id = serde_json::from_str::<amazone::model::cart::CartView>(&cart).unwrap().cart_id.unwrap();
            let mut form = vec![("cart_id", cart_id.as_str())];
            form.extend(address);
            let (status, _, body) = browser.call(app, "place_order", &form).await;
            assert_eq!(status, 200, "{body}");
            app.db.collection::<Order>("orders").find_one(doc! { "_id": &cart_id }).await.unwrap().unwrap()
        }
    };
    let paris = [("line1", "1 Rue de Rivoli"), ("city", "Paris"), ("postcode", "75001"), ("country", "FR")];
    let manchester =
        [("line1", "80 Lincoln Square"), ("city", "Manchester"), ("postcode", "M7Z 5HU"), ("country", "GB")];

    // Every UK partner is full: a UK order waits, even though the Paris partner has room.
    partners.update_many(doc! { "region": "uk" }, doc! { "$set": { "load": 99_i64 } }).await.unwrap();
    let tracey = Browser::new();
    tracey.sign_in(&app, "traceymedina@gmail.com").await;
    let uk_order = place(tracey, manchester).await;
    assert_eq!(uk_order.status, OrderStatus::AwaitingPartner, "not given to a partner in another region");
    let delivery = amazone::server::config::DeliverySettings::default();
    assign_waiting_orders(&app.db, &delivery, |_, _| {}).await.unwrap();
    let still = orders.find_one(doc! { "_id": &uk_order.id }).await.unwrap().unwrap();
    assert_eq!(still.status, OrderStatus::AwaitingPartner, "the sweep keeps regions apart too");

    // An order to Paris goes out with the Paris partner.
    let diana = Browser::new();
    diana.sign_in(&app, "dianahall@gmail.com").await;
    let eu_order = place(diana, paris).await;
    assert_eq!(eu_order.status, OrderStatus::OutForDelivery);
    assert_eq!(eu_order.delivery.unwrap().partner_id.as_deref(), Some(parisian.as_str()));
    app.shutdown().await;
}

#[tokio::test]
async fn other_goods_come_from_the_warehouse_of_the_shoppers_region_while_it_has_them() {
    use amazone::model::location::StockLocation;
    use amazone::model::region::{Destination, FreshReach, Regions};
    use amazone::server::cart::{self, AddToCart, CartOwner};
    use amazone::server::generate::{generate, GenerateOptions};
    let mongod = TestMongod::start().await;
    let app = TestApp::spawn(&mongod).await;
    let options =
        GenerateOptions { seed: 5, customers: 50, products: 60, orders: 0, ratings: 0, carts: 0, show_progress: false };
    let regions = Regions::default();
    generate(&app.db, &options, &regions).await.unwrap();
    let warehouse = |country: &str| {
        let db = app.db.clone();
        let country = country.to_string();
        async move {
            let found = db.collection::<Document>("warehouses").find_one(doc! { "address.country": &country }).await;
            let found = found.unwrap().unwrap();
            (found.get_str("_id").unwrap().to_string(), found.get_str("region").unwrap().to_string())
        }
    };
    let ((uk, uk_region), (eu, eu_region)) = (warehouse("GB").await, warehouse("NL").await);
    assert_eq!((uk_region.as_str(), eu_region.as_str()), ("uk", "eu"), "each warehouse is its region's");
    let stock = app.db.collection::<Document>("warehouse_stock");
    let units = |warehouse: String, product: String| {
        let stock = stock.clone();
        async move {
            let held =
                stock.find_one(doc! { "product_id": product, "warehouse_id": warehouse }).await.unwrap().unwrap();
            held.get_i64("quantity").unwrap()
        }
    };
    // A product both warehouses hold, the UK's more of it: the fullest is not the EU shopper's.
    let venlo_held: Vec<Document> = futures::TryStreamExt::try_collect(
        stock.find(doc! { "warehouse_id": &eu, "quantity": { "$gte": 5, "$lte": 40 } }).await.unwrap(),
    )
    .await
    .unwrap();
    let mut product = None;
    for held in &venlo_held {
        let id = held.get_str("product_id").unwrap().to_string();
        assert_eq!(held.get_str("region").unwrap(), "eu", "stock documents carry their warehouse's region");
        if units(uk.clone(), id.clone()).await > held.get_i64("quantity").unwrap() {
            product = Some(id);
            break;
        }
    }
    let product = product.expect("a product the UK warehouse holds more of");
    let (venlo_before, trafford_before) =
        (units(eu.clone(), product.clone()).await, units(uk.clone(), product.clone()).await);

    let add = |country: &str, quantity: u32| AddToCart {
        product_id: &product,
        quantity,
        store_id: None,
        reach: Some(FreshReach { destination: Destination::country_only(country, &regions), radius_km: 50.0 }),
        currency: regions.currency_of(country),
        guest: None,
    };
    let line_source = |cart_id: String| {
        let db = app.db.clone();
        async move {
            let cart: amazone::model::cart::Cart =
                db.collection("carts").find_one(doc! { "_id": cart_id }).await.unwrap().unwrap();
            cart.items[0].reserved_from.clone().unwrap()
        }
    };
    let french =
        cart::add(&app.db, &CartOwner::Guest { cart_id: Some("guest-fr".into()), region: "eu".into() }, add("FR", 2))
            .await
            .unwrap();
    assert_eq!(line_source(french).await, StockLocation::Warehouse(eu.clone()), "France: from Venlo");
    let british =
        cart::add(&app.db, &CartOwner::Guest { cart_id: Some("guest-gb".into()), region: "uk".into() }, add("GB", 2))
            .await
            .unwrap();
    assert_eq!(line_source(british).await, StockLocation::Warehouse(uk.clone()), "the UK: from Trafford Park");
    assert_eq!(units(eu.clone(), product.clone()).await, venlo_before - 2);
    assert_eq!(units(uk.clone(), product.clone()).await, trafford_before - 2);

    // More than Venlo has left: shipped across from the UK rather than refused.
    let wanted = (venlo_before - 1) as u32;
    let more = cart::add(
        &app.db,
        &CartOwner::Guest { cart_id: Some("guest-de".into()), region: "eu".into() },
        add("DE", wanted),
    )
    .await
    .unwrap();
    assert_eq!(line_source(more).await, StockLocation::Warehouse(uk.clone()));
    app.shutdown().await;
}
