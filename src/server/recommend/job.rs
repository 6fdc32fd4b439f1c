//! Recomputing every customer's `Recommended_Products` from everyone's ratings and purchases.
//!
//! The model is the one `recommendations.model` chooses (`deployed`). Memory is bounded by the interactions (about
//! 24 bytes each) and the model (EASE's dense matrices while it learns, then `neighbours` per product), never by
//! the lists: they are computed a batch of customers at a time on a blocking thread and handed through a channel of
//! four batches to the writer, which sends each batch as one bulk update while the next is computed.

use std::time::Instant;

use mongodb::bson::{doc, DateTime};
use mongodb::Database;
use tokio::sync::mpsc;

use super::history;
use super::interactions::Interactions;
use super::lists::{self, Candidates};
use super::similarity::ItemSimilarity;
use super::store::{self, Neighbour, SimilarProducts};
use super::{deployed, entries, RecommendError};
use crate::model::customer::RecommendedProduct;
use crate::server::config::RecommendationSettings;

/// Customers per bulk update of lists; products per bulk update of neighbours.
const CUSTOMERS_PER_BATCH: usize = 1_000;
const PRODUCTS_PER_BATCH: usize = 100;
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
}

enum Batch {
    Neighbours(Vec<mongodb::bson::Document>),
    Lists { statements: Vec<mongodb::bson::Document>, customers: u64 },
}

/// Recomputes every list. `progress(done, total)` is called after each batch of customers is written. Safe to run
/// again or after a run that was stopped halfway: every write sets a whole list.
pub async fn recompute_all(
    db: &Database,
    settings: &RecommendationSettings,
    progress: impl Fn(u64, u64),
) -> Result<RecomputeSummary, RecommendError> {
    let started_at = DateTime::now();
    let clock = Instant::now();
    let data = history::ratings_and_purchases(db, doc! {}).await?;
    let in_stock = entries::in_stock(db, None).await?;
    let entries: Vec<Option<RecommendedProduct>> = data.items.iter().map(|id| in_stock.get(id).cloned()).collect();
    drop(in_stock);
    let k = settings.list_size();
    let popular = entries::popular(db, k + POPULAR_HEADROOM).await?;
    let mut summary = RecomputeSummary { customers: data.users.len() as u64, ..RecomputeSummary::default() };
    progress(0, summary.customers);

    let (sender, mut batches) = mpsc::channel(4);
    let model_settings = settings.clone();
    let worker =
        tokio::task::spawn_blocking(move || compute(data, &entries, &popular, &model_settings, k, started_at, &sender));
    let mut done = 0;
    while let Some(batch) = batches.recv().await {
        match batch {
            Batch::Neighbours(statements) => {
                let written = store::save_neighbours(db, statements).await?;
                summary.products_modelled += written.matched + written.upserted;
            }
            Batch::Lists { statements, customers } => {
                summary.customers_updated += store::save_lists(db, statements).await?.matched;
                done += customers;
                progress(done, summary.customers);
            }
        }
    }
    summary.interactions = worker.await.map_err(|err| RecommendError::Worker(err.to_string()))?;
    store::drop_neighbours_before(db, started_at).await?;
    summary.seconds = clock.elapsed().as_secs_f64();
    Ok(summary)
}

/// Fits the model and sends its neighbour lists, then every customer's list, batch by batch; returns how many
/// interactions it learned from. Stops early when the writer has gone (a failed write).
fn compute(
    data: Interactions,
    entries: &[Option<RecommendedProduct>],
    popular: &[RecommendedProduct],
    settings: &RecommendationSettings,
    k: usize,
    computed_at: DateTime,
    sender: &mpsc::Sender<Batch>,
) -> u64 {
    let (users, items, by_user) = data.into_by_user();
    let interactions = by_user.iter().map(|seen| seen.len() as u64).sum();
    let now = by_user.iter().flatten().map(|r| r.time).max().unwrap_or(0);
    let neighbours = deployed::fit_neighbours(&by_user, items.len(), settings);
    let model = ItemSimilarity::from_neighbours(neighbours, now, &deployed::scoring(settings));

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
            return interactions;
        }
    }

    let candidates = Candidates { ids: &items, entries };
    let mut scores = vec![0.0; items.len()];
    for (chunk, chunk_users) in by_user.chunks(CUSTOMERS_PER_BATCH).enumerate() {
        let first = chunk * CUSTOMERS_PER_BATCH;
        let lists = chunk_users
            .iter()
            .enumerate()
            .map(|(n, seen)| {
                let list = lists::for_customer(&model, seen, &candidates, popular, k, &mut scores);
                (users[first + n].clone(), list)
            })
            .collect();
        let statements = store::list_statements(lists, computed_at);
        if sender.blocking_send(Batch::Lists { statements, customers: chunk_users.len() as u64 }).is_err() {
            break;
        }
    }
    interactions
}
