//! A new visitor's first cart id, given before they have a session. A guest's session (and its cookie) starts with
//! their first add to cart; two adds sent at once by a visitor with no session yet (a double click before the page
//! has hydrated, two tabs) would each start a session and a cart, and the browser would keep only one of the two
//! session cookies, leaving the other cart's units reserved where nobody can see them. So a page with an "Add to
//! cart" form gives a visitor with no session a cookie naming the cart their first add will create: every first add
//! from that browser names the same cart, and they meet in it. The id is random (96 bits, like an ObjectId) and is
//! never another shopper's: a taken id is not reused (see `cart::new_cart_id`).

use axum::http::header::{COOKIE, SET_COOKIE};
use axum::http::HeaderValue;
use leptos::prelude::use_context;

const NAME: &str = "amazone_guest_cart";
const SESSION_COOKIE: &str = "amazone_session=";
/// As long as a cart lives untouched (`maintenance.cart_lifetime`'s default); a later first add just gets a new id.
const MAX_AGE_SECS: u32 = 2 * 3600;

/// While rendering a page with an "Add to cart" form on the server: a visitor with neither a session nor this cookie
/// gets one. Cheap: nothing is stored until they add something.
pub fn offer(secure: bool) {
    let Some(request) = use_context::<axum::http::request::Parts>() else { return };
    let cookies = cookie_header(&request);
    if cookies.contains(SESSION_COOKIE) || cookie(&cookies, NAME).is_some() {
        return;
    }
    let Some(response) = use_context::<leptos_axum::ResponseOptions>() else { return };
    let id = mongodb::bson::oid::ObjectId::new().to_hex();
    let secure = if secure { "; Secure" } else { "" };
    let value = format!("{NAME}={id}; Path=/; Max-Age={MAX_AGE_SECS}; HttpOnly; SameSite=Lax{secure}");
    if let Ok(value) = HeaderValue::from_str(&value) {
        response.append_header(SET_COOKIE, value);
    }
}

/// The cart id the visitor's browser was given, when it is one (24 hex digits); anything else is ignored.
pub fn offered_cart_id() -> Option<String> {
    let request = use_context::<axum::http::request::Parts>()?;
    cookie(&cookie_header(&request), NAME)
        .filter(|id| id.len() == 24 && id.chars().all(|c| c.is_ascii_hexdigit()))
        .map(str::to_ascii_lowercase)
}

fn cookie_header(request: &axum::http::request::Parts) -> String {
    request.headers.get_all(COOKIE).iter().filter_map(|value| value.to_str().ok()).collect::<Vec<_>>().join("; ")
}

/// The value of cookie `name` in a `Cookie` header.
fn cookie<'a>(header: &'a str, name: &str) -> Option<&'a str> {
    header.split(';').filter_map(|pair| pair.trim().split_once('=')).find(|(key, _)| *key == name).map(|(_, v)| v)
}

#[cfg(test)]
mod tests {
    use super::cookie;

    #[test]
    fn finds_one_cookie_among_several() {
        let header = "theme=dark; amazone_guest_cart=0123456789abcdef01234567; other=x";
        assert_eq!(cookie(header, "amazone_guest_cart"), Some("0123456789abcdef01234567"));
        assert_eq!(cookie(header, "amazone_guest"), None);
        assert_eq!(cookie("", "amazone_guest_cart"), None);
    }
}
