//! `GET /pictures/{id}`: a stored picture with the headers that let browsers and proxies keep it for good. The id
//! is a hash of the bytes, so the answer for an id never changes: `immutable`, a year, and an `ETag` for clients
//! that ask anyway. The content type is the one stored with the file, never guessed from the address.

use std::sync::Arc;

use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use moka::future::Cache;

use super::store::{load, StoredPicture};
use crate::model::picture::is_picture_id;
use crate::server::http::AppState;

/// Bytes of pictures kept in memory per server: the popular ones are served without a database read.
const CACHE_BYTES: u64 = 64 * 1024 * 1024;

/// Pictures recently served, by id. Nothing stored under an id ever changes, so entries never go stale.
#[derive(Clone)]
pub struct PictureCache(Cache<String, Arc<StoredPicture>>);

impl Default for PictureCache {
    fn default() -> Self {
        PictureCache(
            Cache::builder()
                .max_capacity(CACHE_BYTES)
                .weigher(|_, picture: &Arc<StoredPicture>| picture.bytes.len().try_into().unwrap_or(u32::MAX))
                .build(),
        )
    }
}

pub async fn serve(State(state): State<AppState>, Path(id): Path<String>, headers: HeaderMap) -> Response {
    if !is_picture_id(&id) {
        return answer(StatusCode::NOT_FOUND, "There is no picture at this address.");
    }
    let etag = format!("\"{id}\"");
    let picture = match state.pictures.0.get(&id).await {
        Some(picture) => picture,
        None => match load(&state.db, &id).await {
            Ok(Some(picture)) => {
                let picture = Arc::new(picture);
                state.pictures.0.insert(id.clone(), picture.clone()).await;
                picture
            }
            Ok(None) => return answer(StatusCode::NOT_FOUND, "There is no picture at this address."),
            Err(err) => {
                tracing::error!(error = %err, picture = %id, "reading a picture failed");
                return answer(StatusCode::SERVICE_UNAVAILABLE, "Pictures cannot be read just now; try again shortly.");
            }
        },
    };
    let cache = [
        (header::CACHE_CONTROL, HeaderValue::from_static("public, max-age=31536000, immutable")),
        (header::ETAG, HeaderValue::from_str(&etag).expect("hex in quotes is a header value")),
    ];
    let asked_for_this = headers
        .get(header::IF_NONE_MATCH)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|tags| tags.split(',').any(|tag| tag.trim() == etag || tag.trim() == "*"));
    if asked_for_this {
        return (StatusCode::NOT_MODIFIED, cache).into_response();
    }
    let content_type = HeaderValue::from_str(&picture.content_type)
        .unwrap_or_else(|_| HeaderValue::from_static("application/octet-stream"));
    (cache, [(header::CONTENT_TYPE, content_type)], picture.bytes.clone()).into_response()
}

fn answer(status: StatusCode, sentence: &'static str) -> Response {
    (status, [(header::CACHE_CONTROL, "no-store")], sentence).into_response()
}
