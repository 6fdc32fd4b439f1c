//! Health checks for load balancers: `live` says the process answers, `ready` that MongoDB does too, with a primary.

use std::time::Duration;

use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::IntoResponse;
use axum::Json;
use mongodb::bson::doc;
use mongodb::options::{ReadPreference, SelectionCriteria};
use serde_json::json;

use super::AppState;

/// Longer than a healthy ping by far, shorter than a load balancer's own check timeout.
const READY_TIMEOUT: Duration = Duration::from_secs(2);

pub async fn live() -> impl IntoResponse {
    ([(header::CACHE_CONTROL, "no-store")], Json(json!({ "status": "live" })))
}

pub async fn ready(State(state): State<AppState>) -> impl IntoResponse {
    // Ready means a primary to write to: while a replica set elects one, this server is not ready.
    let primary = SelectionCriteria::ReadPreference(ReadPreference::Primary);
    let ping = state.db.run_command(doc! { "ping": 1 }).selection_criteria(primary);
    let ping = tokio::time::timeout(READY_TIMEOUT, ping).await;
    let (status, mongodb) = match ping {
        Ok(Ok(_)) => (StatusCode::OK, "up"),
        Ok(Err(err)) => {
            tracing::warn!(error = %err, "readiness: MongoDB ping failed");
            (StatusCode::SERVICE_UNAVAILABLE, "unreachable")
        }
        Err(_) => {
            tracing::warn!("readiness: MongoDB ping timed out");
            (StatusCode::SERVICE_UNAVAILABLE, "timeout")
        }
    };
    let body = json!({ "status": if status.is_success() { "ready" } else { "not ready" }, "mongodb": mongodb });
    (status, [(header::CACHE_CONTROL, "no-store")], Json(body))
}
