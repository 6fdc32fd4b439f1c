//! Category listings against known data: every filter, facet counts, sorting, pages, and hostile input.

use amazone::model::listing::{Listing, ListingQuery, Sort};
use amazone::model::product::{Book, Product, ProductDetails};
use amazone::model::rating::RatingSummary;
use amazone::model::{Category, Money};
use amazone::server::listing::list_products;
use reqwest::StatusCode;

use crate::fixtures::product;
use crate::support::{TestApp, TestMongod};

/// 30 books: book i costs £i, is by author "Ann" (odd i) or "Bob" (even i), is rated (i % 5) + 1 stars on average,
/// is in stock for i < 20, and is newer the larger i is.
fn books() -> Vec<Product> {
    (1..=30)
        .map(|i: i64| {
            let mut book = product(&format!("Book {i:02}"), Category::Books);
            book.id = format!("book-{i:02}");
            book.prices = amazone::model::Prices { gbp: Some(Money(i * 100)), eur: Some(Money(i * 117)) };
            book.rating = RatingSummary { average: ((i % 5) + 1) as f64, count: 3 };
            book.in_stock = i < 20;
            book.created_at = amazone::model::Timestamp(1_700_000_000_000 + i * 86_400_000);
            book.details = ProductDetails::Book(Book {
                author: if i % 2 == 1 { "Ann".into() } else { "Bob".into() },
                publisher: "Press".into(),
                year: 2020,
                isbn: format!("isbn-{i}"),
            });
            book
        })
        .collect()
}

async fn app_with_books(mongod: &TestMongod) -> TestApp {
    let app = TestApp::spawn(mongod).await;
    app.db.collection::<Product>("products").insert_many(books()).await.unwrap();
    // Another category, which a books listing must never show.
    app.db.collection::<Product>("products").insert_one(product("Bagels", Category::Bakery)).await.unwrap();
    app
}

async fn list(app: &TestApp, pairs: &[(&str, &str)]) -> Listing {
    let (query, notices) = ListingQuery::from_params(Category::Books, |name| {
        pairs.iter().find(|(key, _)| *key == name).map(|(_, value)| value.to_string())
    });
    list_products(&app.db, query, notices).await.unwrap()
}

fn names(listing: &Listing) -> Vec<String> {
    listing.items.iter().map(|item| item.name.clone()).collect()
}

#[tokio::test]
async fn filters_narrow_the_results_and_facets_count_them() {
    let mongod = TestMongod::start().await;
    let app = app_with_books(&mongod).await;

    let all = list(&app, &[]).await;
    assert_eq!((all.total, all.items.len(), all.page_count), (30, 24, 2));
    assert_eq!(
        all.creators.iter().map(|f| (f.value.as_str(), f.count)).collect::<Vec<_>>(),
        [("Ann", 15), ("Bob", 15)]
    );
    assert_eq!(all.in_stock, 19);
    assert_eq!(all.at_least_stars, [12, 18, 24, 30], "4+, 3+, 2+, 1+ stars");

    let priced = list(&app, &[("price_min", "5"), ("price_max", "10"), ("sort", "price_asc")]).await;
    assert_eq!(names(&priced), ["Book 05", "Book 06", "Book 07", "Book 08", "Book 09", "Book 10"]);

    let rated = list(&app, &[("rating", "4")]).await;
    assert_eq!(rated.total, 12);
    assert!(rated.items.iter().all(|item| item.rating.average >= 4.0));

    let stocked = list(&app, &[("in_stock", "1")]).await;
    assert_eq!(stocked.total, 19);
    assert!(stocked.items.iter().all(|item| item.in_stock));

    let ann = list(&app, &[("author", "Ann"), ("in_stock", "1")]).await;
    assert_eq!(ann.total, 10, "odd numbers below 20");
    assert_eq!(ann.creators.iter().map(|f| (f.value.as_str(), f.count)).collect::<Vec<_>>(), [("Ann", 10)]);
    app.shutdown().await;
}

#[tokio::test]
async fn every_sort_orders_the_results_and_pages_do_not_overlap() {
    let mongod = TestMongod::start().await;
    let app = app_with_books(&mongod).await;

    let up = list(&app, &[("sort", "price_asc")]).await;
    assert_eq!(up.items.first().unwrap().price, Money(100));
    let down = list(&app, &[("sort", "price_desc")]).await;
    assert_eq!(down.items.first().unwrap().price, Money(3000));
    let newest = list(&app, &[("sort", "newest")]).await;
    assert_eq!(newest.items.first().unwrap().name, "Book 30");
    let best = list(&app, &[]).await;
    assert_eq!(best.query.sort, Sort::Rating);
    assert!(best.items.windows(2).all(|w| w[0].rating.average >= w[1].rating.average));

    let second = list(&app, &[("sort", "price_asc"), ("page", "2")]).await;
    assert_eq!(names(&second), ["Book 25", "Book 26", "Book 27", "Book 28", "Book 29", "Book 30"]);
    let past_the_end = list(&app, &[("sort", "price_asc"), ("page", "9")]).await;
    assert_eq!(names(&past_the_end), names(&second), "a page past the end shows the last page");
    assert!(past_the_end.notices.iter().any(|n| n.contains("only 2 pages")));
    app.shutdown().await;
}

#[tokio::test]
async fn the_page_renders_on_the_server_and_takes_bad_input_literally() {
    let mongod = TestMongod::start().await;
    let app = app_with_books(&mongod).await;

    let response = app.get("/c/books?sort=price_desc&in_stock=1").await;
    assert_eq!(response.status(), StatusCode::OK);
    let html = response.text().await.unwrap();
    assert!(html.contains("<title>Books | Amazone</title>"));
    assert!(html.contains("19 products"));
    assert!(html.find("Book 19").unwrap() < html.find("Book 18").unwrap(), "dearest first");
    assert!(!html.contains("Book 20") && !html.contains("Bagels"));
    assert!(html.contains("href=\"/p/book-19\""), "real links to products");

    let html = app.get("/c/books?price_min=cheap&rating=9&page=-1").await.text().await.unwrap();
    assert!(html.contains("was ignored") && html.contains("4 stars and up"), "notices explain the corrections");
    assert!(html.contains("12 products"), "rating 9 is clamped to 4 and up");

    for hostile in ["%7B%22%24gt%22%3A%22%22%7D", "%24where", ".*", &"x".repeat(3000)] {
        let response = app.get(&format!("/c/books?author={hostile}")).await;
        assert_eq!(response.status(), StatusCode::OK);
        assert!(response.text().await.unwrap().contains("No products match these filters"));
    }
    assert_eq!(app.get("/c/groceries").await.status(), StatusCode::NOT_FOUND);

    // Fresh food has no author, artist or brand facet, and lists all the same.
    let html = app.get("/c/bakery").await.text().await.unwrap();
    assert!(html.contains("1 product") && html.contains("Bagels"), "{html}");
    assert!(!html.contains("filter-creator"));
    app.shutdown().await;
}
