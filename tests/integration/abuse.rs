//! Abuse: password hashing never runs more than its bound at once and turns the excess away at once (bounded
//! memory under a flood), and hashes made with older parameters are upgraded at the next sign-in.

use amazone::server::accounts::password;
use mongodb::bson::{doc, Document};

use crate::shopping::app_with_seed_data;
use crate::support::{Browser, TestMongod};

#[tokio::test]
async fn a_flood_of_password_checks_runs_at_most_the_bound_at_once_and_turns_the_excess_away() {
    let stored = password::hash("correct horse".into()).await.unwrap();
    let flood = password::workers() + password::queue_bound() + 12;
    let checks = (0..flood).map(|_| {
        let stored = stored.clone();
        tokio::spawn(async move { password::verify("wrong horse".into(), stored).await })
    });
    let answers: Vec<Result<bool, password::Busy>> =
        futures::future::join_all(checks).await.into_iter().map(Result::unwrap).collect();
    let busy = answers.iter().filter(|answer| answer.is_err()).count();
    assert!(busy >= 12, "the checks beyond workers + queue are turned away at once: {busy} of {flood}");
    assert!(answers.iter().filter_map(|answer| answer.as_ref().ok()).all(|matched| !matched));
    assert!(
        password::peak_running() <= password::workers(),
        "never more than {} at once, saw {}",
        password::workers(),
        password::peak_running()
    );
}

#[tokio::test]
async fn a_hash_with_older_parameters_is_upgraded_at_the_next_sign_in() {
    use argon2::password_hash::{rand_core::OsRng, PasswordHasher, SaltString};
    let mongod = TestMongod::start().await;
    let app = app_with_seed_data(&mongod).await;
    let accounts = app.db.collection::<Document>("accounts");
    let params = argon2::Params::new(4_096, 3, 1, None).unwrap();
    let old = argon2::Argon2::new(argon2::Algorithm::Argon2id, argon2::Version::V0x13, params)
        .hash_password(b"amazone-demo", &SaltString::generate(&mut OsRng))
        .unwrap()
        .to_string();
    let email = "dianahall@gmail.com";
    let tracey = doc! { "email": "traceymedina@gmail.com" };
    let shared =
        accounts.find_one(tracey.clone()).await.unwrap().unwrap().get_str("password_hash").unwrap().to_string();
    accounts.update_one(doc! { "email": email }, doc! { "$set": { "password_hash": &old } }).await.unwrap();

    Browser::new().sign_in(&app, email).await;
    let stored = accounts.find_one(doc! { "email": email }).await.unwrap().unwrap();
    let upgraded = stored.get_str("password_hash").unwrap();
    assert!(upgraded.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{upgraded}");
    // The demo accounts share one hash; upgrading one leaves the others' alone.
    let other = accounts.find_one(tracey).await.unwrap().unwrap();
    assert_eq!(other.get_str("password_hash").unwrap(), shared);
    // The upgraded hash signs in as before.
    Browser::new().sign_in(&app, email).await;
    app.shutdown().await;
}
