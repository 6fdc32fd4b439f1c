//! Maintenance against the original exports on a real mongod: cart expiry that returns exactly what was reserved,
//! once, even when killed halfway; restocking and the daily level; leases and schedules across two servers; and
//! admin-only server functions.

use std::time::Duration;

use crate::shopping::{customer_cart, guest};
use amazone::model::maintenance::{Job, RunStatus, Trigger};
use amazone::model::stock::{FreshStock, InventoryBucket, WarehouseStock};
use amazone::model::Timestamp;
use amazone::server::cart::{self, CartOwner};
use amazone::server::config::RecommendationSettings;
use amazone::server::maintenance::expire::{expire_stale_carts, stale_filter};
use amazone::server::maintenance::{Maintenance, MaintenanceSettings, StartError};
use amazone::server::mongo::lease;
use futures::TryStreamExt;
use mongodb::bson::{doc, DateTime, Document};
use mongodb::Database;

use crate::shopping::{app_with_seed_data, customer_id, AERIFIED, GLAZED_DONUT};
use crate::support::{Browser, TestMongod};

/// "Tempsoft", a book held in the warehouse.
const TEMPSOFT: &str = "63b9be0e4838041b2f631c49";

fn maintenance(db: &Database, holder: &str) -> Maintenance {
    Maintenance::new(
        db.clone(),
        MaintenanceSettings::default(),
        RecommendationSettings::default(),
        Default::default(),
        Default::default(),
        holder,
    )
}

fn now() -> Timestamp {
    Timestamp(DateTime::now().timestamp_millis())
}

/// When every cart made today is stale.
fn tomorrow() -> Timestamp {
    Timestamp(now().millis() + 24 * 3_600_000)
}

async fn warehouse_units(db: &Database, product_id: &str) -> i64 {
    let stock = db.collection::<WarehouseStock>("warehouse_stock").find_one(doc! { "product_id": product_id }).await;
    stock.unwrap().unwrap().quantity
}

/// The warehouse holding a product (other goods are held in one).
async fn warehouse_of(db: &Database, product_id: &str) -> String {
    let stock = db.collection::<WarehouseStock>("warehouse_stock").find_one(doc! { "product_id": product_id }).await;
    stock.unwrap().unwrap().warehouse_id
}

async fn fresh_stock(db: &Database, product_id: &str) -> FreshStock {
    db.collection::<FreshStock>("fresh_stock").find_one(doc! { "product_id": product_id }).await.unwrap().unwrap()
}

async fn set_warehouse_units(db: &Database, product_id: &str, units: i64) {
    db.collection::<Document>("warehouse_stock")
        .update_one(doc! { "product_id": product_id }, doc! { "$set": { "quantity": units } })
        .await
        .unwrap();
}

async fn add(db: &Database, owner: &CartOwner, product_id: &str, quantity: u32) -> String {
    cart::add(db, owner, crate::shopping::add(product_id, quantity)).await.expect("the units are reserved")
}

/// Makes a cart look untouched for three hours (past the default two-hour lifetime).
async fn age(db: &Database, cart_id: &str) {
    let three_hours_ago = DateTime::from_millis(DateTime::now().timestamp_millis() - 3 * 3_600_000);
    db.collection::<Document>("carts")
        .update_one(doc! { "_id": cart_id }, doc! { "$set": { "updated_at": three_hours_ago } })
        .await
        .unwrap();
}

async fn cart_exists(db: &Database, cart_id: &str) -> bool {
    db.collection::<Document>("carts").find_one(doc! { "_id": cart_id }).await.unwrap().is_some()
}

/// Units of `product_id` that active carts hold reserved.
async fn reserved_in_carts(db: &Database, product_id: &str) -> i64 {
    let carts: Vec<amazone::model::cart::Cart> =
        db.collection("carts").find(doc! { "status": "active" }).await.unwrap().try_collect().await.unwrap();
    carts
        .iter()
        .flat_map(|cart| &cart.items)
        .filter(|item| item.product_id == product_id && item.reserved_from.is_some())
        .map(|item| i64::from(item.quantity))
        .sum()
}

async fn today_measurement(db: &Database, product_id: &str, location_id: &str) -> Document {
    let bucket = db
        .collection::<InventoryBucket>("inventory_levels")
        .find_one(doc! { "product_id": product_id, "location.id": location_id, "month": &now().date_string()[..7] })
        .await
        .unwrap()
        .expect("this month's bucket");
    let today = amazone::server::maintenance::levels::day_of(now());
    let matching: Vec<_> = bucket.measurements.iter().filter(|m| m.day == today).collect();
    assert_eq!(matching.len(), 1, "one measurement per day: {:?}", bucket.measurements);
    let raw =
        db.collection::<Document>("inventory_levels").find_one(doc! { "_id": &bucket.id }).await.unwrap().unwrap();
    raw.get_array("measurements")
        .unwrap()
        .iter()
        .filter_map(|m| m.as_document())
        .find(|m| m.get_datetime("day").unwrap().timestamp_millis() == today.millis())
        .unwrap()
        .clone()
}

/// Expires the sample data's own carts (as of tomorrow) and puts `units` of AERIFIED in its warehouse, so that the
/// carts a test makes and ages are the only ones an expiry run finds.
async fn only_our_carts_to_expire_with_units(db: &Database, units: i64) {
    expire_stale_carts(db, tomorrow(), |_, _| {}).await.unwrap();
    set_warehouse_units(db, AERIFIED, units).await;
}

fn int(document: &Document, field: &str) -> i64 {
    document.get_i64(field).or_else(|_| document.get_i32(field).map(i64::from)).unwrap_or(0)
}

#[tokio::test]
async fn expiry_returns_exactly_the_reserved_units_records_them_and_a_second_run_changes_nothing() {
    let mongod = TestMongod::start().await;
    let app = app_with_seed_data(&mongod).await;
    let db = &app.db;
    set_warehouse_units(db, AERIFIED, 40).await;
    let donut_before = fresh_stock(db, GLAZED_DONUT).await;

    let first = add(db, &guest(None), AERIFIED, 2).await;
    add(db, &guest(Some(first.clone())), GLAZED_DONUT, 3).await;
    let second = add(db, &guest(None), AERIFIED, 1).await;
    let customer = customer_cart(customer_id(db, 1).await);
    let fresh = add(db, &customer, AERIFIED, 4).await;
    age(db, &first).await;
    age(db, &second).await;
    assert_eq!(warehouse_units(db, AERIFIED).await, 40 - 7);
    let lifetime = MaintenanceSettings::default().cart_lifetime.as_millis() as i64;
    let cutoff = Timestamp(now().millis() - lifetime);
    let stale = db.collection::<Document>("carts").count_documents(stale_filter(cutoff)).await.unwrap();

    let run = maintenance(db, "test").run(Job::ExpireCarts, Trigger::Command, None).await.unwrap();
    assert_eq!(run.status, RunStatus::Succeeded, "{:?}", run.error);
    // The imported carts are years old too: they go, but they never recorded a reservation, so give nothing back.
    assert_eq!(run.counts.carts_expired, stale);
    assert_eq!(run.counts.units_returned, 6, "2 + 3 + 1 reserved units, nothing else");
    assert_eq!(warehouse_units(db, AERIFIED).await, 40 - 4, "only the fresh cart still holds units");
    let donut_after = fresh_stock(db, GLAZED_DONUT).await;
    assert_eq!(donut_after, donut_before, "the donuts are back in the very store they came from");
    assert!(!cart_exists(db, &first).await && !cart_exists(db, &second).await);
    assert!(cart_exists(db, &fresh).await, "a cart inside its lifetime stays");

    let warehouse_id = warehouse_of(db, AERIFIED).await;
    let level = today_measurement(db, AERIFIED, &warehouse_id).await;
    assert_eq!(int(&level, "quantity"), 36, "the day's level is the stock after the return");
    assert_eq!(int(&level, "returned"), 3);

    let again = maintenance(db, "test").run(Job::ExpireCarts, Trigger::Command, None).await.unwrap();
    assert_eq!((again.counts.carts_expired, again.counts.units_returned), (0, 0));
    assert_eq!(warehouse_units(db, AERIFIED).await, 36, "nothing counted twice");
    assert_eq!(fresh_stock(db, GLAZED_DONUT).await, donut_before);
    assert_eq!(int(&today_measurement(db, AERIFIED, &warehouse_id).await, "returned"), 3);
}

#[tokio::test]
async fn a_run_killed_halfway_then_run_again_leaves_stock_exact() {
    let mongod = TestMongod::start().await;
    let app = app_with_seed_data(&mongod).await;
    let db = app.db.clone();
    set_warehouse_units(&db, AERIFIED, 500).await;
    let donut_total = fresh_stock(&db, GLAZED_DONUT).await.total;
    for n in 0..60 {
        let cart = add(&db, &guest(None), AERIFIED, 1 + n % 3).await;
        if n % 4 == 0 {
            add(&db, &guest(Some(cart.clone())), GLAZED_DONUT, 1).await;
        }
        age(&db, &cart).await;
    }
    let reserved = reserved_in_carts(&db, AERIFIED).await;
    assert_eq!(warehouse_units(&db, AERIFIED).await + reserved, 500);

    let (reached, mut halfway) = tokio::sync::mpsc::unbounded_channel();
    let job = tokio::spawn({
        let db = db.clone();
        async move {
            expire_stale_carts(&db, now(), move |done, _| {
                if done >= 20 {
                    let _ = reached.send(());
                }
            })
            .await
        }
    });
    halfway.recv().await.expect("the run gets halfway");
    job.abort();
    let _ = job.await;
    tokio::time::sleep(Duration::from_millis(300)).await;

    // The batches that committed deleted their carts and noted the units, which the run would have put back at its
    // end: each unit is in stock, in a cart or in a note, once.
    let left = reserved_in_carts(&db, AERIFIED).await;
    assert!(left > 0, "the run was stopped before it finished");
    let noted = on_their_way_back(&db, AERIFIED).await;
    assert!(noted > 0, "the batches before the stop noted their units");
    assert_eq!(warehouse_units(&db, AERIFIED).await + left + noted, 500, "every unit in one place, once");
    let donut = fresh_stock(&db, GLAZED_DONUT).await;
    let donut_elsewhere = reserved_in_carts(&db, GLAZED_DONUT).await + on_their_way_back(&db, GLAZED_DONUT).await;
    assert_eq!(donut.total + donut_elsewhere, donut_total);
    assert_eq!(donut.total, donut.stores.iter().map(|s| s.quantity).sum::<i64>(), "stores add up to the total");

    expire_stale_carts(&db, now(), |_, _| {}).await.unwrap();
    assert_eq!(warehouse_units(&db, AERIFIED).await, 500, "all back, none twice");
    assert_eq!(fresh_stock(&db, GLAZED_DONUT).await.total, donut_total);
    assert_eq!(db.collection::<Document>("carts").count_documents(stale_filter(now())).await.unwrap(), 0);
    // The killed run's batches noted their returns; the second run folded those and its own into the day's level,
    // each once.
    let level = today_measurement(&db, AERIFIED, &warehouse_of(&db, AERIFIED).await).await;
    assert_eq!((int(&level, "returned"), int(&level, "quantity")), (reserved, 500));
    for notes in ["expired_units", "returned_units"] {
        assert_eq!(db.collection::<Document>(notes).count_documents(doc! {}).await.unwrap(), 0, "{notes}");
    }
}

/// Units expired carts gave up, noted on their way back to stock.
async fn on_their_way_back(db: &Database, product_id: &str) -> i64 {
    let notes: Vec<Document> =
        db.collection::<Document>("expired_units").find(doc! {}).await.unwrap().try_collect().await.unwrap();
    notes
        .iter()
        .flat_map(|note| note.get_array("units").unwrap())
        .filter_map(|held| held.as_document())
        .filter(|held| held.get_str("product_id") == Ok(product_id))
        .map(|held| int(held, "quantity"))
        .sum()
}

/// Two servers folding the same noted returns at once: the day's level counts each note once.
#[tokio::test]
async fn returns_folded_by_two_servers_at_once_are_recorded_once() {
    let mongod = TestMongod::start().await;
    let app = app_with_seed_data(&mongod).await;
    let db = app.db.clone();
    let warehouse_id = warehouse_of(&db, AERIFIED).await;
    set_warehouse_units(&db, AERIFIED, 70).await;
    let today = DateTime::from_millis(amazone::server::maintenance::levels::day_of(now()).millis());
    let notes: Vec<Document> = (1..=40)
        .map(|n| {
            let location = doc! { "kind": "warehouse", "id": &warehouse_id };
            let returns = vec![doc! { "product_id": AERIFIED, "location": location, "units": n }];
            doc! { "_id": format!("note-{n:03}"), "day": today, "returns": returns }
        })
        .collect();
    db.collection::<Document>("returned_units").insert_many(notes).await.unwrap();

    let fold = || amazone::server::maintenance::returned_units::fold(&db);
    let (first, second) = tokio::join!(fold(), fold());
    first.unwrap();
    second.unwrap();
    let level = today_measurement(&db, AERIFIED, &warehouse_id).await;
    assert_eq!(int(&level, "returned"), (1..=40).sum::<i64>(), "every note once");
    assert_eq!(int(&level, "quantity"), 70, "the level read when they were folded");
    assert_eq!(db.collection::<Document>("returned_units").count_documents(doc! {}).await.unwrap(), 0);
}

/// A run that fails partway (here on a cart whose line names a place without an id, whose note the schema refuses) puts
/// back what its committed batches took from carts before it reports the failure: nothing waits for the next run.
#[tokio::test]
async fn a_run_that_fails_partway_puts_back_what_it_took_before_reporting_it() {
    let mongod = TestMongod::start().await;
    let app = app_with_seed_data(&mongod).await;
    let db = app.db.clone();
    only_our_carts_to_expire_with_units(&db, 500).await;
    let mut carts = Vec::new();
    for n in 0..40 {
        let cart = add(&db, &guest(None), AERIFIED, 1 + n % 3).await;
        age(&db, &cart).await;
        carts.push(cart);
    }
    let broken = carts.last().unwrap();
    db.collection::<Document>("carts")
        .update_one(doc! { "_id": broken }, doc! { "$set": { "items.0.reserved_from.id": "" } })
        .bypass_document_validation(true)
        .await
        .unwrap();

    let failed = expire_stale_carts(&db, now(), |_, _| {}).await;
    assert!(failed.is_err(), "{failed:?}");
    let left = db.collection::<Document>("carts").count_documents(stale_filter(now())).await.unwrap();
    assert!(left < 40, "batches before the broken one expired their carts ({left} left)");
    assert_eq!(db.collection::<Document>("expired_units").count_documents(doc! {}).await.unwrap(), 0);
    let in_carts = reserved_in_carts(&db, AERIFIED).await;
    assert_eq!(warehouse_units(&db, AERIFIED).await + in_carts, 500, "every unit back in stock or still in a cart");
}

/// Two servers putting the same expired carts' units back at once (a run killed after its batches, then two runs
/// starting together): the stock takes each note once, and the day's level records it once.
#[tokio::test]
async fn units_put_back_by_two_servers_at_once_return_once() {
    let mongod = TestMongod::start().await;
    let app = app_with_seed_data(&mongod).await;
    let db = app.db.clone();
    let warehouse_id = warehouse_of(&db, AERIFIED).await;
    set_warehouse_units(&db, AERIFIED, 70).await;
    let notes: Vec<Document> = (1..=30)
        .map(|n| {
            let location = doc! { "kind": "warehouse", "id": &warehouse_id };
            let units = vec![doc! { "product_id": AERIFIED, "location": location, "quantity": n }];
            doc! { "_id": format!("note-{n:03}"), "units": units }
        })
        .collect();
    db.collection::<Document>("expired_units").insert_many(notes).await.unwrap();

    let put_back = || amazone::server::maintenance::expired_units::put_back(&db);
    let (first, second) = tokio::join!(put_back(), put_back());
    let noted: i64 = (1..=30).sum();
    assert_eq!((first.unwrap().units + second.unwrap().units) as i64, noted, "each note put back by one of them");
    assert_eq!(warehouse_units(&db, AERIFIED).await, 70 + noted, "every note once");
    assert_eq!(db.collection::<Document>("expired_units").count_documents(doc! {}).await.unwrap(), 0);
    amazone::server::maintenance::returned_units::fold(&db).await.unwrap();
    let level = today_measurement(&db, AERIFIED, &warehouse_id).await;
    assert_eq!((int(&level, "returned"), int(&level, "quantity")), (noted, 70 + noted));
}

/// Carts expire in batches, one transaction each; a shopper adding to one of a batch's carts while it expires either
/// wins (the cart is fresh again and stays whole, with the new units) or loses (the cart expires with its units
/// back, and the add starts afresh): never a unit lost or returned twice.
#[tokio::test]
async fn a_shopper_touching_a_cart_while_its_batch_expires_wins_or_loses_whole() {
    let mongod = TestMongod::start().await;
    let app = app_with_seed_data(&mongod).await;
    let db = app.db.clone();
    only_our_carts_to_expire_with_units(&db, 2_000).await;
    for round in 0..5 {
        let mut carts = Vec::new();
        for n in 0..80 {
            let cart = add(&db, &guest(None), AERIFIED, 1 + n % 3).await;
            age(&db, &cart).await;
            carts.push(cart);
        }
        let touched = carts[(round * 17 + 5) % carts.len()].clone();
        // A guest's add re-creates an expired cart under its id, so the outcome shows in the count and the units.
        let (expired, _) = tokio::join!(expire_stale_carts(&db, now(), |_, _| {}), async {
            tokio::time::sleep(Duration::from_millis(round as u64 * 3)).await;
            add(&db, &guest(Some(touched.clone())), AERIFIED, 2).await
        });
        let expired = expired.unwrap();
        let in_carts = reserved_in_carts(&db, AERIFIED).await;
        assert_eq!(warehouse_units(&db, AERIFIED).await + in_carts, 2_000, "round {round}: every unit once");
        match expired.carts {
            // The shopper's change came first: the cart is fresh and whole, its units and the new two.
            79 => assert!(in_carts >= 3, "round {round}: {in_carts} units reserved"),
            // The batch came first: the cart expired with its units, and the add started afresh.
            80 => assert_eq!(in_carts, 2, "round {round}: only the new units"),
            other => panic!("round {round}: {other} carts expired"),
        }
        assert!(cart_exists(&db, &touched).await, "round {round}: the shopper has a cart");
        expire_stale_carts(&db, tomorrow(), |_, _| {}).await.unwrap();
        assert_eq!(warehouse_units(&db, AERIFIED).await, 2_000, "round {round}: all back after everything expires");
    }
}

#[tokio::test]
async fn restocking_tops_low_locations_up_to_the_target_once_and_records_it() {
    let mongod = TestMongod::start().await;
    let app = app_with_seed_data(&mongod).await;
    let db = &app.db;
    set_warehouse_units(db, AERIFIED, 3).await;
    // A retired product is not restocked, however low.
    set_warehouse_units(db, TEMPSOFT, 3).await;
    let retired = doc! { "$set": { "retired_at": DateTime::now() } };
    db.collection::<Document>("products").update_one(doc! { "_id": TEMPSOFT }, retired).await.unwrap();
    let donut = fresh_stock(db, GLAZED_DONUT).await;
    let low_store = donut.stores[0].store_id.clone();
    let others: i64 = donut.stores[1..].iter().map(|s| s.quantity).sum();
    db.collection::<Document>("fresh_stock")
        .update_one(
            doc! { "_id": &donut.id, "stores.store_id": &low_store },
            doc! { "$set": { "stores.$.quantity": 0_i64, "total": others } },
        )
        .await
        .unwrap();

    let run = maintenance(db, "test").run(Job::Restock, Trigger::Command, None).await.unwrap();
    assert_eq!(run.status, RunStatus::Succeeded, "{:?}", run.error);
    let settings = MaintenanceSettings::default().restock;
    assert_eq!(warehouse_units(db, AERIFIED).await, settings.warehouse_target);
    assert_eq!(warehouse_units(db, TEMPSOFT).await, 3, "retired: left as it is");
    let donut = fresh_stock(db, GLAZED_DONUT).await;
    let store = donut.stores.iter().find(|s| s.store_id == low_store).unwrap();
    assert_eq!(store.quantity, settings.store_target);
    assert_eq!(donut.total, donut.stores.iter().map(|s| s.quantity).sum::<i64>(), "the total follows");
    assert!(run.counts.units_restocked >= (settings.warehouse_target - 3 + settings.store_target) as u64);

    let warehouse_id = warehouse_of(db, AERIFIED).await;
    let level = today_measurement(db, AERIFIED, &warehouse_id).await;
    assert_eq!((int(&level, "quantity"), int(&level, "restocked")), (settings.warehouse_target, 97));

    let again = maintenance(db, "test").run(Job::Restock, Trigger::Command, None).await.unwrap();
    assert_eq!(again.counts.units_restocked, 0, "nothing is below its threshold any more");
    assert_eq!(warehouse_units(db, AERIFIED).await, settings.warehouse_target);
}

#[tokio::test]
async fn recording_the_daily_level_twice_keeps_one_measurement_per_location_and_day() {
    let mongod = TestMongod::start().await;
    let app = app_with_seed_data(&mongod).await;
    let db = &app.db;
    let first = maintenance(db, "test").run(Job::RecordInventory, Trigger::Command, None).await.unwrap();
    set_warehouse_units(db, AERIFIED, 17).await;
    let second = maintenance(db, "test").run(Job::RecordInventory, Trigger::Command, None).await.unwrap();
    let fresh: Vec<FreshStock> = db.collection("fresh_stock").find(doc! {}).await.unwrap().try_collect().await.unwrap();
    let locations = fresh.iter().map(|s| s.stores.len() as u64).sum::<u64>()
        + db.collection::<Document>("warehouse_stock").count_documents(doc! {}).await.unwrap();
    assert_eq!(first.counts.locations_recorded, locations);
    assert_eq!(second.counts.locations_recorded, locations);
    let warehouse_id = warehouse_of(db, AERIFIED).await;
    assert_eq!(int(&today_measurement(db, AERIFIED, &warehouse_id).await, "quantity"), 17, "the latest count");
}

#[tokio::test]
async fn two_servers_firing_the_same_occurrence_run_it_once_and_a_running_job_is_not_started_twice() {
    let mongod = TestMongod::start().await;
    let app = app_with_seed_data(&mongod).await;
    let db = &app.db;
    let (a, b) = (maintenance(db, "server-a"), maintenance(db, "server-b"));
    let occurrence = Timestamp::from_ymd(2026, 11, 24).unwrap();

    let (from_a, from_b) = tokio::join!(
        a.fire_scheduled(Job::RecordInventory, occurrence),
        b.fire_scheduled(Job::RecordInventory, occurrence)
    );
    let ran: Vec<_> = [&from_a, &from_b].into_iter().filter(|fired| fired.is_ok()).collect();
    assert_eq!(ran.len(), 1, "exactly one server ran it: {from_a:?} / {from_b:?}");
    // The one that lost fires again after the winner finished (a clock a little behind): still nothing.
    let late = b.fire_scheduled(Job::RecordInventory, occurrence).await;
    assert!(matches!(late, Err(StartError::AlreadyRan(Job::RecordInventory))), "{late:?}");
    let runs = db
        .collection::<Document>("job_runs")
        .count_documents(doc! { "job": "record-inventory", "trigger.kind": "schedule" })
        .await
        .unwrap();
    assert_eq!(runs, 1);
    let next = Timestamp(occurrence.millis() + 86_400_000);
    assert!(b.fire_scheduled(Job::RecordInventory, next).await.is_ok(), "the next occurrence runs");

    // A job whose lease a live server holds is not started again; one whose holder died is.
    assert!(lease::acquire(db, Job::Restock.name(), "server-c", "run-c", Duration::from_secs(60)).await.unwrap());
    let refused = a.start(Job::Restock, Trigger::Admin { email: "admin@amazone.test".into() }).await;
    assert!(matches!(refused, Err(StartError::AlreadyRunning(Job::Restock))), "{refused:?}");
    assert_eq!(db.collection::<Document>("job_runs").count_documents(doc! { "job": "restock" }).await.unwrap(), 0);
    assert!(lease::acquire(db, Job::Recommendations.name(), "dead", "run-dead", Duration::ZERO).await.unwrap());
    tokio::time::sleep(Duration::from_millis(20)).await;
    let taken_over = a.run(Job::Recommendations, Trigger::Command, None).await.unwrap();
    assert_eq!(taken_over.status, RunStatus::Succeeded, "{:?}", taken_over.error);
}

#[tokio::test]
async fn only_admins_may_see_the_dashboard_or_start_a_job() {
    let mongod = TestMongod::start().await;
    let app = app_with_seed_data(&mongod).await;

    let anonymous = Browser::new();
    let (status, _, body) = anonymous.call(&app, "start_job", &[("job", "expire-carts")]).await;
    assert_eq!(status, reqwest::StatusCode::FORBIDDEN, "{body}");
    let customer = Browser::new();
    customer.sign_in(&app, "traceymedina@gmail.com").await;
    let (status, _, body) = customer.call(&app, "start_job", &[("job", "expire-carts")]).await;
    assert_eq!(status, reqwest::StatusCode::FORBIDDEN);
    assert!(body.contains("Only admins may do this."), "{body}");
    let (status, _, _) = customer.call(&app, "admin_dashboard", &[]).await;
    assert_eq!(status, reqwest::StatusCode::FORBIDDEN);
    assert_eq!(app.db.collection::<Document>("job_runs").count_documents(doc! {}).await.unwrap(), 0, "nothing ran");
    let page = app.get("/admin").await;
    assert_eq!(page.status(), reqwest::StatusCode::FORBIDDEN);
    assert!(page.text().await.unwrap().contains("Admins only"));

    let admin = Browser::new();
    let (status, _, body) =
        admin.call(&app, "sign_in", &[("email", "admin@amazone.test"), ("password", "amazone-admin")]).await;
    assert!(status.is_success() || status.is_redirection(), "{status}: {body}");
    let (status, _, body) = admin.call(&app, "admin_dashboard", &[]).await;
    assert_eq!(status, reqwest::StatusCode::OK, "{body}");
    assert!(body.contains("\"stale_carts\""), "{body}");
    let (status, _, body) = admin.call(&app, "start_job", &[("job", "record-inventory")]).await;
    assert_eq!(status, reqwest::StatusCode::OK, "{body}");
    let (status, _, body) = admin.call(&app, "start_job", &[("job", "$where")]).await;
    assert!(!status.is_success() && body.contains("no maintenance job"), "{status}: {body}");
    let run = app.db.collection::<Document>("job_runs").find_one(doc! {}).await.unwrap().unwrap();
    assert_eq!(run.get_document("trigger").unwrap().get_str("email").unwrap(), "admin@amazone.test");
}

#[tokio::test]
async fn every_job_runs_through_the_runner_and_is_recorded() {
    let mongod = TestMongod::start().await;
    let app = crate::shopping::app_with_seed_data(&mongod).await;
    // Each job's run record passes the job_runs validator (a job missing from its list could not even start).
    for job in Job::ALL {
        let run = maintenance(&app.db, "test").run(job, Trigger::Command, None).await.unwrap();
        assert_eq!(run.status, RunStatus::Succeeded, "{}: {:?}", job.name(), run.error);
    }
    app.shutdown().await;
}
