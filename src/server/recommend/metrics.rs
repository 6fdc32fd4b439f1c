//! Ranking metrics at k, averaged over the users who have something to find (at least one test item).

use std::collections::HashSet;

#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Metrics {
    pub precision: f64,
    pub recall: f64,
    pub ndcg: f64,
    /// Mean average precision, each user's sum of precisions at hits divided by min(k, relevant items).
    pub map: f64,
    /// Share of the catalogue recommended to at least one user.
    pub coverage: f64,
    pub users: usize,
}

/// One user's numbers for a ranked list against the items they went on to rate.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct UserMetrics {
    pub precision: f64,
    pub recall: f64,
    pub ndcg: f64,
    pub average_precision: f64,
}

pub fn for_user(ranked: &[u32], relevant: &HashSet<u32>, k: usize) -> UserMetrics {
    let mut hits = 0usize;
    let mut dcg = 0.0;
    let mut precision_sum = 0.0;
    for (position, item) in ranked.iter().take(k).enumerate() {
        if relevant.contains(item) {
            hits += 1;
            dcg += 1.0 / ((position + 2) as f64).log2();
            precision_sum += hits as f64 / (position + 1) as f64;
        }
    }
    let ideal: f64 = (0..relevant.len().min(k)).map(|position| 1.0 / ((position + 2) as f64).log2()).sum();
    UserMetrics {
        precision: hits as f64 / k as f64,
        recall: hits as f64 / relevant.len().max(1) as f64,
        ndcg: if ideal > 0.0 { dcg / ideal } else { 0.0 },
        average_precision: precision_sum / relevant.len().min(k).max(1) as f64,
    }
}

/// Averages over users with at least one relevant item; `ranked[u]` and `relevant[u]` are by user index.
pub fn evaluate(ranked: &[Vec<u32>], relevant: &[HashSet<u32>], k: usize, catalogue_size: usize) -> Metrics {
    let mut total = Metrics::default();
    let mut recommended = HashSet::new();
    for (list, wanted) in ranked.iter().zip(relevant) {
        recommended.extend(list.iter().take(k).copied());
        if wanted.is_empty() {
            continue;
        }
        let user = for_user(list, wanted, k);
        total.precision += user.precision;
        total.recall += user.recall;
        total.ndcg += user.ndcg;
        total.map += user.average_precision;
        total.users += 1;
    }
    let users = total.users.max(1) as f64;
    Metrics {
        precision: total.precision / users,
        recall: total.recall / users,
        ndcg: total.ndcg / users,
        map: total.map / users,
        coverage: recommended.len() as f64 / catalogue_size.max(1) as f64,
        users: total.users,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(items: &[u32]) -> HashSet<u32> {
        items.iter().copied().collect()
    }

    /// Worked by hand: ranked [1, 9, 2, 8], relevant {1, 2, 3}, k = 4.
    /// Hits at positions 1 and 3. Precision 2/4; recall 2/3.
    /// DCG = 1/log2(2) + 1/log2(4) = 1.5; IDCG = 1 + 1/log2(3) + 1/log2(4) = 2.1309; nDCG = 0.70392.
    /// AP = (1/1 + 2/3) / min(4, 3) = 0.55556.
    #[test]
    fn one_user_matches_the_hand_computed_values() {
        let m = for_user(&[1, 9, 2, 8], &set(&[1, 2, 3]), 4);
        assert!((m.precision - 0.5).abs() < 1e-9);
        assert!((m.recall - 2.0 / 3.0).abs() < 1e-9);
        assert!((m.ndcg - 1.5 / (1.0 + 1.0 / 3f64.log2() + 0.5)).abs() < 1e-9);
        assert!((m.ndcg - 0.70392).abs() < 1e-5);
        assert!((m.average_precision - 5.0 / 9.0).abs() < 1e-9);
    }

    #[test]
    fn a_perfect_list_scores_one_and_an_empty_one_zero() {
        let perfect = for_user(&[3, 1, 2], &set(&[1, 2, 3]), 3);
        assert_eq!((perfect.precision, perfect.recall, perfect.ndcg, perfect.average_precision), (1.0, 1.0, 1.0, 1.0));
        let empty = for_user(&[], &set(&[1]), 10);
        assert_eq!((empty.precision, empty.ndcg, empty.average_precision), (0.0, 0.0, 0.0));
    }

    #[test]
    fn averages_skip_users_with_nothing_to_find_and_coverage_counts_distinct_items() {
        let ranked = vec![vec![1, 2], vec![2, 3], vec![4, 5]];
        let relevant = vec![set(&[1]), set(&[9]), set(&[])];
        let m = evaluate(&ranked, &relevant, 2, 10);
        assert_eq!(m.users, 2);
        assert!((m.precision - 0.25).abs() < 1e-9, "(1/2 + 0) / 2");
        assert!((m.recall - 0.5).abs() < 1e-9);
        assert!((m.coverage - 0.5).abs() < 1e-9, "items 1-5 of 10");
    }
}
