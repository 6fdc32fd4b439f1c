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

#[tokio::test]
async fn a_body_over_the_limit_is_refused_with_413_and_a_sentence() {
    let mongod = TestMongod::start().await;
    let app = crate::support::TestApp::spawn_with(&mongod, |settings| settings.site.max_body_bytes = 64 * 1024).await;
    let huge = "x".repeat(200 * 1024);
    let (status, headers, body) =
        Browser::new().call(&app, "sign_in", &[("email", "a@b.co"), ("password", huge.as_str())]).await;
    assert_eq!(status, reqwest::StatusCode::PAYLOAD_TOO_LARGE, "{body}");
    assert!(body.contains("too large"), "{body}");
    // The body is dropped unused and the connection closes, and the answer says so.
    assert_eq!(headers.get("connection").map(|v| v.to_str().unwrap()), Some("close"));
    // A normal form still goes through.
    let (status, _, body) =
        Browser::new().call(&app, "sign_in", &[("email", "a@b.co"), ("password", "wrong one")]).await;
    assert_eq!(status, reqwest::StatusCode::UNAUTHORIZED, "{body}");
    app.shutdown().await;
}

#[tokio::test]
async fn a_body_trickled_past_its_deadline_gets_408_and_a_streamed_body_over_the_limit_413() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mongod = TestMongod::start().await;
    let app = crate::support::TestApp::spawn_with(&mongod, |settings| {
        settings.site.body_timeout_secs = 1;
        settings.site.max_body_bytes = 64 * 1024;
    })
    .await;
    let address = app.url("/").trim_start_matches("http://").trim_end_matches('/').to_string();
    let answer = |mut stream: tokio::net::TcpStream| async move {
        let mut answer = Vec::new();
        let read = tokio::time::timeout(std::time::Duration::from_secs(10), stream.read_to_end(&mut answer)).await;
        assert!(read.is_ok(), "the server answered and closed instead of waiting for ever");
        String::from_utf8_lossy(&answer).to_string()
    };
    // Headers on time, then a tenth of the promised form, then nothing.
    let mut slow = tokio::net::TcpStream::connect(&address).await.unwrap();
    let head = "POST /api/sign_in HTTP/1.1\r\nHost: amazone\r\nContent-Type: application/x-www-form-urlencoded\r\n";
    slow.write_all(format!("{head}Content-Length: 100\r\n\r\nemail=a%40b").as_bytes()).await.unwrap();
    let started = std::time::Instant::now();
    let slow_answer = answer(slow).await;
    assert!(started.elapsed() >= std::time::Duration::from_millis(900), "not before the deadline");
    assert!(slow_answer.starts_with("HTTP/1.1 408"), "{slow_answer}");
    assert!(slow_answer.contains("took too long to arrive"), "{slow_answer}");
    // A body sent in chunks, with no length declared, is cut off once it passes the limit.
    let mut streamed = tokio::net::TcpStream::connect(&address).await.unwrap();
    streamed.write_all(format!("{head}Transfer-Encoding: chunked\r\n\r\n").as_bytes()).await.unwrap();
    let chunk = format!("4000\r\n{}\r\n", "x".repeat(0x4000));
    for _ in 0..8 {
        if streamed.write_all(chunk.as_bytes()).await.is_err() {
            break; // the server answered and stopped reading
        }
    }
    let _ = streamed.write_all(b"0\r\n\r\n").await;
    let streamed_answer = answer(streamed).await;
    assert!(streamed_answer.starts_with("HTTP/1.1 413"), "{streamed_answer}");
    assert!(streamed_answer.contains("too large"), "{streamed_answer}");
    // A form sent on time is served as before.
    let (status, _, body) =
        Browser::new().call(&app, "sign_in", &[("email", "a@b.co"), ("password", "wrong one")]).await;
    assert_eq!(status, reqwest::StatusCode::UNAUTHORIZED, "{body}");
    app.shutdown().await;
}

#[tokio::test]
async fn every_response_carries_the_security_headers_and_pages_a_policy_naming_their_scripts() {
    let mongod = TestMongod::start().await;
    let app = crate::support::TestApp::spawn(&mongod).await;
    // Catalogue pages a guest without a session asks for may be served to many visitors from the page cache: their
    // scripts are named by hash. Every other page names this response's nonce.
    let shared = ["/", "/search?q=tea"];
    for path in ["/", "/search?q=tea", "/sign-in", "/admin", "/no-such-page"] {
        let response = app.get(path).await;
        let headers = response.headers().clone();
        let header = |name: &str| headers.get(name).map(|v| v.to_str().unwrap().to_string()).unwrap_or_default();
        let policy = header("content-security-policy");
        assert!(policy.contains("frame-ancestors 'none'"), "{path}: {policy}");
        assert!(!policy.contains("'unsafe-eval'") && !policy.contains("'unsafe-inline'"), "{path}: {policy}");
        let html = response.text().await.unwrap();
        if shared.contains(&path) {
            assert!(policy.contains("'sha256-") && !policy.contains("'nonce-"), "{path}: {policy}");
        } else {
            let nonce = policy.split("'nonce-").nth(1).and_then(|rest| rest.split('\'').next()).unwrap_or_default();
            assert!(nonce.len() >= 16, "{path}: a page's policy names a nonce: {policy}");
            assert!(html.contains(&format!("nonce=\"{nonce}\"")), "{path}: Leptos's scripts carry the same nonce");
        }
        assert_eq!(header("x-content-type-options"), "nosniff", "{path}");
        assert_eq!(header("x-frame-options"), "DENY", "{path}");
        assert_eq!(header("referrer-policy"), "strict-origin-when-cross-origin", "{path}");
        assert!(header("permissions-policy").contains("camera=()"), "{path}");
        assert!(header("strict-transport-security").is_empty(), "plain HTTP here: no HSTS");
    }
    let policy = |response: reqwest::Response| response.headers()["content-security-policy"].clone();
    let (first, second) = (policy(app.get("/sign-in").await), policy(app.get("/sign-in").await));
    assert_ne!(first, second, "a fresh nonce for every response");
    let (_, headers, _) = Browser::new().call(&app, "current_viewer", &[]).await;
    assert_eq!(headers.get("content-security-policy").unwrap(), "default-src 'none'; frame-ancestors 'none'");
    app.shutdown().await;

    let secure = crate::support::TestApp::spawn_with(&mongod, |settings| settings.accounts.secure_cookies = true).await;
    let response = secure.get("/health/live").await;
    assert!(response.headers().get("strict-transport-security").is_some(), "HSTS once served over HTTPS");
    secure.shutdown().await;
}

#[tokio::test]
async fn repeated_wrong_passwords_for_an_account_are_throttled_and_a_right_one_after_the_wait_works() {
    let mongod = TestMongod::start().await;
    let app = app_with_seed_data(&mongod).await;
    let diana = Browser::new();
    let wrong = [("email", "dianahall@gmail.com"), ("password", "not her password")];
    for attempt in 1..=5 {
        let (status, _, body) = diana.call(&app, "sign_in", &wrong).await;
        assert_eq!(status, reqwest::StatusCode::UNAUTHORIZED, "attempt {attempt} is checked: {body}");
    }
    // The sixth comes too soon: refused before any hashing, with the wait.
    let (status, headers, body) = diana.call(&app, "sign_in", &wrong).await;
    assert_eq!(status, reqwest::StatusCode::TOO_MANY_REQUESTS, "{body}");
    let retry: u64 = headers.get("retry-after").unwrap().to_str().unwrap().parse().unwrap();
    assert!((1..=2).contains(&retry), "{retry}");
    assert!(body.contains("wait") && body.contains("seconds"), "{body}");
    let right = [("email", "dianahall@gmail.com"), ("password", "amazone-demo")];
    let (status, _, _) = diana.call(&app, "sign_in", &right).await;
    assert_eq!(status, reqwest::StatusCode::TOO_MANY_REQUESTS, "even the right password waits its turn");

    // Other accounts, from the same address, are unaffected.
    Browser::new().sign_in(&app, "traceymedina@gmail.com").await;
    // The admin dashboard shows the account under attack.
    let admin = Browser::new();
    admin.call(&app, "sign_in", &[("email", "admin@amazone.test"), ("password", "amazone-admin")]).await;
    let (_, _, dashboard) = admin.call(&app, "admin_dashboard", &[]).await;
    assert!(dashboard.contains("account:dianahall@gmail.com"), "{dashboard}");

    // After the wait the right password works, and clears the count.
    tokio::time::sleep(std::time::Duration::from_millis(retry * 1000 + 200)).await;
    let (status, _, body) = diana.call(&app, "sign_in", &right).await;
    assert!(status.is_success() || status.is_redirection(), "{status}: {body}");
    let failures = app.db.collection::<Document>("sign_in_failures");
    assert!(failures.find_one(doc! { "_id": "account:dianahall@gmail.com" }).await.unwrap().is_none());
    app.shutdown().await;
}

#[tokio::test]
async fn a_client_trickling_its_headers_is_cut_off() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mongod = TestMongod::start().await;
    let app = crate::support::TestApp::spawn_with(&mongod, |settings| settings.site.header_timeout_secs = 1).await;
    let address = app.url("/").trim_start_matches("http://").trim_end_matches('/').to_string();
    let mut slow = tokio::net::TcpStream::connect(&address).await.unwrap();
    slow.write_all(b"GET / HTTP/1.1\r\nHost: amazone\r\n").await.unwrap();
    let started = std::time::Instant::now();
    let mut answer = Vec::new();
    let read = tokio::time::timeout(std::time::Duration::from_secs(10), slow.read_to_end(&mut answer)).await;
    assert!(read.is_ok(), "the server closed the connection instead of waiting for ever");
    let waited = started.elapsed();
    assert!(waited >= std::time::Duration::from_millis(900), "not before the timeout: {waited:?}");
    let answer = String::from_utf8_lossy(&answer);
    assert!(answer.is_empty() || answer.starts_with("HTTP/1.1 408"), "{answer}");
    // A client that sends its request in time is served.
    assert!(app.get("/health/live").await.status().is_success());
    app.shutdown().await;
}

#[tokio::test]
async fn connections_past_the_bound_wait_until_one_closes() {
    let mongod = TestMongod::start().await;
    let app = crate::support::TestApp::spawn_with(&mongod, |settings| {
        settings.site.max_connections = 2;
        settings.site.header_timeout_secs = 30;
    })
    .await;
    let address = app.url("/").trim_start_matches("http://").trim_end_matches('/').to_string();
    let idle_one = tokio::net::TcpStream::connect(&address).await.unwrap();
    let _idle_two = tokio::net::TcpStream::connect(&address).await.unwrap();
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    let client = reqwest::Client::builder().timeout(std::time::Duration::from_millis(800)).build().unwrap();
    let crowded = client.get(app.url("/health/live")).send().await;
    assert!(crowded.is_err(), "a third connection is not served while two are open");
    drop(idle_one);
    let client = reqwest::Client::builder().timeout(std::time::Duration::from_secs(5)).build().unwrap();
    let served = client.get(app.url("/health/live")).send().await.unwrap();
    assert!(served.status().is_success(), "served once one closed");
    app.shutdown().await;
}
