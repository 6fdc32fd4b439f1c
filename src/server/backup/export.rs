//! Writes every backed-up collection to `<dir>/<collection>.json` in canonical Extended JSON, sorted by `_id`. Each
//! file is written under a temporary name and renamed when complete, so a killed export never leaves a file that
//! looks whole but is not.

use std::path::{Path, PathBuf};
use std::time::Instant;

use futures::TryStreamExt;
use mongodb::bson::{doc, Bson, Document};
use mongodb::Database;
use tokio::io::AsyncWriteExt;

use super::file_name;
use crate::server::collections::BACKED_UP;

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("cannot write {0}: {1}. Check that the folder is writable and the disk has room")]
    File(PathBuf, std::io::Error),
    #[error("the database failed during the export ({0}); run it again: every file is rewritten whole")]
    Database(#[from] mongodb::error::Error),
}

/// Documents written per collection, in the order written.
#[derive(Debug, Default)]
pub struct ExportSummary {
    pub collections: Vec<(&'static str, u64)>,
    pub seconds: f64,
}

/// Exports every backed-up collection into `dir` (created if missing). `progress` hears (collection, done, total).
pub async fn export_dir(
    db: &Database,
    dir: &Path,
    mut progress: impl FnMut(&str, u64, u64),
) -> Result<ExportSummary, ExportError> {
    let started = Instant::now();
    tokio::fs::create_dir_all(dir).await.map_err(|err| ExportError::File(dir.to_path_buf(), err))?;
    let mut summary = ExportSummary::default();
    for collection in BACKED_UP {
        let written = export_collection(db, collection, dir, &mut progress).await?;
        summary.collections.push((collection, written));
    }
    summary.seconds = started.elapsed().as_secs_f64();
    Ok(summary)
}

async fn export_collection(
    db: &Database,
    collection: &'static str,
    dir: &Path,
    progress: &mut impl FnMut(&str, u64, u64),
) -> Result<u64, ExportError> {
    let path = dir.join(file_name(collection));
    let partial = dir.join(format!(".{}.partial", file_name(collection)));
    let file_error = |err| ExportError::File(path.clone(), err);
    let documents = db.collection::<Document>(collection);
    let total = documents.estimated_document_count().await?;
    let mut out = tokio::io::BufWriter::new(tokio::fs::File::create(&partial).await.map_err(file_error)?);
    let mut cursor = documents.find(doc! {}).sort(doc! { "_id": 1 }).await?;
    let mut done = 0;
    progress(collection, done, total);
    while let Some(document) = cursor.try_next().await? {
        let mut line = Bson::Document(document).into_canonical_extjson().to_string();
        line.push('\n');
        out.write_all(line.as_bytes()).await.map_err(file_error)?;
        done += 1;
        if done % 1000 == 0 {
            progress(collection, done, total.max(done));
        }
    }
    out.flush().await.map_err(file_error)?;
    out.into_inner().sync_all().await.map_err(file_error)?;
    tokio::fs::rename(&partial, &path).await.map_err(file_error)?;
    progress(collection, done, done);
    Ok(done)
}
