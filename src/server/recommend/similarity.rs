//! Item-to-item similarity in the manner of SAR (Smart Adaptive Recommendations): two items are similar when the
//! same people rate both (Jaccard over co-occurrence counts); a user's score for an item is the sum, over what they
//! rated, of their affinity (stars, decayed with age) times that item's similarity. Only items the user has not
//! rated are recommended; a user with nothing rated gets the popularity ranking (the caller's fallback).

use super::interactions::Rating;

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Settings {
    /// Neighbours kept per item (the most similar); bounds memory on large catalogues.
    pub max_neighbours: usize,
    /// A rating loses half its weight every this many days before the newest rating; None: no decay.
    pub half_life_days: Option<f64>,
    /// A rating weighs its stars; false: every rating or purchase weighs 1 (as EASE's weights were learned).
    pub weigh_stars: bool,
}

impl Default for Settings {
    fn default() -> Self {
        Settings { max_neighbours: 50, half_life_days: Some(30.0), weigh_stars: true }
    }
}

pub struct ItemSimilarity {
    /// For each item, its most similar items with their similarity, most similar first.
    neighbours: Vec<Vec<(u32, f32)>>,
    /// The time decay is measured from here (the newest training rating).
    now: i64,
    half_life_secs: Option<f64>,
    weigh_stars: bool,
}

impl ItemSimilarity {
    pub fn fit(train: &[Vec<Rating>], items: usize, settings: &Settings) -> ItemSimilarity {
        let now = train.iter().flatten().map(|r| r.time).max().unwrap_or(0);
        ItemSimilarity::from_neighbours(most_similar(train, items, settings.max_neighbours), now, settings)
    }

    /// A model from neighbour lists computed earlier (stored by the recommendations job, or learned by EASE), for
    /// scoring without refitting. The decay's reference time `now` does not change any one customer's ranking: it
    /// scales all of their affinities alike.
    pub fn from_neighbours(neighbours: Vec<Vec<(u32, f32)>>, now: i64, settings: &Settings) -> ItemSimilarity {
        ItemSimilarity {
            neighbours,
            now,
            half_life_secs: settings.half_life_days.map(|days| days * 86_400.0),
            weigh_stars: settings.weigh_stars,
        }
    }

    /// The items most similar to `item`, most similar first.
    pub fn neighbours(&self, item: u32) -> &[(u32, f32)] {
        &self.neighbours[item as usize]
    }

    fn affinity(&self, rating: &Rating) -> f32 {
        let decay = match self.half_life_secs {
            Some(half_life) => 0.5f64.powf((self.now - rating.time).max(0) as f64 / half_life),
            None => 1.0,
        };
        let weight = if self.weigh_stars { rating.value } else { 1.0 };
        weight * decay as f32
    }

    /// The `k` best-scored `eligible` items the user has not rated, best first; empty when nothing they rated has
    /// neighbours. `scores` is scratch space of the catalogue's size, all zeros, and left all zeros.
    pub fn recommend(&self, seen: &[Rating], k: usize, scores: &mut [f32], eligible: impl Fn(u32) -> bool) -> Vec<u32> {
        let mut touched: Vec<u32> = Vec::new();
        for rating in seen {
            let affinity = self.affinity(rating);
            for &(other, similarity) in &self.neighbours[rating.item as usize] {
                if scores[other as usize] == 0.0 {
                    touched.push(other);
                }
                scores[other as usize] += affinity * similarity;
            }
        }
        let candidates: Vec<(u32, f32)> = touched
            .iter()
            .map(|&item| (item, std::mem::take(&mut scores[item as usize])))
            .filter(|(item, score)| *score > 0.0 && !seen.iter().any(|r| r.item == *item) && eligible(*item))
            .collect();
        super::best(candidates, k).into_iter().map(|(item, _)| item).collect()
    }
}

/// Each item's `max_neighbours` most similar items (Jaccard over co-raters), most similar first: SAR's model.
pub fn most_similar(train: &[Vec<Rating>], items: usize, max_neighbours: usize) -> Vec<Vec<(u32, f32)>> {
    // Who rated each item (inverted lists), then, item by item, counts of co-raters for every other item.
    let mut raters: Vec<Vec<u32>> = vec![Vec::new(); items];
    for (user, ratings) in train.iter().enumerate() {
        for rating in ratings {
            raters[rating.item as usize].push(user as u32);
        }
    }
    let occurrences: Vec<u32> = raters.iter().map(|r| r.len() as u32).collect();
    let mut co_counts = vec![0u32; items];
    let mut touched: Vec<u32> = Vec::new();
    let mut neighbours = Vec::with_capacity(items);
    for (item, item_raters) in raters.iter().enumerate() {
        for &user in item_raters {
            for other in &train[user as usize] {
                let other = other.item;
                if other as usize != item {
                    if co_counts[other as usize] == 0 {
                        touched.push(other);
                    }
                    co_counts[other as usize] += 1;
                }
            }
        }
        let mut similar: Vec<(u32, f32)> = touched
            .drain(..)
            .map(|other| {
                let both = co_counts[other as usize];
                co_counts[other as usize] = 0;
                let either = occurrences[item] + occurrences[other as usize] - both;
                (other, both as f32 / either as f32)
            })
            .collect();
        // Keep the best few: select them without sorting the rest, and free the rest (an item can co-occur
        // with most of the catalogue; kept capacity would cost catalogue x catalogue memory).
        let most_similar_first = |a: &(u32, f32), b: &(u32, f32)| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0));
        if similar.len() > max_neighbours {
            similar.select_nth_unstable_by(max_neighbours, most_similar_first);
            similar.truncate(max_neighbours);
        }
        similar.sort_by(most_similar_first);
        similar.shrink_to_fit();
        neighbours.push(similar);
    }
    neighbours
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rating(user: u32, item: u32, value: f32) -> Rating {
        Rating { user, item, value, time: 0 }
    }

    #[test]
    fn items_rated_by_the_same_people_are_recommended_and_nothing_already_rated() {
        // Users 0-2 like items 0 and 1 together; user 3 likes items 2 and 3 together. User 4 has rated item 0 only.
        let train = vec![
            vec![rating(0, 0, 5.0), rating(0, 1, 5.0)],
            vec![rating(1, 0, 4.0), rating(1, 1, 4.0)],
            vec![rating(2, 0, 5.0), rating(2, 1, 3.0), rating(2, 2, 1.0)],
            vec![rating(3, 2, 5.0), rating(3, 3, 5.0)],
            vec![rating(4, 0, 5.0)],
        ];
        let model =
            ItemSimilarity::fit(&train, 4, &Settings { max_neighbours: 10, half_life_days: None, weigh_stars: true });
        let mut scores = vec![0.0; 4];
        let any = |_| true;
        assert_eq!(
            model.recommend(&train[4], 10, &mut scores, any),
            [1, 2],
            "item 1 first: co-rated 3 times with item 0"
        );
        assert!(scores.iter().all(|s| *s == 0.0), "scratch space left clean");
        assert_eq!(model.recommend(&train[0], 10, &mut scores, any), [2]);
        assert!(model.recommend(&[], 10, &mut scores, any).is_empty());
        assert_eq!(model.recommend(&train[4], 10, &mut scores, |item| item != 1), [2], "ineligible items are skipped");
        assert!(scores.iter().all(|s| *s == 0.0), "scratch space left clean after skipping");
    }
}
