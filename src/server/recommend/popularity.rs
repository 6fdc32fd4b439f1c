//! The baseline: the most rated items the user has not rated yet.

use super::interactions::Rating;

pub struct Popularity {
    /// Item indices, most rated first.
    ranked: Vec<u32>,
}

impl Popularity {
    pub fn fit(train: &[Vec<Rating>], items: usize) -> Popularity {
        let mut counts = vec![0u32; items];
        for rating in train.iter().flatten() {
            counts[rating.item as usize] += 1;
        }
        let mut ranked: Vec<u32> = (0..items as u32).filter(|&i| counts[i as usize] > 0).collect();
        ranked.sort_by_key(|&i| (std::cmp::Reverse(counts[i as usize]), i));
        Popularity { ranked }
    }

    /// The `k` most rated items not in `seen`.
    pub fn recommend(&self, seen: &[Rating], k: usize) -> Vec<u32> {
        self.ranked.iter().copied().filter(|item| !seen.iter().any(|r| r.item == *item)).take(k).collect()
    }
}
