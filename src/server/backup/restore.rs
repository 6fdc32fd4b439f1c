//! Restores a folder written by `amazone export` (or by `mongoexport`, one `<collection>.json` per collection, in any
//! Extended JSON form): every document whose `_id` is not there yet is inserted as it is; one already there is left
//! alone (so a rerun changes nothing); one the schema refuses is reported with the field and why.

use std::path::Path;

use mongodb::bson::{Bson, Document};
use mongodb::error::ErrorKind;
use mongodb::Database;
use tokio::io::AsyncBufReadExt;

use super::file_name;
use crate::server::collections::BACKED_UP;
use crate::server::import::{ImportError, ImportReport};
use crate::server::schema::{describe_validation_details, DOCUMENT_VALIDATION_FAILURE};

/// Documents inserted per round trip.
const BATCH: usize = 1000;
const DUPLICATE_KEY: i32 = 11000;

/// Whether `dir` holds an export of this store (a file named after one of its collections), rather than the
/// original database's exports.
pub fn is_export(dir: &Path) -> bool {
    BACKED_UP.iter().any(|collection| dir.join(file_name(collection)).is_file())
}

pub async fn restore_dir(db: &Database, dir: &Path) -> Result<ImportReport, ImportError> {
    let mut report = ImportReport::default();
    for collection in BACKED_UP {
        let path = dir.join(file_name(collection));
        if path.is_file() {
            restore_collection(db, collection, &path, &mut report).await?;
        }
    }
    // The backup may come from an older Amazone, its documents in an older shape, while this database's ledger
    // already lists every migration: each is applied again (rewriting only what is still in an old shape) by
    // `amazone import` right after, or by the next start.
    crate::server::schema::migrations::forget_all(db).await?;
    Ok(report)
}

async fn restore_collection(
    db: &Database,
    collection: &'static str,
    path: &Path,
    report: &mut ImportReport,
) -> Result<(), ImportError> {
    let file = file_name(collection);
    let opened = match tokio::fs::File::open(path).await {
        Ok(opened) => opened,
        Err(err) => {
            report.file_failed(&file, format!("cannot read it: {err}; none of its records were imported"));
            return Ok(());
        }
    };
    let mut lines = tokio::io::BufReader::new(opened).lines();
    let mut batch: Vec<(usize, Document)> = Vec::with_capacity(BATCH);
    let mut index = 0;
    loop {
        let line = match lines.next_line().await {
            Ok(Some(line)) => line,
            Ok(None) => break,
            Err(err) => {
                report.file_failed(&file, format!("stopped reading at record {index}: {err}"));
                break;
            }
        };
        if line.trim().is_empty() {
            continue;
        }
        match parse_document(&line) {
            Ok(document) => batch.push((index, document)),
            Err(reason) => report.refused(&file, index, collection, reason),
        }
        index += 1;
        if batch.len() == BATCH {
            insert_batch(db, collection, &file, std::mem::take(&mut batch), report).await?;
        }
    }
    insert_batch(db, collection, &file, batch, report).await
}

/// One line of Extended JSON (canonical, relaxed or v1) as a BSON document.
fn parse_document(line: &str) -> Result<Document, String> {
    let value: serde_json::Value = serde_json::from_str(line).map_err(|err| format!("not valid JSON: {err}"))?;
    match Bson::try_from(value).map_err(|err| format!("not valid Extended JSON: {err}"))? {
        Bson::Document(document) if document.contains_key("_id") => Ok(document),
        Bson::Document(_) => Err("the document has no _id".into()),
        other => Err(format!("not a document but {other}")),
    }
}

/// Inserts a batch unordered: every good document goes in whatever its neighbours' fate.
async fn insert_batch(
    db: &Database,
    collection: &'static str,
    file: &str,
    batch: Vec<(usize, Document)>,
    report: &mut ImportReport,
) -> Result<(), ImportError> {
    if batch.is_empty() {
        return Ok(());
    }
    let indexes: Vec<usize> = batch.iter().map(|(index, _)| *index).collect();
    let documents = batch.into_iter().map(|(_, document)| document);
    let result = db.collection::<Document>(collection).insert_many(documents).ordered(false).await;
    let failures = match result {
        Ok(_) => Vec::new(),
        Err(err) => match err.kind.as_ref() {
            ErrorKind::InsertMany(failure) if failure.write_concern_error.is_none() => {
                failure.write_errors.clone().unwrap_or_default()
            }
            _ => return Err(err.into()),
        },
    };
    let mut failed = vec![false; indexes.len()];
    for failure in failures {
        failed[failure.index] = true;
        let index = indexes[failure.index];
        if failure.code == DUPLICATE_KEY && failure.message.contains("index: _id_") {
            report.written(collection, false);
        } else if failure.code == DOCUMENT_VALIDATION_FAILURE {
            let reason = describe_validation_details(failure.details.as_ref());
            report.refused(file, index, collection, format!("refused by the schema: {reason}"));
        } else {
            report.refused(file, index, collection, format!("refused: {}", failure.message));
        }
    }
    failed.into_iter().filter(|failed| !failed).for_each(|_| report.written(collection, true));
    Ok(())
}
