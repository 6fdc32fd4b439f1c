//! The model the recommendations job deploys, as `recommendations.model` chooses: its neighbour lists (stored per
//! product, so that one customer's refresh reads a few of them) and how a customer's history is weighed against
//! them. The job and a customer's refresh both score through these, so both give the same list.

use super::ease::{self, Ease};
use super::interactions::Rating;
use super::similarity;
use crate::server::config::{RecommendationSettings, RecommenderModel};

/// Each item's neighbours, by item index: EASE's strongest weights, or SAR's most similar items.
pub fn fit_neighbours(train: &[Vec<Rating>], items: usize, settings: &RecommendationSettings) -> Vec<Vec<(u32, f32)>> {
    let max = settings.neighbours.max(1);
    match settings.model {
        RecommenderModel::Ease => {
            let ease = ease::Settings { lambda: settings.lambda, max_products: settings.modelled_products.max(1) };
            Ease::fit(train, items, &ease).neighbours(items, max)
        }
        RecommenderModel::Similarity => similarity::most_similar(train, items, max),
    }
}

/// How a customer's ratings and purchases weigh when scored against the neighbours: EASE learned from who has what
/// (each counts 1, no decay); SAR weighs stars, decayed with age.
pub fn scoring(settings: &RecommendationSettings) -> similarity::Settings {
    let max_neighbours = settings.neighbours.max(1);
    match settings.model {
        RecommenderModel::Ease => similarity::Settings { max_neighbours, half_life_days: None, weigh_stars: false },
        RecommenderModel::Similarity => similarity::Settings {
            max_neighbours,
            half_life_days: (settings.half_life_days > 0.0).then_some(settings.half_life_days),
            weigh_stars: true,
        },
    }
}
