//! Search against known data: ranking by relevance, filters and the category facet, sorting and pages, the
//! no-results fallback, suggestions by name prefix, the home page's shelves, and hostile text.

use amazone::model::listing::{Listing, ListingQuery, Sort};
use amazone::model::product::{Book, Cd, Product, ProductDetails};
use amazone::model::rating::RatingSummary;
use amazone::model::{Category, Money, Timestamp};
use amazone::server::catalogue::category_shelves;
use amazone::server::listing::list_products;
use amazone::server::suggest::suggestions;
use reqwest::StatusCode;

use crate::fixtures::product;
use crate::support::{TestApp, TestMongod};

fn rated(mut product: Product, average: f64, count: u32) -> Product {
    product.rating = RatingSummary { average, count };
    product
}

fn book(name: &str, author: &str, description: &str) -> Product {
    let mut book = product(name, Category::Books);
    book.description = description.into();
    book.details = ProductDetails::Book(Book {
        author: author.into(),
        publisher: "Press".into(),
        year: 2020,
        isbn: "isbn".into(),
    });
    book
}

fn cd(name: &str, artist: &str) -> Product {
    let mut cd = product(name, Category::Cds);
    cd.description = "An album.".into();
    cd.details = ProductDetails::Cd(Cd { artist: artist.into(), publisher: None, tracks: 10, playing_time_min: 42.0 });
    cd
}

/// A small catalogue where "river" appears in names, an author, an artist and a description.
fn catalogue() -> Vec<Product> {
    let mut products = vec![
        rated(book("The River Keeper", "Ann Lake", "A novel."), 4.5, 10),
        rated(book("Quiet Hills", "Joan River", "Poems."), 3.0, 2),
        rated(book("Dust", "Mo Sand", "A walk along a river in summer."), 5.0, 50),
        rated(cd("Down by the River", "The Banks"), 4.0, 7),
        rated(cd("Night Songs", "River Band"), 2.0, 1),
        rated(product("Crème Brûlée", Category::Bakery), 4.8, 30),
        rated(product("Creme Egg", Category::Bakery), 3.9, 12),
        rated(product("Cream Crackers", Category::Bakery), 4.1, 40),
        rated(product("Croissant", Category::Bakery), 4.9, 90),
        rated(product("Apple Juice", Category::Drinks), 3.2, 5),
    ];
    // Out of stock and pricey: for the filters.
    products[3].in_stock = false;
    products[1].prices.gbp = Some(Money(2500));
    products
}

async fn app_with(mongod: &TestMongod, products: Vec<Product>) -> TestApp {
    let app = TestApp::spawn(mongod).await;
    app.db.collection::<Product>("products").insert_many(products).await.unwrap();
    app
}

async fn search(app: &TestApp, pairs: &[(&str, &str)]) -> Listing {
    let (query, notices) = ListingQuery::from_search_params(|name| {
        pairs.iter().find(|(key, _)| *key == name).map(|(_, value)| value.to_string())
    });
    list_products(&app.db, query, notices).await.unwrap()
}

fn names(listing: &Listing) -> Vec<&str> {
    listing.items.iter().map(|item| item.name.as_str()).collect()
}

#[tokio::test]
async fn relevance_ranks_names_over_creators_over_descriptions() {
    let mongod = TestMongod::start().await;
    let app = app_with(&mongod, catalogue()).await;

    let found = search(&app, &[("q", "river")]).await;
    assert_eq!(found.query.sort, Sort::Relevance);
    assert_eq!(found.total, 5);
    // Names weigh 10, authors and artists 6, descriptions 1 (within a tier, shorter names score higher).
    let ranked = names(&found);
    let tier = |slice: &[&str], expected: &[&str]| {
        let mut slice = slice.to_vec();
        slice.sort();
        assert_eq!(slice, expected, "{ranked:?}");
    };
    tier(&ranked[0..2], &["Down by the River", "The River Keeper"]);
    tier(&ranked[2..4], &["Night Songs", "Quiet Hills"]);
    assert_eq!(ranked[4], "Dust");
    assert!(found.popular.is_empty(), "results found: no fallback");

    // Stemming: "rivers" finds the same products.
    assert_eq!(search(&app, &[("q", "rivers")]).await.total, 5);
    app.shutdown().await;
}

#[tokio::test]
async fn filters_narrow_a_search_and_the_category_facet_counts_every_category() {
    let mongod = TestMongod::start().await;
    let app = app_with(&mongod, catalogue()).await;

    let all = search(&app, &[("q", "river")]).await;
    assert_eq!(all.categories, [(Category::Books, 3), (Category::Cds, 2)]);
    assert_eq!(all.in_stock, 4);
    assert_eq!(all.at_least_stars, [3, 4, 5, 5]);

    let books = search(&app, &[("q", "river"), ("category", "books")]).await;
    assert_eq!(books.total, 3);
    assert!(books.items.iter().all(|item| ["The River Keeper", "Quiet Hills", "Dust"].contains(&item.name.as_str())));
    // The category counts still show where else the text is found.
    assert_eq!(books.categories, all.categories);

    let by_author = search(&app, &[("q", "river"), ("category", "books"), ("author", "Joan River")]).await;
    assert_eq!(names(&by_author), ["Quiet Hills"]);
    assert_eq!(by_author.creators.len(), 1);

    let stocked = search(&app, &[("q", "river"), ("in_stock", "1")]).await;
    assert_eq!(stocked.total, 4);
    assert!(!names(&stocked).contains(&"Down by the River"));

    let rated = search(&app, &[("q", "river"), ("rating", "4")]).await;
    assert_eq!(rated.total, 3);

    let cheap = search(&app, &[("q", "river"), ("price_max", "10")]).await;
    assert!(!names(&cheap).contains(&"Quiet Hills"), "£25 is over £10");

    let by_price = search(&app, &[("q", "river"), ("sort", "price_desc")]).await;
    assert_eq!(by_price.items[0].name, "Quiet Hills");
    let by_rating = search(&app, &[("q", "river"), ("sort", "rating")]).await;
    assert_eq!(names(&by_rating)[0], "Dust");

    // A chosen category with no results stays listed (with 0), so the form still shows the choice.
    let none = search(&app, &[("q", "river"), ("category", "drinks")]).await;
    assert_eq!(none.total, 0);
    assert!(none.categories.contains(&(Category::Drinks, 0)));
    app.shutdown().await;
}

#[tokio::test]
async fn search_results_are_paged_without_overlap() {
    let mongod = TestMongod::start().await;
    let products: Vec<Product> =
        (0..30).map(|i| rated(book(&format!("Garden Book {i:02}"), "Ann", "About gardens."), 4.0, i)).collect();
    let app = app_with(&mongod, products).await;

    let first = search(&app, &[("q", "garden")]).await;
    let second = search(&app, &[("q", "garden"), ("page", "2")]).await;
    assert_eq!((first.total, first.page_count, first.items.len(), second.items.len()), (30, 2, 24, 6));
    let mut seen: Vec<&str> = names(&first).into_iter().chain(names(&second)).collect();
    seen.sort();
    seen.dedup();
    assert_eq!(seen.len(), 30, "every result once");

    let past_the_end = search(&app, &[("q", "garden"), ("page", "9")]).await;
    assert_eq!(past_the_end.query.page, 2);
    assert!(past_the_end.notices.iter().any(|n| n.contains("last one")));
    app.shutdown().await;
}

#[tokio::test]
async fn nothing_found_offers_the_most_rated_products() {
    let mongod = TestMongod::start().await;
    let app = app_with(&mongod, catalogue()).await;

    let nothing = search(&app, &[("q", "zebra")]).await;
    assert_eq!((nothing.total, nothing.items.len()), (0, 0));
    let popular: Vec<&str> = nothing.popular.iter().map(|card| card.name.as_str()).collect();
    assert_eq!(&popular[..3], ["Croissant", "Dust", "Cream Crackers"]);
    assert_eq!(popular.len(), 8);

    let blank = search(&app, &[("q", "   ")]).await;
    assert_eq!(blank.total, 0);
    assert_eq!(blank.popular.len(), 8);
    app.shutdown().await;
}

#[tokio::test]
async fn hostile_text_is_searched_for_literally() {
    let mongod = TestMongod::start().await;
    let app = app_with(&mongod, catalogue()).await;

    for text in ["$where", "{\"$gt\": \"\"}", ".*", "^(a+)+$", "\"river", "-river", "\\", &"river ".repeat(2000)] {
        let found = search(&app, &[("q", text)]).await;
        assert!(found.total <= 5, "{text:.20}: {} results", found.total);
    }
    // The operator's text matches nothing; the regex matches nothing; a quote or minus does not change the meaning.
    assert_eq!(search(&app, &[("q", "{\"$gt\": \"\"}")]).await.total, 0);
    assert_eq!(search(&app, &[("q", ".*")]).await.total, 0);
    assert_eq!(search(&app, &[("q", "-river")]).await.total, 5);

    let page = app.get("/search?q=%7B%22%24gt%22%3A%22%22%7D&category=%24where&page=-1").await;
    assert_eq!(page.status(), StatusCode::OK);
    let html = page.text().await.unwrap();
    assert!(html.contains("Nothing found"), "{html}");
    assert!(html.contains("The category"), "the unknown category is reported");
    app.shutdown().await;
}

#[tokio::test]
async fn the_search_page_renders_results_and_the_fallback_without_javascript() {
    let mongod = TestMongod::start().await;
    let app = app_with(&mongod, catalogue()).await;

    let page = app.get("/search?q=river&category=cds").await;
    assert_eq!(page.status(), StatusCode::OK);
    let html = page.text().await.unwrap();
    assert!(html.contains("Results for “river”"));
    assert!(html.contains("Down by the River") && html.contains("Night Songs"));
    assert!(!html.contains("The River Keeper"), "books are filtered out");
    assert!(html.contains("Books (3)") && html.contains("CDs (2)"), "category counts");
    assert!(html.contains(r#"<meta name="robots" content="noindex, follow">"#));

    let html = app.get("/search?q=zebra").await.text().await.unwrap();
    assert!(html.contains("Nothing found for “zebra”"));
    assert!(html.contains("Popular right now") && html.contains("Croissant"));
    assert!(html.contains(r#"href="/c/bakery""#));
    app.shutdown().await;
}

#[tokio::test]
async fn suggestions_match_name_prefixes_ignoring_case_and_accents() {
    let mongod = TestMongod::start().await;
    let app = app_with(&mongod, catalogue()).await;
    let names = |found: Vec<amazone::model::catalogue::Suggestion>| -> Vec<String> {
        found.into_iter().map(|s| s.name).collect()
    };

    // Most rated first; "creme" finds "Crème" but not "Cream".
    assert_eq!(names(suggestions(&app.db, "creme").await.unwrap()), ["Crème Brûlée", "Creme Egg"]);
    assert_eq!(
        names(suggestions(&app.db, "CR").await.unwrap()),
        ["Croissant", "Cream Crackers", "Crème Brûlée", "Creme Egg"]
    );
    assert_eq!(names(suggestions(&app.db, "  the   river").await.unwrap()), ["The River Keeper"]);
    // Too short, or text with regex characters: nothing, and no error.
    assert!(suggestions(&app.db, "c").await.unwrap().is_empty());
    assert!(suggestions(&app.db, ".*").await.unwrap().is_empty());
    assert!(suggestions(&app.db, "^Cr").await.unwrap().is_empty());

    let many: Vec<Product> = (0..40).map(|i| product(&format!("Crumpet {i:02}"), Category::Bakery)).collect();
    app.db.collection::<Product>("products").insert_many(many).await.unwrap();
    assert_eq!(suggestions(&app.db, "crum").await.unwrap().len(), amazone::model::catalogue::SUGGEST_LIMIT);
    app.shutdown().await;
}

#[tokio::test]
async fn home_shelves_show_the_best_rated_with_enough_ratings_and_the_newest() {
    let mongod = TestMongod::start().await;
    let mut products = catalogue();
    for (i, product) in products.iter_mut().enumerate() {
        product.created_at = Timestamp(1_700_000_000_000 + i as i64 * 86_400_000);
    }
    let app = app_with(&mongod, products).await;

    let shelves = category_shelves(&app.db, amazone::model::Currency::GBP).await.unwrap();
    assert_eq!(shelves.len(), Category::ALL.len());
    let books = shelves.iter().find(|s| s.category == Category::Books).unwrap();
    let names = |cards: &[amazone::model::listing::ProductCard]| -> Vec<String> {
        cards.iter().map(|c| c.name.clone()).collect()
    };
    // "Quiet Hills" has 2 ratings: too few to be called top rated.
    assert_eq!(names(&books.top_rated), ["Dust", "The River Keeper"]);
    assert_eq!(names(&books.newest), ["Dust", "Quiet Hills", "The River Keeper"]);
    let fruit = shelves.iter().find(|s| s.category == Category::FruitsAndVegetables).unwrap();
    assert!(fruit.top_rated.is_empty() && fruit.newest.is_empty());

    let html = app.get("/").await.text().await.unwrap();
    assert!(html.contains("Top rated") && html.contains("See all Books"));
    app.shutdown().await;
}
