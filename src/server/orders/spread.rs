//! Spreading changes made at the same moment. When several transactions all reach for the first item of one list
//! (a freed place for the oldest waiting order, a checkout for the nearest partner with room), all but one conflict
//! and start again, over and over. So each chooses at random among as many of the first items as such changes are
//! under way on this server, and twice as many on each retry of its transaction (which also covers other servers);
//! alone, it takes the first item itself (first come, first served; nearest first).

use std::collections::BTreeMap;
use std::sync::Mutex;

use mongodb::Database;
use rand::seq::SliceRandom;

/// The widest choice a change makes among the first items of its list.
pub(crate) const WIDEST_CHOICE: u32 = 32;

/// What a change reaches for: changes reaching for different lists do not contend.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Reaching {
    /// A freed place (delivered, not delivered, cancelled) taking one of the oldest waiting orders.
    OldestOrder,
    /// A checkout claiming a place with one of the nearest partners.
    NearestPartner,
}

/// Changes under way from this server, by database and what they reach for.
static UNDER_WAY: Mutex<BTreeMap<(String, Reaching), u32>> = Mutex::new(BTreeMap::new());

/// Counts one change as under way until dropped.
pub(crate) struct UnderWay((String, Reaching));

impl UnderWay {
    pub(crate) fn start(db: &Database, reaching: Reaching) -> UnderWay {
        let key = (db.name().to_string(), reaching);
        *UNDER_WAY.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).entry(key.clone()).or_default() += 1;
        UnderWay(key)
    }

    /// How many of the first items this change chooses among, at random, on its transaction's `attempt`.
    pub(crate) fn among(&self, attempt: u32) -> u32 {
        let under_way = UNDER_WAY.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).get(&self.0).copied();
        among(attempt, under_way.unwrap_or(1))
    }
}

impl Drop for UnderWay {
    fn drop(&mut self) {
        let mut under_way = UNDER_WAY.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some(count) = under_way.get_mut(&self.0) {
            *count = count.saturating_sub(1);
        }
    }
}

/// As many as are `under_way` at once, twice as many on each retry (`attempt` 1, 2, ...), at least 1 and at most
/// `WIDEST_CHOICE`.
pub(crate) fn among(attempt: u32, under_way: u32) -> u32 {
    let widened = 1u32.checked_shl(attempt.saturating_sub(1)).unwrap_or(u32::MAX);
    widened.max(under_way).clamp(1, WIDEST_CHOICE)
}

/// The first `among` items in random order, the rest as they were.
pub(crate) fn shuffle_first<T>(items: &mut [T], among: u32) {
    let first = (among as usize).min(items.len());
    items[..first].shuffle(&mut rand::rng());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn alone_the_first_item_and_a_wider_choice_on_each_conflict() {
        let alone: Vec<u32> = (1..=8).map(|attempt| among(attempt, 1)).collect();
        assert_eq!(alone, [1, 2, 4, 8, 16, 32, 32, 32]);
        assert_eq!(among(0, 1), 1, "no attempt yet reads as the first");
        assert_eq!(among(u32::MAX, 1), WIDEST_CHOICE);
        let crowded: Vec<u32> = (1..=4).map(|attempt| among(attempt, 6)).collect();
        assert_eq!(crowded, [6, 6, 6, 8], "six changes at once: six choices from the start");
        assert_eq!(among(1, 500), WIDEST_CHOICE);
    }

    #[tokio::test]
    async fn changes_under_way_are_counted_per_database_and_list_until_done() {
        let client = mongodb::Client::with_options(mongodb::options::ClientOptions::default()).unwrap();
        let (shop, other) = (client.database("spread_test_shop"), client.database("spread_test_other"));
        let first = UnderWay::start(&shop, Reaching::OldestOrder);
        assert_eq!(first.among(1), 1, "alone: the first");
        let second = UnderWay::start(&shop, Reaching::OldestOrder);
        let elsewhere = UnderWay::start(&other, Reaching::OldestOrder);
        let checkout = UnderWay::start(&shop, Reaching::NearestPartner);
        assert_eq!(first.among(1), 2, "two under way on this database");
        assert_eq!(elsewhere.among(1), 1, "another database's count is its own");
        assert_eq!(checkout.among(1), 1, "another list's count is its own");
        drop(second);
        assert_eq!(first.among(1), 1, "done ones no longer count");
    }

    #[test]
    fn only_the_first_items_are_shuffled() {
        for _ in 0..50 {
            let mut items: Vec<u32> = (0..10).collect();
            shuffle_first(&mut items, 4);
            let mut head = items[..4].to_vec();
            head.sort_unstable();
            assert_eq!(head, [0, 1, 2, 3]);
            assert_eq!(items[4..], [4, 5, 6, 7, 8, 9]);
        }
        let mut alone = vec![7, 8];
        shuffle_first(&mut alone, 1);
        assert_eq!(alone, [7, 8], "a choice of one keeps the order");
        shuffle_first(&mut alone, 32);
        assert_eq!(alone.len(), 2, "a choice wider than the list takes all of it");
    }
}
