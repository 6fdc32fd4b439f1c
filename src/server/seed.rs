//! A new store is never empty: at the first start on an empty database, load the original exports and a moderate
//! generated set, then compute every customer's recommendations. Safe with several servers starting at once: every
//! step is idempotent.

use std::path::Path;

use mongodb::bson::{doc, Document};
use mongodb::Database;

use super::application::StartupError;
use super::collections::PRODUCTS;
use super::config::{RecommendationSettings, SeedSettings};
use super::generate::generate;
use super::import::import_dir;

/// Seeds the database if it holds no products yet; returns whether it did.
pub async fn seed_if_empty(
    db: &Database,
    settings: &SeedSettings,
    recommendations: &RecommendationSettings,
    regions: &crate::model::region::Regions,
) -> Result<bool, StartupError> {
    if !settings.enabled {
        return Ok(false);
    }
    let products =
        db.collection::<Document>(PRODUCTS).count_documents(doc! {}).limit(1).await.map_err(StartupError::Generate)?;
    if products > 0 {
        return Ok(false);
    }
    tracing::info!("the database is empty: loading the sample data");
    import_exports(db, &settings.dir, regions).await?;
    // The importer writes without the settings: its documents get their regions now (the generator stamps its own).
    super::regions::stamp_missing(db, regions).await.map_err(StartupError::Generate)?;
    let summary = generate(db, &settings.generate, regions).await.map_err(StartupError::Generate)?;
    tracing::info!(
        documents = summary.documents(),
        seconds = format!("{:.1}", summary.seconds),
        seed = settings.generate.seed,
        "generated sample data (amazone generate --seed {})",
        settings.generate.seed
    );
    let computed = super::recommend::job::recompute_all(db, recommendations, regions, |_, _| {}).await?;
    tracing::info!(
        customers = computed.customers_updated,
        seconds = format!("{:.1}", computed.seconds),
        "computed recommendations (amazone maintenance recommendations)"
    );
    Ok(true)
}

async fn import_exports(
    db: &Database,
    dir: &Path,
    regions: &crate::model::region::Regions,
) -> Result<(), StartupError> {
    if !dir.is_dir() {
        tracing::warn!(dir = %dir.display(), "the seed exports folder is missing; starting with generated data only (set AMAZONE_SEED_DIR)");
        return Ok(());
    }
    let report = import_dir(db, dir, regions).await?;
    let inserted: u64 = report.counts.values().map(|c| c.inserted).sum();
    let refused: u64 = report.counts.values().map(|c| c.refused).sum();
    tracing::info!(dir = %dir.display(), inserted, refused, "imported the original exports (amazone import shows the full report)");
    Ok(())
}
