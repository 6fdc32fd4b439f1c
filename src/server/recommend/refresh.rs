//! Refreshing one customer's list after they buy or rate, from the neighbours the last full run stored: a handful
//! of indexed reads and one write, instead of recomputing everyone.

use std::collections::HashMap;

use mongodb::bson::{doc, DateTime};
use mongodb::Database;

use super::lists::{self, Candidates};
use super::similarity::ItemSimilarity;
use super::store::{self, Unchanged};
use super::{deployed, entries, history, RecommendError};
use crate::model::customer::RecommendedProduct;
use crate::server::config::RecommendationSettings;

/// Recomputes `customer_id`'s list; returns how many products it holds.
pub async fn refresh_customer(
    db: &Database,
    settings: &RecommendationSettings,
    customer_id: &str,
) -> Result<usize, RecommendError> {
    let computed_at = DateTime::now();
    let history = history::ratings_and_purchases(db, doc! { "customer_id": customer_id }).await?;
    let seen = history.by_user().into_iter().next().unwrap_or_default();

    // A small dense catalogue of what they saw and its stored neighbours; the model scores within it.
    let mut ids = history.items.clone();
    let mut index: HashMap<String, u32> = ids.iter().enumerate().map(|(n, id)| (id.clone(), n as u32)).collect();
    let stored = store::load_neighbours(db, &history.items).await?;
    let mut neighbours: Vec<Vec<(u32, f32)>> = vec![Vec::new(); ids.len()];
    for (item, id) in history.items.iter().enumerate() {
        for neighbour in stored.get(id).into_iter().flatten() {
            let other = *index.entry(neighbour.product_id.clone()).or_insert_with(|| {
                ids.push(neighbour.product_id.clone());
                ids.len() as u32 - 1
            });
            neighbours[item].push((other, neighbour.similarity as f32));
        }
    }
    neighbours.resize(ids.len(), Vec::new());
    let now = computed_at.timestamp_millis() / 1000;
    let model = ItemSimilarity::from_neighbours(neighbours, now, &deployed::scoring(settings));

    let unseen = ids[history.items.len()..].to_vec();
    let in_stock = entries::in_stock(db, Some(unseen)).await?;
    let entries: Vec<Option<RecommendedProduct>> = ids.iter().map(|id| in_stock.get(id).cloned()).collect();
    let k = settings.list_size();
    let popular = entries::popular(db, k + seen.len()).await?;
    let mut scores = vec![0.0; ids.len()];
    let list =
        lists::for_customer(&model, &seen, &Candidates { ids: &ids, entries: &entries }, &popular, k, &mut scores);
    let size = list.len();
    let statements = store::list_statements(vec![(customer_id.to_owned(), list)], computed_at, Unchanged::Restamp);
    store::save_lists(db, statements).await?;
    Ok(size)
}

/// Refreshes in the background, so that the purchase or rating that prompted it answers at once; a failure is
/// logged and leaves the previous list (the next full run writes a new one).
pub fn spawn_refresh(db: Database, settings: RecommendationSettings, customer_id: String) {
    tokio::spawn(async move {
        if let Err(err) = refresh_customer(&db, &settings, &customer_id).await {
            tracing::warn!(customer_id, error = %err, "refreshing a customer's recommendations failed");
        }
    });
}
