//! The admin's order desk and partners. Each function starts with `context::admin()`: customers and partners are
//! refused with 403 whatever the browser sends. Delivering, failed deliveries and cancelling are the shared
//! `mark_delivered`, `could_not_deliver` and `cancel_order`, which admins may call on any order.

use leptos::prelude::*;

#[cfg(feature = "ssr")]
use crate::api::answer::refuse;
#[cfg(feature = "ssr")]
use crate::api::orders::{lifecycle_refused, unavailable};
#[cfg(feature = "ssr")]
use axum::http::StatusCode;

use crate::model::desk::{DeskOrderPage, DeskPage, PartnersPage};

/// Orders matching the filters, newest first, a page at a time. Every field as typed into the desk's form.
#[server(endpoint = "desk_orders")]
pub async fn desk_orders(
    #[server(default)] status: String,
    #[server(default)] country: String,
    #[server(default)] from: String,
    #[server(default)] to: String,
    #[server(default)] q: String,
    #[server(default)] page: String,
) -> Result<DeskPage, ServerFnError> {
    crate::server::context::admin().await?;
    let query = crate::model::desk::DeskQuery::parse(&status, &country, &from, &to, &q, &page)
        .map_err(|why| refuse(StatusCode::UNPROCESSABLE_ENTITY, why))?;
    let db = crate::server::context::database()?;
    crate::server::orders::desk::list(&db, query).await.map_err(unavailable)
}

/// One order with its customer, partner, audit log and the partners it could go to; None for an unknown id.
#[server(endpoint = "desk_order")]
pub async fn desk_order(id: String) -> Result<Option<DeskOrderPage>, ServerFnError> {
    crate::server::context::admin().await?;
    if !crate::model::catalogue::is_plausible_id(&id) {
        return Ok(None);
    }
    let db = crate::server::context::database()?;
    let capacity = crate::server::context::delivery_settings()?.capacity();
    crate::server::orders::desk::order(&db, &id, capacity).await.map_err(unavailable)
}

/// Gives an order (waiting, or out for delivery with someone else) to a partner with room.
#[server(endpoint = "assign_partner")]
pub async fn assign_partner(order_id: String, partner_id: String) -> Result<(), ServerFnError> {
    let admin = crate::server::context::admin().await?;
    if partner_id.trim().is_empty() {
        return Err(refuse(StatusCode::UNPROCESSABLE_ENTITY, "Choose a partner to give the order to."));
    }
    let db = crate::server::context::database()?;
    let delivery = crate::server::context::delivery_settings()?;
    crate::server::orders::assignment::assign_to(&db, &order_id, partner_id.trim(), &admin.email, &delivery)
        .await
        .map_err(lifecycle_refused)?;
    Ok(())
}

/// Every delivery partner with their load, deliveries and rating.
#[server(endpoint = "desk_partners")]
pub async fn desk_partners() -> Result<PartnersPage, ServerFnError> {
    crate::server::context::admin().await?;
    let db = crate::server::context::database()?;
    let capacity = crate::server::context::delivery_settings()?.capacity();
    crate::server::orders::desk::partners(&db, capacity).await.map_err(unavailable)
}

/// Takes a partner off deliveries (`on_duty` "false": their orders go back to waiting, then to partners with room)
/// or back on ("true").
#[server(endpoint = "set_partner_on_duty")]
pub async fn set_partner_on_duty(partner_id: String, on_duty: String) -> Result<(), ServerFnError> {
    let admin = crate::server::context::admin().await?;
    let active = match on_duty.trim() {
        "true" => true,
        "false" => false,
        _ => {
            return Err(refuse(StatusCode::UNPROCESSABLE_ENTITY, "Say whether the partner is on duty: true or false."))
        }
    };
    let db = crate::server::context::database()?;
    let delivery = crate::server::context::delivery_settings()?;
    crate::server::orders::duty::set_on_duty(&db, &partner_id, active, &admin.email, &delivery)
        .await
        .map_err(lifecycle_refused)?;
    Ok(())
}
