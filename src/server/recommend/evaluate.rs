//! `amazone recommend-eval`: split each customer's ratings 75/25 with a seed, train every recommender on the 75, and
//! score each one's top k against the 25, in one table with training seconds and model size.
//!
//! EASE's λ is tuned on a validation split carved from the training 75% only (each customer's training ratings
//! split again, 80/20): the held-out 25% is read only to score the finished models.

use std::collections::HashSet;
use std::time::Instant;

use super::deployed;
use super::ease::{self, Ease};
use super::fill;
use super::interactions::{Interactions, Rating};
use super::metrics::{self, Metrics};
use super::popularity::Popularity;
use super::similarity::{self, ItemSimilarity};
use super::split;
use crate::server::config::RecommendationSettings;

pub struct Options {
    pub seed: u64,
    pub k: usize,
    pub train_share: f64,
    pub similarity: similarity::Settings,
    pub ease: ease::Settings,
    /// EASE's λ values tried on the validation split; the best is kept.
    pub lambdas: Vec<f64>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            seed: 42,
            k: 10,
            train_share: 0.75,
            similarity: similarity::Settings::default(),
            ease: ease::Settings::default(),
            lambdas: vec![25.0, 50.0, 100.0, 200.0, 400.0, 800.0, 1600.0],
        }
    }
}

/// One recommender's line of the table.
pub struct Row {
    pub name: String,
    pub metrics: Metrics,
    /// Training and scoring every customer.
    pub seconds: f64,
    /// What the model holds (neighbour lists, weights), in bytes.
    pub model_bytes: usize,
}

pub struct Evaluation {
    pub rows: Vec<Row>,
    /// EASE's settings as tuned on the validation split, and the validation nDCG of each λ tried.
    pub ease: ease::Settings,
    pub tried: Vec<(f64, f64)>,
    pub users: usize,
    pub items: usize,
    pub ratings: usize,
    pub k: usize,
}

impl Evaluation {
    pub fn row(&self, name: &str) -> Option<&Row> {
        self.rows.iter().find(|row| row.name.starts_with(name))
    }
}

pub fn run(data: &Interactions, options: &Options) -> Evaluation {
    let split = split::per_user(&data.by_user(), options.train_share, options.seed);
    let mut evaluation = compare(&split.train, &split.test, data.items.len(), options);
    (evaluation.users, evaluation.ratings) = (data.users.len(), data.ratings.len());
    evaluation
}

/// Trains every recommender on `train` (tuning on a split of it) and scores it against `test`, by user index.
pub fn compare(train: &[Vec<Rating>], test: &[Vec<Rating>], items: usize, options: &Options) -> Evaluation {
    let relevant: Vec<HashSet<u32>> = test.iter().map(|test| test.iter().map(|r| r.item).collect()).collect();
    let k = options.k;
    let score = |lists: &[Vec<u32>]| metrics::evaluate(lists, &relevant, k, items);
    let mut rows = Vec::new();

    let started = Instant::now();
    let popularity = Popularity::fit(train, items);
    let popular: Vec<Vec<u32>> = train.iter().map(|seen| popularity.recommend(seen, k)).collect();
    let seconds = started.elapsed().as_secs_f64();
    rows.push(Row { name: "popularity".into(), metrics: score(&popular), seconds, model_bytes: items * 4 });

    let started = Instant::now();
    let model = ItemSimilarity::fit(train, items, &options.similarity);
    let lists = similarity_lists(&model, train, &popularity, items, k);
    let seconds = started.elapsed().as_secs_f64();
    let model_bytes = (0..items as u32).map(|item| model.neighbours(item).len() * 8).sum();
    rows.push(Row { name: "item similarity (SAR)".into(), metrics: score(&lists), seconds, model_bytes });

    let started = Instant::now();
    let (tuned, tried) = tune_ease(train, items, options);
    let model = Ease::fit(train, items, &tuned);
    let lists = ease_lists(&model, train, &popularity, k);
    let seconds = started.elapsed().as_secs_f64();
    let name = format!("EASE (λ {}, {} products)", tuned.lambda, model.len());
    rows.push(Row { name, metrics: score(&lists), seconds, model_bytes: model.len() * model.len() * 4 });

    // What the recommendations job deploys: EASE's strongest weights as stored neighbour lists, each purchase or
    // rating counting 1 (the job and a customer's refresh score this way).
    let started = Instant::now();
    let deployed = RecommendationSettings {
        lambda: tuned.lambda,
        modelled_products: tuned.max_products,
        neighbours: options.similarity.max_neighbours,
        ..RecommendationSettings::default()
    };
    let neighbours = deployed::fit_neighbours(train, items, &deployed);
    let model_bytes = neighbours.iter().map(|list| list.len() * 8).sum();
    let model = ItemSimilarity::from_neighbours(neighbours, 0, &deployed::scoring(&deployed));
    let lists = similarity_lists(&model, train, &popularity, items, k);
    let seconds = started.elapsed().as_secs_f64();
    let name = format!("EASE, {} neighbours (deployed)", deployed.neighbours);
    rows.push(Row { name, metrics: score(&lists), seconds, model_bytes });

    Evaluation { rows, ease: tuned, tried, users: train.len(), items, ratings: 0, k }
}

/// The λ with the best nDCG@k on a validation split of `train` (each customer's training ratings split 80/20
/// with the next seed), and each λ tried with its validation nDCG.
fn tune_ease(train: &[Vec<Rating>], items: usize, options: &Options) -> (ease::Settings, Vec<(f64, f64)>) {
    let validation = split::per_user(train, 0.8, options.seed.wrapping_add(1));
    let relevant: Vec<HashSet<u32>> =
        validation.test.iter().map(|test| test.iter().map(|r| r.item).collect()).collect();
    let popularity = Popularity::fit(&validation.train, items);
    let mut tried = Vec::new();
    let mut best = options.ease;
    let mut best_ndcg = f64::NEG_INFINITY;
    for &lambda in &options.lambdas {
        let settings = ease::Settings { lambda, ..options.ease };
        let model = Ease::fit(&validation.train, items, &settings);
        let lists = ease_lists(&model, &validation.train, &popularity, options.k);
        let ndcg = metrics::evaluate(&lists, &relevant, options.k, items).ndcg;
        tried.push((lambda, ndcg));
        if ndcg > best_ndcg {
            (best, best_ndcg) = (settings, ndcg);
        }
    }
    (best, tried)
}

fn similarity_lists(
    model: &ItemSimilarity,
    train: &[Vec<Rating>],
    popularity: &Popularity,
    items: usize,
    k: usize,
) -> Vec<Vec<u32>> {
    let mut scores = vec![0.0; items];
    topped_up(train, popularity, k, |seen| model.recommend(seen, k, &mut scores, |_| true))
}

fn ease_lists(model: &Ease, train: &[Vec<Rating>], popularity: &Popularity, k: usize) -> Vec<Vec<u32>> {
    let mut scores = vec![0.0; model.len()];
    topped_up(train, popularity, k, |seen| model.recommend(seen, k, &mut scores, |_| true))
}

/// Every user's list from `recommend`; too little history to reach k: the popular items fill the rest.
fn topped_up(
    train: &[Vec<Rating>],
    popularity: &Popularity,
    k: usize,
    mut recommend: impl FnMut(&[Rating]) -> Vec<u32>,
) -> Vec<Vec<u32>> {
    train
        .iter()
        .map(|seen| {
            let mut list = recommend(seen);
            fill(&mut list, popularity.recommend(seen, k), k);
            list
        })
        .collect()
}

impl std::fmt::Display for Evaluation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        writeln!(f, "{} customers, {} products, {} ratings", self.users, self.items, self.ratings)?;
        let tried: Vec<String> = self.tried.iter().map(|(lambda, ndcg)| format!("{lambda}: {ndcg:.4}")).collect();
        writeln!(
            f,
            "EASE λ tuned on a validation split of the training ratings (nDCG@{}): {}",
            self.k,
            tried.join(", ")
        )?;
        let at = |name: &str| format!("{name}@{}", self.k);
        writeln!(
            f,
            "{:<34} {:>8} {:>8} {:>8} {:>8} {:>9} {:>8} {:>9}",
            "",
            at("prec"),
            at("rec"),
            at("nDCG"),
            at("MAP"),
            "coverage",
            "seconds",
            "model MB"
        )?;
        for row in &self.rows {
            let m = &row.metrics;
            writeln!(
                f,
                "{:<34} {:>8.4} {:>8.4} {:>8.4} {:>8.4} {:>9.4} {:>8.2} {:>9.1}",
                row.name,
                m.precision,
                m.recall,
                m.ndcg,
                m.map,
                m.coverage,
                row.seconds,
                row.model_bytes as f64 / 1e6
            )?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::server::recommend::interactions::InteractionsBuilder;

    /// Two tastes: customers of taste A rate products a0-a9, taste B rate b0-b9; a product "hit" is rated by
    /// everyone.
    fn two_tastes() -> Interactions {
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
        data.build()
    }

    #[test]
    fn both_item_models_beat_popularity_on_data_with_taste_structure() {
        let evaluation = run(&two_tastes(), &Options { k: 5, ..Options::default() });
        let popularity = evaluation.row("popularity").unwrap().metrics;
        for name in ["item similarity", "EASE (", "EASE, "] {
            let model = evaluation.row(name).unwrap().metrics;
            assert!(model.ndcg > popularity.ndcg * 1.5, "{name}: {evaluation}");
            assert!(model.precision > popularity.precision, "{name}: {evaluation}");
        }
        assert_eq!(evaluation.rows.len(), 4);
        assert_eq!(evaluation.users, 200);
        assert_eq!(evaluation.tried.len(), Options::default().lambdas.len());
    }

    /// The held-out ratings are read only to score: replacing them with anything at all changes the scores, never
    /// the λ chosen.
    #[test]
    fn tuning_never_reads_the_held_out_ratings() {
        let data = two_tastes();
        let split = split::per_user(&data.by_user(), 0.75, 42);
        let options = Options { k: 5, ..Options::default() };
        let honest = compare(&split.train, &split.test, data.items.len(), &options);
        // Poisoned: every customer's held-out set is the other taste's products, which only a model that had seen
        // them while tuning (or a heavily regularised one) could favour.
        let poisoned: Vec<Vec<Rating>> = split
            .test
            .iter()
            .enumerate()
            .map(|(user, _)| {
                let other = if user % 2 == 0 { "b" } else { "a" };
                let items = data.items.iter().enumerate().filter(|(_, id)| id.starts_with(other));
                items.map(|(item, _)| Rating { user: user as u32, item: item as u32, value: 5.0, time: 0 }).collect()
            })
            .collect();
        let scored = compare(&split.train, &poisoned, data.items.len(), &options);
        assert_eq!(honest.ease, scored.ease, "the same λ whatever the held-out set says");
        assert_eq!(honest.tried, scored.tried, "validation scores come from the training ratings alone");
        let ease = |evaluation: &Evaluation| evaluation.row("EASE").unwrap().metrics.ndcg;
        assert!(ease(&scored) < ease(&honest), "the poisoned set does change the held-out score");
    }

    #[test]
    fn the_same_seed_gives_the_same_table() {
        let data = two_tastes();
        let options = Options { k: 5, ..Options::default() };
        let (first, second) = (run(&data, &options), run(&data, &options));
        let ndcgs = |e: &Evaluation| e.rows.iter().map(|row| row.metrics.ndcg).collect::<Vec<_>>();
        assert_eq!(ndcgs(&first), ndcgs(&second));
        assert_eq!(first.ease, second.ease);
    }
}
