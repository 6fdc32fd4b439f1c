//! Whether the indexes the schema declares can live on a sharded cluster under the plan: MongoDB enforces a unique
//! index across shards only when the index starts with the whole shard key, and refuses to shard a collection
//! with any other unique index (or to create one later). `shardCollection` also needs an index starting with the
//! key on a collection that holds documents.

use mongodb::bson::Document;
use mongodb::IndexModel;

use super::plan::{Placement, ShardKey};

/// A unique index MongoDB would refuse on the collection once sharded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conflict {
    pub collection: &'static str,
    pub index: String,
    pub key: ShardKey,
}

impl std::fmt::Display for Conflict {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}: the unique index {} does not start with the shard key {:?}",
            self.collection,
            self.index,
            self.key.fields()
        )
    }
}

fn field_names(keys: &Document) -> Vec<&str> {
    keys.keys().map(String::as_str).collect()
}

fn name(index: &IndexModel) -> String {
    index.options.as_ref().and_then(|options| options.name.clone()).unwrap_or_else(|| format!("{:?}", index.keys))
}

fn is_unique(index: &IndexModel) -> bool {
    index.options.as_ref().and_then(|options| options.unique).unwrap_or(false)
}

/// The index's fields start with the shard key's (a hashed key's field, ranged or hashed itself).
fn starts_with_key(index: &IndexModel, key: ShardKey) -> bool {
    field_names(&index.keys).starts_with(&key.fields())
}

/// The unique indexes of a sharded collection that the cluster would refuse.
pub fn conflicts(placement: &Placement, indexes: &[IndexModel]) -> Vec<Conflict> {
    let Some(key) = placement.key else {
        return Vec::new();
    };
    indexes
        .iter()
        .filter(|index| is_unique(index) && !starts_with_key(index, key))
        .map(|index| Conflict { collection: placement.collection, index: name(index), key })
        .collect()
}

/// Whether an index the schema declares can serve as the shard key's index (otherwise the plan creates one).
/// A hashed key needs its hashed index; `_id` alone is always indexed.
pub fn has_key_index(key: ShardKey, indexes: &[IndexModel]) -> bool {
    match key {
        ShardKey::Hashed(field) => {
            indexes.iter().any(|index| index.keys.get_str(field).is_ok_and(|kind| kind == "hashed"))
        }
        ShardKey::Ranged(["_id"]) => true,
        ShardKey::Ranged(_) => indexes.iter().any(|index| {
            starts_with_key(index, key)
                && index.options.as_ref().is_none_or(|options| options.partial_filter_expression.is_none())
        }),
    }
}

#[cfg(test)]
mod tests {
    use mongodb::bson::doc;
    use mongodb::options::IndexOptions;

    use super::*;
    use crate::server::cluster::plan::PLAN;

    fn unique(keys: Document) -> IndexModel {
        IndexModel::builder()
            .keys(keys)
            .options(IndexOptions::builder().name("u".to_string()).unique(true).build())
            .build()
    }

    #[test]
    fn every_unique_index_the_schema_declares_starts_with_its_shard_key() {
        let found: Vec<String> = PLAN
            .iter()
            .flat_map(|placement| conflicts(placement, &crate::server::schema::declared_indexes(placement.collection)))
            .map(|conflict| conflict.to_string())
            .collect();
        assert!(found.is_empty(), "{found:#?}");
    }

    #[test]
    fn a_unique_index_without_the_whole_key_first_conflicts() {
        let orders = Placement { collection: "orders", key: Some(ShardKey::Ranged(&["region", "_id"])), why: "" };
        assert_eq!(conflicts(&orders, &[unique(doc! { "region": 1, "_id": 1, "x": 1 })]), vec![]);
        assert_eq!(conflicts(&orders, &[unique(doc! { "region": 1, "x": 1 })]).len(), 1, "half the key");
        assert_eq!(conflicts(&orders, &[unique(doc! { "x": 1, "region": 1, "_id": 1 })]).len(), 1, "not first");
        let unsharded = Placement { collection: "stores", key: None, why: "" };
        assert_eq!(conflicts(&unsharded, &[unique(doc! { "x": 1 })]), vec![]);
    }

    #[test]
    fn the_key_index_is_found_or_planned() {
        let key = ShardKey::Ranged(&["region", "customer_id"]);
        assert!(has_key_index(key, &[unique(doc! { "region": 1, "customer_id": 1, "product_id": 1 })]));
        assert!(!has_key_index(key, &[unique(doc! { "customer_id": 1 })]));
        assert!(!has_key_index(ShardKey::Hashed("_id"), &[]));
        assert!(has_key_index(ShardKey::Ranged(&["_id"]), &[]));
    }
}
