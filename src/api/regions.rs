//! Where the shopper is delivered to: shown in the header, and picked there by guests ("Deliver to"). A customer's
//! comes from their shipping address, changed on `/account`.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// The header's "Deliver to".
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DeliveryChoice {
    pub country: String,
    /// A customer's city: their destination is their address, not a pick.
    pub city: Option<String>,
}

#[server(endpoint = "current_delivery")]
pub async fn current_delivery() -> Result<DeliveryChoice, ServerFnError> {
    let destination = crate::server::context::destination().await?;
    let from_address = crate::server::context::signed_in().await?.and_then(|who| who.customer_id).is_some();
    Ok(DeliveryChoice { country: destination.country, city: destination.city.filter(|_| from_address) })
}

/// A guest picks the country they are delivered to; it is kept in their session. A form post that works without
/// JavaScript: the answer sends the browser back to `back` (a path of this site), which now shows that country's
/// stores. A forged or unsupported country is refused with the list of supported ones, and nothing changes.
#[server(endpoint = "deliver_to")]
pub async fn deliver_to(country: String, back: Option<String>) -> Result<(), ServerFnError> {
    use axum::http::StatusCode;
    let country = crate::model::region::parse_country(&country)
        .map_err(|err| crate::api::answer::refuse(StatusCode::UNPROCESSABLE_ENTITY, err))?;
    if crate::server::context::signed_in().await?.is_some_and(|who| who.customer_id.is_some()) {
        return Err(crate::api::answer::refuse(
            StatusCode::CONFLICT,
            "You are delivered to your shipping address: change it on your account page.",
        ));
    }
    // Where the cart is before the change.
    let super::cart::Visit { db, owner, .. } = super::cart::visitor().await?;
    let session = crate::server::context::session().await?;
    crate::server::accounts::session::set_deliver_to(&session, &country)
        .await
        .map_err(crate::server::context::session_unavailable)?;
    // The cart moves to the new country's region, and one priced in another currency is re-priced in the new
    // country's; the cart page says so.
    let regions = crate::server::context::regions()?;
    let region = regions.code_of(&country);
    crate::server::cart::follow(&db, &owner, &region).await.map_err(super::cart::refused)?;
    let owner = owner.in_region(region);
    let currency = regions.currency_of(&country);
    let to = crate::model::region::country_name(&country).unwrap_or(&country);
    crate::server::cart::change_currency(&db, &owner, currency, to).await.map_err(super::cart::refused)?;
    leptos_axum::redirect(&crate::server::accounts::next_path::safe_next(back.as_deref()));
    Ok(())
}
