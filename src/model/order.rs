//! Orders, past and current: what was bought at which price, where it left from, and its delivery.

use serde::{Deserialize, Serialize};

use super::address::Address;
use super::location::StockLocation;
use super::money::{Currency, Money};
use super::time::Timestamp;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Order {
    #[serde(rename = "_id")]
    pub id: String,
    /// The original's `Order_ID`, unique together with `legacy_source` (past and current orders were numbered apart).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub legacy_id: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub legacy_source: Option<String>,
    pub customer_id: String,
    pub customer_name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shipping_address: Option<Address>,
    pub placed_at: Timestamp,
    pub currency: Currency,
    pub lines: Vec<OrderLine>,
    pub total_price: Money,
    pub total_cost: Money,
    pub status: OrderStatus,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delivery: Option<Delivery>,
}

/// A line as bought: a copy of the name and price at purchase, and where the goods left from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OrderLine {
    pub product_id: String,
    pub name: String,
    pub kind: String,
    pub unit_price: Money,
    pub quantity: u32,
    pub source: StockLocation,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OrderStatus {
    /// Placed, but no delivery partner was free; it is assigned one as soon as one is.
    AwaitingPartner,
    /// A partner is bringing it.
    OutForDelivery,
    Delivered,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Delivery {
    pub partner_id: String,
    pub tracking_number: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub estimated_days: Option<u32>,
}
