//! The sharding plan: where each collection lives once the store runs on a zone-sharded cluster, one zone per region
//! (UK, EU), each zone's shard a replica set in that region's data centres.
//!
//! A collection that belongs to a region starts its shard key with `region`, so that each region's documents live
//! on its own shard and each region writes its own data (the original's "multi-leader" goal, without conflicts: no
//! document has two leaders). Global data is either hashed across every shard, or kept whole on the primary shard
//! when it is small or read by filters a shard key cannot serve.

use crate::server::collections::*;
use crate::server::pictures::store::{CHUNKS, FILES};

/// How a collection is split across shards.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ShardKey {
    /// Ranges of these fields, in order. Zoned collections start with `region`.
    Ranged(&'static [&'static str]),
    /// A hash of this field: evenly spread, never zoned.
    Hashed(&'static str),
}

impl ShardKey {
    pub fn fields(self) -> Vec<&'static str> {
        match self {
            ShardKey::Ranged(fields) => fields.to_vec(),
            ShardKey::Hashed(field) => vec![field],
        }
    }

    /// Each region's documents are pinned to its zone: the key starts with `region`.
    pub fn is_zoned(self) -> bool {
        matches!(self, ShardKey::Ranged(["region", ..]))
    }
}

/// Where one collection lives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Placement {
    pub collection: &'static str,
    /// None: unsharded, whole on the database's primary shard.
    pub key: Option<ShardKey>,
    /// Why this key (or none), for the operator reading `amazone cluster plan`.
    pub why: &'static str,
}

const fn sharded(collection: &'static str, key: ShardKey, why: &'static str) -> Placement {
    Placement { collection, key: Some(key), why }
}

const fn unsharded(collection: &'static str, why: &'static str) -> Placement {
    Placement { collection, key: None, why }
}

/// By region, then the document: a region's customers and orders on its own shard.
const REGION_ID: ShardKey = ShardKey::Ranged(&["region", "_id"]);

/// Every collection the store keeps, and where it goes.
pub const PLAN: &[Placement] = &[
    sharded(CUSTOMERS, REGION_ID, "a customer's data stays in their region; found by id from the session"),
    sharded(ORDERS, REGION_ID, "orders are written and delivered in the region they go to"),
    sharded(
        CARTS,
        ShardKey::Ranged(&["region", "customer_id"]),
        "a customer's active cart is unique per customer, which only a key holding customer_id can keep; guests' \
         carts (no customer) share their region's lowest range, bounded by the cart lifetime",
    ),
    sharded(
        PRODUCT_RATINGS,
        ShardKey::Ranged(&["region", "customer_id"]),
        "written by the customer, in their region; one per customer and product",
    ),
    sharded(
        PARTNER_RATINGS,
        ShardKey::Ranged(&["region", "customer_id"]),
        "written by the customer, in their region; one per customer and order",
    ),
    sharded(
        FRESH_STOCK,
        ShardKey::Ranged(&["region", "product_id"]),
        "one document per product and region, holding that region's stores: reserved in the region that sells it",
    ),
    sharded(
        WAREHOUSE_STOCK,
        ShardKey::Ranged(&["region", "product_id"]),
        "each warehouse's stock in the warehouse's region",
    ),
    sharded(
        ACCOUNTS,
        ShardKey::Ranged(&["email"]),
        "sign-in emails are unique across every region: the key is the email",
    ),
    sharded(SESSIONS, ShardKey::Hashed("_id"), "found by id only, many and short-lived: spread evenly"),
    sharded(SIMILAR_PRODUCTS, ShardKey::Hashed("_id"), "found by id only (a product's or a customer's list)"),
    sharded(AUDIT_LOG, ShardKey::Hashed("_id"), "grows for ever, read by admins per order or partner"),
    sharded(
        INVENTORY_LEVELS,
        ShardKey::Ranged(&["product_id", "location.id", "month"]),
        "one bucket per product, location and month, which the daily recording upserts by",
    ),
    unsharded(
        PRODUCTS,
        "the global catalogue, read-mostly and filtered by category, text and price, which no shard key serves: \
         whole on the primary shard, whose replica set keeps a member in each region for nearest reads",
    ),
    unsharded(STORES, "a few hundred, read by every fresh-food page and checkout in every region"),
    unsharded(WAREHOUSES, "a handful, read by every checkout"),
    unsharded(PARTNERS, "a few hundred, searched by distance at every checkout"),
    unsharded(JOB_RUNS, "a few documents a day"),
    unsharded(JOB_LEASES, "one document per job"),
    unsharded(
        EXPIRED_UNITS,
        "an expiry run's notes of units taken from carts, put back in stock and deleted at its end",
    ),
    unsharded(RETURNED_UNITS, "an expiry run's notes, a few hundred at most, folded and deleted at its end"),
    unsharded(COUNTERS, "one document per sequence"),
    unsharded(SIGN_IN_FAILURES, "small and forgotten after an hour"),
    unsharded(APPLIED_MIGRATIONS, "one document per migration"),
    sharded(
        UNIQUE_KEYS,
        ShardKey::Hashed("_id"),
        "the values that must be unique across regions (legacy ids, customers' emails), one document each",
    ),
    unsharded(FILES, "product pictures: thousands of small files"),
    unsharded(CHUNKS, "product pictures' bytes, with their files"),
];

/// The collection's placement; every collection the store keeps has one (a unit test checks).
pub fn placement(collection: &str) -> Option<&'static Placement> {
    PLAN.iter().find(|placement| placement.collection == collection)
}

/// The collection's shard key, if it is sharded.
pub fn shard_key(collection: &str) -> Option<ShardKey> {
    placement(collection).and_then(|placement| placement.key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_collection_has_one_placement() {
        let mut planned: Vec<&str> = PLAN.iter().map(|placement| placement.collection).collect();
        planned.sort_unstable();
        let before = planned.len();
        planned.dedup();
        assert_eq!(before, planned.len(), "a collection is planned twice");
        for collection in crate::server::schema::COLLECTIONS.iter().chain(&[FILES, CHUNKS]) {
            assert!(placement(collection).is_some(), "{collection} has no placement");
        }
    }

    #[test]
    fn the_regions_data_is_zoned_and_global_data_is_not() {
        for collection in [CUSTOMERS, ORDERS, CARTS, PRODUCT_RATINGS, PARTNER_RATINGS, FRESH_STOCK, WAREHOUSE_STOCK] {
            assert!(shard_key(collection).is_some_and(ShardKey::is_zoned), "{collection}");
        }
        for collection in [ACCOUNTS, SESSIONS, UNIQUE_KEYS, INVENTORY_LEVELS] {
            assert!(shard_key(collection).is_some_and(|key| !key.is_zoned()), "{collection}");
        }
        assert_eq!(shard_key(PRODUCTS), None);
    }
}
