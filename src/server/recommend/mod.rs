//! Recommendations: what each customer has not bought or rated, learned from everyone's ratings and purchases
//! (item-to-item similarity, SAR-style), written into customers' `Recommended_Products` by a job (`job`) or for one
//! customer after a purchase or rating (`refresh`), and the offline evaluation that compares it with EASE (`ease`, a
//! closed-form item-item model) and a popularity baseline.
//!
//! `interactions`, `similarity`, `ease`, `popularity`, `lists`, `split`, `metrics` and `evaluate` are pure
//! computation over dense indices; `history`, `entries` and `store` read and write the database.

pub mod deployed;
pub mod ease;
pub mod entries;
pub mod evaluate;
pub mod history;
pub mod interactions;
pub mod job;
pub mod lists;
pub mod metrics;
pub mod movielens;
pub mod popularity;
pub mod refresh;
pub mod sellable;
pub mod similarity;
pub mod split;
pub mod store;

#[derive(Debug, thiserror::Error)]
pub enum RecommendError {
    #[error("reading the database failed: {0}")]
    Database(#[from] mongodb::error::Error),
    #[error(transparent)]
    Write(#[from] crate::server::mongo::bulk::BulkError),
    #[error("computing the recommendations stopped unexpectedly: {0}")]
    Worker(String),
}

/// The `k` best of `scored` (item, score) pairs, best first (ties: the lower item), selected without sorting the
/// rest (a customer's candidates run to hundreds).
pub fn best(mut scored: Vec<(u32, f32)>, k: usize) -> Vec<(u32, f32)> {
    let best_first = |a: &(u32, f32), b: &(u32, f32)| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0));
    if scored.len() > k {
        scored.select_nth_unstable_by(k, best_first);
        scored.truncate(k);
    }
    scored.sort_by(best_first);
    scored
}

/// Tops `list` up to `k` entries from `more` (best first), skipping what it already holds: how the popular products
/// fill the lists of customers with too little history.
pub fn fill<T: PartialEq>(list: &mut Vec<T>, more: impl IntoIterator<Item = T>, k: usize) {
    for candidate in more {
        if list.len() >= k {
            break;
        }
        if !list.contains(&candidate) {
            list.push(candidate);
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_best_come_first_and_ties_go_to_the_lower_item() {
        let scored = vec![(4, 1.0), (2, 3.0), (9, 2.0), (1, 2.0), (7, 0.5)];
        assert_eq!(super::best(scored.clone(), 3), [(2, 3.0), (1, 2.0), (9, 2.0)]);
        assert_eq!(super::best(scored.clone(), 10).len(), 5);
        assert!(super::best(scored, 0).is_empty());
    }

    #[test]
    fn fill_tops_up_without_repeating() {
        let mut list = vec![3, 1];
        super::fill(&mut list, [1, 4, 5, 6], 4);
        assert_eq!(list, [3, 1, 4, 5]);
        super::fill(&mut list, [7], 4);
        assert_eq!(list, [3, 1, 4, 5], "a full list is left alone");
    }
}
