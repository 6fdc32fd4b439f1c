//! EASE (Steck, "Embarrassingly Shallow Autoencoders for Sparse Data", WWW 2019): an item-to-item weight matrix
//! learned in closed form. With X the customers x products matrix of who rated or bought what (1 or 0) and G = XᵀX
//! its co-occurrence counts, P = (G + λI)⁻¹ and B = I - P·diag(1/diag(P)): each product's column of B says how much
//! every other product predicts it, with no product predicting itself. A customer's scores are their row of X times
//! B: the sum of B's rows for what they have. One regularised inverse of a symmetric positive definite matrix
//! (Cholesky, with faer) is the whole training.
//!
//! The dense matrix is products x products, so the model covers the `max_products` with most interactions; the
//! rest (rarely rated) neither predict nor are predicted, and the caller tops lists up from elsewhere.

use faer::linalg::solvers::DenseSolveCore;
use faer::{Mat, Side};

use super::interactions::Rating;

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Settings {
    /// λ, the L2 penalty on B: larger trusts co-occurrence counts less (more like popularity).
    pub lambda: f64,
    /// Products modelled, the most interacted with first: the dense matrices hold this many squared.
    pub max_products: usize,
}

impl Default for Settings {
    fn default() -> Self {
        Settings { lambda: 250.0, max_products: 3_000 }
    }
}

pub struct Ease {
    /// For each modelled product (by its place in the model), its item index.
    items: Vec<u32>,
    /// For each item index, its place in the model, if modelled.
    place: Vec<Option<u32>>,
    /// B, row-major: row `a` holds how much having product `a` adds to every modelled product's score.
    weights: Vec<f32>,
}

impl Ease {
    pub fn fit(train: &[Vec<Rating>], items: usize, settings: &Settings) -> Ease {
        let modelled = most_interacted(train, items, settings.max_products);
        let n = modelled.len();
        let mut place = vec![None; items];
        for (at, &item) in modelled.iter().enumerate() {
            place[item as usize] = Some(at as u32);
        }
        let mut gram = Mat::<f64>::zeros(n, n);
        let mut had: Vec<usize> = Vec::new();
        for ratings in train {
            had.clear();
            had.extend(ratings.iter().filter_map(|r| place[r.item as usize]).map(|at| at as usize));
            for &a in &had {
                for &b in &had {
                    gram[(a, b)] += 1.0;
                }
            }
        }
        for a in 0..n {
            gram[(a, a)] += settings.lambda;
        }
        // G + λI with λ > 0 is symmetric positive definite, so the Cholesky factorisation exists.
        let inverse = gram.llt(Side::Lower).expect("a regularised Gram matrix is positive definite").inverse();
        let mut weights = vec![0f32; n * n];
        for a in 0..n {
            for b in 0..n {
                if a != b {
                    weights[a * n + b] = (-inverse[(a, b)] / inverse[(b, b)]) as f32;
                }
            }
        }
        Ease { items: modelled, place, weights }
    }

    /// For each of `items` item indices, its `max` strongest positive weights (the products having it predicts
    /// most), strongest first; empty for products not modelled. Scoring a customer with these alone (as the stored
    /// neighbours do after a purchase) is EASE with B kept sparse, which loses little (Steck, 2019, section 4).
    pub fn neighbours(&self, items: usize, max: usize) -> Vec<Vec<(u32, f32)>> {
        let n = self.items.len();
        let mut neighbours = vec![Vec::new(); items];
        for (a, &item) in self.items.iter().enumerate() {
            let row = &self.weights[a * n..(a + 1) * n];
            let mut strongest: Vec<(u32, f32)> =
                row.iter().enumerate().filter(|(_, w)| **w > 0.0).map(|(b, &w)| (self.items[b], w)).collect();
            let strongest_first = |x: &(u32, f32), y: &(u32, f32)| y.1.total_cmp(&x.1).then(x.0.cmp(&y.0));
            if strongest.len() > max {
                strongest.select_nth_unstable_by(max, strongest_first);
                strongest.truncate(max);
            }
            strongest.sort_by(strongest_first);
            strongest.shrink_to_fit();
            neighbours[item as usize] = strongest;
        }
        neighbours
    }

    /// Products modelled.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// The `k` best-scored `eligible` items the user has not rated, best first; empty when nothing they have is
    /// modelled. `scores` is scratch space of the model's size (`len`), overwritten.
    pub fn recommend(&self, seen: &[Rating], k: usize, scores: &mut [f32], eligible: impl Fn(u32) -> bool) -> Vec<u32> {
        let n = self.items.len();
        let had: Vec<usize> = seen.iter().filter_map(|r| self.place[r.item as usize]).map(|at| at as usize).collect();
        if had.is_empty() {
            return Vec::new();
        }
        scores.fill(0.0);
        for &a in &had {
            for (score, weight) in scores.iter_mut().zip(&self.weights[a * n..(a + 1) * n]) {
                *score += weight;
            }
        }
        for &a in &had {
            scores[a] = f32::NEG_INFINITY;
        }
        let candidates: Vec<(u32, f32)> = scores
            .iter()
            .enumerate()
            .filter(|(_, score)| score.is_finite())
            .map(|(at, &score)| (self.items[at], score))
            .filter(|&(item, _)| eligible(item))
            .collect();
        super::best(candidates, k).into_iter().map(|(item, _)| item).collect()
    }
}

/// Up to `limit` item indices with the most interactions (ties: lower index first).
fn most_interacted(train: &[Vec<Rating>], items: usize, limit: usize) -> Vec<u32> {
    let mut counts = vec![0u32; items];
    for rating in train.iter().flatten() {
        counts[rating.item as usize] += 1;
    }
    let mut ranked: Vec<u32> = (0..items as u32).filter(|&i| counts[i as usize] > 0).collect();
    ranked.sort_by_key(|&i| (std::cmp::Reverse(counts[i as usize]), i));
    ranked.truncate(limit);
    ranked
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rated(user: u32, items: &[u32]) -> Vec<Rating> {
        items.iter().map(|&item| Rating { user, item, value: 4.0, time: 0 }).collect()
    }

    /// Three products, two customers: {0, 1} and {1, 2}. G = [[1,1,0],[1,2,1],[0,1,1]]; with λ = 1,
    /// G + I = [[2,1,0],[1,3,1],[0,1,2]], whose inverse is [[5,-2,1],[-2,4,-2],[1,-2,5]] / 8. So
    /// B[a][b] = -P[a][b] / P[b][b]: B[0][1] = 2/4 = 0.5, B[0][2] = -1/5 = -0.2, B[1][0] = 2/5 = 0.4,
    /// B[1][2] = 2/5 = 0.4, B[2][0] = -0.2, B[2][1] = 0.5.
    #[test]
    fn the_weights_are_the_closed_form_on_a_hand_computed_case() {
        let train = vec![rated(0, &[0, 1]), rated(1, &[1, 2])];
        let model = Ease::fit(&train, 3, &Settings { lambda: 1.0, max_products: 10 });
        // Every product has 2, 1 and 1 interactions... product 1 first, then 0 and 2 by index.
        assert_eq!(model.items, [1, 0, 2]);
        let weight = |a: u32, b: u32| {
            let (a, b) = (model.place[a as usize].unwrap() as usize, model.place[b as usize].unwrap() as usize);
            model.weights[a * model.len() + b]
        };
        let expected = [(0, 1, 0.5), (0, 2, -0.2), (1, 0, 0.4), (1, 2, 0.4), (2, 0, -0.2), (2, 1, 0.5)];
        for (a, b, value) in expected {
            assert!((weight(a, b) - value).abs() < 1e-6, "B[{a}][{b}] = {} not {value}", weight(a, b));
        }
        for a in 0..3 {
            assert_eq!(weight(a, a), 0.0, "no product predicts itself");
        }
        // A customer who has product 0: product 1 scores 0.5, product 2 scores -0.2.
        let mut scores = vec![0.0; model.len()];
        assert_eq!(model.recommend(&rated(2, &[0]), 5, &mut scores, |_| true), [1, 2]);
        assert_eq!(model.recommend(&rated(2, &[0]), 1, &mut scores, |_| true), [1]);
        assert_eq!(model.recommend(&rated(2, &[0]), 5, &mut scores, |item| item != 1), [2], "ineligible skipped");
        assert!(model.recommend(&rated(2, &[0, 1, 2]), 5, &mut scores, |_| true).is_empty(), "nothing left");
        assert!(model.recommend(&[], 5, &mut scores, |_| true).is_empty());
        // As neighbour lists: the positive weights only, strongest first.
        let neighbours = model.neighbours(4, 5);
        assert_eq!(neighbours[0], [(1, 0.5)]);
        assert_eq!(neighbours[1].iter().map(|(item, _)| *item).collect::<Vec<_>>(), [0, 2], "0.4 each: by index");
        assert_eq!(neighbours[2], [(1, 0.5)]);
        assert!(neighbours[3].is_empty(), "item 3 is not modelled");
        assert_eq!(model.neighbours(4, 1)[1].len(), 1, "at most max per product");
    }

    #[test]
    fn only_the_most_interacted_products_are_modelled() {
        let train = vec![rated(0, &[0, 1, 2]), rated(1, &[1, 2]), rated(2, &[2])];
        let model = Ease::fit(&train, 4, &Settings { lambda: 1.0, max_products: 2 });
        assert_eq!(model.items, [2, 1]);
        let mut scores = vec![0.0; model.len()];
        assert!(model.recommend(&rated(3, &[0]), 5, &mut scores, |_| true).is_empty(), "product 0 is not modelled");
        assert_eq!(model.recommend(&rated(3, &[1]), 5, &mut scores, |_| true), [2]);
    }
}
