//! The compiled site under `/pkg` (JavaScript, wasm, CSS), with the cache policy its file names allow.

use std::path::Path;

use axum::http::{header, HeaderValue};
use tower::ServiceBuilder;
use tower_http::services::ServeDir;
use tower_http::set_header::SetResponseHeaderLayer;

/// Hashed names change whenever the content does, so browsers may keep them for a year without asking again.
const IMMUTABLE: &str = "public, max-age=31536000, immutable";
/// Unhashed names (development) must be revalidated, or a browser would keep running yesterday's wasm.
const REVALIDATE: &str = "no-cache";

/// Serves `<site root>/<pkg dir>`, using the `.br` and `.gz` files `cargo leptos build --precompress` writes.
pub fn pkg_service(
    site_root: &str,
    pkg_dir: &str,
    hashed_names: bool,
) -> impl tower::Service<
    axum::http::Request<axum::body::Body>,
    Response = axum::http::Response<tower_http::services::fs::ServeFileSystemResponseBody>,
    Error = std::convert::Infallible,
    Future = impl Send,
> + Clone
       + Send
       + 'static {
    let policy = HeaderValue::from_static(if hashed_names { IMMUTABLE } else { REVALIDATE });
    ServiceBuilder::new()
        .layer(SetResponseHeaderLayer::overriding(header::CACHE_CONTROL, policy))
        .service(ServeDir::new(Path::new(site_root).join(pkg_dir)).precompressed_br().precompressed_gzip())
}
