//! Whether a command the store sends would reach one region's shard or every shard once collections are sharded by
//! the plan. `mongos` sends a query to the shards owning its key range only when its filter fixes the shard key's
//! first field; any other query is a scatter-gather, asking every shard in every data centre. The integration suite
//! records every command the application sends (the driver's command monitoring) and checks it here.

use mongodb::bson::{Bson, Document};

use super::plan::{shard_key, ShardKey};
use crate::server::collections::*;

/// A filter's shape: its top-level fields, sorted (`{}` is `(all)`). Queries are listed by shape, not by value.
pub fn shape(filter: &Document) -> String {
    let mut fields: Vec<&str> = filter.keys().map(String::as_str).collect();
    if fields.is_empty() {
        return "(all)".into();
    }
    fields.sort_unstable();
    fields.join(",")
}

/// A query the plan accepts without its shard key, and why it must ask every shard.
pub struct ScatterGather {
    pub collection: &'static str,
    /// The command (`find`, `update`, `aggregate`...).
    pub command: &'static str,
    /// The filter's shape (`shape`).
    pub shape: &'static str,
    pub why: &'static str,
}

const fn scatter(
    collection: &'static str,
    command: &'static str,
    shape: &'static str,
    why: &'static str,
) -> ScatterGather {
    ScatterGather { collection, command, shape, why }
}

/// The deliberate scatter-gathers: admin reports and jobs that look at every region, and start-up work.
pub const SCATTER_GATHERS: &[ScatterGather] =
    &[scatter(CUSTOMERS, "aggregate", "(all)", "start-up: every customer without an account gets a demo one")];

/// One query on a sharded collection that does not carry its shard key.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Untargeted {
    pub collection: String,
    pub command: String,
    pub shape: String,
}

impl std::fmt::Display for Untargeted {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {} {{{}}}", self.collection, self.command, self.shape)
    }
}

/// The filters `command` applies to its collection's documents, with the collection; none for commands that read
/// or change no documents (index builds, transactions' commits, `hello`).
pub fn filters(command_name: &str, command: &Document) -> Option<(String, Vec<Document>)> {
    let collection = command.get_str(command_name).ok()?.to_string();
    let field = |name: &str| command.get_document(name).cloned().unwrap_or_default();
    let each = |list: &str, key: &str| -> Vec<Document> {
        command
            .get_array(list)
            .map(|items| {
                items
                    .iter()
                    .filter_map(Bson::as_document)
                    .map(|item| item.get_document(key).cloned().unwrap_or_default())
                    .collect()
            })
            .unwrap_or_default()
    };
    let filters = match command_name {
        "find" => vec![field("filter")],
        "count" | "distinct" | "findAndModify" => vec![field("query")],
        "update" => each("updates", "q"),
        "delete" => each("deletes", "q"),
        "aggregate" => vec![first_stage_filter(command)],
        _ => return None,
    };
    Some((collection, filters))
}

/// What an aggregation's first stage selects: its `$match`, or `$geoNear`'s query; everything otherwise.
fn first_stage_filter(command: &Document) -> Document {
    let first = command.get_array("pipeline").ok().and_then(|stages| stages.first()).and_then(Bson::as_document);
    match first {
        Some(stage) => stage
            .get_document("$match")
            .or_else(|_| stage.get_document("$geoNear").and_then(|near| near.get_document("query")))
            .cloned()
            .unwrap_or_default(),
        None => Document::new(),
    }
}

/// Whether the filter fixes the key's first field (a value, `$eq` or `$in`), alone or in every branch.
pub fn targets(key: ShardKey, filter: &Document) -> bool {
    let field = key.fields()[0];
    let fixed = match filter.get(field) {
        Some(Bson::Document(condition)) => {
            condition.contains_key("$eq")
                || condition.contains_key("$in")
                || !condition.keys().any(|k| k.starts_with('$'))
        }
        Some(_) => true,
        None => false,
    };
    let branches = |operator: &str| -> Vec<Document> {
        filter
            .get_array(operator)
            .map(|items| items.iter().filter_map(Bson::as_document).cloned().collect())
            .unwrap_or_default()
    };
    let and = branches("$and");
    let or = branches("$or");
    fixed || and.iter().any(|branch| targets(key, branch)) || (!or.is_empty() && or.iter().all(|b| targets(key, b)))
}

/// The queries of `command` that would ask every shard and are not on the deliberate list.
pub fn untargeted(command_name: &str, command: &Document) -> Vec<Untargeted> {
    let Some((collection, filters)) = filters(command_name, command) else {
        return Vec::new();
    };
    let Some(key) = shard_key(&collection) else {
        return Vec::new();
    };
    filters
        .iter()
        .filter(|filter| !targets(key, filter))
        .map(|filter| Untargeted { collection: collection.clone(), command: command_name.into(), shape: shape(filter) })
        .filter(|query| {
            !SCATTER_GATHERS.iter().any(|listed| {
                listed.collection == query.collection && listed.command == query.command && listed.shape == query.shape
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use mongodb::bson::doc;

    use super::*;

    const REGION_ID: ShardKey = ShardKey::Ranged(&["region", "_id"]);

    #[test]
    fn a_filter_fixing_the_region_targets_its_zone() {
        assert!(targets(REGION_ID, &doc! { "region": "uk", "_id": "o1" }));
        assert!(targets(REGION_ID, &doc! { "region": { "$in": ["uk", null] }, "product_id": "p" }));
        assert!(targets(REGION_ID, &doc! { "$and": [{ "region": "eu" }, { "status": "placed" }] }));
        assert!(targets(REGION_ID, &doc! { "$or": [{ "region": "eu" }, { "region": "uk", "x": 1 }] }));
    }

    #[test]
    fn a_filter_without_the_region_or_with_a_range_of_it_asks_every_shard() {
        assert!(!targets(REGION_ID, &doc! { "_id": "o1" }));
        assert!(!targets(REGION_ID, &doc! { "region": { "$exists": false } }));
        assert!(!targets(REGION_ID, &doc! { "$or": [{ "region": "eu" }, { "_id": "o1" }] }));
        assert!(targets(ShardKey::Hashed("_id"), &doc! { "_id": "s1" }));
    }

    #[test]
    fn each_write_and_the_first_stage_of_a_pipeline_are_checked() {
        let update = doc! { "update": "orders", "updates": [{ "q": { "_id": 1 }, "u": {} }, { "q": { "region": "uk" }, "u": {} }] };
        assert_eq!(
            untargeted("update", &update),
            vec![Untargeted { collection: "orders".into(), command: "update".into(), shape: "_id".into() }]
        );
        let near = doc! { "aggregate": "carts", "pipeline": [{ "$geoNear": { "query": { "region": "eu" } } }] };
        assert_eq!(untargeted("aggregate", &near), vec![]);
        assert_eq!(untargeted("find", &doc! { "find": "products", "filter": { "category": "books" } }), vec![]);
        assert_eq!(untargeted("createIndexes", &doc! { "createIndexes": "orders" }), vec![]);
        let everything = doc! { "aggregate": "orders", "pipeline": [{ "$group": { "_id": "$status" } }] };
        assert_eq!(untargeted("aggregate", &everything)[0].shape, "(all)");
    }
}
