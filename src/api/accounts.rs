//! Signing up, in and out, and who is signed in. Passwords are checked and hashed on the server only.
// A server function's arguments are its form's fields (sign-up has nine); `#[server]` also generates the browser's
// side, which an `#[allow]` on the function does not reach.
#![allow(clippy::too_many_arguments)]

use leptos::prelude::*;

use crate::model::account::Viewer;

/// Who is signed in, for the header and the pages that need it; None for a guest.
#[server(endpoint = "current_viewer")]
pub async fn current_viewer() -> Result<Option<Viewer>, ServerFnError> {
    Ok(crate::server::context::signed_in().await?.map(|who| who.viewer()))
}

/// Signs in, moves a guest's cart into the customer's, and goes on to `next` (a path on this site) or home. Too
/// many failures for the account or from the address are answered 429 with the wait, before any hashing.
#[server(endpoint = "sign_in")]
pub async fn sign_in(email: String, password: String, next: Option<String>) -> Result<(), ServerFnError> {
    use crate::server::accounts::{throttle, AccountError};
    let db = crate::server::context::database()?;
    let email = email.trim().to_lowercase();
    let mut subjects = vec![throttle::Subject::Account(email.clone())];
    if let Some(address) = crate::server::context::client_address().await {
        subjects.push(throttle::Subject::Address(address));
    }
    throttle::check(&db, &subjects).await.map_err(unavailable)?.map_err(too_many)?;
    let signed_in = crate::server::accounts::sign_in(&db, &email, password).await;
    match &signed_in {
        Err(AccountError::WrongCredentials) => throttle::count(&db, &subjects).await.map_err(unavailable)?,
        Ok(_) => throttle::clear(&db, &email).await.map_err(unavailable)?,
        Err(_) => {}
    }
    finish_sign_in(&db, signed_in, next.as_deref()).await
}

/// 429 with `Retry-After` and the wait in words.
#[cfg(feature = "ssr")]
fn too_many(wait: crate::server::accounts::throttle::Wait) -> ServerFnError {
    use axum::http::{header, HeaderValue, StatusCode};
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.insert_header(header::RETRY_AFTER, HeaderValue::from(wait.0.max(1) as u64));
    }
    crate::api::answer::refuse(StatusCode::TOO_MANY_REQUESTS, wait)
}

/// Creates a customer account with a delivery address and signs it in.
#[server(endpoint = "sign_up")]
pub async fn sign_up(
    name: String,
    email: String,
    password: String,
    line1: String,
    line2: Option<String>,
    city: String,
    postcode: String,
    country: String,
    next: Option<String>,
) -> Result<(), ServerFnError> {
    use crate::model::account::NewCustomer;
    use crate::model::address::Address;
    let address = Address { line1, line2, city, postcode, country };
    let new = NewCustomer::parse(&name, &email, password, address).map_err(invalid)?;
    let db = crate::server::context::database()?;
    // Each sign-up costs a password hash: counted per address like failed sign-ins.
    if let Some(address) = crate::server::context::client_address().await {
        use crate::server::accounts::throttle;
        let from = [throttle::Subject::SignUpsFrom(address)];
        throttle::check(&db, &from).await.map_err(unavailable)?.map_err(too_many)?;
        throttle::count(&db, &from).await.map_err(unavailable)?;
    }
    let regions = crate::server::context::regions()?;
    let signed_up = crate::server::accounts::sign_up(&db, new, &regions).await;
    finish_sign_in(&db, signed_up, next.as_deref()).await
}

#[server(endpoint = "sign_out")]
pub async fn sign_out() -> Result<(), ServerFnError> {
    let session = crate::server::context::session().await?;
    crate::server::accounts::session::forget(&session).await.map_err(crate::server::context::session_unavailable)?;
    leptos_axum::redirect("/");
    Ok(())
}

/// After a sign-in or sign-up: the refusal in words, or the session started and the way on to `next`.
#[cfg(feature = "ssr")]
async fn finish_sign_in(
    db: &mongodb::Database,
    outcome: Result<crate::server::accounts::SignedIn, crate::server::accounts::AccountError>,
    next: Option<&str>,
) -> Result<(), ServerFnError> {
    use crate::api::answer::refuse;
    use crate::server::accounts::AccountError;
    use axum::http::StatusCode;
    let who = match outcome {
        Ok(who) => who,
        Err(AccountError::Database(err)) => return Err(unavailable(err)),
        Err(err @ AccountError::WrongCredentials) => return Err(refuse(StatusCode::UNAUTHORIZED, err)),
        Err(err @ AccountError::EmailTaken) => return Err(refuse(StatusCode::CONFLICT, err)),
        Err(AccountError::Busy(busy)) => return Err(crate::api::answer::busy(busy, 1)),
    };
    start_session(db, &who).await?;
    // A partner signing in without somewhere to go goes to their round, not the shop window.
    let next = match (who.role, next) {
        (crate::model::account::Role::Partner, None | Some("/")) => Some("/deliveries"),
        _ => next,
    };
    leptos_axum::redirect(&crate::server::accounts::next_path::safe_next(next));
    Ok(())
}

/// Merges the guest's cart into the customer's, then remembers who signed in under a new session id. The merge
/// comes first: if it fails, the visitor is still the guest they were, with their cart, and is told to try again,
/// rather than half signed in.
#[cfg(feature = "ssr")]
async fn start_session(db: &mongodb::Database, who: &crate::server::accounts::SignedIn) -> Result<(), ServerFnError> {
    use crate::server::accounts::session;
    use crate::server::context::session_unavailable;
    let visit = crate::server::context::session().await?;
    let guest_cart = session::guest_cart(&visit).await.map_err(session_unavailable)?;
    if let (Some(cart_id), Some(customer_id)) = (guest_cart, who.customer_id.clone()) {
        use crate::server::cart::CartOwner;
        const KEPT: &str = "Signing in is unavailable right now; you are still browsing as a guest and your cart is \
                            kept. Please try again in a moment.";
        // The guest's cart is in the region they were delivered to; the customer's in theirs.
        let guest =
            CartOwner::Guest { cart_id: Some(cart_id), region: crate::server::context::destination().await?.region };
        let regions = crate::server::context::regions()?;
        let region = who.region.clone().unwrap_or_else(|| regions.code_of(&regions.default_country));
        let customer = CartOwner::Customer { id: customer_id, region };
        crate::server::cart::merge_guest_cart(db, &guest, &customer).await.map_err(|err| match err {
            crate::server::cart::CartServiceError::Database(err) => {
                crate::api::answer::database_failed(&err, "merging a guest cart", KEPT)
            }
            refusal => crate::api::answer::bug(&format!("merging a guest cart was refused: {refusal}"), KEPT),
        })?;
    }
    session::remember(&visit, who).await.map_err(session_unavailable)
}

#[cfg(feature = "ssr")]
fn unavailable(err: mongodb::error::Error) -> ServerFnError {
    crate::api::answer::database_failed(
        &err,
        "an account query",
        "Signing in is unavailable right now. Please try again in a moment.",
    )
}

/// A form the visitor can correct: 422 with what to change.
#[cfg(feature = "ssr")]
fn invalid(err: impl std::fmt::Display) -> ServerFnError {
    crate::api::answer::refuse(axum::http::StatusCode::UNPROCESSABLE_ENTITY, err)
}

/// The signed-in customer's details and shipping address.
#[server(endpoint = "account_details")]
pub async fn account_details() -> Result<crate::model::account::AccountDetails, ServerFnError> {
    let (who, _) = crate::server::context::customer().await?;
    let db = crate::server::context::database()?;
    let session = crate::server::context::session().await?;
    crate::server::accounts::details(&db, &session, &who).await.map_err(unavailable)?.ok_or_else(|| {
        crate::api::answer::refuse(
            axum::http::StatusCode::NOT_FOUND,
            "Your customer details are missing. Please sign in again.",
        )
    })
}

/// Changes the signed-in customer's shipping address (checked for its country's format).
#[server(endpoint = "set_shipping_address")]
pub async fn set_shipping_address(
    line1: String,
    line2: Option<String>,
    city: String,
    postcode: String,
    country: String,
) -> Result<(), ServerFnError> {
    let address =
        crate::model::address::Address { line1, line2, city, postcode, country }.validated().map_err(invalid)?;
    let (who, _) = crate::server::context::customer().await?;
    // Where the cart is before the move.
    let super::cart::Visit { db, owner, .. } = super::cart::visitor().await?;
    let regions = crate::server::context::regions()?;
    let session = crate::server::context::session().await?;
    crate::server::accounts::set_shipping_address(&db, &session, &who, &address, &regions)
        .await
        .map_err(unavailable)?;
    // Moving to another region's country moves the cart there and re-prices it in its currency; the cart page says
    // so.
    let region = regions.code_of(&address.country);
    crate::server::cart::follow(&db, &owner, &region).await.map_err(super::cart::refused)?;
    let owner = owner.in_region(region);
    let currency = regions.currency_of(&address.country);
    crate::server::cart::change_currency(&db, &owner, currency, &address.city).await.map_err(super::cart::refused)?;
    Ok(())
}
