//! A request's body must be small and arrive in time:
//! - over `site.max_body_bytes`, it is refused before it is read: a declared length over the limit at once, a
//!   streamed body as soon as it passes it. Both answer 413 with a sentence, never a 500.
//! - not all sent within `site.body_timeout_secs` of its headers (a client trickling a form byte by byte to hold
//!   the connection), it is answered 408 with a sentence and the connection closed. The deadline is for the whole
//!   body, not between two reads, so a slow trickle cannot reset it; every form here is a few hundred bytes.

use std::time::Duration;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, Response, StatusCode};
use axum::middleware::Next;
use http_body_util::LengthLimitError;
use tower_http::limit::RequestBodyLimitLayer;

/// `site.max_body_bytes` and `site.body_timeout_secs`.
#[derive(Debug, Clone, Copy)]
pub struct BodyLimits {
    pub max_bytes: usize,
    pub timeout: Duration,
}

pub fn layer(limits: BodyLimits) -> RequestBodyLimitLayer {
    RequestBodyLimitLayer::new(limits.max_bytes)
}

const TOO_LARGE: &str =
    "That request is too large for the store. Forms here are small: check what was sent and try again.";
const TOO_SLOW: &str = "That request took too long to arrive, so the store stopped waiting for it. Please try again.";

/// Reads the body whole, within the deadline, before any handler sees the request (so no handler is left waiting
/// on a client, and a session or a transaction is never opened for a request that does not arrive).
pub async fn read_in_time(State(limits): State<BodyLimits>, request: Request, next: Next) -> Response<Body> {
    let (parts, body) = request.into_parts();
    match tokio::time::timeout(limits.timeout, axum::body::to_bytes(body, limits.max_bytes)).await {
        Ok(Ok(bytes)) => next.run(Request::from_parts(parts, Body::from(bytes))).await,
        Ok(Err(err)) if is_too_large(&err) => sentence(StatusCode::PAYLOAD_TOO_LARGE, TOO_LARGE),
        // The client went away mid-body: nobody reads this answer.
        Ok(Err(_)) => sentence(StatusCode::BAD_REQUEST, "That request did not arrive whole. Please try again."),
        Err(_) => {
            let mut answer = sentence(StatusCode::REQUEST_TIMEOUT, TOO_SLOW);
            answer.headers_mut().insert(header::CONNECTION, HeaderValue::from_static("close"));
            answer
        }
    }
}

fn is_too_large(err: &axum::Error) -> bool {
    let mut source: Option<&(dyn std::error::Error + 'static)> = Some(err);
    while let Some(err) = source {
        if err.is::<LengthLimitError>() {
            return true;
        }
        source = err.source();
    }
    false
}

/// Gives a bare 413 (from the limit, or from a body cut off while a server function read it) its sentence.
pub async fn explain_too_large(response: Response<Body>) -> Response<Body> {
    if response.status() != StatusCode::PAYLOAD_TOO_LARGE {
        return response;
    }
    let (mut parts, _) = response.into_parts();
    parts.headers.remove(header::CONTENT_LENGTH);
    let mut answer = sentence(StatusCode::PAYLOAD_TOO_LARGE, TOO_LARGE);
    for (name, value) in parts.headers {
        if let Some(name) = name {
            answer.headers_mut().entry(name).or_insert(value);
        }
    }
    answer
}

fn sentence(status: StatusCode, text: &'static str) -> Response<Body> {
    let mut answer = Response::new(Body::from(text));
    *answer.status_mut() = status;
    answer.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("text/plain; charset=utf-8"));
    answer
}
