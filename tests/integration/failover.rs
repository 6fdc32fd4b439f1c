//! Past one machine: on a three-member replica set, shoppers keep buying while the primary is killed (SIGKILL, as a
//! machine failing) and later comes back (and, preferred, takes over again: a second, planned change of primary).
//! Every request waits for the new primary rather than failing, every acknowledged order survives, and not a unit of
//! stock is lost or made up.

use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use amazone::model::cart::CartView;
use amazone::server::Settings;
use mongodb::bson::{doc, Document};
use mongodb::Database;
use tokio::sync::Mutex;

use crate::shopping::AERIFIED;
use crate::support::{Browser, TestApp, TestReplicaSet};

/// Customers of the original exports who shop at once (each its own cart).
const SHOPPERS: [&str; 6] = [
    "traceymedina@gmail.com",
    "dianahall@gmail.com",
    "lisanavarro@gmail.com",
    "scotttaylor@gmail.com",
    "philipdavies@gmail.com",
    "edgarbrown@gmail.com",
];

/// The book's units wherever they are: on the warehouses' shelves, held in active carts, or in orders not cancelled.
async fn aerified_everywhere(db: &Database) -> i64 {
    let sum = |collection: &'static str, pipeline: Vec<Document>| {
        let db = db.clone();
        async move {
            let rows: Vec<Document> = futures::TryStreamExt::try_collect(
                db.collection::<Document>(collection).aggregate(pipeline).await.unwrap(),
            )
            .await
            .unwrap();
            rows.first()
                .map(|row| row.get_i64("units").or_else(|_| row.get_i32("units").map(i64::from)).unwrap())
                .unwrap_or(0)
        }
    };
    let shelves = sum(
        "warehouse_stock",
        vec![
            doc! { "$match": { "product_id": AERIFIED } },
            doc! { "$group": { "_id": null, "units": { "$sum": { "$toLong": "$quantity" } } } },
        ],
    );
    let carts = sum(
        "carts",
        vec![
            doc! { "$match": { "status": "active" } },
            doc! { "$unwind": "$items" },
            doc! { "$match": { "items.product_id": AERIFIED, "items.reserved_from": { "$ne": null } } },
            doc! { "$group": { "_id": null, "units": { "$sum": { "$toLong": "$items.quantity" } } } },
        ],
    );
    let orders = sum(
        "orders",
        vec![
            doc! { "$match": { "status": { "$ne": "cancelled" } } },
            doc! { "$unwind": "$lines" },
            doc! { "$match": { "lines.product_id": AERIFIED } },
            doc! { "$group": { "_id": null, "units": { "$sum": { "$toLong": "$lines.quantity" } } } },
        ],
    );
    shelves.await + carts.await + orders.await
}

/// What one shopper saw: the orders acknowledged to them and every request that failed.
#[derive(Default)]
struct Outcome {
    orders: Vec<String>,
    failures: Vec<String>,
    slowest: Duration,
}

/// Adds the book and checks out, again and again until `until`.
async fn shop(app: Arc<TestApp>, email: &'static str, until: Instant, outcome: Arc<Mutex<Outcome>>) {
    let browser = Browser::new();
    browser.sign_in(&app, email).await;
    let address = [("line1", "80 Lincoln Square"), ("city", "Manchester"), ("postcode", "M7Z 5HU"), ("country", "GB")];
    while Instant::now() < until {
        let started = Instant::now();
        let (status, _, body) = browser.call(&app, "add_to_cart", &[("product_id", AERIFIED), ("quantity", "1")]).await;
        let mut failed = (!status.is_success()).then(|| format!("add_to_cart {status}: {body}"));
        if failed.is_none() {
            let (status, _, body) = browser.call(&app, "cart_view", &[]).await;
            match serde_json::from_str::<CartView>(&body).ok().and_then(|cart| cart.cart_id) {
                Some(cart_id) if status.is_success() => {
                    let mut form = vec![("cart_id", cart_id.as_str())];
                    form.extend(address);
                    let (status, _, body) = browser.call(&app, "place_order", &form).await;
                    if status.is_success() {
                        outcome.lock().await.orders.push(cart_id.clone());
                    } else {
                        failed = Some(format!("place_order {status}: {body}"));
                    }
                }
                _ => failed = Some(format!("cart_view {status}: {body}")),
            }
        }
        let mut outcome = outcome.lock().await;
        outcome.slowest = outcome.slowest.max(started.elapsed());
        outcome.failures.extend(failed);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn shoppers_keep_buying_through_a_killed_primary_and_lose_nothing() {
    let mut set = TestReplicaSet::start(3).await;
    let app = TestApp::spawn_on(&set.set.uri(), |settings| {
        // The shipped setting: through an election (about 10 s after a primary dies), requests wait for the new one.
        settings.mongodb.server_selection_timeout_secs = Settings::default().mongodb.server_selection_timeout_secs;
    })
    .await;
    amazone::server::import::import_dir(
        &app.db,
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("data/original"),
        &Default::default(),
    )
    .await
    .unwrap();
    amazone::server::accounts::ensure_demo_accounts(&app.db, "amazone-demo").await.unwrap();
    app.db
        .collection::<Document>("warehouse_stock")
        .update_many(doc! { "product_id": AERIFIED }, doc! { "$set": { "quantity": 5_000_i64 } })
        .await
        .unwrap();
    let before = aerified_everywhere(&app.db).await;

    let app = Arc::new(app);
    let outcome = Arc::new(Mutex::new(Outcome::default()));
    let until = Instant::now() + Duration::from_secs(40);
    let shoppers: Vec<_> =
        SHOPPERS.iter().map(|email| tokio::spawn(shop(app.clone(), email, until, outcome.clone()))).collect();

    tokio::time::sleep(Duration::from_secs(6)).await;
    let primary = set.set.primary().await.expect("a primary before the failure");
    set.set.kill(primary).await;
    let ordered_before_the_kill = outcome.lock().await.orders.len();
    // No primary yet: the server says it is not ready (a load balancer sends shoppers elsewhere if it can).
    tokio::time::sleep(Duration::from_secs(1)).await;
    assert_eq!(app.get("/health/ready").await.status(), 503, "not ready without a primary");
    tokio::time::sleep(Duration::from_secs(17)).await;
    set.set.restart(primary).await.expect("the old primary comes back");
    for shopper in shoppers {
        shopper.await.unwrap();
    }

    let outcome = outcome.lock().await;
    assert_eq!(outcome.failures, Vec::<String>::new(), "no request failed through the election");
    assert!(outcome.orders.len() > ordered_before_the_kill, "orders were placed after the primary died");
    let orders = app.db.collection::<Document>("orders");
    for order in &outcome.orders {
        assert!(orders.find_one(doc! { "_id": order }).await.unwrap().is_some(), "acknowledged order {order} exists");
    }
    assert_eq!(aerified_everywhere(&app.db).await, before, "stock conserved: shelves + carts + orders");

    // The server stayed up and is ready again.
    let ready = loop {
        let status = app.get("/health/ready").await.status();
        if status == 200 || Instant::now() > until + Duration::from_secs(30) {
            break status;
        }
        tokio::time::sleep(Duration::from_millis(500)).await;
    };
    assert_eq!(ready, 200);
    println!(
        "{} orders, {} after the kill, slowest request {:.1} s",
        outcome.orders.len(),
        outcome.orders.len() - ordered_before_the_kill,
        outcome.slowest.as_secs_f64()
    );
    drop(outcome);
    Arc::try_unwrap(app).ok().expect("the shoppers are done").shutdown().await;
    set.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_primary_stepping_down_during_cart_expiry_leaves_every_unit_back_exactly_once() {
    use crate::shopping::guest;
    use amazone::server::cart;
    use amazone::server::maintenance::expire::{expire_stale_carts, stale_filter};
    let (set, app) = set_with_seed_data().await;
    let db = &app.db;
    for _ in 0..400 {
        cart::add(db, &guest(None), crate::shopping::add(AERIFIED, 2)).await.unwrap();
    }
    let before = aerified_everywhere(db).await;
    let cutoff = amazone::model::Timestamp::now();

    // The primary steps down (as for maintenance, or a better member coming back) while expiry runs.
    let expiry = tokio::spawn({
        let db = db.clone();
        async move { expire_stale_carts(&db, cutoff, |_, _| {}).await }
    });
    tokio::time::sleep(Duration::from_millis(100)).await;
    step_down(&set).await;
    let first = expiry.await.unwrap();
    println!("expiry through the step-down: {:?}", first.as_ref().map(|expired| expired.carts));

    // Whether the run finished or stopped at the step-down, a second run finishes the job, and every unit is back
    // exactly once.
    expire_stale_carts(db, cutoff, |_, _| {}).await.expect("a second run, on the new primary");
    let stale = db.collection::<Document>("carts").count_documents(stale_filter(cutoff)).await.unwrap();
    assert_eq!(stale, 0, "every stale cart expired");
    assert_eq!(aerified_everywhere(db).await, before, "shelves + carts + orders unchanged: nothing returned twice");
    app.shutdown().await;
    set.stop().await;
}

/// A three-member set and the app on it, with the original exports imported and the book stocked well beyond what
/// the test takes (and the store's default timeout for finding a primary, which an election needs).
async fn set_with_seed_data() -> (TestReplicaSet, TestApp) {
    let set = TestReplicaSet::start(3).await;
    let app = TestApp::spawn_on(&set.set.uri(), |settings| {
        settings.mongodb.server_selection_timeout_secs = Settings::default().mongodb.server_selection_timeout_secs;
    })
    .await;
    let original = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/original");
    amazone::server::import::import_dir(&app.db, &original, &Default::default()).await.unwrap();
    app.db
        .collection::<Document>("warehouse_stock")
        .update_many(doc! { "product_id": AERIFIED }, doc! { "$set": { "quantity": 10_000_i64 } })
        .await
        .unwrap();
    (set, app)
}

/// The primary steps down (as for maintenance, or a better member coming back).
async fn step_down(set: &TestReplicaSet) {
    let primary = set.set.primary().await.unwrap();
    let port = set.set.ports()[primary];
    let direct =
        mongodb::Client::with_uri_str(format!("mongodb://127.0.0.1:{port}/?directConnection=true")).await.unwrap();
    // The step-down closes the connection that asked for it: its answer may be an error.
    let _ = direct.database("admin").run_command(doc! { "replSetStepDown": 20, "force": true }).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_primary_stepping_down_during_assign_partners_gives_no_order_twice_and_overfills_no_partner() {
    use crate::shopping::customer_cart;
    use amazone::server::cart;
    use amazone::server::checkout::{self, Placed};
    use amazone::server::config::DeliverySettings;
    use amazone::server::orders::assignment::assign_waiting_orders;
    const FIVE_EACH: DeliverySettings = DeliverySettings { partner_capacity: 5, customer_cancel_minutes: 0 };
    let (set, app) = set_with_seed_data().await;
    let db = &app.db;
    // The exports' own open orders delivered, so that partners carry only this test's; every partner busy while
    // they are placed, so that all wait; then every partner comes free at once.
    let open = doc! { "status": { "$in": ["awaiting_partner", "out_for_delivery"] } };
    db.collection::<Document>("orders").update_many(open, doc! { "$set": { "status": "delivered" } }).await.unwrap();
    let partners = db.collection::<Document>("partners");
    partners.update_many(doc! {}, doc! { "$set": { "load": 5, "active": true } }).await.unwrap();
    let mut placed = 0;
    for round in 0..12 {
        for legacy in 1..=10 {
            let customer = crate::shopping::customer_id(db, legacy).await;
            let owner = customer_cart(customer.clone());
            let cart_id = cart::add(db, &owner, crate::shopping::add(AERIFIED, 1)).await.unwrap();
            let order = checkout::place_order(db, crate::shopping::checkout_for(&customer, &cart_id), &FIVE_EACH);
            assert!(matches!(order.await.unwrap(), Placed::New(_)), "round {round}, customer {legacy}");
            placed += 1;
        }
    }
    partners.update_many(doc! {}, doc! { "$set": { "load": 0 } }).await.unwrap();
    let room = 5 * partners.count_documents(doc! {}).await.unwrap();

    let assigning = tokio::spawn({
        let db = db.clone();
        async move { assign_waiting_orders(&db, &FIVE_EACH, |_, _| {}).await }
    });
    tokio::time::sleep(Duration::from_millis(100)).await;
    step_down(&set).await;
    println!("assign-partners through the step-down: {:?}", assigning.await.unwrap());
    // Whether the run finished or stopped at the step-down, a second run finishes it.
    assign_waiting_orders(db, &FIVE_EACH, |_, _| {}).await.expect("a second run, on the new primary");

    let orders = db.collection::<Document>("orders");
    let out = orders.count_documents(doc! { "status": "out_for_delivery" }).await.unwrap();
    let waiting = orders.count_documents(doc! { "status": "awaiting_partner" }).await.unwrap();
    assert_eq!(out + waiting, placed, "every order is out with a partner or still waiting");
    assert_eq!(out, placed.min(room), "every place a partner had is taken, and only then does an order wait");
    for partner in
        futures::TryStreamExt::try_collect::<Vec<Document>>(partners.find(doc! {}).await.unwrap()).await.unwrap()
    {
        let id = partner.get_str("_id").unwrap();
        let carrying =
            orders.count_documents(doc! { "delivery.partner_id": id, "status": "out_for_delivery" }).await.unwrap();
        let load = partner.get_i32("load").map(i64::from).or_else(|_| partner.get_i64("load")).unwrap();
        assert_eq!(load as u64, carrying, "partner {id}'s load counts the orders they carry");
        assert!(load <= 5, "partner {id} carries {load}, over capacity");
    }
    app.shutdown().await;
    set.stop().await;
}
