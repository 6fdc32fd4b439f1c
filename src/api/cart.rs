//! The cart's server functions: a guest's cart is found through their session, a customer's through their account;
//! nobody can name another's cart (no function takes a cart id from the browser except checkout, which checks it).

use leptos::prelude::*;

use crate::model::cart as model;

/// The visitor's cart as the cart page shows it.
#[server(endpoint = "cart_view")]
pub async fn cart_view() -> Result<model::CartView, ServerFnError> {
    let Visit { db, owner, destination } = visitor().await?;
    let cart = crate::server::cart::view(&db, &owner).await.map_err(refused)?;
    Ok(cart.with_vat(&crate::server::context::regions()?.vat_rates(&destination.country)))
}

/// Reserves `quantity` units (as typed) and adds them to the visitor's cart; fresh food from `store_id` when the
/// shopper picked one. Returns how many units the cart now holds.
#[server(endpoint = "add_to_cart")]
pub async fn add_to_cart(product_id: String, quantity: String, store_id: Option<String>) -> Result<u32, ServerFnError> {
    use crate::server::cart::{self, AddToCart, CartOwner};
    let quantity = crate::model::cart::parse_quantity(&quantity, false).map_err(|err| refused(err.into()))?;
    if !crate::model::catalogue::is_plausible_id(&product_id) {
        return Err(refused(crate::model::cart::CartError::UnknownProduct.into()));
    }
    let Visit { db, owner, destination } = visitor().await?;
    let owner = with_guest_cart_id(owner).await?;
    let regions = crate::server::context::regions()?;
    // The server decides the currency from where the shopper is delivered to; nothing in the form names one.
    let currency = destination.currency(&regions);
    let reach = Some(crate::model::region::FreshReach { destination, radius_km: regions.fresh_radius_km });
    let guest = match &owner {
        CartOwner::Guest { .. } => Some(cart::GuestBounds {
            settings: crate::server::context::cart_settings()?,
            address: crate::server::context::client_address().await,
        }),
        CartOwner::Customer { .. } => None,
    };
    let request =
        AddToCart { product_id: &product_id, quantity, store_id: store_id.as_deref(), reach, currency, guest };
    let cart_id = cart::add(&db, &owner, request).await.map_err(refused)?;
    let owner = match owner {
        // The service answers with another id only when the session's was taken by a cart that is no longer this
        // guest's (merged into an account meanwhile): the session follows the cart its units went into.
        CartOwner::Guest { cart_id: Some(remembered), region } if remembered != cart_id => {
            remember_guest_cart(&cart_id).await?;
            CartOwner::Guest { cart_id: Some(cart_id), region }
        }
        owner => owner,
    };
    Ok(cart::view(&db, &owner).await.map_err(refused)?.units)
}

/// A guest's cart id is chosen and kept in their session before the first unit is reserved, so that the session
/// always knows the cart its units are in: a returning guest whose cart expired gets a new cart under the same id,
/// and two first adds at once from one session (two tabs, a double click) pick the same id and meet in one cart.
#[cfg(feature = "ssr")]
async fn with_guest_cart_id(
    owner: crate::server::cart::CartOwner,
) -> Result<crate::server::cart::CartOwner, ServerFnError> {
    use crate::server::cart::CartOwner;
    match owner {
        CartOwner::Guest { cart_id: None, region } => {
            let session = crate::server::context::session().await?;
            let cart_id = crate::server::http::guest_cart_cookie::offered_cart_id()
                .unwrap_or_else(|| crate::server::accounts::session::first_guest_cart_id(&session));
            remember_guest_cart(&cart_id).await?;
            Ok(CartOwner::Guest { cart_id: Some(cart_id), region })
        }
        owner => Ok(owner),
    }
}

#[cfg(feature = "ssr")]
async fn remember_guest_cart(cart_id: &str) -> Result<(), ServerFnError> {
    let session = crate::server::context::session().await?;
    crate::server::accounts::session::set_guest_cart(&session, cart_id)
        .await
        .map_err(crate::server::context::session_unavailable)
}

/// Changes a line's quantity (as typed; 0 removes the line).
#[server(endpoint = "update_cart_line")]
pub async fn update_cart_line(key: String, quantity: String) -> Result<(), ServerFnError> {
    let quantity = crate::model::cart::parse_quantity(&quantity, true).map_err(|err| refused(err.into()))?;
    let Visit { db, owner, .. } = visitor().await?;
    let guest_units = crate::server::context::cart_settings()?.guest_units;
    crate::server::cart::set_quantity(&db, &owner, &key, quantity, Some(guest_units)).await.map_err(refused)
}

#[server(endpoint = "remove_cart_line")]
pub async fn remove_cart_line(key: String) -> Result<(), ServerFnError> {
    let Visit { db, owner, .. } = visitor().await?;
    crate::server::cart::set_quantity(&db, &owner, &key, 0, None).await.map_err(refused)
}

/// A request about a cart: the database, whose cart (the signed-in customer's, else the session's guest cart) and
/// where they are delivered to, whose region the cart lives in.
#[cfg(feature = "ssr")]
pub(crate) struct Visit {
    pub db: mongodb::Database,
    pub owner: crate::server::cart::CartOwner,
    pub destination: crate::model::region::Destination,
}

#[cfg(feature = "ssr")]
pub(crate) async fn visitor() -> Result<Visit, ServerFnError> {
    use crate::server::cart::CartOwner;
    let db = crate::server::context::database()?;
    let who = crate::server::context::signed_in().await?;
    if who.as_ref().is_some_and(|who| who.customer_id.is_none()) {
        let staff = crate::server::context::STAFF_CANNOT_SHOP;
        return Err(crate::api::answer::refuse(axum::http::StatusCode::FORBIDDEN, staff));
    }
    let destination = crate::server::context::destination().await?;
    let region = destination.region.clone();
    let owner = match who.and_then(|who| who.customer_id) {
        Some(id) => CartOwner::Customer { id, region },
        None => {
            let session = crate::server::context::session().await?;
            let cart_id = crate::server::accounts::session::guest_cart(&session)
                .await
                .map_err(crate::server::context::session_unavailable)?;
            CartOwner::Guest { cart_id, region }
        }
    };
    Ok(Visit { db, owner, destination })
}

/// A refusal in the shopper's words with its status, or (for a database failure) a message to try again.
#[cfg(feature = "ssr")]
pub(crate) fn refused(err: crate::server::cart::CartServiceError) -> ServerFnError {
    use crate::model::cart::CartError;
    use axum::http::StatusCode;
    match err {
        crate::server::cart::CartServiceError::Cart(refusal) => {
            let status = match refusal {
                CartError::BadQuantity(_) | CartError::TooMany => StatusCode::UNPROCESSABLE_ENTITY,
                CartError::UnknownProduct | CartError::UnknownStore => StatusCode::NOT_FOUND,
                // Signing in lifts them.
                CartError::GuestLimit { .. } | CartError::AddressLimit { .. } => StatusCode::FORBIDDEN,
                // The cart or the shelf changed under the shopper.
                CartError::OutOfStock { .. }
                | CartError::NotInCart
                | CartError::Empty
                | CartError::PricesChanged { .. }
                | CartError::RetiredInCart { .. }
                | CartError::PastBestBefore { .. }
                | CartError::OutOfReach { .. }
                | CartError::NotSoldHere { .. }
                | CartError::CurrencyChanged { .. }
                | CartError::AccountChanged => StatusCode::CONFLICT,
                CartError::Retired { .. } => StatusCode::GONE,
                // Out of the shopper's reach: another address or store would do.
                CartError::NotDelivered { .. } | CartError::NotSoldThere { .. } => StatusCode::UNPROCESSABLE_ENTITY,
            };
            crate::api::answer::refuse(status, refusal)
        }
        crate::server::cart::CartServiceError::Database(err) => crate::api::answer::database_failed(
            &err,
            "a cart query",
            "Your cart is unavailable right now. Nothing was changed; please try again in a moment.",
        ),
    }
}
