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

/// Queries the plan accepts without their shard key, and why they ask every shard.
pub struct ScatterGather {
    pub collection: &'static str,
    /// The command (`find`, `update`, `aggregate`...).
    pub command: &'static str,
    /// The filters' shapes (`shape`).
    pub shapes: &'static [&'static str],
    pub why: &'static str,
}

const fn scatter(
    collection: &'static str,
    command: &'static str,
    shapes: &'static [&'static str],
    why: &'static str,
) -> ScatterGather {
    ScatterGather { collection, command, shapes, why }
}

const START_UP: &str = "start-up and migrations: every region's documents without a region, a claim or an account";
const IMPORT: &str = "importing the original's exports: records found by their legacy ids, or written by id before \
                      they are stamped with their region, in every region";
const UNSTAMPED: &str = "a delivery partner not yet stamped with a region (until the `regions` migration or an \
                         import's stamping): the orders they carry, in every region";
const JOBS: &str = "maintenance jobs: every region's carts, stock, ratings or waiting orders, a batch at a time";
const ADMIN: &str = "the admin area: orders, carts and audit entries of every region, found by what the admin typed";
const PRIVACY: &str = "a customer's data export or erasure (rare, by an admin): everything naming them, wherever it is";
const EVERY_RATING: &str = "a product's or a partner's ratings come from customers of every region";
const ANY_WAREHOUSE: &str =
    "other goods ship from any region's warehouse: a product page counts every region's units, \
                             and a cart line looks further when the shopper's region holds too few";
const FIND_CUSTOMER: &str = "signing in, or a session whose customer moved region on another device: the customer's \
                             document found by id in whichever region holds it, and their region then remembered";
const NEW_GUEST_CART: &str =
    "a guest's first cart takes the id their session holds unless a cart in any region has it \
                              (a merged cart keeps its id when it moves to its customer's region)";
const UNSTAMPED_ORDER: &str = "a first rating of an order from before regions (until the `regions` stamping): \
                               written without a region, as its order is";
const ORDER_BY_ID: &str = "an order found by its id alone: by an admin (any region's), or by a delivery partner not \
                           yet stamped with a region";
const LAST_UNIT: &str = "a product's last unit in a region was taken: is one left in any region (its `in_stock` flag)";

/// The deliberate scatter-gathers.
pub const SCATTER_GATHERS: &[ScatterGather] = &[
    scatter(CUSTOMERS, "aggregate", &["(all)", "email", "legacy_id", "order_regions"], START_UP),
    scatter(CUSTOMERS, "count", &["order_regions"], START_UP),
    scatter(CUSTOMERS, "update", &["region"], START_UP),
    scatter(ORDERS, "update", &["region"], START_UP),
    scatter(ORDERS, "aggregate", &["legacy_id,legacy_source"], START_UP),
    scatter(CARTS, "aggregate", &["region", "legacy_id", "customer_id,status"], START_UP),
    scatter(CARTS, "update", &["currency,customer_id,region,status"], START_UP),
    scatter(PRODUCT_RATINGS, "aggregate", &["region", "legacy_id"], START_UP),
    scatter(PARTNER_RATINGS, "aggregate", &["region", "legacy_id", "(all)"], START_UP),
    scatter(WAREHOUSE_STOCK, "aggregate", &["region"], START_UP),
    scatter(FRESH_STOCK, "find", &["region"], START_UP),
    scatter(FRESH_STOCK, "aggregate", &["stores", "_id,region"], START_UP),
    scatter(FRESH_STOCK, "delete", &["_id,region"], START_UP),
    scatter(UNIQUE_KEYS, "count", &["(all)"], START_UP),
    scatter(UNIQUE_KEYS, "aggregate", &["(all)"], START_UP),
    scatter(CUSTOMERS, "find", &["legacy_id"], IMPORT),
    scatter(ORDERS, "find", &["legacy_id"], IMPORT),
    scatter(INVENTORY_LEVELS, "update", &["_id,measurements.day"], IMPORT),
    scatter(CARTS, "update", &["_id"], IMPORT),
    scatter(CUSTOMERS, "update", &["_id"], IMPORT),
    scatter(ORDERS, "update", &["_id"], IMPORT),
    scatter(PRODUCT_RATINGS, "update", &["_id"], IMPORT),
    scatter(PARTNER_RATINGS, "update", &["_id"], IMPORT),
    scatter(FRESH_STOCK, "update", &["_id"], IMPORT),
    scatter(WAREHOUSE_STOCK, "update", &["_id"], IMPORT),
    scatter(CARTS, "aggregate", &["status,updated_at"], JOBS),
    scatter(CARTS, "find", &["_id,status,updated_at"], JOBS),
    scatter(CARTS, "delete", &["_id,status,updated_at"], JOBS),
    scatter(FRESH_STOCK, "find", &["(all)", "total"], JOBS),
    scatter(FRESH_STOCK, "aggregate", &["(all)", "stores.batches.best_before"], JOBS),
    scatter(WAREHOUSE_STOCK, "find", &["(all)", "quantity"], JOBS),
    scatter(WAREHOUSE_STOCK, "aggregate", &["(all)", "product_id,quantity"], JOBS),
    scatter(WAREHOUSE_STOCK, "update", &["product_id,quantity,warehouse_id"], JOBS),
    scatter(ORDERS, "find", &["status"], JOBS),
    scatter(ORDERS, "aggregate", &["status", "delivery.partner_id,status"], JOBS),
    scatter(PRODUCT_RATINGS, "find", &["(all)"], JOBS),
    scatter(CUSTOMERS, "find", &["(all)"], JOBS),
    scatter(PRODUCT_RATINGS, "aggregate", &["(all)"], JOBS),
    scatter(SIMILAR_PRODUCTS, "delete", &["computed_at"], JOBS),
    scatter(INVENTORY_LEVELS, "aggregate", &["measurements.wasted,month"], JOBS),
    scatter(ORDERS, "find", &["(all)", "placed_at", "shipping_address.country,status", "$or"], ADMIN),
    scatter(ORDERS, "find", &["_id"], ORDER_BY_ID),
    scatter(CUSTOMERS, "find", &["email"], ADMIN),
    scatter(CARTS, "aggregate", &["items.product_id,status", "status", "guest_address,status"], ADMIN),
    scatter(FRESH_STOCK, "aggregate", &["product_id,stores"], ADMIN),
    scatter(FRESH_STOCK, "find", &["product_id"], ADMIN),
    scatter(AUDIT_LOG, "find", &["order_id", "product_id", "partner_id"], ADMIN),
    scatter(PRODUCT_RATINGS, "aggregate", &["product_id"], EVERY_RATING),
    scatter(PARTNER_RATINGS, "aggregate", &["partner_id"], EVERY_RATING),
    scatter(WAREHOUSE_STOCK, "find", &["product_id"], ANY_WAREHOUSE),
    scatter(CUSTOMERS, "find", &["_id,region"], FIND_CUSTOMER),
    scatter(CARTS, "find", &["_id"], NEW_GUEST_CART),
    scatter(ORDERS, "find", &["delivery.partner_id,status"], UNSTAMPED),
    scatter(PRODUCT_RATINGS, "update", &["customer_id,product_id,region"], UNSTAMPED_ORDER),
    scatter(PARTNER_RATINGS, "update", &["customer_id,order_id,region"], UNSTAMPED_ORDER),
    scatter(FRESH_STOCK, "find", &["product_id,total"], LAST_UNIT),
    scatter(WAREHOUSE_STOCK, "find", &["product_id,quantity"], LAST_UNIT),
    scatter(ACCOUNTS, "find", &["customer_id"], PRIVACY),
    scatter(ACCOUNTS, "delete", &["customer_id"], PRIVACY),
    scatter(SESSIONS, "find", &["data.signed_in.customer_id"], PRIVACY),
    scatter(SESSIONS, "delete", &["data.signed_in.customer_id"], PRIVACY),
    scatter(CARTS, "delete", &["customer_id"], PRIVACY),
    scatter(CARTS, "find", &["customer_id", "customer_id,status"], PRIVACY),
    scatter(CUSTOMERS, "delete", &["_id"], PRIVACY),
    scatter(ORDERS, "update", &["customer_id"], PRIVACY),
    scatter(ORDERS, "find", &["customer_id"], PRIVACY),
    scatter(PRODUCT_RATINGS, "find", &["customer_id"], PRIVACY),
    scatter(ORDERS, "aggregate", &["customer_id"], PRIVACY),
    scatter(PRODUCT_RATINGS, "update", &["customer_id"], PRIVACY),
    scatter(PARTNER_RATINGS, "update", &["customer_id"], PRIVACY),
    scatter(PARTNER_RATINGS, "find", &["customer_id"], PRIVACY),
    scatter(UNIQUE_KEYS, "delete", &["collection,holder"], PRIVACY),
];

fn listed(query: &Untargeted) -> bool {
    SCATTER_GATHERS.iter().any(|listed| {
        listed.collection == query.collection
            && listed.command == query.command
            && listed.shapes.contains(&query.shape.as_str())
    })
}

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
        .filter(|query| !listed(query))
        .collect()
}

/// Documents inserted without their region into a zoned collection: sharded, they would land outside every zone,
/// on whichever shard holds the missing region's range. (An upsert takes its region from what it derives from, a
/// rating from its order's, so it is as placed as that document.)
pub fn unplaced(command_name: &str, command: &Document) -> Vec<Untargeted> {
    let Ok(collection) = command.get_str(command_name) else {
        return Vec::new();
    };
    if command_name != "insert" || !shard_key(collection).is_some_and(ShardKey::is_zoned) {
        return Vec::new();
    }
    let documents = command.get_array("documents").map(Vec::as_slice).unwrap_or_default();
    let placed =
        |document: &Bson| matches!(document.as_document().and_then(|d| d.get("region")), Some(Bson::String(_)));
    match documents.iter().all(placed) {
        true => Vec::new(),
        false => vec![Untargeted {
            collection: collection.into(),
            command: command_name.into(),
            shape: "(no region)".into(),
        }],
    }
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
        let update = doc! { "update": "orders", "updates": [
            { "q": { "delivery.tracking_number": "AZ1" }, "u": {} }, { "q": { "region": "uk" }, "u": {} },
        ] };
        assert_eq!(
            untargeted("update", &update),
            vec![Untargeted {
                collection: "orders".into(),
                command: "update".into(),
                shape: "delivery.tracking_number".into()
            }]
        );
        let near = doc! { "aggregate": "carts", "pipeline": [{ "$geoNear": { "query": { "region": "eu" } } }] };
        assert_eq!(untargeted("aggregate", &near), vec![]);
        assert_eq!(untargeted("find", &doc! { "find": "products", "filter": { "category": "books" } }), vec![]);
        assert_eq!(untargeted("createIndexes", &doc! { "createIndexes": "orders" }), vec![]);
        let everything = doc! { "aggregate": "orders", "pipeline": [{ "$group": { "_id": "$status" } }] };
        assert_eq!(untargeted("aggregate", &everything)[0].shape, "(all)");
        let listed = doc! { "aggregate": "carts", "pipeline": [{ "$match": { "status": "active", "updated_at": 1 } }] };
        assert_eq!(untargeted("aggregate", &listed), vec![], "cart expiry is a deliberate scatter-gather");
    }

    #[test]
    fn a_document_written_into_a_zoned_collection_needs_its_region() {
        let insert = |document: Document| doc! { "insert": "orders", "documents": [document] };
        assert_eq!(unplaced("insert", &insert(doc! { "_id": 1, "region": "eu" })), vec![]);
        assert_eq!(unplaced("insert", &insert(doc! { "_id": 1 }))[0].shape, "(no region)");
        let sessions = doc! { "insert": "sessions", "documents": [{ "_id": "s" }] };
        assert_eq!(unplaced("insert", &sessions), vec![], "not zoned");
    }

    #[test]
    fn the_lists_name_only_sharded_collections_and_each_query_once() {
        let mut seen = std::collections::BTreeSet::new();
        for ScatterGather { collection, command, shapes, .. } in SCATTER_GATHERS {
            assert!(shard_key(collection).is_some(), "{collection} is not sharded: nothing to list");
            for shape in shapes.iter() {
                assert!(seen.insert((collection, command, *shape)), "{collection} {command} {{{shape}}} listed twice");
            }
        }
    }
}
