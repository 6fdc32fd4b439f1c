//! How a server function answers when it cannot do what was asked, so that the status says whose move it is:
//! a refusal the visitor can fix is a 4xx with its sentence (logged at `info`, no stack); a database that is down,
//! unreachable or changing primary is 503 with a sentence to try again (logged at `warn`); anything else is a bug:
//! 500 (logged at `error`). The sentence always reaches the page, which shows it.

use std::fmt::Display;

use axum::http::StatusCode;
use leptos::prelude::ServerFnError;
use mongodb::error::{ErrorKind, RETRYABLE_WRITE_ERROR, TRANSIENT_TRANSACTION_ERROR};

use crate::server::context::set_status;

/// A refusal the visitor can fix: bad input (400/422), not signed in (401), not allowed (403), no such thing (404),
/// the state changed under them (409).
pub fn refuse(status: StatusCode, message: impl Display) -> ServerFnError {
    let message = message.to_string();
    tracing::info!(status = status.as_u16(), "refused: {message}");
    set_status(status);
    ServerFnError::new(message)
}

/// The database failed while doing `what`: 503 when it is out of reach or between primaries, 500 otherwise.
pub fn database_failed(err: &mongodb::error::Error, what: &str, message: &str) -> ServerFnError {
    if is_outage(err) {
        tracing::warn!(error = %err, "{what}: the database is unavailable");
        set_status(StatusCode::SERVICE_UNAVAILABLE);
    } else {
        tracing::error!(error = %err, "{what} failed");
        set_status(StatusCode::INTERNAL_SERVER_ERROR);
    }
    ServerFnError::new(message)
}

/// A dependency other than MongoDB (the session store) is out of reach: 503.
pub fn unavailable(cause: impl Display, what: &str, message: &str) -> ServerFnError {
    tracing::warn!(error = %cause, "{what}: unavailable");
    set_status(StatusCode::SERVICE_UNAVAILABLE);
    ServerFnError::new(message)
}

/// Too much at once (the password pool is full): 503 with `Retry-After` in seconds, and the sentence.
pub fn busy(message: impl Display, retry_after_secs: u64) -> ServerFnError {
    let message = message.to_string();
    tracing::warn!("busy: {message}");
    set_status(StatusCode::SERVICE_UNAVAILABLE);
    if let Some(response) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>() {
        response.insert_header(axum::http::header::RETRY_AFTER, axum::http::HeaderValue::from(retry_after_secs));
    }
    ServerFnError::new(message)
}

/// A programming or configuration error: 500, logged in full.
pub fn bug(what: &str, message: &str) -> ServerFnError {
    tracing::error!("{what}");
    set_status(StatusCode::INTERNAL_SERVER_ERROR);
    ServerFnError::new(message)
}

/// Server codes for a primary stepping down or a node going away (MongoDB's error_codes.yml).
const STATE_CHANGE_CODES: [i32; 9] = [6, 7, 89, 91, 189, 9001, 10107, 11600, 11602];

/// No server to talk to, a dropped connection, a timeout, a primary stepping down, or an error the driver labels
/// as worth retrying.
pub fn is_outage(err: &mongodb::error::Error) -> bool {
    let code = match err.kind.as_ref() {
        ErrorKind::Command(failure) => Some(failure.code),
        ErrorKind::Write(mongodb::error::WriteFailure::WriteConcernError(failure)) => Some(failure.code),
        _ => None,
    };
    matches!(
        err.kind.as_ref(),
        ErrorKind::ServerSelection { .. }
            | ErrorKind::Io(_)
            | ErrorKind::ConnectionPoolCleared { .. }
            | ErrorKind::DnsResolve { .. }
    ) || code.is_some_and(|code| STATE_CHANGE_CODES.contains(&code))
        || err.contains_label(RETRYABLE_WRITE_ERROR)
        || err.contains_label(TRANSIENT_TRANSACTION_ERROR)
}
