//! Valid documents for tests, built from the shared model types.

use amazone::model::product::{Book, Fresh, Product, ProductDetails};
use amazone::model::rating::RatingSummary;
use amazone::model::{Category, Department, Money, Prices, Timestamp};

static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);

fn new_id() -> String {
    format!("test-{:08}", NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed))
}

/// A plausible product of `category`, priced £9.99.
pub fn product(name: &str, category: Category) -> Product {
    let details = match category.department() {
        Department::Fresh => ProductDetails::Fresh(Fresh {
            country_of_origin: "United Kingdom".into(),
            weight_or_quantity: "500g".into(),
            shelf_life_days: Some(7),
        }),
        Department::Other => ProductDetails::Book(Book {
            author: "Ada Writer".into(),
            publisher: "Amazone Press".into(),
            year: 2020,
            isbn: "978-0-00-000000-0".into(),
        }),
    };
    Product {
        id: new_id(),
        legacy_id: None,
        name: name.into(),
        description: format!("{name}, for tests"),
        category,
        prices: Prices { gbp: Some(Money(999)), eur: Some(Money(1149)) },
        cost: Money(600),
        dimensions_cm: None,
        shipping_weight_g: None,
        rating: RatingSummary::default(),
        in_stock: true,
        created_at: Timestamp::from_ymd(2026, 1, 1).unwrap(),
        details,
        pictures: Vec::new(),
        retired_at: None,
    }
}
