//! Ratings as dense user and item indices, with the original ids kept for output.

use std::collections::{HashMap, HashSet};

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
    /// (user, item) pairs pushed so far: the first interaction of a pair is the one kept.
    pairs: HashSet<(u32, u32)>,
    data: Interactions,
}

impl InteractionsBuilder {
    /// Adds one interaction unless the user already has one with the item (push explicit ratings before implicit
    /// signals such as purchases, so that a customer's own stars win over "bought it").
    pub fn push(&mut self, user: &str, item: &str, value: f32, time: i64) {
        let user = index(&mut self.users, &mut self.data.users, user);
        let item = index(&mut self.items, &mut self.data.items, item);
        if self.pairs.insert((user, item)) {
            self.data.ratings.push(Rating { user, item, value, time });
        }
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

    /// Each user's ratings, by user index.
    pub fn by_user(&self) -> Vec<Vec<Rating>> {
        let mut by_user = vec![Vec::new(); self.users.len()];
        for rating in &self.ratings {
            by_user[rating.user as usize].push(*rating);
        }
        by_user
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_interaction_of_a_pair_is_kept() {
        let mut builder = InteractionsBuilder::default();
        builder.push("c1", "p1", 1.0, 10);
        builder.push("c1", "p1", 3.0, 20);
        builder.push("c2", "p1", 4.0, 30);
        let data = builder.build();
        assert_eq!(data.ratings.len(), 2);
        assert_eq!(data.ratings[0].value, 1.0, "a later signal on the same pair does not replace the first");
        assert_eq!(data.users, ["c1", "c2"]);
    }
}
