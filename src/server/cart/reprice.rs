//! A cart keeps the price each line showed when it was added, in the cart's currency; checkout compares them with the
//! catalogue's prices in that currency now. Lines whose price changed take the new price (each update guarded by the
//! price it replaces, so a concurrent change is not overwritten), and checkout says so instead of charging a price
//! the shopper never saw.

use std::collections::HashMap;

use mongodb::bson::doc;
use mongodb::Database;

use crate::model::cart::{Cart, CartError};
use crate::model::product::Product;
use crate::model::{Money, Timestamp};
use crate::server::collections::CARTS;

/// A line whose price is no longer the catalogue's: its product, name, the price it showed and the price now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PriceChange {
    pub product_id: String,
    pub name: String,
    pub was: Money,
    pub now: Money,
}

/// The changes between the cart's lines and `products` (each product once, whatever its lines).
pub fn price_changes(cart: &Cart, products: &HashMap<String, Product>) -> Vec<PriceChange> {
    let mut changes: Vec<PriceChange> = Vec::new();
    for item in &cart.items {
        let Some(product) = products.get(&item.product_id) else { continue };
        // A product no longer sold in this currency is `not_sold_lines`' refusal, not a change of price.
        let Some(now) = product.prices.get(cart.currency) else { continue };
        let seen = changes.iter().any(|change| change.product_id == item.product_id && change.was == item.price);
        if now != item.price && !seen {
            changes.push(PriceChange {
                product_id: item.product_id.clone(),
                name: item.name.clone(),
                was: item.price,
                now,
            });
        }
    }
    changes
}

/// The refusal for lines whose products were retired since they were added, naming each product once.
pub fn retired_lines(cart: &Cart, products: &HashMap<String, Product>) -> Option<CartError> {
    let mut names: Vec<&str> = Vec::new();
    for item in &cart.items {
        let retired = products.get(&item.product_id).is_some_and(Product::is_retired);
        if retired && !names.contains(&item.name.as_str()) {
            names.push(&item.name);
        }
    }
    (!names.is_empty()).then(|| CartError::RetiredInCart { names: names.join(", ") })
}

/// The refusal for lines whose products lost their price in the cart's currency since they were added (an admin
/// stopped selling them in that region), naming each product once.
pub fn not_sold_lines(cart: &Cart, products: &HashMap<String, Product>) -> Option<CartError> {
    let mut names: Vec<&str> = Vec::new();
    for item in &cart.items {
        let unpriced = products.get(&item.product_id).is_some_and(|p| p.prices.get(cart.currency).is_none());
        if unpriced && !names.contains(&item.name.as_str()) {
            names.push(&item.name);
        }
    }
    (!names.is_empty()).then(|| CartError::NotSoldHere { names: names.join(", ") })
}

/// The refusal for fresh lines holding units past their best-before date at `now` (a cart kept for days): never
/// sold, they go back with the cart line and a new line takes the earliest good batch.
pub fn expired_lines(cart: &Cart, now: Timestamp) -> Option<CartError> {
    let mut names: Vec<&str> = Vec::new();
    for item in &cart.items {
        let expired = item.batches.iter().any(|batch| !batch.is_good(now));
        if expired && !names.contains(&item.name.as_str()) {
            names.push(&item.name);
        }
    }
    (!names.is_empty()).then(|| CartError::PastBestBefore { names: names.join(", ") })
}

/// Gives the cart's lines the catalogue's prices; returns the refusal that tells the shopper, if any changed.
pub async fn reprice(
    db: &Database,
    cart: &Cart,
    products: &HashMap<String, Product>,
) -> mongodb::error::Result<Option<CartError>> {
    let changes = price_changes(cart, products);
    if changes.is_empty() {
        return Ok(None);
    }
    for change in &changes {
        let options = mongodb::options::UpdateOptions::builder()
            .array_filters(vec![doc! { "line.product_id": &change.product_id, "line.price": change.was.minor_units() }])
            .build();
        db.collection::<Cart>(CARTS)
            .update_one(
                doc! { "region": &cart.region, "_id": &cart.id, "status": "active" },
                doc! { "$set": { "items.$[line].price": change.now.minor_units() } },
            )
            .with_options(options)
            .await?;
    }
    let words: Vec<String> = changes
        .iter()
        .map(|change| {
            format!(
                "{} is now {} (was {})",
                change.name,
                change.now.display(cart.currency),
                change.was.display(cart.currency)
            )
        })
        .collect();
    Ok(Some(CartError::PricesChanged { changes: words.join("; ") }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Currency, Timestamp};
    use crate::server::cart::test_lines::{book, cart, line};

    #[test]
    fn a_line_holding_units_past_their_date_is_refused_by_name() {
        use crate::model::batches::Batch;
        let day = |d| Timestamp::from_ymd(2026, 12, d).unwrap();
        let mut bread = line("bread", 250);
        bread.batches = vec![Batch { best_before: day(9), quantity: 1 }];
        let mut milk = line("milk", 90);
        milk.batches = vec![Batch { best_before: day(10), quantity: 1 }];
        let mut cart = cart(vec![bread, milk]);
        let refusal = expired_lines(&cart, day(10));
        assert_eq!(refusal, Some(CartError::PastBestBefore { names: "Product bread".into() }));
        cart.items.remove(0);
        assert_eq!(expired_lines(&cart, day(10)), None, "good through its best-before day");
    }

    #[test]
    fn only_lines_whose_price_moved_are_changes_each_product_once() {
        let cart = cart(vec![line("a", 1099), line("a", 1099), line("b", 500)]);
        let product = |id: &str, price: i64| book(id, serde_json::json!({ "GBP": price }));
        let unchanged: HashMap<String, Product> = [product("a", 1099), product("b", 500)].into();
        assert!(price_changes(&cart, &unchanged).is_empty());
        let dearer: HashMap<String, Product> = [product("a", 1299), product("b", 500)].into();
        let changes = price_changes(&cart, &dearer);
        assert_eq!(changes.len(), 1);
        assert_eq!((changes[0].was, changes[0].now), (Money(1099), Money(1299)));
    }

    #[test]
    fn a_product_without_a_price_in_the_carts_currency_is_not_sold_not_repriced() {
        let mut euro_cart = cart(vec![line("a", 1299)]);
        euro_cart.currency = Currency::EUR;
        let products: HashMap<String, Product> = [book("a", serde_json::json!({ "GBP": 1099 }))].into();
        assert!(price_changes(&euro_cart, &products).is_empty());
        assert_eq!(not_sold_lines(&euro_cart, &products), Some(CartError::NotSoldHere { names: "Product a".into() }));
    }
}
