//! Where the recommendations job keeps its results: each customer's `Recommended_Products` (the original's
//! contract, read as is by the home page) and each product's most similar products (`similar_products`, so that one
//! customer's list can be refreshed without refitting the model).

use std::collections::HashMap;

use futures::TryStreamExt;
use mongodb::bson::{self, doc, DateTime, Document};
use mongodb::Database;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::model::customer::RecommendedProduct;
use crate::server::collections::{CUSTOMERS, SIMILAR_PRODUCTS};
use crate::server::mongo::bulk::{update_batch, update_batch_on_primary, update_statement, BulkError, BulkUpdated};

/// A product's most similar products, most similar first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SimilarProducts {
    #[serde(rename = "_id")]
    pub product_id: String,
    pub neighbours: Vec<Neighbour>,
    pub computed_at: DateTime,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Neighbour {
    pub product_id: String,
    pub similarity: f64,
}

/// A customer document's key: its region (none before it is stamped) and id.
pub type CustomerKey = (Option<String>, String);

/// A customer as the job finds them: their document's key, and the digest of the list it holds (none when it holds
/// none, or one written before lists carried their digest).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListOwner {
    pub key: CustomerKey,
    pub digest: Option<i64>,
}

impl ListOwner {
    /// Whether `list` is the one they hold already, which the job then leaves alone: nothing written or replicated.
    pub fn holds(&self, list: &[RecommendedProduct]) -> bool {
        self.digest == Some(digest(list))
    }
}

/// Every customer's key and list digest, by id: the job writes each list on its customer's region's shard, only
/// when it changed (one read of three small fields per customer, made while the model is fitted).
pub async fn list_owners(db: &Database) -> mongodb::error::Result<HashMap<String, ListOwner>> {
    #[derive(Deserialize)]
    struct Stored {
        #[serde(rename = "_id")]
        id: String,
        region: Option<String>,
        recommended_digest: Option<i64>,
    }
    db.collection::<Stored>(CUSTOMERS)
        .find(doc! {})
        .projection(doc! { "_id": 1, "region": 1, "recommended_digest": 1 })
        .await?
        .map_ok(|stored| {
            let key = (stored.region, stored.id.clone());
            (stored.id, ListOwner { key, digest: stored.recommended_digest })
        })
        .try_collect()
        .await
}

/// A list's fingerprint, stored beside it (`recommended_digest`) so that the job can tell an unchanged list without
/// reading it back: the first 8 bytes of a SHA-256 over every entry's fields, stable across builds and machines.
pub fn digest(list: &[RecommendedProduct]) -> i64 {
    let mut hasher = Sha256::new();
    for entry in list {
        for text in [&entry.product_id, &entry.name] {
            hasher.update((text.len() as u64).to_le_bytes());
            hasher.update(text.as_bytes());
        }
        hasher.update(entry.average_customer_rating.to_bits().to_le_bytes());
        hasher.update(entry.price.0.to_le_bytes());
    }
    let hash = hasher.finalize();
    i64::from_le_bytes(hash[..8].try_into().expect("SHA-256 has 32 bytes"))
}

/// Statements setting customers' lists, with their time and digest. A list is never written over one computed from
/// newer data (`recommended_at` after `computed_at`): a customer refreshed after buying, while the whole job ran on
/// the data from before, keeps the newer list.
///
/// Plain `$set`s, found by the document's key on the `_id` index (hinted: left to itself, the planner weighs the
/// region's indexes too): mongod applies them markedly faster than the pipeline that used to compare each list
/// with the stored one, a comparison the job now makes from the digests before it sends anything.
pub fn list_statements(lists: Vec<(CustomerKey, Vec<RecommendedProduct>)>, computed_at: DateTime) -> Vec<Document> {
    lists
        .into_iter()
        .map(|((region, customer_id), list)| {
            let digest = digest(&list);
            let entries = bson::to_bson(&list).expect("recommended products serialize to BSON");
            let filter =
                doc! { "region": region, "_id": customer_id, "recommended_at": { "$not": { "$gt": computed_at } } };
            let update = doc! { "$set": {
                "Recommended_Products": entries, "recommended_at": computed_at, "recommended_digest": digest,
            } };
            let mut statement = update_statement(filter, update, false);
            statement.insert("hint", doc! { "_id": 1 });
            statement
        })
        .collect()
}

/// Lists are derived data, rewritten by every run: see `update_batch_on_primary`.
pub async fn save_lists(db: &Database, statements: Vec<Document>) -> Result<BulkUpdated, BulkError> {
    update_batch_on_primary(db, CUSTOMERS, statements).await
}

/// Statements replacing products' neighbour lists (inserted when new).
pub fn neighbour_statements(products: Vec<SimilarProducts>) -> Vec<Document> {
    products
        .into_iter()
        .map(|similar| {
            let replacement = bson::to_document(&similar).expect("similar products serialize to BSON");
            update_statement(doc! { "_id": &similar.product_id }, replacement, true)
        })
        .collect()
}

pub async fn save_neighbours(db: &Database, statements: Vec<Document>) -> Result<BulkUpdated, BulkError> {
    update_batch(db, SIMILAR_PRODUCTS, statements).await
}

/// Removes neighbour lists the run that started at `started` did not write (products nobody rates or buys now).
pub async fn drop_neighbours_before(db: &Database, started: DateTime) -> mongodb::error::Result<u64> {
    let deleted =
        db.collection::<Document>(SIMILAR_PRODUCTS).delete_many(doc! { "computed_at": { "$lt": started } }).await?;
    Ok(deleted.deleted_count)
}

/// The stored neighbours of `product_ids`, by product.
pub async fn load_neighbours(
    db: &Database,
    product_ids: &[String],
) -> mongodb::error::Result<HashMap<String, Vec<Neighbour>>> {
    db.collection::<SimilarProducts>(SIMILAR_PRODUCTS)
        .find(doc! { "_id": { "$in": product_ids } })
        .await?
        .map_ok(|similar| (similar.product_id, similar.neighbours))
        .try_collect()
        .await
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Money;

    fn entry(id: &str, name: &str, rating: f64, pence: i64) -> RecommendedProduct {
        RecommendedProduct {
            product_id: id.into(),
            name: name.into(),
            average_customer_rating: rating,
            price: Money(pence),
        }
    }

    #[test]
    fn a_lists_digest_changes_with_any_entry_field_or_their_order_and_only_then() {
        let list = vec![entry("p1", "Jam", 4.5, 250), entry("p2", "Tea", 3.0, 199)];
        assert_eq!(digest(&list), digest(&list.clone()));
        let mut changed = Vec::new();
        for edit in 0..5 {
            let mut other = list.clone();
            match edit {
                0 => other[0].product_id = "p3".into(),
                1 => other[1].name = "Green tea".into(),
                2 => other[0].average_customer_rating = 4.6,
                3 => other[1].price = Money(200),
                _ => other.reverse(),
            }
            changed.push(digest(&other));
        }
        assert!(changed.iter().all(|other| *other != digest(&list)), "{changed:?}");
        // Field boundaries count: "ab" + "c" is not "a" + "bc".
        assert_ne!(digest(&[entry("ab", "c", 1.0, 1)]), digest(&[entry("a", "bc", 1.0, 1)]));
        assert_ne!(digest(&[]), digest(&list));
        let owner = ListOwner { key: (Some("uk".into()), "c1".into()), digest: Some(digest(&list)) };
        assert!(owner.holds(&list) && !owner.holds(&list[..1]));
        assert!(!ListOwner { digest: None, ..owner }.holds(&[]), "a list written before digests is written again");
    }
}
