//! Values that must be unique across every region but live in collections sharded by region (an imported record's
//! legacy id, a customer's email): a unique index there could only be unique per shard, so each value is claimed in
//! `unique_keys`, one document per value whose `_id` is the value (unique however that collection is sharded).
//!
//! A claim is taken before the document is written and names the document holding it, so a writer killed between
//! the two finds its own claim when run again and carries on, and a second record with the same value is refused.

use futures::TryStreamExt;
use mongodb::bson::{doc, Bson, Document};
use mongodb::{ClientSession, Database};

use crate::server::collections::{CARTS, CUSTOMERS, ORDERS, PARTNER_RATINGS, PRODUCT_RATINGS, UNIQUE_KEYS};
use crate::server::mongo::is_duplicate_key;

/// One unique value: a field (or fields together) of a collection.
pub struct UniqueField {
    pub collection: &'static str,
    pub fields: &'static [&'static str],
}

/// Every value kept unique by a claim.
pub const UNIQUE_FIELDS: &[UniqueField] = &[
    UniqueField { collection: CUSTOMERS, fields: &["email"] },
    UniqueField { collection: CUSTOMERS, fields: &["legacy_id"] },
    UniqueField { collection: CARTS, fields: &["legacy_id"] },
    // Past and current orders were numbered separately in the original.
    UniqueField { collection: ORDERS, fields: &["legacy_source", "legacy_id"] },
    UniqueField { collection: PRODUCT_RATINGS, fields: &["legacy_id"] },
    UniqueField { collection: PARTNER_RATINGS, fields: &["legacy_id"] },
];

impl UniqueField {
    fn prefix(&self) -> String {
        format!("{}.{}:", self.collection, self.fields.join("+"))
    }

    /// The claim's `_id` for this document, None when it lacks one of the fields (a record without a legacy id).
    fn key(&self, document: &Document) -> Option<String> {
        let values: Option<Vec<String>> = self.fields.iter().map(|field| text(document.get(field)?)).collect();
        Some(format!("{}{}", self.prefix(), values?.join(":")))
    }

    /// The fields and values as a refusal names them: `{ legacy_id: 6 }`.
    fn describe(&self, document: &Document) -> String {
        let pairs: Vec<String> = self
            .fields
            .iter()
            .map(|field| {
                let value = match document.get(field) {
                    Some(Bson::String(text)) => format!("{text:?}"),
                    Some(other) => text(other).unwrap_or_default(),
                    None => String::new(),
                };
                format!("{field}: {value}")
            })
            .collect();
        format!("{{ {} }}", pairs.join(", "))
    }
}

/// A value as the claim's `_id` spells it, the same as `$toString` in the backfill.
fn text(value: &Bson) -> Option<String> {
    match value {
        Bson::String(text) => Some(text.clone()),
        Bson::Int32(number) => Some(number.to_string()),
        Bson::Int64(number) => Some(number.to_string()),
        Bson::Null => None,
        other => Some(other.to_string()),
    }
}

/// Takes every claim `document` needs before it is written to `collection`. Ok(Err(reason)) when another document
/// holds one (none of this call's claims is kept then); Ok(Ok(taken)) lists the claims taken now, to release if the
/// document is then refused.
pub async fn claim(
    db: &Database,
    mut session: Option<&mut ClientSession>,
    collection: &str,
    document: &Document,
) -> mongodb::error::Result<Result<Vec<String>, String>> {
    let holder = document.get("_id").cloned().unwrap_or(Bson::Null);
    let claims = db.collection::<Document>(UNIQUE_KEYS);
    let mut taken = Vec::new();
    for field in UNIQUE_FIELDS.iter().filter(|field| field.collection == collection) {
        let Some(key) = field.key(document) else { continue };
        let claim = doc! { "_id": &key, "collection": collection, "holder": &holder };
        let inserted = match session.as_deref_mut() {
            Some(session) => claims.insert_one(claim).session(session).await,
            None => claims.insert_one(claim).await,
        };
        match inserted {
            Ok(_) => taken.push(key),
            Err(err) if is_duplicate_key(&err) => {
                let filter = doc! { "_id": &key, "holder": &holder };
                let own = match session.as_deref_mut() {
                    Some(session) => claims.find_one(filter).session(session).await?,
                    None => claims.find_one(filter).await?,
                };
                if own.is_none() {
                    release(db, session, &taken).await?;
                    return Ok(Err(format!(
                        "another record already has the same {}: a duplicate",
                        field.describe(document)
                    )));
                }
            }
            Err(err) => return Err(err),
        }
    }
    Ok(Ok(taken))
}

/// Claims the values of a document being created now (no earlier run can hold them), in the caller's transaction:
/// a value already held fails with MongoDB's duplicate-key error, as a unique index would.
pub async fn claim_new(
    db: &Database,
    session: &mut ClientSession,
    collection: &str,
    document: &Document,
) -> mongodb::error::Result<()> {
    let holder = document.get("_id").cloned().unwrap_or(Bson::Null);
    for field in UNIQUE_FIELDS.iter().filter(|field| field.collection == collection) {
        let Some(key) = field.key(document) else { continue };
        let claim = doc! { "_id": key, "collection": collection, "holder": &holder };
        db.collection::<Document>(UNIQUE_KEYS).insert_one(claim).session(&mut *session).await?;
    }
    Ok(())
}

/// Gives back claims taken for a document that was not written after all.
pub async fn release(
    db: &Database,
    session: Option<&mut ClientSession>,
    keys: &[String],
) -> mongodb::error::Result<()> {
    if keys.is_empty() {
        return Ok(());
    }
    let claims = db.collection::<Document>(UNIQUE_KEYS);
    let delete = claims.delete_many(doc! { "_id": { "$in": keys } });
    match session {
        Some(session) => delete.session(session).await?,
        None => delete.await?,
    };
    Ok(())
}

/// Gives back every claim a document of `collection` held (a customer erased: their email is free again).
pub async fn release_held_by(
    db: &Database,
    session: &mut ClientSession,
    collection: &str,
    holder: &str,
) -> mongodb::error::Result<()> {
    db.collection::<Document>(UNIQUE_KEYS)
        .delete_many(doc! { "collection": collection, "holder": holder })
        .session(session)
        .await?;
    Ok(())
}

/// Claims the values of every document already stored (a database from before claims, whose unique indexes kept
/// them unique), one server-side `$merge` per field; existing claims are kept. Returns how many it added.
pub async fn claim_stored(db: &Database) -> mongodb::error::Result<u64> {
    let claims = db.collection::<Document>(UNIQUE_KEYS);
    let before = claims.estimated_document_count().await?;
    for field in UNIQUE_FIELDS {
        let present: Document = field
            .fields
            .iter()
            .map(|name| (name.to_string(), Bson::from(doc! { "$exists": true, "$ne": null })))
            .collect();
        let mut parts: Vec<Bson> = vec![Bson::String(field.prefix())];
        for (position, name) in field.fields.iter().enumerate() {
            if position > 0 {
                parts.push(Bson::String(":".into()));
            }
            parts.push(Bson::from(doc! { "$toString": format!("${name}") }));
        }
        let pipeline = [
            doc! { "$match": present },
            doc! { "$project": { "_id": { "$concat": parts }, "collection": field.collection, "holder": "$_id" } },
            doc! { "$merge": { "into": UNIQUE_KEYS, "on": "_id", "whenMatched": "keepExisting", "whenNotMatched": "insert" } },
        ];
        db.collection::<Document>(field.collection).aggregate(pipeline).await?.try_collect::<Vec<Document>>().await?;
    }
    let added = claims.count_documents(doc! {}).await?.saturating_sub(before);
    if added > 0 {
        tracing::info!(claims = added, "unique values of stored documents claimed");
    }
    Ok(added)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_claim_is_named_by_its_collection_fields_and_values() {
        let orders = &UNIQUE_FIELDS[3];
        let order = doc! { "_id": "o1", "legacy_source": "past", "legacy_id": 12_i64 };
        assert_eq!(orders.key(&order).as_deref(), Some("orders.legacy_source+legacy_id:past:12"));
        assert_eq!(orders.describe(&order), "{ legacy_source: \"past\", legacy_id: 12 }");
        assert_eq!(orders.key(&doc! { "_id": "o2", "legacy_source": "past" }), None, "no legacy id: nothing to claim");
        let email = &UNIQUE_FIELDS[0];
        assert_eq!(email.key(&doc! { "email": "ann@example.com" }).as_deref(), Some("customers.email:ann@example.com"));
    }
}
