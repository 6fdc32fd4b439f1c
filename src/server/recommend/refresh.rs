//! Refreshing one customer's list after they buy or rate, from the neighbours the last full run stored: a handful
//! of indexed reads and one write, instead of recomputing everyone.

use std::collections::HashMap;
use std::sync::Arc;

use mongodb::bson::DateTime;
use mongodb::Database;

use super::lists::{self, Candidates};
use super::sellable::{self, Sellable, Stocked};
use super::similarity::ItemSimilarity;
use super::store;
use super::{deployed, entries, history, RecommendError};
use crate::model::region::Regions;
use crate::server::accounts::CustomerRecords;
use crate::server::config::RecommendationSettings;

/// Recomputes the customer's list; returns how many products it holds.
pub async fn refresh_customer(
    db: &Database,
    settings: &RecommendationSettings,
    regions: &Regions,
    customer: &CustomerRecords,
) -> Result<usize, RecommendError> {
    let computed_at = DateTime::now();
    let history = history::ratings_and_purchases(db, customer.theirs()).await?;
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
    let k = settings.list_size();
    let (in_stock, popular) =
        tokio::try_join!(entries::in_stock(db, Some(unseen)), entries::popular(db, k + seen.len()))?;
    // Only what their region sells and can reach them.
    let region = customer.region.as_deref();
    let stocked = match region {
        Some(region) => {
            let mut checked: Vec<String> = in_stock.keys().cloned().collect();
            checked.extend(popular.iter().map(|product| product.entry.product_id.clone()));
            sellable::stocked(db, Some((region, &checked))).await?
        }
        None => Stocked::default(),
    };
    let sellable = Sellable { stocked, regions: regions.clone() };
    let entries = sellable.entries(&ids, &in_stock, region);
    let popular = sellable.popular(&popular, region);
    let mut scores = vec![0.0; ids.len()];
    let list =
        lists::for_customer(&model, &seen, &Candidates { ids: &ids, entries: &entries }, &popular, k, &mut scores);
    let size = list.len();
    let key = (customer.region.clone(), customer.id.clone());
    let statements = store::list_statements(vec![(key, list)], computed_at);
    store::save_lists(db, statements).await?;
    Ok(size)
}

/// Refreshes in the background, so that the purchase or rating that prompted it answers at once; a failure is
/// logged and leaves the previous list (the next full run writes a new one).
pub fn spawn_refresh(db: Database, settings: RecommendationSettings, regions: Arc<Regions>, customer: CustomerRecords) {
    tokio::spawn(async move {
        if let Err(err) = refresh_customer(&db, &settings, &regions, &customer).await {
            tracing::warn!(customer_id = customer.id, error = %err, "refreshing a customer's recommendations failed");
        }
    });
}
