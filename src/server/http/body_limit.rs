//! A request's body must be small and arrive in time:
//! - over `site.max_body_bytes` (a picture upload: `catalogue.max_picture_mb` and a little for the form around it),
//!   it is refused before it is used: a declared length over the limit at once (read and dropped first when less than
//!   8 MB over, so that a client still sending gets the answer), a streamed body as soon as it passes it.
//!   Both answer 413 with a sentence, never a 500.
//! - not all sent within `site.body_timeout_secs` of its headers (a client trickling a form byte by byte to hold
//!   the connection), it is answered 408 with a sentence and the connection closed. The deadline is for the whole
//!   body, not between two reads, so a slow trickle cannot reset it; every form here is a few hundred bytes.
//! - uploads are read a few at a time (`UPLOADS_AT_ONCE`), so that their larger bodies cannot add up to more memory
//!   than that; beyond it the answer is 503 with Retry-After and a sentence.

use std::sync::LazyLock;
use std::time::Duration;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, Response, StatusCode};
use axum::middleware::Next;
use http_body_util::LengthLimitError;
use tokio::sync::Semaphore;

/// `site.max_body_bytes`, `site.body_timeout_secs`, and the larger limit of the paths that take a file.
#[derive(Debug, Clone, Copy)]
pub struct BodyLimits {
    pub max_bytes: usize,
    pub max_upload_bytes: usize,
    pub timeout: Duration,
}

/// The server functions that take a file, with their larger limit.
pub const UPLOAD_PATHS: [&str; 1] = ["/api/upload_product_picture"];
/// Room for the form fields and multipart boundaries around an uploaded file.
pub const UPLOAD_FORM_OVERHEAD: usize = 64 * 1024;
/// Upload bodies held in memory at once, on this server.
const UPLOADS_AT_ONCE: usize = 4;
static UPLOADS: LazyLock<Semaphore> = LazyLock::new(|| Semaphore::new(UPLOADS_AT_ONCE));

const TOO_LARGE: &str =
    "That request is too large for the store. Forms here are small: check what was sent and try again.";
const TOO_SLOW: &str = "That request took too long to arrive, so the store stopped waiting for it. Please try again.";
const UPLOADS_BUSY: &str = "Several pictures are being uploaded right now. Please try again in a few seconds.";

/// Reads the body whole, within the deadline, before any handler sees the request (so no handler is left waiting
/// on a client, and a session or a transaction is never opened for a request that does not arrive).
pub async fn read_in_time(State(limits): State<BodyLimits>, request: Request, next: Next) -> Response<Body> {
    let upload = UPLOAD_PATHS.contains(&request.uri().path());
    let (max_bytes, too_large) = if upload {
        let mb = limits.max_upload_bytes.saturating_sub(UPLOAD_FORM_OVERHEAD).div_ceil(1024 * 1024);
        (limits.max_upload_bytes, format!("That file is larger than {mb} MB. Upload a smaller picture."))
    } else {
        (limits.max_bytes, TOO_LARGE.to_string())
    };
    let declared = request.headers().get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()?.parse::<u64>().ok());
    if let Some(length) = declared.filter(|length| *length > max_bytes as u64) {
        // A body a few MB over the limit (a picture too large) is read and dropped first: the client is still
        // sending it, and a connection closed under it shows a reset, not this sentence. A larger one is refused
        // at once.
        if length <= max_bytes as u64 + DRAINED_BEYOND_LIMIT {
            let _ = tokio::time::timeout(limits.timeout, drain(request.into_body())).await;
        }
        return closing(sentence(StatusCode::PAYLOAD_TOO_LARGE, too_large));
    }
    // Held until the answer is made: an upload's bytes and its decoding are bounded together.
    let _permit = match upload {
        true => match UPLOADS.try_acquire() {
            Ok(permit) => Some(permit),
            Err(_) => {
                let mut answer = sentence(StatusCode::SERVICE_UNAVAILABLE, UPLOADS_BUSY.to_string());
                answer.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from_static("5"));
                return answer;
            }
        },
        false => None,
    };
    let (parts, body) = request.into_parts();
    match tokio::time::timeout(limits.timeout, axum::body::to_bytes(body, max_bytes)).await {
        Ok(Ok(bytes)) => next.run(Request::from_parts(parts, Body::from(bytes))).await,
        Ok(Err(err)) if is_too_large(&err) => closing(sentence(StatusCode::PAYLOAD_TOO_LARGE, too_large)),
        // The client went away mid-body: nobody reads this answer.
        Ok(Err(_)) => sentence(StatusCode::BAD_REQUEST, "That request did not arrive whole. Please try again.".into()),
        Err(_) => closing(sentence(StatusCode::REQUEST_TIMEOUT, TOO_SLOW.to_string())),
    }
}

/// How far over its limit a declared body is still read (and dropped) before it is refused: a few MB, within the
/// body's deadline, costs the server no more than the client.
const DRAINED_BEYOND_LIMIT: u64 = 8 * 1024 * 1024;

/// Reads the body to its end, keeping nothing.
async fn drain(body: Body) {
    let mut frames = body.into_data_stream();
    while let Some(Ok(_)) = futures::StreamExt::next(&mut frames).await {}
}

/// An answer after which the connection closes (the rest of the body is never read), saying so: a client that
/// took it for a keep-alive connection would send its next request into a closed socket (the abuse benchmark's
/// sign-in guesses and searches sharing a pool with the oversized forms failed that way).
fn closing(mut answer: Response<Body>) -> Response<Body> {
    answer.headers_mut().insert(header::CONNECTION, HeaderValue::from_static("close"));
    answer
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
    // One that already says something (this module's, a server function's refusal) is left as it is.
    if response.status() != StatusCode::PAYLOAD_TOO_LARGE || response.headers().contains_key(header::CONTENT_TYPE) {
        return response;
    }
    let (mut parts, _) = response.into_parts();
    parts.headers.remove(header::CONTENT_LENGTH);
    let mut answer = sentence(StatusCode::PAYLOAD_TOO_LARGE, TOO_LARGE.to_string());
    for (name, value) in parts.headers {
        if let Some(name) = name {
            answer.headers_mut().entry(name).or_insert(value);
        }
    }
    answer
}

fn sentence(status: StatusCode, text: String) -> Response<Body> {
    let mut answer = Response::new(Body::from(text));
    *answer.status_mut() = status;
    answer.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("text/plain; charset=utf-8"));
    answer
}
