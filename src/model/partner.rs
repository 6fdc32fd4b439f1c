//! Delivery partners: who brings orders to customers' doors.

use serde::{Deserialize, Serialize};

use super::address::GeoPoint;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Partner {
    #[serde(rename = "_id")]
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub legacy_id: Option<i64>,
    pub name: String,
    pub email: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub age: Option<u8>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gender: Option<String>,
    /// Where the partner is now; checkout assigns the nearest free one.
    pub location: GeoPoint,
    pub active: bool,
    pub on_delivery: bool,
    pub deliveries: u32,
    pub hours_worked: f64,
}
