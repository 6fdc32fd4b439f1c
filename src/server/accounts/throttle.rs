//! Sign-in throttling. Failed sign-ins are counted per account (its email) and per client address; past a few free
//! failures each further try must wait twice as long as the last (1 s, 2 s, 4 s... up to 15 minutes), answered 429
//! with the wait before any password is hashed. A successful sign-in clears its account's count; counts are
//! forgotten an hour after the last failure. Sign-ups count per address the same way (each costs a hash).
//!
//! Kept in MongoDB (`sign_in_failures`), not in each server's memory: behind a load balancer an in-memory limiter
//! would give an attacker every server's allowance. One small upsert per failure is cheap next to the hash it
//! guards.

use futures::TryStreamExt;
use mongodb::bson::{doc, DateTime, Document};
use mongodb::Database;

use crate::model::maintenance::Throttled;
use crate::server::collections::SIGN_IN_FAILURES;

/// Failures before the waiting starts: a person mistyping a password never waits.
const ACCOUNT_FREE_FAILURES: i32 = 5;
/// A shared address (an office, a phone network) makes more honest mistakes.
const ADDRESS_FREE_FAILURES: i32 = 20;
/// Sign-ups from one address before waiting starts.
const SIGN_UPS_FREE: i32 = 10;
const LONGEST_WAIT_SECS: i64 = 15 * 60;
/// Failures are forgotten this long after the last one (a TTL index deletes the document).
const MEMORY_SECS: i64 = 60 * 60;

/// What a count is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Subject {
    Account(String),
    Address(String),
    SignUpsFrom(String),
}

impl Subject {
    fn key(&self) -> String {
        match self {
            Subject::Account(email) => format!("account:{email}"),
            Subject::Address(address) => format!("address:{address}"),
            Subject::SignUpsFrom(address) => format!("sign-ups:{address}"),
        }
    }

    fn free(&self) -> i32 {
        match self {
            Subject::Account(_) => ACCOUNT_FREE_FAILURES,
            Subject::Address(_) => ADDRESS_FREE_FAILURES,
            Subject::SignUpsFrom(_) => SIGN_UPS_FREE,
        }
    }
}

/// Must wait this many seconds more before trying again.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("Too many tries. Please wait {0} seconds before trying again.")]
pub struct Wait(pub i64);

/// Seconds to wait after `failures` failures when `free` are allowed: none, then 1, 2, 4... up to 15 minutes.
pub fn wait_after(failures: i32, free: i32) -> i64 {
    match failures - free {
        over if over < 0 => 0,
        over => 2i64.saturating_pow(over.min(20) as u32).min(LONGEST_WAIT_SECS),
    }
}

/// Refuses with the time left when any of `subjects` must still wait.
pub async fn check(db: &Database, subjects: &[Subject]) -> Result<Result<(), Wait>, mongodb::error::Error> {
    let keys: Vec<String> = subjects.iter().map(Subject::key).collect();
    let now = DateTime::now();
    let waiting: Vec<Document> = db
        .collection::<Document>(SIGN_IN_FAILURES)
        .find(doc! { "_id": { "$in": keys }, "blocked_until": { "$gt": now } })
        .await?
        .try_collect()
        .await?;
    let longest = waiting
        .iter()
        .filter_map(|count| count.get_datetime("blocked_until").ok())
        .map(|until| (until.timestamp_millis() - now.timestamp_millis() + 999) / 1000)
        .max();
    Ok(match longest {
        Some(seconds) => Err(Wait(seconds.max(1))),
        None => Ok(()),
    })
}

/// Counts one failure (or sign-up) against each subject, and sets how long each must now wait: one atomic upsert
/// each, so that concurrent failures on several servers all count.
pub async fn count(db: &Database, subjects: &[Subject]) -> mongodb::error::Result<()> {
    let now = DateTime::now();
    let forget_at = DateTime::from_millis(now.timestamp_millis() + MEMORY_SECS * 1000);
    let failures = db.collection::<Document>(SIGN_IN_FAILURES);
    for subject in subjects {
        let free = subject.free();
        // 2^(failures - free) seconds once past the free ones, at most the longest wait.
        let wait_ms = doc! { "$multiply": [1000, { "$min": [LONGEST_WAIT_SECS, { "$pow": [2, { "$subtract": ["$failures", free] }] }] }] };
        let update = vec![
            doc! { "$set": {
                "failures": { "$add": [{ "$ifNull": ["$failures", 0] }, 1] },
                "last_at": now,
                "expires_at": forget_at,
            } },
            doc! { "$set": {
                "blocked_until": { "$cond": [{ "$gte": ["$failures", free] }, { "$add": [now, wait_ms] }, now] },
            } },
        ];
        failures.update_one(doc! { "_id": subject.key() }, update).upsert(true).await?;
    }
    Ok(())
}

/// The `_id` under which an account's failed sign-ins are counted (it holds the email: erasure deletes it).
pub fn account_key(email: &str) -> String {
    Subject::Account(email.into()).key()
}

/// A successful sign-in: the account's failures are forgotten (not the address's: signing in to one's own account
/// must not reset a count of guesses at others').
pub async fn clear(db: &Database, email: &str) -> mongodb::error::Result<()> {
    db.collection::<Document>(SIGN_IN_FAILURES).delete_one(doc! { "_id": account_key(email) }).await?;
    Ok(())
}

/// Accounts and addresses past their free failures within the last hour, most failures first: the admin
/// dashboard's "under attack".
pub async fn under_attack(db: &Database) -> mongodb::error::Result<Vec<Throttled>> {
    let counts: Vec<Document> = db
        .collection::<Document>(SIGN_IN_FAILURES)
        .find(doc! { "failures": { "$gte": ACCOUNT_FREE_FAILURES } })
        .sort(doc! { "failures": -1 })
        .limit(20)
        .await?
        .try_collect()
        .await?;
    Ok(counts
        .iter()
        .filter_map(|count| {
            let key = count.get_str("_id").ok()?;
            let failures = count.get_i32("failures").map(i64::from).or_else(|_| count.get_i64("failures")).ok()?;
            let last_at = count.get_datetime("last_at").ok()?.timestamp_millis();
            let blocked_until = count.get_datetime("blocked_until").ok().map(|until| until.timestamp_millis());
            Some(Throttled {
                subject: key.to_string(),
                failures: failures as u32,
                last_at: crate::model::Timestamp(last_at),
                blocked_until: blocked_until.map(crate::model::Timestamp),
            })
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::wait_after;

    #[test]
    fn the_wait_doubles_after_the_free_failures_up_to_a_quarter_of_an_hour() {
        assert_eq!((0..5).map(|n| wait_after(n, 5)).max(), Some(0));
        assert_eq!([5, 6, 7, 10].map(|n| wait_after(n, 5)), [1, 2, 4, 32]);
        assert_eq!(wait_after(40, 5), 15 * 60);
    }
}
