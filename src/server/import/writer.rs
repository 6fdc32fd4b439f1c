//! Writes imported documents so that importing the same files again changes nothing: a document whose `_id` is
//! already there is left as it is (the store may have changed it since, for example its stock).

use mongodb::bson::{doc, Document};
use mongodb::Database;
use serde::Serialize;

use crate::server::cluster::unique_keys;
use crate::server::schema::describe_write_error;

pub enum Outcome {
    Inserted,
    AlreadyPresent,
    /// Refused by the validator (the reason names the field) or by a unique index.
    Refused(String),
}

/// Inserts `document` unless a document with its `_id` exists. Values unique across regions are claimed first
/// (`cluster::unique_keys`): a record whose legacy id or email another holds is refused as a duplicate.
pub async fn insert_if_absent<T: Serialize>(
    db: &Database,
    collection: &str,
    document: &T,
) -> mongodb::error::Result<Outcome> {
    let document = mongodb::bson::to_document(document)?;
    let claimed = match unique_keys::claim(db, None, collection, &document).await? {
        Ok(claimed) => claimed,
        Err(duplicate) => return Ok(Outcome::Refused(duplicate)),
    };
    let outcome = upsert_absent(db, collection, document).await;
    if !matches!(outcome, Ok(Outcome::Inserted | Outcome::AlreadyPresent)) {
        unique_keys::release(db, None, &claimed).await?;
    }
    outcome
}

async fn upsert_absent(db: &Database, collection: &str, document: Document) -> mongodb::error::Result<Outcome> {
    let mut filter = doc! { "_id": document.get("_id").cloned().unwrap_or_default() };
    // A restored backup's documents carry their region: the write goes to that region's shard alone.
    if let Ok(region) = document.get_str("region") {
        filter.insert("region", region);
    }
    let result =
        db.collection::<Document>(collection).update_one(filter, doc! { "$setOnInsert": document }).upsert(true).await;
    match result {
        Ok(result) if result.upserted_id.is_some() => Ok(Outcome::Inserted),
        Ok(_) => Ok(Outcome::AlreadyPresent),
        Err(err) => refusal(&err).map(Outcome::Refused).ok_or(err),
    }
}

/// Why MongoDB refused a write, when it was the data's fault (validator, unique index) rather than the database's.
pub fn refusal(err: &mongodb::error::Error) -> Option<String> {
    if let Some(reason) = describe_write_error(err) {
        return Some(format!("refused by the schema: {reason}"));
    }
    let text = err.to_string();
    let duplicate = text.find("dup key: ")?;
    let key = text[duplicate + "dup key: ".len()..].split(" }").next().unwrap_or_default();
    Some(format!("another record already has the same {} }}: a duplicate", key.trim()))
}
