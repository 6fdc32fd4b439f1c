//! The catalogue's queries use indexes: each is `explain`ed and its plan must name the expected index and never scan
//! the whole collection.

use amazone::model::listing::ListingQuery;
use amazone::model::product::Product;
use amazone::model::Category;
use amazone::server::catalogue::stars_pipeline;
use amazone::server::listing::pipeline;
use amazone::server::suggest::{name_collation, prefix_filter};
use mongodb::bson::{doc, Bson, Document};

use crate::fixtures::product;
use crate::support::{TestApp, TestMongod};

async fn plan(app: &TestApp, command: Document) -> String {
    let explained = app.db.run_command(doc! { "explain": command, "verbosity": "queryPlanner" }).await.unwrap();
    Bson::Document(explained).into_relaxed_extjson().to_string()
}

fn assert_uses(plan: &str, index: &str) {
    assert!(!plan.contains("COLLSCAN"), "a whole-collection scan: {plan}");
    assert!(plan.contains(&format!("\"{index}\"")), "index {index} not used: {plan}");
}

fn aggregate(collection: &str, pipeline: Vec<Document>) -> Document {
    doc! { "aggregate": collection, "pipeline": pipeline, "cursor": {} }
}

fn listing(pairs: &[(&str, &str)], category: Option<Category>) -> Vec<Document> {
    let get = |name: &str| pairs.iter().find(|(key, _)| *key == name).map(|(_, value)| value.to_string());
    let (query, _) = match category {
        Some(category) => ListingQuery::from_params(category, get),
        None => ListingQuery::from_search_params(get),
    };
    pipeline(&query)
}

#[tokio::test]
async fn catalogue_queries_use_indexes() {
    let mongod = TestMongod::start().await;
    let app = TestApp::spawn(&mongod).await;
    let products: Vec<Product> = Category::ALL
        .into_iter()
        .flat_map(|category| (0..20).map(move |i| product(&format!("{} {i}", category.label()), category)))
        .collect();
    app.db.collection::<Product>("products").insert_many(products).await.unwrap();

    // Category pages, plain and filtered, in every order: one of the category_* indexes.
    for pairs in [
        vec![],
        vec![("sort", "price_asc"), ("price_min", "2"), ("price_max", "20")],
        vec![("sort", "newest"), ("in_stock", "1"), ("author", "Ada Writer")],
        vec![("rating", "3")],
    ] {
        let plan = plan(&app, aggregate("products", listing(&pairs, Some(Category::Books)))).await;
        assert!(!plan.contains("COLLSCAN"), "{pairs:?}: {plan}");
        assert!(plan.contains("\"IXSCAN\"") && plan.contains("\"category_"), "{pairs:?}: {plan}");
    }

    // Searches, with and without filters: the text index.
    for pairs in [vec![("q", "books")], vec![("q", "bakery 3"), ("category", "bakery"), ("in_stock", "1")]] {
        assert_uses(&plan(&app, aggregate("products", listing(&pairs, None))).await, "catalogue_text");
    }

    // The product page: the product by id, and its ratings counted by stars.
    let by_id = plan(&app, doc! { "find": "products", "filter": { "_id": "test-00000001" } }).await;
    assert!(by_id.contains("IDHACK") || by_id.contains("_id_"), "{by_id}");
    assert!(!by_id.contains("COLLSCAN"), "{by_id}");
    assert_uses(&plan(&app, aggregate("product_ratings", stars_pipeline("test-00000001"))).await, "product_stars");

    // Suggestions: the name_prefix index, under its collation.
    let collation = mongodb::bson::to_document(&name_collation()).unwrap();
    let suggest = doc! { "find": "products", "filter": prefix_filter("bak"), "collation": collation, "limit": 32 };
    assert_uses(&plan(&app, suggest).await, "name_prefix");

    // The home page's counts: counted on a category index, no document read.
    let count = plan(&app, doc! { "count": "products", "query": { "category": "books" } }).await;
    assert!(count.contains("COUNT_SCAN") && count.contains("\"category_"), "{count}");

    // The no-results fallback: the popular index.
    let popular =
        doc! { "find": "products", "filter": {}, "sort": { "rating.count": -1, "rating.average": -1 }, "limit": 8 };
    assert_uses(&plan(&app, popular).await, "popular");
    app.shutdown().await;
}

/// Every list of orders is read in index order and stops at its page: no in-memory SORT stage, which would read
/// and sort every matching order (the whole backlog on each delivery, every order on the desk's first page).
#[tokio::test]
async fn order_lists_read_in_index_order_without_sorting_in_memory() {
    let mongod = TestMongod::start().await;
    let app = TestApp::spawn(&mongod).await;
    let find =
        |filter: Document, sort: Document| doc! { "find": "orders", "filter": filter, "sort": sort, "limit": 50 };
    let (oldest, newest) = (doc! { "placed_at": 1, "_id": 1 }, doc! { "placed_at": -1, "_id": -1 });
    for (filter, sort, index) in [
        (doc! { "status": "awaiting_partner" }, oldest, "status_placed_id"),
        (doc! { "status": "delivered" }, newest.clone(), "status_placed_id"),
        (doc! { "customer_id": "c1" }, newest.clone(), "customer_orders_newest_id"),
        (doc! {}, newest.clone(), "placed_newest_id"),
        (doc! { "shipping_address.country": "FR" }, newest, "country_placed_id"),
    ] {
        let plan = plan(&app, find(filter.clone(), sort)).await;
        assert_uses(&plan, index);
        assert!(!plan.contains("\"SORT\""), "{filter}: sorted in memory: {plan}");
    }
}

/// Indexes replaced by ones ending in `_id` are dropped from an existing store at start-up.
#[tokio::test]
async fn the_replaced_order_indexes_are_dropped_at_start_up() {
    let mongod = TestMongod::start().await;
    let app = TestApp::spawn(&mongod).await;
    let orders = app.db.collection::<Document>("orders");
    let old = mongodb::IndexModel::builder()
        .keys(doc! { "status": 1, "placed_at": 1 })
        .options(mongodb::options::IndexOptions::builder().name("status_placed".to_string()).build())
        .build();
    orders.create_index(old).await.unwrap();
    crate::support::forget_migrations(&app.db).await;
    amazone::server::schema::ensure(&app.db).await.unwrap();
    let names = orders.list_index_names().await.unwrap();
    assert!(!names.contains(&"status_placed".to_string()), "{names:?}");
    assert!(names.contains(&"status_placed_id".to_string()), "{names:?}");
    crate::support::forget_migrations(&app.db).await;
    amazone::server::schema::ensure(&app.db).await.unwrap();
}
