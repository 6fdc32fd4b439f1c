//! Tracking numbers: `AMZ-00000000`, `AMZ-00000001`, ... handed out from one counter document that every server
//! shares, so two servers (or two regions writing through one primary) never hand out the same number. A number
//! taken by a checkout that then fails is skipped, never reused: numbers are unique, not gapless.

use mongodb::bson::{doc, Document};
use mongodb::options::ReturnDocument;
use mongodb::Database;

use crate::server::collections::COUNTERS;
use crate::server::mongo::is_duplicate_key;

const SEQUENCE: &str = "tracking_number";

/// How a number reads on a parcel and on the phone.
pub fn format(number: i64) -> String {
    format!("AMZ-{number:08}")
}

/// The next tracking number. Deliberately outside any transaction: one counter document written by every checkout
/// inside their transactions would make them conflict with each other; a single atomic `$inc` does not.
pub async fn next(db: &Database) -> mongodb::error::Result<String> {
    Ok(format(reserve(db, 1).await?))
}

/// Takes `count` consecutive numbers at once and returns the first.
pub async fn reserve(db: &Database, count: i64) -> mongodb::error::Result<i64> {
    let counters = db.collection::<Document>(COUNTERS);
    for attempt in 0..2 {
        let before = counters
            .find_one_and_update(doc! { "_id": SEQUENCE }, doc! { "$inc": { "next": count } })
            .upsert(true)
            .return_document(ReturnDocument::Before)
            .await;
        match before {
            // No counter yet: this call created it holding `count`, so its numbers start at 0.
            Ok(None) => return Ok(0),
            Ok(Some(counter)) => {
                let next = counter.get_i64("next").or_else(|_| counter.get_i32("next").map(i64::from));
                return next.map_err(|err| mongodb::error::Error::custom(format!("the tracking counter: {err}")));
            }
            // Two first calls at once: both upserted, one lost on the unique `_id`; the counter exists now.
            Err(err) if attempt == 0 && is_duplicate_key(&err) => continue,
            Err(err) => return Err(err),
        }
    }
    unreachable!("the second attempt returns")
}

#[cfg(test)]
mod tests {
    #[test]
    fn numbers_read_as_eight_digits_after_the_prefix() {
        assert_eq!(super::format(0), "AMZ-00000000");
        assert_eq!(super::format(1234), "AMZ-00001234");
    }
}
