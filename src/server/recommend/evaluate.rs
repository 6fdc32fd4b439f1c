//! `amazone recommend-eval`: split each customer's ratings 75/25 with a seed, train on the 75, and score the top 10
//! of the item-similarity recommender and of the popularity baseline against the 25.

use std::collections::HashSet;
use std::time::Instant;

use super::fill;
use super::interactions::Interactions;
use super::metrics::{self, Metrics};
use super::popularity::Popularity;
use super::similarity::{self, ItemSimilarity};
use super::split;

pub struct Options {
    pub seed: u64,
    pub k: usize,
    pub train_share: f64,
    pub similarity: similarity::Settings,
}

impl Default for Options {
    fn default() -> Self {
        Options { seed: 42, k: 10, train_share: 0.75, similarity: similarity::Settings::default() }
    }
}

pub struct Evaluation {
    pub recommender: Metrics,
    pub popularity: Metrics,
    pub recommender_seconds: f64,
    pub popularity_seconds: f64,
    pub users: usize,
    pub items: usize,
    pub ratings: usize,
    pub k: usize,
}

pub fn run(data: &Interactions, options: &Options) -> Evaluation {
    let split = split::per_user(&data.by_user(), options.train_share, options.seed);
    let relevant: Vec<HashSet<u32>> = split.test.iter().map(|test| test.iter().map(|r| r.item).collect()).collect();
    let items = data.items.len();

    let started = Instant::now();
    let popularity = Popularity::fit(&split.train, items);
    let popular: Vec<Vec<u32>> = split.train.iter().map(|seen| popularity.recommend(seen, options.k)).collect();
    let popularity_seconds = started.elapsed().as_secs_f64();

    let started = Instant::now();
    let model = ItemSimilarity::fit(&split.train, items, &options.similarity);
    let mut scores = vec![0.0; items];
    let recommended: Vec<Vec<u32>> = split
        .train
        .iter()
        .map(|seen| {
            let mut list = model.recommend(seen, options.k, &mut scores, |_| true);
            // Too little history to reach k: the popular items fill the rest.
            fill(&mut list, popularity.recommend(seen, options.k), options.k);
            list
        })
        .collect();
    let recommender_seconds = started.elapsed().as_secs_f64();

    Evaluation {
        recommender: metrics::evaluate(&recommended, &relevant, options.k, items),
        popularity: metrics::evaluate(&popular, &relevant, options.k, items),
        recommender_seconds,
        popularity_seconds,
        users: data.users.len(),
        items,
        ratings: data.ratings.len(),
        k: options.k,
    }
}

impl std::fmt::Display for Evaluation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        writeln!(f, "{} customers, {} products, {} ratings", self.users, self.items, self.ratings)?;
        let at = |name: &str| format!("{name}@{}", self.k);
        writeln!(
            f,
            "{:<24} {:>8} {:>8} {:>8} {:>8} {:>9} {:>8}",
            "",
            at("prec"),
            at("rec"),
            at("nDCG"),
            at("MAP"),
            "coverage",
            "seconds"
        )?;
        for (name, m, seconds) in [
            ("item similarity (SAR)", &self.recommender, self.recommender_seconds),
            ("popularity", &self.popularity, self.popularity_seconds),
        ] {
            writeln!(
                f,
                "{name:<24} {:>8.4} {:>8.4} {:>8.4} {:>8.4} {:>9.4} {:>8.2}",
                m.precision, m.recall, m.ndcg, m.map, m.coverage, seconds
            )?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::server::recommend::interactions::InteractionsBuilder;

    /// Two tastes: customers of taste A rate products a0-a9, taste B rate b0-b9; a few products of each are very
    /// popular across both. Similarity must beat popularity by a wide margin.
    #[test]
    fn item_similarity_beats_popularity_on_data_with_taste_structure() {
        let mut data = InteractionsBuilder::default();
        for customer in 0..200 {
            let taste = if customer % 2 == 0 { "a" } else { "b" };
            for n in 0..10 {
                if (customer * 7 + n * 3) % 10 < 6 {
                    data.push(&format!("c{customer}"), &format!("{taste}{n}"), 4.0, 0);
                }
            }
            data.push(&format!("c{customer}"), "hit", 3.0, 0);
        }
        let evaluation = run(&data.build(), &Options { k: 5, ..Options::default() });
        assert!(evaluation.recommender.ndcg > evaluation.popularity.ndcg * 1.5, "{evaluation}");
        assert!(evaluation.recommender.precision > evaluation.popularity.precision, "{evaluation}");
        assert_eq!(evaluation.recommender.users, 200);
    }
}
