//! The evaluation split: each user's ratings shuffled with a seed, the first 75% to train on, the rest to test.

use rand::seq::SliceRandom;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

use super::interactions::Rating;

pub struct Split {
    /// By user index.
    pub train: Vec<Vec<Rating>>,
    pub test: Vec<Vec<Rating>>,
}

/// Splits every user's ratings `train_share` / rest. A user with a single rating keeps it for training (nothing is
/// left to test them on); every other user gets at least one test rating. The same seed gives the same split.
pub fn per_user(by_user: &[Vec<Rating>], train_share: f64, seed: u64) -> Split {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut split = Split { train: Vec::with_capacity(by_user.len()), test: Vec::with_capacity(by_user.len()) };
    for ratings in by_user {
        let mut ratings = ratings.clone();
        // Sorted first, so the shuffle depends on the seed only, not on the order the ratings were read in.
        ratings.sort_by_key(|r| (r.item, r.time));
        ratings.shuffle(&mut rng);
        let keep = if ratings.len() < 2 {
            ratings.len()
        } else {
            ((ratings.len() as f64 * train_share).round() as usize).clamp(1, ratings.len() - 1)
        };
        let test = ratings.split_off(keep);
        split.train.push(ratings);
        split.test.push(test);
    }
    split
}

#[cfg(test)]
mod tests {
    use super::*;

    fn user(user: u32, items: u32) -> Vec<Rating> {
        (0..items).map(|item| Rating { user, item, value: 4.0, time: 0 }).collect()
    }

    #[test]
    fn each_user_is_split_three_to_one_with_nothing_lost_or_shared() {
        let by_user = vec![user(0, 8), user(1, 4), user(2, 1), user(3, 2)];
        let split = per_user(&by_user, 0.75, 7);
        let sizes: Vec<(usize, usize)> = split.train.iter().zip(&split.test).map(|(a, b)| (a.len(), b.len())).collect();
        assert_eq!(sizes, [(6, 2), (3, 1), (1, 0), (1, 1)]);
        for (train, test) in split.train.iter().zip(&split.test) {
            assert!(train.iter().all(|r| test.iter().all(|t| t.item != r.item)));
        }
    }

    #[test]
    fn the_same_seed_gives_the_same_split() {
        let by_user = vec![user(0, 40)];
        let items = |s: Split| s.test[0].iter().map(|r| r.item).collect::<Vec<_>>();
        assert_eq!(items(per_user(&by_user, 0.75, 1)), items(per_user(&by_user, 0.75, 1)));
        assert_ne!(items(per_user(&by_user, 0.75, 1)), items(per_user(&by_user, 0.75, 2)));
    }
}
