//! Ratings as dense user and item indices, with the original ids kept for output.

use std::collections::HashMap;

/// One rating: who, what, how many stars, when (unix seconds).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rating {
    pub user: u32,
    pub item: u32,
    pub value: f32,
    pub time: i64,
}

/// Ratings with their ids mapped to dense indices `0..users.len()` and `0..items.len()`.
#[derive(Debug, Clone, Default)]
pub struct Interactions {
    pub users: Vec<String>,
    pub items: Vec<String>,
    pub ratings: Vec<Rating>,
}

#[derive(Default)]
pub struct InteractionsBuilder {
    users: HashMap<String, u32>,
    items: HashMap<String, u32>,
    data: Interactions,
}

impl InteractionsBuilder {
    /// Adds one interaction. When a user has several with one item, the first pushed counts (push explicit
    /// ratings before implicit signals such as purchases, so that a customer's own stars win over "bought it").
    pub fn push(&mut self, user: &str, item: &str, value: f32, time: i64) {
        let user = index(&mut self.users, &mut self.data.users, user);
        let item = index(&mut self.items, &mut self.data.items, item);
        self.data.ratings.push(Rating { user, item, value, time });
    }

    /// Adds `later`'s interactions after these (so that, for a pair both hold, these count).
    pub fn append(&mut self, later: Interactions) {
        let users: Vec<u32> = later.users.iter().map(|id| index(&mut self.users, &mut self.data.users, id)).collect();
        let items: Vec<u32> = later.items.iter().map(|id| index(&mut self.items, &mut self.data.items, id)).collect();
        self.data.ratings.extend(later.ratings.into_iter().map(|rating| Rating {
            user: users[rating.user as usize],
            item: items[rating.item as usize],
            ..rating
        }));
    }

    pub fn build(self) -> Interactions {
        self.data
    }
}

fn index(map: &mut HashMap<String, u32>, names: &mut Vec<String>, id: &str) -> u32 {
    if let Some(&n) = map.get(id) {
        return n;
    }
    let n = names.len() as u32;
    map.insert(id.to_owned(), n);
    names.push(id.to_owned());
    n
}

impl Interactions {
    /// Each user's interactions by user index, in item order, one per item (the first pushed).
    pub fn by_user(&self) -> Vec<Vec<Rating>> {
        group(self.ratings.iter().copied(), self.users.len())
    }

    /// The same, consuming the flat list so that the two never take memory at once: (users, items, by user).
    pub fn into_by_user(self) -> (Vec<String>, Vec<String>, Vec<Vec<Rating>>) {
        let by_user = group(self.ratings.into_iter(), self.users.len());
        (self.users, self.items, by_user)
    }
}

fn group(ratings: impl Iterator<Item = Rating>, users: usize) -> Vec<Vec<Rating>> {
    let mut by_user = vec![Vec::new(); users];
    for rating in ratings {
        by_user[rating.user as usize].push(rating);
    }
    for ratings in &mut by_user {
        // Stable: of several interactions with one item, the first pushed stays.
        ratings.sort_by_key(|rating| rating.item);
        ratings.dedup_by_key(|rating| rating.item);
        ratings.shrink_to_fit();
    }
    by_user
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_user_has_each_item_once_as_first_pushed() {
        let mut builder = InteractionsBuilder::default();
        builder.push("c1", "p2", 2.0, 5);
        builder.push("c1", "p1", 1.0, 10);
        builder.push("c1", "p1", 3.0, 20);
        builder.push("c2", "p1", 4.0, 30);
        let data = builder.build();
        let by_user = data.by_user();
        let c1: Vec<(u32, f32)> = by_user[0].iter().map(|r| (r.item, r.value)).collect();
        assert_eq!(c1, [(0, 2.0), (1, 1.0)], "a later signal on the same pair does not replace the first");
        assert_eq!(by_user[1].len(), 1);
        let (users, items, consumed) = data.into_by_user();
        assert_eq!((users.len(), items.len()), (2, 2));
        assert_eq!(consumed, by_user);
    }

    #[test]
    fn appended_interactions_come_after_and_keep_their_ids() {
        let mut first = InteractionsBuilder::default();
        first.push("c1", "p1", 5.0, 10);
        let mut later = InteractionsBuilder::default();
        later.push("c2", "p2", 3.0, 20);
        later.push("c1", "p1", 3.0, 30);
        later.push("c1", "p2", 3.0, 40);
        first.append(later.build());
        let data = first.build();
        assert_eq!(data.users, ["c1", "c2"]);
        assert_eq!(data.items, ["p1", "p2"]);
        let by_user = data.by_user();
        let c1: Vec<(u32, f32, i64)> = by_user[0].iter().map(|r| (r.item, r.value, r.time)).collect();
        assert_eq!(c1, [(0, 5.0, 10), (1, 3.0, 40)], "the earlier builder's pair wins");
        let c2: Vec<(u32, f32)> = by_user[1].iter().map(|r| (r.item, r.value)).collect();
        assert_eq!(c2, [(1, 3.0)]);
    }
}
