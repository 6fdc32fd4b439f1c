//! Streams generated documents into MongoDB: unordered bulk inserts of a few thousand, several in flight while the
//! next batch is generated, with a progress bar and the rate. Documents already there (a rerun with the same seed)
//! are counted, not failed.

use std::time::Instant;

use indicatif::{ProgressBar, ProgressStyle};
use mongodb::bson::Document;
use mongodb::error::{ErrorKind, Result};
use mongodb::Database;
use serde::Serialize;
use tokio::task::JoinSet;

const BATCH: usize = 5_000;
const IN_FLIGHT: usize = 3;
const DUPLICATE_KEY: i32 = 11_000;

pub struct Sink {
    db: Database,
    collection: &'static str,
    batch: Vec<Document>,
    in_flight: JoinSet<Result<(u64, u64)>>,
    progress: ProgressBar,
    started: Instant,
    pub inserted: u64,
    pub already_present: u64,
}

/// What one collection's generation did.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Written {
    pub collection: &'static str,
    pub inserted: u64,
    pub already_present: u64,
    pub seconds: f64,
}

impl Sink {
    pub fn new(db: &Database, collection: &'static str, expected: u64, show_progress: bool) -> Sink {
        let progress = if show_progress { ProgressBar::new(expected) } else { ProgressBar::hidden() };
        progress.set_style(
            ProgressStyle::with_template("{prefix:>18} [{bar:30}] {pos}/{len} {per_sec} eta {eta}")
                .unwrap_or_else(|_| ProgressStyle::default_bar())
                .progress_chars("=> "),
        );
        progress.set_prefix(collection);
        Sink {
            db: db.clone(),
            collection,
            batch: Vec::with_capacity(BATCH),
            in_flight: JoinSet::new(),
            progress,
            started: Instant::now(),
            inserted: 0,
            already_present: 0,
        }
    }

    pub async fn push<T: Serialize>(&mut self, document: &T) -> Result<()> {
        self.batch.push(mongodb::bson::to_document(document)?);
        if self.batch.len() >= BATCH {
            self.flush().await?;
        }
        Ok(())
    }

    async fn flush(&mut self) -> Result<()> {
        if self.batch.is_empty() {
            return Ok(());
        }
        while self.in_flight.len() >= IN_FLIGHT {
            self.settle_one().await?;
        }
        let batch = std::mem::replace(&mut self.batch, Vec::with_capacity(BATCH));
        let collection = self.db.collection::<Document>(self.collection);
        self.in_flight.spawn(async move {
            let size = batch.len() as u64;
            match collection.insert_many(batch).ordered(false).await {
                Ok(result) => Ok((result.inserted_ids.len() as u64, 0)),
                Err(err) => {
                    let duplicates = match err.kind.as_ref() {
                        ErrorKind::InsertMany(failure)
                            if failure.write_concern_error.is_none()
                                && failure
                                    .write_errors
                                    .as_ref()
                                    .is_some_and(|errors| errors.iter().all(|error| error.code == DUPLICATE_KEY)) =>
                        {
                            failure.write_errors.as_ref().map_or(0, |errors| errors.len() as u64)
                        }
                        _ => return Err(err),
                    };
                    Ok((size - duplicates, duplicates))
                }
            }
        });
        Ok(())
    }

    async fn settle_one(&mut self) -> Result<()> {
        if let Some(joined) = self.in_flight.join_next().await {
            let (inserted, present) = joined.expect("an insert task does not panic")?;
            self.inserted += inserted;
            self.already_present += present;
            self.progress.inc(inserted + present);
        }
        Ok(())
    }

    pub async fn finish(mut self) -> Result<Written> {
        self.flush().await?;
        while !self.in_flight.is_empty() {
            self.settle_one().await?;
        }
        self.progress.finish_and_clear();
        Ok(Written {
            collection: self.collection,
            inserted: self.inserted,
            already_present: self.already_present,
            seconds: self.started.elapsed().as_secs_f64(),
        })
    }
}

/// Where a generation run writes: its database, whether it shows progress, and what each collection got.
pub struct Output<'a> {
    pub db: &'a Database,
    progress: bool,
    pub written: Vec<Written>,
}

impl<'a> Output<'a> {
    pub fn new(db: &'a Database, progress: bool) -> Output<'a> {
        Output { db, progress, written: Vec::new() }
    }

    /// A sink into `collection` with a progress bar (when shown) counting to `expected`.
    pub fn sink(&self, collection: &'static str, expected: usize) -> Sink {
        Sink::new(self.db, collection, expected as u64, self.progress)
    }

    /// A sink without a progress bar: for collections written beside another that shows one.
    pub fn quiet_sink(&self, collection: &'static str) -> Sink {
        Sink::new(self.db, collection, 0, false)
    }

    pub async fn finish(&mut self, sink: Sink) -> Result<()> {
        self.written.push(sink.finish().await?);
        Ok(())
    }

    pub async fn all<T: Serialize>(&mut self, collection: &'static str, documents: &[T]) -> Result<()> {
        let mut sink = self.sink(collection, documents.len());
        for document in documents {
            sink.push(document).await?;
        }
        self.finish(sink).await
    }
}
