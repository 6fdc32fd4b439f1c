//! Maintenance: expiring stale carts, restocking, recomputing recommendations and recording the daily inventory
//! level. Each job is a plain async function (`expire`, `restock`, `inventory`, `recommend::job`); `runner` records
//! a run, holds the job's lease while it runs and reports its progress; `scheduler` fires the runs the settings ask
//! for; `dashboard` is what the admin page shows.

pub mod dashboard;
pub mod expire;
pub mod expired_units;
pub mod inventory;
pub mod levels;
pub mod notes;
pub mod restock;
pub mod returned_units;
pub mod runner;
pub mod runs;
pub mod scheduler;
pub mod settings;
pub mod waste;
pub mod write_off;

pub use runner::{Maintenance, StartError};
pub use settings::MaintenanceSettings;

#[derive(Debug, thiserror::Error)]
pub enum MaintenanceError {
    #[error("the database failed: {0}")]
    Database(mongodb::error::Error),
    #[error(transparent)]
    Write(#[from] crate::server::mongo::bulk::BulkError),
    /// A write the database refused inside a transaction (its message).
    #[error("{0}")]
    Refused(String),
    #[error(transparent)]
    Recommend(#[from] crate::server::recommend::RecommendError),
}

/// The ids of `collection`'s documents matching `filter`, found with `options` (only the ids are read).
pub(crate) async fn ids(
    db: &mongodb::Database,
    collection: &str,
    filter: mongodb::bson::Document,
    mut options: mongodb::options::FindOptions,
) -> mongodb::error::Result<Vec<String>> {
    use futures::TryStreamExt;
    options.projection = Some(mongodb::bson::doc! { "_id": 1 });
    let found: Vec<mongodb::bson::Document> =
        db.collection(collection).find(filter).with_options(options).await?.try_collect().await?;
    Ok(found.iter().filter_map(|found| found.get_str("_id").ok().map(str::to_owned)).collect())
}

/// Ids in `_id` order, as the stock jobs take them.
fn in_id_order() -> mongodb::options::FindOptions {
    mongodb::options::FindOptions::builder().sort(mongodb::bson::doc! { "_id": 1 }).build()
}

/// A transaction's error: a refusal it carried out as a message (`Error::custom`), or the database's.
impl From<mongodb::error::Error> for MaintenanceError {
    fn from(err: mongodb::error::Error) -> Self {
        match err.get_custom::<String>() {
            Some(message) => MaintenanceError::Refused(message.clone()),
            None => MaintenanceError::Database(err),
        }
    }
}
