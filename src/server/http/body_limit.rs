//! Request bodies over `site.max_body_bytes` are refused before they are read: a declared length over the limit at
//! once, a streamed body as soon as it passes it. Both answer 413 with a sentence, never a 500.

use axum::body::Body;
use axum::http::{header, HeaderValue, Response, StatusCode};
use tower_http::limit::RequestBodyLimitLayer;

pub fn layer(max_bytes: usize) -> RequestBodyLimitLayer {
    RequestBodyLimitLayer::new(max_bytes)
}

/// Gives a bare 413 (from the limit, or from a body cut off while a server function read it) its sentence.
pub async fn explain_too_large(response: Response<Body>) -> Response<Body> {
    if response.status() != StatusCode::PAYLOAD_TOO_LARGE {
        return response;
    }
    let (mut parts, _) = response.into_parts();
    parts.headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/plain; charset=utf-8"));
    parts.headers.remove(header::CONTENT_LENGTH);
    Response::from_parts(
        parts,
        Body::from("That request is too large for the store. Forms here are small: check what was sent and try again."),
    )
}
