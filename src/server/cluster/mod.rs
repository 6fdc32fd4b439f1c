//! Past one machine: the plan for a zone-sharded cluster (each collection's shard key, the zones and their ranges),
//! the check that the schema's unique indexes fit it, the claims that keep values unique across regions, and the
//! admin commands an operator runs against `mongos` (`amazone cluster plan`).

pub mod commands;
pub mod compatibility;
pub mod plan;
pub mod targeting;
pub mod unique_keys;

pub use plan::{placement, shard_key, Placement, ShardKey, PLAN};
