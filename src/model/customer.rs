//! Customers, with their addresses and the recommendations a job computes for them.

use serde::{Deserialize, Serialize};

use super::address::Address;
use super::money::Money;
use super::time::Timestamp;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Customer {
    #[serde(rename = "_id")]
    pub id: String,
    /// The original database's `Customer_ID`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub legacy_id: Option<i64>,
    /// The region owning this document (`uk`, `eu`; see `[regions]`): the future shard-key prefix. Absent only on
    /// documents from before regions, until the `regions` migration stamps them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    pub name: String,
    /// Lower-cased; unique.
    pub email: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub age: Option<u8>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gender: Option<String>,
    pub billing_address: Address,
    pub shipping_address: Address,
    /// Kept from the original: computed by a job, read as is at page time.
    #[serde(rename = "Recommended_Products", default)]
    pub recommended_products: Vec<RecommendedProduct>,
    /// When the data behind `recommended_products` was read (absent until the first computation).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recommended_at: Option<Timestamp>,
    pub created_at: Timestamp,
    /// The regions holding this customer's orders: an order lives in its address's region, which is not the
    /// customer's own for a present sent abroad or after they move. Their orders and ratings are read in these
    /// regions and their own (`accounts::CustomerRecords`), never from every shard. Absent until known: the
    /// `order_regions` migration (and the stamping after an import) computes it from the orders.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub order_regions: Option<Vec<String>>,
}

/// One entry of `Recommended_Products`, in the original's shape and field names.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RecommendedProduct {
    #[serde(rename = "Product_ID")]
    pub product_id: String,
    #[serde(rename = "Name")]
    pub name: String,
    #[serde(rename = "Average_customer_rating")]
    pub average_customer_rating: f64,
    #[serde(rename = "Price")]
    pub price: Money,
}

/// The home page's "Recommended for you" (`personal`: the customer's own list) or, for anonymous shoppers and
/// customers without a list yet, the popular products.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RecommendationShelf {
    pub personal: bool,
    pub products: Vec<RecommendedProduct>,
    /// What the entries' prices are in: the shopper's currency (entries carry amounts only, as in the original).
    pub currency: super::money::Currency,
    /// Per product, in order: its main picture.
    #[serde(default)]
    pub pictures: Vec<Option<super::picture::Picture>>,
}
