//! Carts, cart lines and products for unit tests: a guest's active cart in pounds, one book line, one book priced
//! per currency.

use crate::model::cart::{Cart, CartItem, CartStatus};
use crate::model::product::Product;
use crate::model::{Category, Currency, Money, Timestamp};

/// A guest's active cart `c` in pounds holding `items`, made and last changed at time zero.
pub fn cart(items: Vec<CartItem>) -> Cart {
    Cart {
        id: "c".into(),
        legacy_id: None,
        region: None,
        customer_id: None,
        guest_address: None,
        status: CartStatus::Active,
        currency: Currency::GBP,
        items,
        notice: None,
        created_at: Timestamp(0),
        updated_at: Timestamp(0),
    }
}

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
