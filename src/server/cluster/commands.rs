//! The admin commands an operator runs against `mongos` to shard the store by the plan: each region's shard joins
//! its zone, the key indexes are built, the collections are sharded, and each region's key range is pinned to its
//! zone. Printed by `amazone cluster plan` as mongosh statements.

use mongodb::bson::{doc, Bson, Document};

use super::compatibility::has_key_index;
use super::plan::{ShardKey, PLAN};
use crate::model::region::Regions;

/// One step of the plan: a command for `db` (the store's database) or `admin`, and why.
#[derive(Debug, Clone, PartialEq)]
pub struct Step {
    pub comment: String,
    /// `admin` for cluster commands, the store's database for index builds.
    pub database: String,
    pub command: Document,
}

/// The zone of a region: its code in capitals (`uk` -> `UK`).
pub fn zone(region_code: &str) -> String {
    region_code.to_uppercase()
}

/// Every step, in the order to run them. `shards` names each region's shard (`uk` -> `shard-uk` when not given).
pub fn steps(database: &str, regions: &Regions, shards: &[(String, String)]) -> Vec<Step> {
    let admin = |comment: String, command: Document| Step { comment, database: "admin".into(), command };
    let mut steps = Vec::new();
    for region in &regions.regions {
        let shard = shards
            .iter()
            .find(|(code, _)| *code == region.code)
            .map_or_else(|| format!("shard-{}", region.code), |(_, shard)| shard.clone());
        steps.push(admin(
            format!(
                "{}'s shard (a replica set in its data centres) holds the {} zone",
                region.name,
                zone(&region.code)
            ),
            doc! { "addShardToZone": shard, "zone": zone(&region.code) },
        ));
    }
    steps.push(admin("the store's database may be sharded".into(), doc! { "enableSharding": database }));
    for placement in PLAN {
        let Some(key) = placement.key else { continue };
        let collection = placement.collection;
        let key_document = key_document(key);
        if !has_key_index(key, &crate::server::schema::declared_indexes(collection)) {
            steps.push(Step {
                comment: format!("{collection}: the index its shard key needs"),
                database: database.into(),
                command: doc! { "createIndexes": collection, "indexes": [{ "key": &key_document, "name": "shard_key" }] },
            });
        }
        steps.push(admin(
            format!("{collection}: {}", placement.why),
            doc! { "shardCollection": format!("{database}.{collection}"), "key": &key_document },
        ));
        if !key.is_zoned() {
            continue;
        }
        for region in &regions.regions {
            let (min, max) = zone_range(key, &region.code);
            steps.push(admin(
                format!("{collection}: {}'s documents stay in the {} zone", region.name, zone(&region.code)),
                doc! {
                    "updateZoneKeyRange": format!("{database}.{collection}"),
                    "min": min, "max": max, "zone": zone(&region.code),
                },
            ));
        }
    }
    steps
}

fn key_document(key: ShardKey) -> Document {
    match key {
        ShardKey::Ranged(fields) => fields.iter().map(|field| (field.to_string(), Bson::Int32(1))).collect(),
        ShardKey::Hashed(field) => doc! { field: "hashed" },
    }
}

/// A region's whole range of a zoned key: `{region: code, rest: MinKey}` up to `{region: code, rest: MaxKey}`.
fn zone_range(key: ShardKey, region_code: &str) -> (Document, Document) {
    let (mut min, mut max) = (doc! { "region": region_code }, doc! { "region": region_code });
    for field in key.fields().into_iter().skip(1) {
        min.insert(field, Bson::MinKey);
        max.insert(field, Bson::MaxKey);
    }
    (min, max)
}

/// The steps as a mongosh script.
pub fn script(database: &str, steps: &[Step]) -> String {
    let mut script = format!(
        "// Amazone's sharding plan for the database \"{database}\": run in mongosh connected to a mongos,\n\
         // after the store has run once against it (collections, indexes and migrations in place).\n"
    );
    for step in steps {
        let target = match step.database.as_str() {
            "admin" => "db.adminCommand".to_string(),
            other => format!("db.getSiblingDB({}).runCommand", quoted(other)),
        };
        script.push_str(&format!(
            "\n// {}\n{target}({});\n",
            step.comment,
            mongosh(&Bson::Document(step.command.clone()))
        ));
    }
    script
}

fn quoted(text: &str) -> String {
    serde_json::to_string(text).expect("a string serialises")
}

/// A value as a mongosh literal (MinKey and MaxKey as the shell names them, which JSON cannot).
fn mongosh(value: &Bson) -> String {
    match value {
        Bson::Document(document) => {
            let fields: Vec<String> =
                document.iter().map(|(name, value)| format!("{}: {}", field_name(name), mongosh(value))).collect();
            format!("{{ {} }}", fields.join(", "))
        }
        Bson::Array(items) => format!("[{}]", items.iter().map(mongosh).collect::<Vec<_>>().join(", ")),
        Bson::String(text) => quoted(text),
        Bson::Int32(number) => number.to_string(),
        Bson::MinKey => "MinKey".into(),
        Bson::MaxKey => "MaxKey".into(),
        other => other.to_string(),
    }
}

/// A bare name where JavaScript allows one, quoted otherwise (`location.id`).
fn field_name(name: &str) -> String {
    let bare = name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '$')
        && !name.starts_with(|c: char| c.is_ascii_digit());
    if bare {
        name.to_string()
    } else {
        quoted(name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::server::collections::{CUSTOMERS, ORDERS, PRODUCTS};

    fn all() -> Vec<Step> {
        steps("amazone", &Regions::default(), &[("eu".into(), "rs-frankfurt".into())])
    }

    #[test]
    fn each_region_has_its_zone_and_named_shard() {
        let steps = all();
        assert_eq!(steps[0].command, doc! { "addShardToZone": "shard-uk", "zone": "UK" });
        assert_eq!(steps[1].command, doc! { "addShardToZone": "rs-frankfurt", "zone": "EU" });
        assert_eq!(steps[2].command, doc! { "enableSharding": "amazone" });
    }

    #[test]
    fn a_zoned_collection_is_keyed_and_each_regions_range_pinned() {
        let steps = all();
        let about = |collection: &str| -> Vec<Document> {
            steps
                .iter()
                .filter(|step| {
                    step.command.values().next().and_then(Bson::as_str) == Some(&format!("amazone.{collection}"))
                        || step.command.get_str("createIndexes") == Ok(collection)
                })
                .map(|step| step.command.clone())
                .collect()
        };
        assert_eq!(
            about(ORDERS),
            vec![
                doc! { "createIndexes": ORDERS, "indexes": [{ "key": { "region": 1, "_id": 1 }, "name": "shard_key" }] },
                doc! { "shardCollection": "amazone.orders", "key": { "region": 1, "_id": 1 } },
                doc! {
                    "updateZoneKeyRange": "amazone.orders", "min": { "region": "uk", "_id": Bson::MinKey },
                    "max": { "region": "uk", "_id": Bson::MaxKey }, "zone": "UK",
                },
                doc! {
                    "updateZoneKeyRange": "amazone.orders", "min": { "region": "eu", "_id": Bson::MinKey },
                    "max": { "region": "eu", "_id": Bson::MaxKey }, "zone": "EU",
                },
            ]
        );
        assert!(about(CUSTOMERS).len() == 4);
        assert!(about(PRODUCTS).is_empty(), "the catalogue stays whole");
    }

    #[test]
    fn the_script_is_mongosh() {
        let text = script("amazone", &all());
        assert!(text.contains("db.adminCommand({ enableSharding: \"amazone\" });"), "{text}");
        assert!(text.contains(
            "db.adminCommand({ updateZoneKeyRange: \"amazone.orders\", min: { region: \"eu\", _id: MinKey }, \
             max: { region: \"eu\", _id: MaxKey }, zone: \"EU\" });"
        ));
        assert!(text.contains(
            "db.adminCommand({ shardCollection: \"amazone.inventory_levels\", key: { product_id: 1, \"location.id\": 1, \
             month: 1 } });"
        ));
        assert!(text.contains("db.adminCommand({ shardCollection: \"amazone.sessions\", key: { _id: \"hashed\" } });"));
    }
}
