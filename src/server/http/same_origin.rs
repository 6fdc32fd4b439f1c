//! Server functions that change anything answer only to this site's own pages. A browser names the page that sent a
//! POST in `Origin`; one from another site is refused with 403 before the function runs: that stops login CSRF
//! (another site signing a visitor into the attacker's account) and any other cross-site form post, on top of the
//! SameSite=Lax session cookie. Requests without `Origin` (curl, tests, very old browsers) carry no browser
//! cookies from another site and are let through.

use axum::extract::Request;
use axum::http::{header, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

pub async fn refuse_foreign_origin(request: Request, next: Next) -> Response {
    if request.method() == Method::POST && is_foreign(&request) {
        tracing::warn!(
            origin = ?request.headers().get(header::ORIGIN),
            path = request.uri().path(),
            "refused a POST from another site"
        );
        return (
            StatusCode::FORBIDDEN,
            "This form was sent from another website, so it was refused. Open the store's own page and try again.",
        )
            .into_response();
    }
    next.run(request).await
}

/// The `Origin` names another host than the one the request was sent to (as the proxy in front passed it on).
fn is_foreign(request: &Request) -> bool {
    let headers = request.headers();
    let Some(origin) = headers.get(header::ORIGIN).and_then(|origin| origin.to_str().ok()) else { return false };
    let host = headers
        .get("x-forwarded-host")
        .or_else(|| headers.get(header::HOST))
        .and_then(|host| host.to_str().ok())
        .or_else(|| request.uri().authority().map(|authority| authority.as_str()));
    match (origin_host(origin), host) {
        (Some(origin_host), Some(host)) => !origin_host.eq_ignore_ascii_case(host),
        // `Origin: null` (a sandboxed frame, a file) or a host-less request: not this site.
        _ => true,
    }
}

/// `host[:port]` of `scheme://host[:port]`.
fn origin_host(origin: &str) -> Option<&str> {
    let (_, rest) = origin.split_once("://")?;
    Some(rest.trim_end_matches('/')).filter(|host| !host.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::body::Body;

    fn post(origin: Option<&str>, host: &str) -> Request {
        let mut request = Request::builder().method(Method::POST).uri("/api/sign_in").header(header::HOST, host);
        if let Some(origin) = origin {
            request = request.header(header::ORIGIN, origin);
        }
        request.body(Body::empty()).unwrap()
    }

    #[test]
    fn only_another_sites_origin_is_foreign() {
        assert!(!is_foreign(&post(Some("http://127.0.0.1:3000"), "127.0.0.1:3000")));
        assert!(!is_foreign(&post(Some("https://Shop.Example"), "shop.example")));
        assert!(!is_foreign(&post(None, "127.0.0.1:3000")));
        assert!(is_foreign(&post(Some("https://evil.example"), "127.0.0.1:3000")));
        assert!(is_foreign(&post(Some("http://127.0.0.1:3001"), "127.0.0.1:3000")));
        assert!(is_foreign(&post(Some("null"), "127.0.0.1:3000")));
    }
}
