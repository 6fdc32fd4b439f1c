//! What the catalogue's pages show: a product with its ratings and where it can be had.

use serde::{Deserialize, Serialize};

use super::category::Category;
use super::listing::ProductCard;
use super::product::Product;
use super::time::Timestamp;

/// Everything the product page needs, in one answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProductPage {
    pub product: Product,
    /// How many ratings gave 1, 2, 3, 4 and 5 stars.
    pub stars_histogram: [u32; 5],
    /// Fresh food: only the stores that reach the shopper.
    pub availability: Availability,
    /// Fresh food held only by stores that do not reach the shopper: where they are.
    #[serde(default)]
    pub not_delivered: Option<super::region::NotDelivered>,
    /// What the shopper pays in: the page shows the product's price in it.
    #[serde(default)]
    pub currency: super::Currency,
}

impl ProductPage {
    /// The shopper's price; None when the product is not sold in their currency's region.
    pub fn price(&self) -> Option<super::Money> {
        self.product.prices.get(self.currency)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Availability {
    /// Fresh food: the stock in each store.
    Stores(Vec<StoreStockView>),
    /// Other goods: the warehouse's stock.
    Warehouse { quantity: i64 },
    /// No stock record: not available.
    Unknown,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoreStockView {
    /// For "add to cart from this store".
    #[serde(default)]
    pub store_id: String,
    pub store: String,
    /// Street and city: stores of one chain often share a name.
    pub address: String,
    /// Units that may be sold today (none past their best-before date).
    pub quantity: i64,
    /// The best-before date of the unit a shopper would get here: the earliest good batch's.
    #[serde(default)]
    pub best_before: Option<Timestamp>,
    /// From the shopper's shipping address, when the store knows it (a signed-in customer).
    #[serde(default)]
    pub distance_km: Option<f64>,
}

impl Availability {
    pub fn total(&self) -> i64 {
        match self {
            Availability::Stores(stores) => stores.iter().map(|s| s.quantity).sum(),
            Availability::Warehouse { quantity } => *quantity,
            Availability::Unknown => 0,
        }
    }

    /// Fresh food: the best-before date of what a shopper adding it to their cart would get (from the first store
    /// listed with stock, the one a cart line takes it from when the shopper picks none).
    pub fn next_best_before(&self) -> Option<(Timestamp, &str)> {
        match self {
            Availability::Stores(stores) => stores
                .iter()
                .find(|store| store.quantity > 0)
                .and_then(|store| Some((store.best_before?, store.store.as_str()))),
            _ => None,
        }
    }
}

/// A suggestion while the shopper types: a product whose name starts with the typed text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Suggestion {
    pub id: String,
    pub name: String,
    pub category: Category,
}

/// Fewest characters worth suggesting for, and most suggestions shown.
pub const SUGGEST_MIN_CHARS: usize = 2;
pub const SUGGEST_LIMIT: usize = 8;

/// The home page's shelves for one category: its best rated and its newest products.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CategoryShelves {
    pub category: Category,
    pub top_rated: Vec<ProductCard>,
    pub newest: Vec<ProductCard>,
}

/// A product id as it may appear in an address: what the store mints (hex) and imports (`product-31`).
pub fn is_plausible_id(id: &str) -> bool {
    !id.is_empty() && id.len() <= 64 && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_from_addresses_are_checked_before_any_query() {
        assert!(is_plausible_id("65000000040000002a00000007"));
        assert!(is_plausible_id("product-31"));
        assert!(!is_plausible_id(""));
        assert!(!is_plausible_id("{\"$gt\": \"\"}"));
        assert!(!is_plausible_id("$where"));
        assert!(!is_plausible_id(&"a".repeat(65)));
    }
}
