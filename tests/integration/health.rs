use std::time::{Duration, Instant};

use reqwest::StatusCode;
use serde_json::Value;

use crate::support::{TestApp, TestMongod};

async fn ready(app: &TestApp) -> (StatusCode, Value) {
    let response = app.get("/health/ready").await;
    let status = response.status();
    (status, response.json().await.expect("readiness answers JSON"))
}

#[tokio::test]
async fn live_and_ready_answer_json_when_mongodb_is_up() {
    let mongod = TestMongod::start().await;
    let app = TestApp::spawn(&mongod).await;

    let live = app.get("/health/live").await;
    assert_eq!(live.status(), StatusCode::OK);
    assert_eq!(live.headers()["cache-control"], "no-store");
    assert_eq!(live.json::<Value>().await.unwrap()["status"], "live");

    let (status, body) = ready(&app).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["status"], "ready");
    assert_eq!(body["mongodb"], "up");
    app.shutdown().await;
}

#[tokio::test]
async fn ready_reports_an_outage_without_crashing_and_recovers() {
    let mut mongod = TestMongod::start().await;
    let app = TestApp::spawn(&mongod).await;
    assert_eq!(ready(&app).await.0, StatusCode::OK);

    mongod.stop().await;
    let (status, body) = ready(&app).await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(body["status"], "not ready");
    assert_ne!(body["mongodb"], "up");
    // The process is still up, and says so.
    assert_eq!(app.get("/health/live").await.status(), StatusCode::OK);
    // A page that needs the database degrades to a message instead of failing the request.
    let home = app.get("/").await;
    assert_eq!(home.status(), StatusCode::OK);
    assert!(home.text().await.unwrap().contains("can't reach the catalogue"));

    mongod.restart().await;
    // The driver reconnects on its own; give its monitor a few heartbeats.
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let (status, body) = ready(&app).await;
        if status == StatusCode::OK {
            assert_eq!(body["mongodb"], "up");
            break;
        }
        assert!(Instant::now() < deadline, "readiness did not recover after mongod came back: {body}");
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    app.shutdown().await;
}
