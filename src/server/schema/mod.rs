//! Creates every collection with its validator and indexes at start-up. Running it again changes nothing.

mod indexes;
pub mod migrations;
mod validation_error;
mod validators;

use mongodb::bson::{doc, Document};
use mongodb::Database;

use crate::server::collections::*;
use crate::server::mongo::command_error_code;

pub use indexes::{indexes as declared_indexes, REPLACED_INDEXES};
pub use validation_error::{describe_validation_details, describe_write_error, DOCUMENT_VALIDATION_FAILURE};

/// MongoDB's code for "collection already exists".
const NAMESPACE_EXISTS: i32 = 48;

/// Every collection the store keeps.
pub const COLLECTIONS: [&str; 24] = [
    PRODUCTS,
    CUSTOMERS,
    CARTS,
    ORDERS,
    STORES,
    WAREHOUSES,
    PARTNERS,
    PRODUCT_RATINGS,
    PARTNER_RATINGS,
    FRESH_STOCK,
    WAREHOUSE_STOCK,
    INVENTORY_LEVELS,
    EXPIRED_UNITS,
    RETURNED_UNITS,
    ACCOUNTS,
    SESSIONS,
    SIMILAR_PRODUCTS,
    JOB_RUNS,
    JOB_LEASES,
    COUNTERS,
    AUDIT_LOG,
    SIGN_IN_FAILURES,
    APPLIED_MIGRATIONS,
    UNIQUE_KEYS,
];

#[derive(Debug, thiserror::Error)]
#[error(
    "setting up the {collection} collection failed: {source}. If an index of the same name exists with other \
     options, drop it and start again"
)]
pub struct SchemaError {
    pub collection: &'static str,
    pub source: mongodb::error::Error,
}

/// Puts the collections in place and applies the migrations not yet applied, with the default regions (the
/// server passes its settings' to `migrate`).
pub async fn ensure(db: &Database) -> Result<(), SchemaError> {
    ensure_collections(db).await?;
    migrate(db, &crate::model::region::Regions::default()).await
}

/// Applies the migrations this database has not had (waiting for another server applying them), then draws the
/// pictures of products stored without one.
pub async fn migrate(db: &Database, regions: &crate::model::region::Regions) -> Result<(), SchemaError> {
    let fail = |source| SchemaError { collection: APPLIED_MIGRATIONS, source };
    migrations::run_pending(db, regions).await.map_err(fail)?;
    crate::server::pictures::draw_missing(db).await.map_err(|source| SchemaError { collection: PRODUCTS, source })?;
    Ok(())
}

/// Creates missing collections with their validators, updates the validators of existing ones, and creates
/// missing indexes. Idempotent: the same validator and the same index specifications are no-ops the second time.
pub async fn ensure_collections(db: &Database) -> Result<(), SchemaError> {
    let existing = db.list_collection_names().await.map_err(|source| SchemaError { collection: "any", source })?;
    for collection in COLLECTIONS {
        let fail = |source| SchemaError { collection, source };
        let validator = validators::validator(collection);
        // Level and action spelled out in both commands, so that create and collMod leave identical options.
        let rules = doc! { "validator": &validator, "validationLevel": "strict", "validationAction": "error" };
        let mut modify = doc! { "collMod": collection };
        modify.extend(rules.clone());
        if existing.iter().any(|name| name == collection) {
            db.run_command(modify).await.map_err(fail)?;
        } else {
            let mut create = doc! { "create": collection };
            create.extend(rules);
            match db.run_command(create).await {
                Ok(_) => {}
                // Another server starting at the same moment created it first.
                Err(err) if command_error_code(&err) == Some(NAMESPACE_EXISTS) => {
                    db.run_command(modify).await.map_err(fail)?;
                }
                Err(err) => return Err(fail(err)),
            }
        }
        let replaced: Vec<(&str, &str)> =
            REPLACED_INDEXES.iter().copied().filter(|(of, _)| *of == collection).collect();
        migrations::drop_indexes(db, &replaced).await.map_err(fail)?;
        let indexes = indexes::indexes(collection);
        if !indexes.is_empty() {
            db.collection::<Document>(collection).create_indexes(indexes).await.map_err(fail)?;
        }
    }
    picture_bucket_indexes(db).await?;
    tracing::info!(collections = COLLECTIONS.len(), "collections, validators and indexes are in place");
    Ok(())
}

/// The indexes GridFS needs (`indexes` says which): the driver creates them only when the bucket is empty, which a
/// restored backup is not.
async fn picture_bucket_indexes(db: &Database) -> Result<(), SchemaError> {
    use crate::server::pictures::store::{CHUNKS, FILES};
    for bucket in [CHUNKS, FILES] {
        db.collection::<Document>(bucket)
            .create_indexes(indexes::indexes(bucket))
            .await
            .map_err(|source| SchemaError { collection: bucket, source })?;
    }
    Ok(())
}
