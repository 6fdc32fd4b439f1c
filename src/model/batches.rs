//! Fresh food arrives in batches, each with its best-before date. Shoppers get the earliest good batch first (first
//! expired, first out), a unit past its date is never sold, and units given back return to the batch they came
//! from, so that what a cart holds and what an order delivered say which batches they were.
//!
//! A batch's `best_before` is midnight UTC of its last good day: it is sellable while `best_before >= today`.

use serde::{Deserialize, Serialize};

use super::time::Timestamp;

/// Units of one product in one store with the same best-before date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Batch {
    pub best_before: Timestamp,
    pub quantity: i64,
}

/// How long undated stock is taken to keep when nothing better is known (the product has no shelf life set).
pub const DEFAULT_SHELF_LIFE_DAYS: u32 = 5;

impl Batch {
    /// A batch arriving at `now` of a product keeping `shelf_life_days` (the default when unknown).
    pub fn arriving(now: Timestamp, shelf_life_days: Option<u32>, quantity: i64) -> Batch {
        let days = shelf_life_days.unwrap_or(DEFAULT_SHELF_LIFE_DAYS).max(1);
        Batch { best_before: now.start_of_day().plus_days(i64::from(days)), quantity }
    }

    /// Whether it may still be sold at `now`.
    pub fn is_good(&self, now: Timestamp) -> bool {
        self.best_before >= now.start_of_day()
    }
}

/// Units that may be sold at `now`.
pub fn sellable(batches: &[Batch], now: Timestamp) -> i64 {
    batches.iter().filter(|batch| batch.is_good(now)).map(|batch| batch.quantity).sum()
}

/// The best-before date of the unit a shopper would get at `now`: the earliest good batch's.
pub fn next_best_before(batches: &[Batch], now: Timestamp) -> Option<Timestamp> {
    batches.iter().filter(|batch| batch.is_good(now) && batch.quantity > 0).map(|batch| batch.best_before).min()
}

/// Batches in their canonical form: earliest first, one per date, none empty.
pub fn tidy(batches: impl IntoIterator<Item = Batch>) -> Vec<Batch> {
    let mut all: Vec<Batch> = batches.into_iter().filter(|batch| batch.quantity > 0).collect();
    all.sort_by_key(|batch| batch.best_before);
    let mut tidy: Vec<Batch> = Vec::with_capacity(all.len());
    for batch in all {
        match tidy.last_mut() {
            Some(last) if last.best_before == batch.best_before => last.quantity += batch.quantity,
            _ => tidy.push(batch),
        }
    }
    tidy
}

/// What taking units leaves and what it took.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Taken {
    pub left: Vec<Batch>,
    pub taken: Vec<Batch>,
}

/// Takes `units` from the earliest good batches at `now`, or says how many good units there are.
pub fn take_earliest(batches: &[Batch], units: i64, now: Timestamp) -> Result<Taken, i64> {
    let good = sellable(batches, now);
    if units > good {
        return Err(good);
    }
    let mut left = tidy(batches.iter().copied());
    let (taken, _) = take_in_order(left.iter_mut().filter(|batch| batch.is_good(now)), units);
    Ok(Taken { left: tidy(left), taken })
}

/// Removes `units` from the earliest batches whatever their date (units found damaged or missing: the oldest on the
/// shelf first), returning what is left.
pub fn remove_earliest(batches: &[Batch], units: i64) -> Vec<Batch> {
    let mut left = tidy(batches.iter().copied());
    take_in_order(left.iter_mut(), units);
    tidy(left)
}

/// Takes up to `units` from `batches` in the order given: what it took from each, and how many it could not take.
fn take_in_order<'a>(batches: impl Iterator<Item = &'a mut Batch>, units: i64) -> (Vec<Batch>, i64) {
    let (mut taken, mut wanted) = (Vec::new(), units);
    for batch in batches {
        if wanted == 0 {
            break;
        }
        let here = batch.quantity.min(wanted);
        batch.quantity -= here;
        wanted -= here;
        taken.push(Batch { best_before: batch.best_before, quantity: here });
    }
    (taken, wanted)
}

/// Splits what a line holds into what it keeps and the `units` it gives back, giving back the latest-dated first so
/// that the shopper keeps what they were shown first. Units beyond the batches (a line reserved before batches were
/// recorded) come back as `undated`.
pub fn give_back_latest(held: &[Batch], units: i64, undated: Timestamp) -> Taken {
    let mut kept = tidy(held.iter().copied());
    let (mut returned, wanted) = take_in_order(kept.iter_mut().rev(), units);
    if wanted > 0 {
        returned.push(Batch { best_before: undated, quantity: wanted });
    }
    Taken { left: tidy(kept), taken: tidy(returned) }
}

/// The units of a line of `quantity` by batch: its recorded batches, and any units they do not cover (reserved before
/// batches were recorded) as one batch dated `undated`.
pub fn held_by_line(batches: &[Batch], quantity: i64, undated: Timestamp) -> Vec<Batch> {
    let recorded: i64 = batches.iter().map(|batch| batch.quantity).sum();
    let mut all = batches.to_vec();
    if quantity > recorded {
        all.push(Batch { best_before: undated, quantity: quantity - recorded });
    }
    tidy(all)
}

/// Splits a store's batches at `now` into those still good and the units past their date.
pub fn write_off(batches: &[Batch], now: Timestamp) -> (Vec<Batch>, i64) {
    let wasted = batches.iter().filter(|batch| !batch.is_good(now)).map(|batch| batch.quantity).sum();
    (tidy(batches.iter().copied().filter(|batch| batch.is_good(now))), wasted)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(d: u32) -> Timestamp {
        Timestamp::from_ymd(2026, 12, d).unwrap()
    }

    fn batch(d: u32, quantity: i64) -> Batch {
        Batch { best_before: day(d), quantity }
    }

    /// Noon on the 10th: the 10th's batch is still good, the 9th's is not.
    fn now() -> Timestamp {
        Timestamp(day(10).millis() + 12 * 3_600_000)
    }

    #[test]
    fn a_batch_is_good_through_its_best_before_day() {
        assert!(batch(10, 1).is_good(now()));
        assert!(!batch(9, 1).is_good(now()));
        assert_eq!(sellable(&[batch(9, 4), batch(10, 2), batch(12, 3)], now()), 5);
    }

    #[test]
    fn shoppers_get_the_earliest_good_batch_first_and_never_an_expired_one() {
        let shelf = [batch(14, 5), batch(9, 7), batch(10, 2), batch(12, 3)];
        let taken = take_earliest(&shelf, 4, now()).unwrap();
        assert_eq!(taken.taken, vec![batch(10, 2), batch(12, 2)]);
        assert_eq!(taken.left, vec![batch(9, 7), batch(12, 1), batch(14, 5)]);
        assert_eq!(take_earliest(&shelf, 11, now()), Err(10));
        assert_eq!(next_best_before(&shelf, now()), Some(day(10)));
        assert_eq!(next_best_before(&[batch(9, 7)], now()), None);
    }

    #[test]
    fn a_line_gives_back_its_latest_units_and_keeps_the_earliest() {
        let held = [batch(10, 2), batch(12, 2)];
        let back = give_back_latest(&held, 3, day(10));
        assert_eq!(back.left, vec![batch(10, 1)]);
        assert_eq!(back.taken, vec![batch(10, 1), batch(12, 2)]);
        // A line reserved before batches were recorded gives back undated units as dated `undated`.
        let back = give_back_latest(&[batch(12, 1)], 3, day(10));
        assert_eq!(back.taken, vec![batch(10, 2), batch(12, 1)]);
        assert_eq!(held_by_line(&[batch(12, 1)], 3, day(10)), vec![batch(10, 2), batch(12, 1)]);
    }

    #[test]
    fn removed_units_come_off_the_oldest_batches_first() {
        assert_eq!(remove_earliest(&[batch(12, 3), batch(9, 2)], 3), vec![batch(12, 2)]);
    }

    #[test]
    fn batches_of_one_date_are_one_batch_and_empty_ones_go() {
        assert_eq!(tidy([batch(12, 1), batch(10, 0), batch(11, 2), batch(12, 3)]), vec![batch(11, 2), batch(12, 4)]);
    }

    #[test]
    fn writing_off_removes_exactly_the_units_past_their_date() {
        let (kept, wasted) = write_off(&[batch(8, 1), batch(9, 4), batch(10, 2)], now());
        assert_eq!((kept, wasted), (vec![batch(10, 2)], 5));
        assert_eq!(write_off(&[batch(10, 2)], now()), (vec![batch(10, 2)], 0));
    }

    #[test]
    fn a_new_batch_keeps_its_shelf_life_from_the_day_it_arrives() {
        assert_eq!(Batch::arriving(now(), Some(3), 6), batch(13, 6));
        assert_eq!(Batch::arriving(now(), None, 6).best_before, day(10).plus_days(DEFAULT_SHELF_LIFE_DAYS.into()));
    }
}
