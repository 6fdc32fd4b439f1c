//! Checkout and the customer's orders. Every function works on the signed-in customer's own cart and orders only.

use leptos::prelude::*;

#[cfg(feature = "ssr")]
use crate::api::answer::refuse;
#[cfg(feature = "ssr")]
use axum::http::StatusCode;

use crate::model::cart as cart_model;
use crate::model::order::{self as model, OrderSummary};

/// The cart to review and the customer's shipping address; signing in is required to check out.
#[server(endpoint = "checkout_details")]
pub async fn checkout_details() -> Result<cart_model::CheckoutDetails, ServerFnError> {
    let (who, _) = crate::server::context::customer().await?;
    let super::cart::Visit { db, owner, .. } = super::cart::visitor().await?;
    let cart = crate::server::cart::view(&db, &owner).await.map_err(super::cart::refused)?;
    let session = crate::server::context::session().await?;
    let customer = crate::server::accounts::customer_of(&db, &session, &who)
        .await
        .map_err(unavailable)?
        .ok_or_else(|| refuse(StatusCode::NOT_FOUND, "Your customer details are missing. Please sign in again."))?;
    // The VAT of the address the order goes to (shown with the total; the order records it per line).
    let cart = cart.with_vat(&crate::server::context::regions()?.vat_rates(&customer.shipping_address.country));
    Ok(cart_model::CheckoutDetails { cart, name: who.name, address: customer.shipping_address })
}

/// Places the order for the reviewed cart, delivered to the address given (checked for its country's format),
/// and opens its page. Pay on delivery: no payment is taken here.
#[server(endpoint = "place_order")]
pub async fn place_order(
    cart_id: String,
    line1: String,
    line2: Option<String>,
    city: String,
    postcode: String,
    country: String,
) -> Result<String, ServerFnError> {
    use crate::model::address::Address;
    use crate::server::checkout::{self, Checkout};
    let (who, mut customer) = crate::server::context::customer_records().await?;
    let address = Address { line1, line2, city, postcode, country }
        .validated()
        .map_err(|err| refuse(StatusCode::UNPROCESSABLE_ENTITY, err))?;
    let db = crate::server::context::database()?;
    // The customer's cart is in the region they are delivered to (`cart::visitor`).
    let region = crate::server::context::destination().await?.region;
    let regions = crate::server::context::regions()?;
    let checkout = Checkout::new((&customer.id, &region), &who.name, &cart_id, address, &regions);
    let order_region = checkout.region.clone();
    let delivery = crate::server::context::delivery_settings()?;
    let placed = checkout::place_order(&db, checkout, &delivery).await.map_err(super::cart::refused)?;
    if matches!(placed, checkout::Placed::New(_)) {
        // The order's region is now one of theirs (checkout added it with the order).
        customer.ordered_in(order_region);
        refresh_recommendations(db, customer)?;
    }
    leptos_axum::redirect(&format!("/orders/{}", placed.order_id()));
    Ok(placed.order_id().to_string())
}

/// The customer's newest orders.
#[server(endpoint = "my_orders")]
pub async fn my_orders() -> Result<Vec<OrderSummary>, ServerFnError> {
    let (_, customer) = crate::server::context::customer_records().await?;
    let db = crate::server::context::database()?;
    crate::server::orders::list(&db, &customer).await.map_err(unavailable)
}

/// One of the customer's orders; None for an unknown id or another customer's order.
#[server(endpoint = "order_page")]
pub async fn order_page(id: String) -> Result<Option<model::OrderPage>, ServerFnError> {
    if !crate::model::catalogue::is_plausible_id(&id) {
        return Ok(None);
    }
    let (_, customer) = crate::server::context::customer_records().await?;
    let db = crate::server::context::database()?;
    let window = crate::server::context::delivery_settings()?.customer_cancel_minutes;
    crate::server::orders::page(&db, &customer, &id, window).await.map_err(unavailable)
}

/// Stars (as submitted, 1 to 5) for a product the customer bought.
#[server(endpoint = "rate_product")]
pub async fn rate_product(product_id: String, stars: String) -> Result<(), ServerFnError> {
    let stars = parse_stars(&stars)?;
    let (_, customer) = crate::server::context::customer_records().await?;
    let db = crate::server::context::database()?;
    crate::server::ratings::rate_product(&db, &customer, &product_id, stars).await.map_err(rating_refused)?;
    refresh_recommendations(db, customer)
}

/// What the customer just bought or rated leaves their list and reshapes it, in the background.
#[cfg(feature = "ssr")]
fn refresh_recommendations(
    db: mongodb::Database,
    customer: crate::server::accounts::CustomerRecords,
) -> Result<(), ServerFnError> {
    let settings = crate::server::context::recommendation_settings()?;
    let regions = crate::server::context::regions()?;
    crate::server::recommend::refresh::spawn_refresh(db, settings, regions, customer);
    Ok(())
}

/// Stars for the partner who delivered one of the customer's orders.
#[server(endpoint = "rate_partner")]
pub async fn rate_partner(order_id: String, stars: String) -> Result<(), ServerFnError> {
    let stars = parse_stars(&stars)?;
    let (_, customer) = crate::server::context::customer_records().await?;
    let db = crate::server::context::database()?;
    crate::server::ratings::rate_partner(&db, &customer, &order_id, stars).await.map_err(rating_refused)
}

#[cfg(feature = "ssr")]
fn parse_stars(text: &str) -> Result<crate::model::rating::Stars, ServerFnError> {
    let value: i64 =
        text.trim().parse().map_err(|_| refuse(StatusCode::UNPROCESSABLE_ENTITY, "Choose from 1 to 5 stars."))?;
    crate::model::rating::Stars::new(value)
        .map_err(|err| refuse(StatusCode::UNPROCESSABLE_ENTITY, format!("Choose from 1 to 5 stars ({err}).")))
}

#[cfg(feature = "ssr")]
fn rating_refused(err: crate::server::ratings::RatingError) -> ServerFnError {
    use crate::server::ratings::RatingError;
    match err {
        RatingError::Database(err) => unavailable(err),
        refusal @ RatingError::NotBought => refuse(StatusCode::FORBIDDEN, refusal),
        refusal @ RatingError::UnknownOrder => refuse(StatusCode::NOT_FOUND, refusal),
        refusal @ RatingError::NotDelivered => refuse(StatusCode::CONFLICT, refusal),
    }
}

#[cfg(feature = "ssr")]
pub(crate) fn unavailable(err: mongodb::error::Error) -> ServerFnError {
    crate::api::answer::database_failed(
        &err,
        "an orders query",
        "Your orders are unavailable right now. Please try again in a moment.",
    )
}

/// Cancels an order: the customer's own while it waits for a partner or soon after ordering, any order before
/// delivery for an admin. Its
/// units go back where they left from. Cancelling a cancelled order changes nothing.
#[server(endpoint = "cancel_order")]
pub async fn cancel_order(order_id: String) -> Result<(), ServerFnError> {
    use crate::server::orders::lifecycle;
    let actor = actor().await?;
    let db = crate::server::context::database()?;
    let delivery = crate::server::context::delivery_settings()?;
    lifecycle::cancel(&db, &order_id, &actor, &delivery).await.map_err(lifecycle_refused)?;
    Ok(())
}

/// Who is asking, as the order's life sees them; signing in is required.
#[cfg(feature = "ssr")]
pub(crate) async fn actor() -> Result<crate::server::orders::lifecycle::Actor, ServerFnError> {
    use crate::model::account::Role;
    use crate::server::orders::lifecycle::Actor;
    let who = crate::server::context::signed_in()
        .await?
        .ok_or_else(|| refuse(StatusCode::UNAUTHORIZED, "Please sign in first."))?;
    Ok(match (who.role, who.customer_id, who.partner_id) {
        (Role::Admin, _, _) => Actor::Admin(who.email),
        (Role::Partner, _, Some(partner_id)) => Actor::Partner(partner_id),
        (Role::Customer, Some(_), _) => Actor::Customer(crate::server::context::customer_records().await?.1),
        _ => return Err(refuse(StatusCode::FORBIDDEN, "This account cannot change orders.")),
    })
}

#[cfg(feature = "ssr")]
pub(crate) fn lifecycle_refused(err: crate::server::orders::lifecycle::LifecycleError) -> ServerFnError {
    use crate::server::orders::lifecycle::LifecycleError;
    match err {
        refusal @ LifecycleError::UnknownOrder => refuse(StatusCode::NOT_FOUND, refusal),
        refusal @ LifecycleError::NotAllowed(_) => refuse(StatusCode::FORBIDDEN, refusal),
        refusal @ LifecycleError::WrongState(..) => refuse(StatusCode::CONFLICT, refusal),
        LifecycleError::Database(err) => unavailable(err),
    }
}
