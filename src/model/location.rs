//! Where stock is held: local stores (fresh food) and the warehouse (other goods).

use serde::{Deserialize, Serialize};

use super::address::{Address, GeoPoint};

/// A place that holds stock: a local store or the warehouse. Both collections share this shape.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Site {
    #[serde(rename = "_id")]
    pub id: String,
    /// The original database's `Store_ID` or `Storage_warehouse_id`, kept so that old references resolve.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub legacy_id: Option<i64>,
    /// The region owning this document (`uk`, `eu`; see `[regions]`): the future shard-key prefix. Absent only on
    /// documents from before regions, until the `regions` migration stamps them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    pub name: String,
    pub address: Address,
    pub location: GeoPoint,
}

/// A local store: holds fresh food.
pub type Store = Site;
/// The warehouse: holds other goods.
pub type Warehouse = Site;

/// A store or the warehouse: where a unit was reserved from or shipped from.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", content = "id", rename_all = "snake_case")]
pub enum StockLocation {
    Store(String),
    Warehouse(String),
}
