//! Cart lines and products for the cart's unit tests: one book line, one book priced per currency.

use crate::model::cart::CartItem;
use crate::model::product::Product;
use crate::model::{Category, Money, Timestamp};

/// One unit of the book `product_id` at `price` (in the cart's currency), reserved nowhere.
pub fn line(product_id: &str, price: i64) -> CartItem {
    CartItem {
        product_id: product_id.into(),
        name: format!("Product {product_id}"),
        category: Category::Books,
        price: Money(price),
        quantity: 1,
        reserved_from: None,
        batches: Vec::new(),
        added_at: Timestamp(0),
    }
}

/// The book `id` with these `prices` (`{ "GBP": 1099, "EUR": 1299 }`), keyed by its id for a product map.
pub fn book(id: &str, prices: serde_json::Value) -> (String, Product) {
    let product = serde_json::from_value(serde_json::json!({
        "_id": id, "name": id, "description": "", "category": "books", "prices": prices, "cost": 1,
        "rating": { "average": 0.0, "count": 0 }, "created_at": 0,
        "details": { "kind": "book", "author": "A", "publisher": "P", "year": 2000, "isbn": "1" },
    }))
    .expect("a valid book");
    (id.to_string(), product)
}
