//! Reading the `Cookie` header, and the session cookie's name (set in the router, looked for by the layers that must
//! tell a visitor with a session from one without).

use axum::http::header::{HeaderMap, COOKIE};

/// The session cookie (`tower-sessions`).
pub const SESSION: &str = "amazone_session";

/// Every `Cookie` header of a request, joined as one.
pub fn header(headers: &HeaderMap) -> String {
    headers.get_all(COOKIE).iter().filter_map(|value| value.to_str().ok()).collect::<Vec<_>>().join("; ")
}

/// The value of cookie `name` in a `Cookie` header.
pub fn value<'a>(header: &'a str, name: &str) -> Option<&'a str> {
    header.split(';').filter_map(|pair| pair.trim().split_once('=')).find(|(key, _)| *key == name).map(|(_, v)| v)
}

/// Whether the request carries a session cookie (signed in, a cart, a chosen country...).
pub fn has_session(headers: &HeaderMap) -> bool {
    value(&header(headers), SESSION).is_some()
}

#[cfg(test)]
mod tests {
    use super::{has_session, value};
    use axum::http::{HeaderMap, HeaderValue};

    #[test]
    fn finds_one_cookie_among_several() {
        let header = "theme=dark; amazone_guest_cart=0123456789abcdef01234567; other=x";
        assert_eq!(value(header, "amazone_guest_cart"), Some("0123456789abcdef01234567"));
        assert_eq!(value(header, "amazone_guest"), None);
        assert_eq!(value("", "amazone_guest_cart"), None);
    }

    #[test]
    fn a_session_is_told_by_its_cookie_name_not_by_a_look_alike() {
        let mut headers = HeaderMap::new();
        headers.append("cookie", HeaderValue::from_static("theme=dark"));
        headers.append("cookie", HeaderValue::from_static("not_amazone_session=1"));
        assert!(!has_session(&headers));
        headers.append("cookie", HeaderValue::from_static("amazone_session=abc"));
        assert!(has_session(&headers));
    }
}
