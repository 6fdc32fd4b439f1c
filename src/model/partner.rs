//! Delivery partners: who brings orders to customers' doors.

use serde::{Deserialize, Serialize};

use super::address::GeoPoint;
use super::rating::RatingSummary;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Partner {
    #[serde(rename = "_id")]
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub legacy_id: Option<i64>,
    /// The region owning this document (`uk`, `eu`; see `[regions]`): the future shard-key prefix. Absent only on
    /// documents from before regions, until the `regions` migration stamps them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    pub name: String,
    pub email: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub age: Option<u8>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gender: Option<String>,
    /// Where the partner is now; checkout assigns the nearest free one.
    pub location: GeoPoint,
    /// Taken off deliveries by an admin (or in the original data): never assigned an order.
    pub active: bool,
    /// Orders the partner carries now (out for delivery with them); new ones are assigned while it is below the
    /// capacity setting. Replaced the original's `On_Delivery` flag (see the `partner_loads` migration).
    pub load: u32,
    /// Orders delivered.
    pub deliveries: u32,
    pub hours_worked: f64,
    /// Customers' stars for the deliveries, kept equal to the partner ratings like a product's.
    #[serde(default)]
    pub rating: RatingSummary,
}
