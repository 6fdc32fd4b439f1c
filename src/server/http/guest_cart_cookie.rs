//! A new visitor's first cart id, given before they have a session. A guest's session (and its cookie) starts with
//! their first add to cart; two adds sent at once by a visitor with no session yet (a double click before the page
//! has hydrated, two tabs) would each start a session and a cart, and the browser would keep only one of the two
//! session cookies, leaving the other cart's units reserved where nobody can see them. So a page with an "Add to
//! cart" form gives a visitor with no session a cookie naming the cart their first add will create: every first add
//! from that browser names the same cart, and they meet in it. The id is random (96 bits, like an ObjectId) and is
//! never another shopper's: a taken id is not reused (see `cart::new_cart_id`).
//!
//! A page that has such a form only says so (a marker header, the same however often it renders); one middleware
//! turns the marker into exactly one cookie for a visitor who needs one, so a page kept in the page cache still gives
//! every new visitor a cart id of their own.

use axum::extract::{Request, State};
use axum::http::header::SET_COOKIE;
use axum::http::{HeaderName, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;
use leptos::prelude::use_context;

use super::cookies;

const NAME: &str = "amazone_guest_cart";
/// As long as a cart lives untouched (`maintenance.cart_lifetime`'s default); a later first add just gets a new id.
const MAX_AGE_SECS: u32 = 2 * 3600;
/// Set by a page with an "Add to cart" form; never leaves the server.
const OFFERS_FIRST_CART: HeaderName = HeaderName::from_static("x-amazone-offers-first-cart");

/// While rendering a page with an "Add to cart" form on the server: marks the response as one that gives a visitor
/// with no session their first cart's id. Cheap: nothing is stored until they add something.
pub fn offer() {
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.insert_header(OFFERS_FIRST_CART, HeaderValue::from_static("1"));
    }
}

/// Around every response: a page marked by `offer`, to a visitor with neither a session nor a first-cart cookie,
/// sets one cookie with a new id (`secure`: only over HTTPS). The marker is always removed.
pub async fn give_first_cart(State(secure): State<bool>, request: Request, next: Next) -> Response {
    let needs_one =
        !cookies::has_session(request.headers()) && cookies::value(&cookies::header(request.headers()), NAME).is_none();
    let mut response = next.run(request).await;
    let offered = response.headers_mut().remove(OFFERS_FIRST_CART).is_some();
    if offered && needs_one {
        response.headers_mut().append(SET_COOKIE, first_cart_cookie(secure));
    }
    response
}

fn first_cart_cookie(secure: bool) -> HeaderValue {
    let id = mongodb::bson::oid::ObjectId::new().to_hex();
    let secure = if secure { "; Secure" } else { "" };
    let value = format!("{NAME}={id}; Path=/; Max-Age={MAX_AGE_SECS}; HttpOnly; SameSite=Lax{secure}");
    HeaderValue::from_str(&value).expect("an id of hex digits makes a valid header")
}

/// The cart id the visitor's browser was given, when it is one (24 hex digits); anything else is ignored.
pub fn offered_cart_id() -> Option<String> {
    let request = use_context::<axum::http::request::Parts>()?;
    cookies::value(&cookies::header(&request.headers), NAME)
        .filter(|id| id.len() == 24 && id.chars().all(|c| c.is_ascii_hexdigit()))
        .map(str::to_ascii_lowercase)
}
