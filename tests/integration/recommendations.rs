//! The recommendations job and the home page's shelf, against generated data with taste structure: lists leave out
//! what each customer bought or rated, match the catalogue as it is now, come out the same from the same seed, are
//! refreshed for one customer on their own, and customers without a list see the popular products.

use std::collections::{HashMap, HashSet};

use amazone::model::customer::{RecommendationShelf, RecommendedProduct};
use amazone::server::config::{RecommendationSettings, RecommenderModel};
use amazone::server::generate::{generate, GenerateOptions};
use amazone::server::recommend::{entries, job, refresh, store};
use futures::TryStreamExt;
use mongodb::bson::{doc, DateTime, Document};
use mongodb::Database;

use crate::support::{Browser, TestApp, TestMongod};

fn data(seed: u64) -> GenerateOptions {
    GenerateOptions { seed, customers: 300, products: 300, orders: 900, ratings: 4_000, carts: 0, show_progress: false }
}

async fn generated_app(mongod: &TestMongod, seed: u64) -> TestApp {
    let app = TestApp::spawn(mongod).await;
    generate(&app.db, &data(seed), &Default::default()).await.unwrap();
    app
}

async fn documents(db: &Database, collection: &str, filter: Document) -> Vec<Document> {
    db.collection::<Document>(collection).find(filter).await.unwrap().try_collect().await.unwrap()
}

/// Every customer's list, by customer id.
async fn lists(db: &Database) -> HashMap<String, Vec<RecommendedProduct>> {
    #[derive(serde::Deserialize)]
    struct Row {
        #[serde(rename = "_id")]
        id: String,
        #[serde(rename = "Recommended_Products")]
        list: Vec<RecommendedProduct>,
    }
    let rows = db.collection::<Row>("customers").find(doc! {}).await.unwrap();
    rows.map_ok(|row| (row.id, row.list)).try_collect().await.unwrap()
}

/// A customer whose list is not empty.
async fn with_a_list(db: &Database) -> Document {
    let customers = db.collection::<Document>("customers");
    customers.find_one(doc! { "Recommended_Products.0": { "$exists": true } }).await.unwrap().unwrap()
}

/// What a customer rated or bought.
async fn seen(db: &Database, customer_id: &str) -> HashSet<String> {
    let mut seen: HashSet<String> = documents(db, "product_ratings", doc! { "customer_id": customer_id })
        .await
        .iter()
        .map(|r| r.get_str("product_id").unwrap().to_string())
        .collect();
    for order in documents(db, "orders", doc! { "customer_id": customer_id }).await {
        for line in order.get_array("lines").unwrap() {
            seen.insert(line.as_document().unwrap().get_str("product_id").unwrap().to_string());
        }
    }
    seen
}

#[tokio::test]
async fn lists_leave_out_what_was_bought_or_rated_and_match_the_catalogue_now() {
    let mongod = TestMongod::start().await;
    let app = generated_app(&mongod, 7).await;
    let settings = RecommendationSettings::default();
    let progress = std::sync::Mutex::new(Vec::new());
    let summary = job::recompute_all(&app.db, &settings, &Default::default(), |done, total| {
        progress.lock().unwrap().push((done, total))
    })
    .await
    .unwrap();
    assert!(summary.customers > 250, "{summary:?}");
    assert_eq!(summary.customers_updated, summary.customers, "every customer with history has a customer document");
    assert!(summary.products_modelled > 100, "{summary:?}");
    let progress = progress.into_inner().unwrap();
    assert_eq!(progress.first(), Some(&(0, summary.customers)));
    assert_eq!(progress.last(), Some(&(summary.customers, summary.customers)), "progress ends at the total");

    let products: HashMap<String, Document> = documents(&app.db, "products", doc! {})
        .await
        .into_iter()
        .map(|p| (p.get_str("_id").unwrap().to_string(), p))
        .collect();
    let lists = lists(&app.db).await;
    let mut full = 0;
    for (customer_id, list) in &lists {
        let seen = seen(&app.db, customer_id).await;
        if seen.is_empty() {
            continue;
        }
        assert!(list.len() <= settings.list_size, "{customer_id}: {} entries", list.len());
        if list.len() == settings.list_size {
            full += 1;
        }
        let ids: HashSet<&str> = list.iter().map(|entry| entry.product_id.as_str()).collect();
        assert_eq!(ids.len(), list.len(), "{customer_id}: no product twice");
        for entry in list {
            assert!(!seen.contains(&entry.product_id), "{customer_id} already bought or rated {}", entry.product_id);
            let product = &products[&entry.product_id];
            assert_eq!(entry.name, product.get_str("name").unwrap());
            assert_eq!(entry.price.0, product.get_document("prices").unwrap().get_i64("GBP").unwrap());
            let average = product.get_document("rating").unwrap().get_f64("average").unwrap();
            // To the one decimal shown, as the original's lists carried it.
            assert_eq!(entry.average_customer_rating, (average * 10.0).round() / 10.0);
            assert!(product.get_bool("in_stock").unwrap(), "{} is out of stock", entry.product_id);
        }
    }
    assert!(full > 250, "nearly every customer gets a full list: {full}");

    // The stored entries have exactly the original's fields.
    let customer = with_a_list(&app.db).await;
    let entry = customer.get_array("Recommended_Products").unwrap()[0].as_document().unwrap().clone();
    let fields: Vec<&str> = entry.keys().map(String::as_str).collect();
    assert_eq!(fields, ["Product_ID", "Name", "Average_customer_rating", "Price"]);
    app.shutdown().await;
}

#[tokio::test]
async fn the_same_seed_gives_the_same_lists_and_a_rerun_changes_none() {
    let mongod = TestMongod::start().await;
    let (first, second) = (generated_app(&mongod, 11).await, generated_app(&mongod, 11).await);
    let settings = RecommendationSettings::default();
    job::recompute_all(&first.db, &settings, &Default::default(), |_, _| {}).await.unwrap();
    job::recompute_all(&second.db, &settings, &Default::default(), |_, _| {}).await.unwrap();
    let lists_first = lists(&first.db).await;
    assert!(lists_first.values().filter(|list| !list.is_empty()).count() > 250);
    assert_eq!(lists_first, lists(&second.db).await);

    let stamped = |db| async move {
        let customers = documents(db, "customers", doc! {}).await;
        customers
            .into_iter()
            .map(|c| (c.get_str("_id").unwrap().to_owned(), c.get("recommended_at").cloned()))
            .collect::<HashMap<_, _>>()
    };
    let times_before = stamped(&first.db).await;
    let rerun = job::recompute_all(&first.db, &settings, &Default::default(), |_, _| {}).await.unwrap();
    assert_eq!(lists_first, lists(&first.db).await, "running again gives the same lists");
    assert_eq!(rerun.customers_updated, 0, "and writes none of them");
    assert_eq!(times_before, stamped(&first.db).await, "an unchanged list keeps the time it was computed");

    // One customer's list as a store from before list digests holds it (or another tool wrote it): without its
    // digest, and here different. The next run writes that list alone.
    let (customer_id, list) = lists_first.iter().find(|(_, list)| !list.is_empty()).unwrap();
    first
        .db
        .collection::<Document>("customers")
        .update_one(
            doc! { "_id": customer_id },
            doc! { "$set": { "Recommended_Products": [] }, "$unset": { "recommended_digest": "" } },
        )
        .await
        .unwrap();
    let repair = job::recompute_all(&first.db, &settings, &Default::default(), |_, _| {}).await.unwrap();
    assert_eq!(repair.customers_updated, 1);
    assert_eq!(&lists(&first.db).await[customer_id], list);
    first.shutdown().await;
    second.shutdown().await;
}

#[tokio::test]
async fn a_purchase_or_rating_refreshes_that_customer_alone() {
    let mongod = TestMongod::start().await;
    let app = generated_app(&mongod, 7).await;
    let settings = RecommendationSettings::default();
    job::recompute_all(&app.db, &settings, &Default::default(), |_, _| {}).await.unwrap();
    let before = lists(&app.db).await;
    let recommended_at = |customer: Document| customer.get_datetime("recommended_at").copied().unwrap();
    let customers = documents(&app.db, "customers", doc! { "Recommended_Products.7": { "$exists": true } }).await;
    let (customer, other) = (&customers[0], &customers[1]);
    let (customer_id, other_id) = (customer.get_str("_id").unwrap(), other.get_str("_id").unwrap());

    // The customer rates their top recommendation: it leaves the list, which is full again.
    let top = before[customer_id][0].product_id.clone();
    app.db
        .collection::<Document>("product_ratings")
        .insert_one(doc! {
            "_id": "rating-from-the-test", "region": customer.get_str("region").unwrap(), "customer_id": customer_id,
            "product_id": &top, "stars": 5_i64, "rated_at": DateTime::now(),
        })
        .await
        .unwrap();
    let records = crate::shopping::records_of(&app.db, customer_id).await;
    let size = refresh::refresh_customer(&app.db, &settings, &Default::default(), &records).await.unwrap();
    assert_eq!(size, settings.list_size);
    let after = lists(&app.db).await;
    assert!(after[customer_id].iter().all(|entry| entry.product_id != top), "{top} is still recommended");
    assert!(!seen(&app.db, customer_id).await.iter().any(|id| after[customer_id].iter().any(|e| &e.product_id == id)));
    assert_eq!(after[other_id], before[other_id], "nobody else is touched");
    let refreshed = app.db.collection::<Document>("customers").find_one(doc! { "_id": customer_id }).await;
    assert!(recommended_at(refreshed.unwrap().unwrap()) > recommended_at(customer.clone()));

    // A full run computed from data older than that refresh does not overwrite it.
    let stale = store::list_statements(
        vec![((records.region.clone(), customer_id.to_string()), Vec::new())],
        recommended_at(customer.clone()),
    );
    let written = store::save_lists(&app.db, stale).await.unwrap();
    assert_eq!(written.modified, 0);
    assert_eq!(lists(&app.db).await[customer_id], after[customer_id]);
    app.shutdown().await;
}

/// The job and a customer's refresh score through the same stored neighbours, so with nothing new a refresh gives
/// back exactly the list the job wrote, whichever model is deployed.
#[tokio::test]
async fn a_refresh_with_nothing_new_gives_the_list_the_job_wrote_for_either_model() {
    let mongod = TestMongod::start().await;
    let app = generated_app(&mongod, 11).await;
    for model in [RecommenderModel::Ease, RecommenderModel::Similarity] {
        let settings = RecommendationSettings { model, ..RecommendationSettings::default() };
        job::recompute_all(&app.db, &settings, &Default::default(), |_, _| {}).await.unwrap();
        let written = lists(&app.db).await;
        let customers = documents(&app.db, "customers", doc! { "Recommended_Products.7": { "$exists": true } }).await;
        assert!(customers.len() >= 5, "{model:?}: most customers get a full list");
        for customer in customers.iter().take(5) {
            let id = customer.get_str("_id").unwrap();
            let records = crate::shopping::records_of(&app.db, id).await;
            refresh::refresh_customer(&app.db, &settings, &Default::default(), &records).await.unwrap();
            assert_eq!(lists(&app.db).await[id], written[id], "{model:?}: {id}");
        }
    }
    app.shutdown().await;
}

#[tokio::test]
async fn the_home_page_shows_a_customers_list_and_everyone_else_the_popular_products() {
    let mongod = TestMongod::start().await;
    let app = generated_app(&mongod, 7).await;
    amazone::server::accounts::ensure_demo_accounts(&app.db, "amazone-demo").await.unwrap();
    job::recompute_all(&app.db, &RecommendationSettings::default(), &Default::default(), |_, _| {}).await.unwrap();
    let popular: Vec<_> =
        entries::popular(&app.db, 8).await.unwrap().into_iter().map(|product| product.entry).collect();
    assert_eq!(popular.len(), 8);
    let shelf = |body: String| serde_json::from_str::<RecommendationShelf>(&body).unwrap();

    let anonymous = Browser::new();
    let (status, _, body) = anonymous.call(&app, "home_recommendations", &[]).await;
    assert!(status.is_success(), "{status}: {body}");
    let anonymous_shelf = shelf(body);
    assert!(!anonymous_shelf.personal);
    assert_eq!(anonymous_shelf.products, popular);

    let customer = with_a_list(&app.db).await;
    let signed_in = Browser::new();
    signed_in.sign_in(&app, customer.get_str("email").unwrap()).await;
    let (_, _, body) = signed_in.call(&app, "home_recommendations", &[]).await;
    let own = shelf(body);
    assert!(own.personal);
    assert_eq!(own.products, lists(&app.db).await[customer.get_str("_id").unwrap()]);

    let newcomer = Browser::new();
    let (status, _, body) = newcomer
        .call(
            &app,
            "sign_up",
            &[
                ("name", "Nora New"),
                ("email", "nora@example.com"),
                ("password", "long enough"),
                ("line1", "1 High Street"),
                ("city", "Leeds"),
                ("postcode", "LS1 4AP"),
                ("country", "GB"),
            ],
        )
        .await;
    assert!(status.is_success() || status.is_redirection(), "{status}: {body}");
    let (_, _, body) = newcomer.call(&app, "home_recommendations", &[]).await;
    let fallback = shelf(body);
    assert!(!fallback.personal, "a new customer has no history: the popular products");
    assert_eq!(fallback.products, popular);
    app.shutdown().await;
}

/// A customer is recommended only what their region sells (priced in its currency) and can send them: fresh food
/// from their region's stores; by the job and by their own refresh alike.
#[tokio::test]
async fn customers_are_recommended_only_what_their_region_sells_and_can_reach() {
    use amazone::model::region::Regions;
    let mongod = TestMongod::start().await;
    let app = generated_app(&mongod, 5).await;
    let (db, regions, settings) = (&app.db, Regions::default(), RecommendationSettings::default());
    // The most popular product stops being sold in euros; the most popular fresh food sells out in the EU's stores.
    let popular = entries::popular(db, 200).await.unwrap();
    let fresh_in_eu: HashSet<String> = documents(db, "fresh_stock", doc! { "region": "eu", "total": { "$gt": 0 } })
        .await
        .iter()
        .map(|stock| stock.get_str("product_id").unwrap().to_string())
        .collect();
    let not_sold = popular[0].entry.product_id.clone();
    let sold_out = popular
        .iter()
        .map(|product| product.entry.product_id.clone())
        .find(|id| fresh_in_eu.contains(id) && *id != not_sold)
        .expect("popular fresh food in the EU");
    let products = db.collection::<Document>("products");
    products.update_one(doc! { "_id": &not_sold }, doc! { "$unset": { "prices.EUR": "" } }).await.unwrap();
    db.collection::<Document>("fresh_stock")
        .update_many(
            doc! { "product_id": &sold_out, "region": "eu" },
            doc! { "$set": { "total": 0, "stores.$[].quantity": 0, "stores.$[].batches": [] } },
        )
        .await
        .unwrap();

    job::recompute_all(db, &settings, &regions, |_, _| {}).await.unwrap();
    let region_of: HashMap<String, String> = documents(db, "customers", doc! {})
        .await
        .iter()
        .map(|c| (c.get_str("_id").unwrap().to_string(), c.get_str("region").unwrap().to_string()))
        .collect();
    let holds = |list: &[RecommendedProduct]| list.iter().any(|p| p.product_id == not_sold || p.product_id == sold_out);
    let (mut european, mut british_holding) = (Vec::new(), 0);
    for (id, list) in lists(db).await {
        match region_of[&id].as_str() {
            "eu" if !list.is_empty() => european.push(id),
            "uk" if holds(&list) => british_holding += 1,
            _ => {}
        }
    }
    let written = lists(db).await;
    assert!(european.len() >= 5, "EU customers get lists: {}", european.len());
    assert!(european.iter().all(|id| !holds(&written[id])), "nothing the EU cannot buy");
    assert!(british_holding > 0, "British customers are still recommended both");

    // A European customer's own refresh keeps to the same rule.
    for id in european.iter().take(5) {
        let records = crate::shopping::records_of(db, id).await;
        refresh::refresh_customer(db, &settings, &regions, &records).await.unwrap();
        assert!(!holds(&lists(db).await[id]), "{id}");
    }

    // Guests see the popular products their region sells: a Dutch guest not the one without a euro price.
    let served = &app;
    let shelf = |browser: Browser| async move {
        let (status, _, body) = browser.call(served, "home_recommendations", &[]).await;
        assert_eq!(status, 200, "{body}");
        serde_json::from_str::<RecommendationShelf>(&body).unwrap().products
    };
    let dutch = Browser::new();
    let (status, _, body) = dutch.call(served, "deliver_to", &[("country", "NL"), ("back", "/")]).await;
    assert!(status.is_success() || status.is_redirection(), "{body}");
    let in_the_netherlands = shelf(dutch).await;
    assert!(!in_the_netherlands.is_empty() && !holds(&in_the_netherlands), "{in_the_netherlands:?}");
    assert!(shelf(Browser::new()).await.iter().any(|product| product.product_id == not_sold), "a British guest does");
    app.shutdown().await;
}
