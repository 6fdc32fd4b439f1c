//! A delivery partner's server functions: their round, and saying how each delivery went. An admin may mark any
//! order delivered or not delivered too; customers never can (refused with 403 whatever the browser sends).

use leptos::prelude::*;

#[cfg(feature = "ssr")]
use crate::api::answer::refuse;
#[cfg(feature = "ssr")]
use crate::api::orders::{actor, lifecycle_refused, unavailable};
#[cfg(feature = "ssr")]
use axum::http::StatusCode;

use crate::model::delivery::Round;

/// The signed-in partner's round: the orders they carry now, oldest first.
#[server(endpoint = "my_deliveries")]
pub async fn my_deliveries() -> Result<Round, ServerFnError> {
    let partner_id = crate::server::context::partner().await?;
    let db = crate::server::context::database()?;
    let capacity = crate::server::context::delivery_settings()?.capacity();
    crate::server::orders::round::round(&db, &partner_id, capacity)
        .await
        .map_err(unavailable)?
        .ok_or_else(|| refuse(StatusCode::NOT_FOUND, "Your partner details are missing. Please contact the store."))
}

/// Marks an order out for delivery as delivered: its partner or an admin. The partner's freed place then takes the
/// oldest order waiting for one. Marking a delivered order again changes nothing.
#[server(endpoint = "mark_delivered")]
pub async fn mark_delivered(order_id: String) -> Result<(), ServerFnError> {
    use crate::server::orders::lifecycle::{self, Actor};
    let actor = actor().await?;
    if let Actor::Customer(_) = actor {
        return Err(refuse(
            StatusCode::FORBIDDEN,
            "Only the delivery partner or an admin can mark an order delivered.",
        ));
    }
    let db = crate::server::context::database()?;
    let delivery = crate::server::context::delivery_settings()?;
    lifecycle::deliver(&db, &order_id, &actor, &delivery).await.map_err(lifecycle_refused)?;
    Ok(())
}

/// The partner could not deliver the order (reason required): it waits for a partner again, and the partner's
/// place takes another waiting order. Reporting it twice changes nothing.
#[server(endpoint = "could_not_deliver")]
pub async fn could_not_deliver(order_id: String, reason: String) -> Result<(), ServerFnError> {
    use crate::server::orders::lifecycle::{self, Actor};
    let reason = crate::model::delivery::parse_failure_reason(&reason)
        .map_err(|why| refuse(StatusCode::UNPROCESSABLE_ENTITY, why))?;
    let actor = actor().await?;
    if let Actor::Customer(_) = actor {
        return Err(refuse(
            StatusCode::FORBIDDEN,
            "Only the delivery partner or an admin can report a failed delivery.",
        ));
    }
    let db = crate::server::context::database()?;
    let delivery = crate::server::context::delivery_settings()?;
    lifecycle::not_delivered(&db, &order_id, &actor, &reason, &delivery).await.map_err(lifecycle_refused)?;
    Ok(())
}
