//! Stock on hand: fresh food per store (with the total across stores), other goods in the warehouse, and the daily
//! inventory level over time.

use serde::{Deserialize, Serialize};

use super::batches::Batch;
use super::location::StockLocation;
use super::time::Timestamp;

/// One fresh product's stock in the stores of one region, embedded so that a reservation is one atomic update of one
/// document. The importer and generator write one document for every store, which `regions::stamp_missing` splits.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FreshStock {
    #[serde(rename = "_id")]
    pub id: String,
    /// The region of its stores (the future shard-key prefix); None until split.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    pub product_id: String,
    pub stores: Vec<StoreStock>,
    /// The sum of `stores[].quantity`, kept in step by every update.
    pub total: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoreStock {
    pub store_id: String,
    /// Units on the shelf, good or past their date until written off: the sum of `batches[].quantity`.
    pub quantity: i64,
    /// By best-before date, earliest first (see `model::batches`).
    #[serde(default)]
    pub batches: Vec<Batch>,
}

/// One other product's stock in the warehouse.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WarehouseStock {
    #[serde(rename = "_id")]
    pub id: String,
    /// The warehouse's region (the future shard-key prefix); stamped from the warehouse (`regions::stamp_missing`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    pub product_id: String,
    pub warehouse_id: String,
    pub quantity: i64,
}

/// The daily inventory level of one product at one location for one month: a bucket of measurements.
///
/// A bucket rather than a time-series collection: buckets take a `$jsonSchema` validator and a unique index on
/// (product, location, month), which make recording a day idempotent; time-series collections allow neither.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InventoryBucket {
    #[serde(rename = "_id")]
    pub id: String,
    pub product_id: String,
    pub location: StockLocation,
    /// `2022-12`.
    pub month: String,
    pub measurements: Vec<InventoryMeasurement>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InventoryMeasurement {
    pub day: Timestamp,
    pub quantity: i64,
}
