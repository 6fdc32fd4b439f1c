//! Shopping carts: one active cart per customer (or per anonymous cookie), with where each unit is reserved.

use serde::{Deserialize, Serialize};

use super::category::Category;
use super::location::StockLocation;
use super::money::{Currency, Money};
use super::time::Timestamp;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Cart {
    #[serde(rename = "_id")]
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub legacy_id: Option<i64>,
    /// The signed-in owner; None for an anonymous shopper's cart.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customer_id: Option<String>,
    pub status: CartStatus,
    pub currency: Currency,
    pub items: Vec<CartItem>,
    pub created_at: Timestamp,
    /// The last time the shopper changed the cart; expiry counts from here.
    pub updated_at: Timestamp,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CartStatus {
    Active,
    CheckedOut,
}

/// A line of the cart: a copy of what the shopper saw (an extended reference) and where its units are reserved.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CartItem {
    pub product_id: String,
    pub name: String,
    pub category: Category,
    pub price: Money,
    pub quantity: u32,
    /// None for imported carts whose reservations the original never recorded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reserved_from: Option<StockLocation>,
    pub added_at: Timestamp,
}
