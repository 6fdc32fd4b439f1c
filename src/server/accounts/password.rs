//! Password hashing with Argon2id (the `argon2` crate's defaults: 19 MiB, 2 passes), off the async threads: a hash
//! takes tens of milliseconds of CPU.

use std::sync::OnceLock;

use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;

/// A PHC string (`$argon2id$v=19$...`) with a fresh random salt.
pub async fn hash(password: String) -> String {
    tokio::task::spawn_blocking(move || hash_now(&password)).await.expect("hashing does not panic")
}

/// Whether `password` matches `stored`. A malformed stored hash matches nothing.
pub async fn verify(password: String, stored: String) -> bool {
    tokio::task::spawn_blocking(move || verify_now(&password, &stored)).await.expect("verifying does not panic")
}

/// Spends the same time as a real check, for sign-ins with an unknown email: the answer's timing then does not tell
/// which emails have accounts.
pub async fn verify_nothing(password: String) {
    static DUMMY: OnceLock<String> = OnceLock::new();
    let dummy = DUMMY.get_or_init(|| hash_now("no account has this password")).clone();
    verify(password, dummy).await;
}

fn hash_now(password: &str) -> String {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default().hash_password(password.as_bytes(), &salt).expect("argon2 accepts any password").to_string()
}

fn verify_now(password: &str, stored: &str) -> bool {
    PasswordHash::new(stored)
        .is_ok_and(|parsed| Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hash_verifies_its_password_only_and_is_salted() {
        let first = hash_now("correct horse");
        assert!(first.starts_with("$argon2id$"));
        assert!(verify_now("correct horse", &first));
        assert!(!verify_now("correct horse!", &first));
        assert_ne!(first, hash_now("correct horse"), "each hash has its own salt");
        assert!(!verify_now("anything", "not a hash"));
    }
}
