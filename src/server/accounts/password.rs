//! Password hashing with Argon2id at OWASP's recommended parameters (Password Storage Cheat Sheet: Argon2id with
//! 19 MiB of memory, 2 iterations, 1 degree of parallelism), off the async threads: a hash takes tens of
//! milliseconds of CPU and 19 MiB.
//!
//! Every hash and check goes through one bounded pool: at most `workers` run at once (about the number of cores)
//! and at most four times as many wait, first come first served (tokio's semaphore is fair). Beyond that the answer
//! is `Busy` at once, never another thread and 19 MiB more: a flood of sign-ins costs a bounded amount of memory.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::OnceLock;

use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use tokio::sync::Semaphore;

/// OWASP's Argon2id parameters: memory in KiB, iterations, lanes.
const MEMORY_KIB: u32 = 19_456;
const ITERATIONS: u32 = 2;
const LANES: u32 = 1;

/// Hashes waiting for a worker, per worker, before new ones are turned away.
const QUEUE_PER_WORKER: usize = 4;

/// The pool is full: too many sign-ins at once. Answer 503 with a Retry-After.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("Signing in is very busy right now. Please try again in a moment.")]
pub struct Busy;

struct Pool {
    permits: Semaphore,
    workers: usize,
    admitted: AtomicUsize,
    running: AtomicUsize,
    peak: AtomicUsize,
}

static POOL: OnceLock<Pool> = OnceLock::new();

/// Sets the pool's size once, at start-up (`accounts.password_workers`; 0 means one per core). Later calls, and
/// hashing before any call, use what was set first.
pub fn configure(workers: usize) {
    let _ = pool_of(workers);
}

fn pool() -> &'static Pool {
    pool_of(0)
}

fn pool_of(workers: usize) -> &'static Pool {
    POOL.get_or_init(|| {
        let cores = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(2);
        let workers = if workers == 0 { cores } else { workers };
        Pool {
            permits: Semaphore::new(workers),
            workers,
            admitted: AtomicUsize::new(0),
            running: AtomicUsize::new(0),
            peak: AtomicUsize::new(0),
        }
    })
}

/// How many hashes may run at once.
pub fn workers() -> usize {
    pool().workers
}

/// How many may wait for a worker before new ones are turned away.
pub fn queue_bound() -> usize {
    pool().workers * QUEUE_PER_WORKER
}

/// The most hashes that have run at once since start (for tests and the abuse benchmark).
pub fn peak_running() -> usize {
    pool().peak.load(Ordering::Relaxed)
}

/// Runs `work` on a blocking thread once a worker is free; `Busy` when the queue is full.
async fn run<T: Send + 'static>(work: impl FnOnce() -> T + Send + 'static) -> Result<T, Busy> {
    let pool = pool();
    // Admitted: running or waiting for a worker.
    if pool.admitted.fetch_add(1, Ordering::AcqRel) >= pool.workers + queue_bound() {
        pool.admitted.fetch_sub(1, Ordering::AcqRel);
        return Err(Busy);
    }
    let result = run_when_free(work).await;
    pool.admitted.fetch_sub(1, Ordering::AcqRel);
    Ok(result)
}

/// Runs `work` once a worker is free, however long the queue (still never more than `workers` at once).
async fn run_when_free<T: Send + 'static>(work: impl FnOnce() -> T + Send + 'static) -> T {
    let pool = pool();
    let permit = pool.permits.acquire().await;
    let _permit = permit.expect("the semaphore is never closed");
    let running = pool.running.fetch_add(1, Ordering::AcqRel) + 1;
    pool.peak.fetch_max(running, Ordering::Relaxed);
    let result = tokio::task::spawn_blocking(work).await;
    pool.running.fetch_sub(1, Ordering::AcqRel);
    result.expect("hashing does not panic")
}

/// A PHC string (`$argon2id$v=19$m=19456,t=2,p=1$...`) with a fresh random salt.
pub async fn hash(password: String) -> Result<String, Busy> {
    run(move || hash_now(&password)).await
}

/// The same, for the store's own accounts at start-up (the admin, the demo password): waits its turn however
/// long the queue, rather than failing the start.
pub async fn hash_at_start_up(password: String) -> String {
    run_when_free(move || hash_now(&password)).await
}

/// Whether `password` matches `stored`. A malformed stored hash matches nothing.
pub async fn verify(password: String, stored: String) -> Result<bool, Busy> {
    run(move || verify_now(&password, &stored)).await
}

/// Spends the same time as a real check, for sign-ins with an unknown email: the answer's timing then does not tell
/// which emails have accounts.
pub async fn verify_nothing(password: String) -> Result<(), Busy> {
    static DUMMY: OnceLock<String> = OnceLock::new();
    let dummy = DUMMY.get_or_init(|| hash_now("no account has this password")).clone();
    verify(password, dummy).await.map(|_| ())
}

/// Whether a stored hash was made with other parameters than today's (an older default, another algorithm): it is
/// replaced at the account's next successful sign-in.
pub fn is_outdated(stored: &str) -> bool {
    let Ok(parsed) = PasswordHash::new(stored) else { return true };
    let current = Params::try_from(&parsed)
        .is_ok_and(|params| params.m_cost() == MEMORY_KIB && params.t_cost() == ITERATIONS && params.p_cost() == LANES);
    !(parsed.algorithm == argon2::ARGON2ID_IDENT && current)
}

fn argon2() -> Argon2<'static> {
    let params = Params::new(MEMORY_KIB, ITERATIONS, LANES, None).expect("OWASP's parameters are valid");
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

fn hash_now(password: &str) -> String {
    let salt = SaltString::generate(&mut OsRng);
    argon2().hash_password(password.as_bytes(), &salt).expect("argon2 accepts any password").to_string()
}

/// Checks with the parameters the stored hash names (so that older hashes still verify).
fn verify_now(password: &str, stored: &str) -> bool {
    PasswordHash::new(stored).is_ok_and(|parsed| argon2().verify_password(password.as_bytes(), &parsed).is_ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hash_verifies_its_password_only_and_is_salted() {
        let first = hash_now("correct horse");
        assert!(first.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{first}");
        assert!(verify_now("correct horse", &first));
        assert!(!verify_now("correct horse!", &first));
        assert_ne!(first, hash_now("correct horse"), "each hash has its own salt");
        assert!(!verify_now("anything", "not a hash"));
    }

    #[test]
    fn hashes_with_older_parameters_still_verify_and_are_marked_for_upgrade() {
        let params = Params::new(4_096, 3, 1, None).unwrap();
        let old = Argon2::new(Algorithm::Argon2id, Version::V0x13, params);
        let salt = SaltString::generate(&mut OsRng);
        let stored = old.hash_password(b"correct horse", &salt).unwrap().to_string();
        assert!(verify_now("correct horse", &stored));
        assert!(is_outdated(&stored));
        assert!(!is_outdated(&hash_now("correct horse")));
        assert!(is_outdated("not a hash"));
    }
}
