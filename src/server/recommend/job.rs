//! Recomputing every customer's `Recommended_Products` from everyone's ratings and purchases.
//!
//! The model is the one `recommendations.model` chooses (`deployed`). Memory is bounded by the interactions (about
//! 24 bytes each) and the model (EASE's dense matrices while it learns, then `neighbours` per product), never by
//! the lists: they are computed a batch of customers at a time on a blocking thread and handed through a channel of
//! four batches to the writers, which send each batch as one bulk update while the next ones are computed.
//!
//! The work is arranged so that the database and this process are busy at the same time: the model is fitted
//! here while the database checks the rating summaries, and lists are computed here while the database writes
//! earlier ones (`scripts/bench/recommend.sh` prints each phase).

use std::collections::HashMap;
use std::time::Instant;

use futures::{stream, StreamExt};
use mongodb::bson::{doc, DateTime, Document};
use mongodb::Database;
use tokio::sync::mpsc;

use super::history;
use super::interactions::{Interactions, Rating};
use super::lists::{self, Candidates};
use super::sellable::{self, RegionalShelves, Sellable};
use super::similarity::ItemSimilarity;
use super::store::{self, ListOwner, Neighbour, SimilarProducts};
use super::{deployed, entries, RecommendError};
use crate::model::region::Regions;
use crate::server::config::RecommendationSettings;

/// Customers per bulk update of lists; products per bulk update of neighbours.
const CUSTOMERS_PER_BATCH: usize = 1_000;
const PRODUCTS_PER_BATCH: usize = 100;
/// Bulk updates in flight at once. One at a time left the database idle while this process built the next batch
/// and the reverse: two took the job at 100,000 customers from 22 s to 14 s; more only queue behind them.
const WRITES_AT_ONCE: usize = 2;
/// Popular products read for topping up short lists, beyond the list size (some are already seen by a customer).
const POPULAR_HEADROOM: usize = 200;

#[derive(Debug, Clone, Default, PartialEq)]
pub struct RecomputeSummary {
    /// Customers with any rating or purchase (each gets a list).
    pub customers: u64,
    /// Customer documents written (fewer when a customer was refreshed on their own meanwhile, or is gone).
    pub customers_updated: u64,
    /// Ratings and purchases learned from.
    pub interactions: u64,
    /// Products with stored neighbours.
    pub products_modelled: u64,
    pub seconds: f64,
    pub phases: Phases,
}

/// Where a run's seconds went, each measured on its own: reading what customers did; checking the rating summaries
/// and reading the catalogue (while the model is fitted); fitting the model; computing the lists; the bulk writes
/// (added up over the writes, which overlap each other and the lists).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Phases {
    pub read: f64,
    pub catalogue: f64,
    pub fit: f64,
    pub lists: f64,
    pub writes: f64,
}

/// The model, fitted, with the interactions it learned from by customer.
struct Fitted {
    users: Vec<String>,
    items: Vec<String>,
    by_user: Vec<Vec<Rating>>,
    model: ItemSimilarity,
    /// Interactions learned from (a customer's several with one product count once).
    interactions: u64,
    seconds: f64,
}

enum Batch {
    Neighbours(Vec<Document>),
    Lists { statements: Vec<Document>, customers: u64 },
}

/// What one bulk update wrote: neighbour lists, customers' lists, and the customers it covered.
#[derive(Default)]
struct Written {
    products: u64,
    customers_updated: u64,
    customers: u64,
    seconds: f64,
}

/// Recomputes every list. `progress(done, total)` is called after each batch of customers is written. Safe to run
/// again or after a run that was stopped halfway: every write sets a whole list.
pub async fn recompute_all(
    db: &Database,
    settings: &RecommendationSettings,
    regions: &Regions,
    progress: impl Fn(u64, u64),
) -> Result<RecomputeSummary, RecommendError> {
    let started_at = DateTime::now();
    let clock = Instant::now();
    let mut phases = Phases::default();
    let data = history::ratings_and_purchases(db, doc! {}).await?;
    phases.read = clock.elapsed().as_secs_f64();
    let customers = data.users.len() as u64;
    progress(0, customers);

    let model_settings = settings.clone();
    let fitting = tokio::task::spawn_blocking(move || fit(data, &model_settings));
    let catalogue = Instant::now();
    // Lists carry each product's average rating: put any summary that drifted from its ratings right before the
    // catalogue is read (a guarded repair; see ratings::summary).
    crate::server::ratings::repair_summaries(db).await?;
    let in_stock = entries::in_stock(db, None).await?;
    let stocked = sellable::stocked(db, None).await?;
    let owners = store::list_owners(db).await?;
    let k = settings.list_size();
    let popular = entries::popular(db, k + POPULAR_HEADROOM).await?;
    phases.catalogue = catalogue.elapsed().as_secs_f64();
    let fitted = fitting.await.map_err(|err| RecommendError::Worker(err.to_string()))?;
    phases.fit = fitted.seconds;
    let interactions = fitted.interactions;
    let sellable = Sellable { stocked, regions: regions.clone() };
    let shelves = RegionalShelves::new(&sellable, &fitted.items, &in_stock, &popular);
    drop((in_stock, sellable));

    let (sender, batches) = mpsc::channel(4);
    let worker = tokio::task::spawn_blocking(move || send_lists(fitted, &shelves, &owners, k, started_at, &sender));
    let writes = stream::unfold(batches, |mut batches| async move { batches.recv().await.map(|b| (b, batches)) })
        .map(|batch| write(db, batch))
        .buffer_unordered(WRITES_AT_ONCE);
    let mut writes = std::pin::pin!(writes);
    let mut summary = RecomputeSummary { customers, interactions, ..RecomputeSummary::default() };
    let mut done = 0;
    while let Some(written) = writes.next().await {
        let written = written?;
        summary.products_modelled += written.products;
        summary.customers_updated += written.customers_updated;
        phases.writes += written.seconds;
        if written.customers > 0 {
            done += written.customers;
            progress(done, customers);
        }
    }
    phases.lists = worker.await.map_err(|err| RecommendError::Worker(err.to_string()))?;
    store::drop_neighbours_before(db, started_at).await?;
    summary.seconds = clock.elapsed().as_secs_f64();
    summary.phases = phases;
    let Phases { read, catalogue, fit, lists, writes } = phases;
    tracing::info!(seconds = summary.seconds, read, catalogue, fit, lists, writes, "recommendations recomputed");
    Ok(summary)
}

async fn write(db: &Database, batch: Batch) -> Result<Written, RecommendError> {
    let clock = Instant::now();
    let mut written = match batch {
        Batch::Neighbours(statements) => {
            let saved = store::save_neighbours(db, statements).await?;
            Written { products: saved.matched + saved.upserted, ..Written::default() }
        }
        Batch::Lists { statements, customers } => {
            // Modified, not matched: a customer refreshed since the run began keeps their newer list untouched.
            Written {
                customers_updated: store::save_lists(db, statements).await?.modified,
                customers,
                ..Written::default()
            }
        }
    };
    written.seconds = clock.elapsed().as_secs_f64();
    Ok(written)
}

fn fit(data: Interactions, settings: &RecommendationSettings) -> Fitted {
    let clock = Instant::now();
    let (users, items, by_user) = data.into_by_user();
    let interactions = by_user.iter().map(|seen| seen.len() as u64).sum();
    let now = by_user.iter().flatten().map(|r| r.time).max().unwrap_or(0);
    let neighbours = deployed::fit_neighbours(&by_user, items.len(), settings);
    let model = ItemSimilarity::from_neighbours(neighbours, now, &deployed::scoring(settings));
    Fitted { users, items, by_user, model, interactions, seconds: clock.elapsed().as_secs_f64() }
}

/// Sends the model's neighbour lists, then every customer's list, batch by batch; returns the seconds spent
/// computing lists. Stops early when the writers have gone (a failed write). A customer without a document in
/// `owners` (erased since their ratings were read) gets no list; each picks from their region's shelf, and a list
/// equal to the one they hold is not sent.
fn send_lists(
    fitted: Fitted,
    shelves: &RegionalShelves,
    owners: &HashMap<String, ListOwner>,
    k: usize,
    computed_at: DateTime,
    sender: &mpsc::Sender<Batch>,
) -> f64 {
    let Fitted { users, items, by_user, model, .. } = fitted;
    let item_indices: Vec<u32> = (0..items.len() as u32).collect();
    for chunk in item_indices.chunks(PRODUCTS_PER_BATCH) {
        let products = chunk
            .iter()
            .filter(|&&item| !model.neighbours(item).is_empty())
            .map(|&item| SimilarProducts {
                product_id: items[item as usize].clone(),
                neighbours: model
                    .neighbours(item)
                    .iter()
                    .map(|&(other, similarity)| Neighbour {
                        product_id: items[other as usize].clone(),
                        similarity: f64::from(similarity),
                    })
                    .collect(),
                computed_at,
            })
            .collect();
        if sender.blocking_send(Batch::Neighbours(store::neighbour_statements(products))).is_err() {
            return 0.0;
        }
    }

    let mut scores = vec![0.0; items.len()];
    let mut seconds = 0.0;
    for (chunk, chunk_users) in by_user.chunks(CUSTOMERS_PER_BATCH).enumerate() {
        let clock = Instant::now();
        let first = chunk * CUSTOMERS_PER_BATCH;
        let lists = chunk_users
            .iter()
            .enumerate()
            .filter_map(|(n, seen)| {
                let owner = owners.get(&users[first + n])?;
                let shelf = shelves.of(owner.key.0.as_deref());
                let candidates = Candidates { ids: &items, entries: &shelf.entries };
                let list = lists::for_customer(&model, seen, &candidates, &shelf.popular, k, &mut scores);
                (!owner.holds(&list)).then(|| (owner.key.clone(), list))
            })
            .collect();
        let statements = store::list_statements(lists, computed_at);
        seconds += clock.elapsed().as_secs_f64();
        if sender.blocking_send(Batch::Lists { statements, customers: chunk_users.len() as u64 }).is_err() {
            break;
        }
    }
    seconds
}
