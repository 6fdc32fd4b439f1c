//! Where the recommendations job keeps its results: each customer's `Recommended_Products` (the original's
//! contract, read as is by the home page) and each product's most similar products (`similar_products`, so that one
//! customer's list can be refreshed without refitting the model).

use std::collections::HashMap;

use futures::TryStreamExt;
use mongodb::bson::{self, doc, DateTime, Document};
use mongodb::Database;
use serde::{Deserialize, Serialize};

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

/// What a statement does with a list equal to the one stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unchanged {
    /// Leaves it as it is, time included, so the database writes (and replicates) nothing: the whole job, where
    /// most lists often come out the same.
    LeaveAlone,
    /// Writes its time anyway: a customer's refresh after a purchase, whose newer time must keep an older run from
    /// writing over the list later.
    Restamp,
}

/// A customer document's key: its region (none before it is stamped) and id.
pub type CustomerKey = (Option<String>, String);

/// Every customer's key, by id: the job writes each list on its customer's region's shard (one read of two fields
/// per customer, made while the model is fitted).
pub async fn customer_keys(db: &Database) -> mongodb::error::Result<HashMap<String, CustomerKey>> {
    #[derive(Deserialize)]
    struct Key {
        #[serde(rename = "_id")]
        id: String,
        region: Option<String>,
    }
    db.collection::<Key>(CUSTOMERS)
        .find(doc! {})
        .projection(doc! { "_id": 1, "region": 1 })
        .await?
        .map_ok(|key| (key.id.clone(), (key.region, key.id)))
        .try_collect()
        .await
}

/// Statements setting customers' lists. A list is only written over one computed from older data
/// (`recommended_at` after `computed_at` is kept): a customer refreshed after buying, while the whole job ran on
/// the data from before, keeps the newer list.
///
/// The rules are in the update (a pipeline), not the filter: a filter of the document's key alone (its region and
/// `_id`) is found on the `_id` index with no other condition to weigh, which made the job's writes a tenth faster.
pub fn list_statements(
    lists: Vec<(CustomerKey, Vec<RecommendedProduct>)>,
    computed_at: DateTime,
    unchanged: Unchanged,
) -> Vec<Document> {
    lists
        .into_iter()
        .map(|((region, customer_id), list)| {
            // `$literal`: a product name starting with `$` must never read as a field path.
            let entries = doc! { "$literal": bson::to_bson(&list).expect("recommended products serialize to BSON") };
            let newer = doc! { "$gt": ["$recommended_at", computed_at] };
            let keep_time = match unchanged {
                Unchanged::LeaveAlone => doc! { "$or": [&newer, { "$eq": ["$Recommended_Products", &entries] }] },
                Unchanged::Restamp => newer.clone(),
            };
            update_statement(
                doc! { "region": region, "_id": customer_id },
                vec![doc! { "$set": {
                    "Recommended_Products": { "$cond": [newer, "$Recommended_Products", entries] },
                    "recommended_at": { "$cond": [keep_time, "$recommended_at", computed_at] },
                } }],
                false,
            )
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
