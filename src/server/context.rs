//! What server functions take from the Leptos context, provided per request by the router.

use axum::http::StatusCode;
use leptos::prelude::*;
use mongodb::Database;

use crate::api::answer::refuse;

const MISCONFIGURED: &str = "The store is misconfigured. Please try again later.";

/// The store's database. Missing only if the router was built without it: a programming error, reported cleanly.
pub fn database() -> Result<Database, ServerFnError> {
    use_context::<Database>().ok_or_else(|| crate::api::answer::bug("no database in the Leptos context", MISCONFIGURED))
}

/// The database handle for catalogue reads of a shopper in `region`: the nearest member of that region
/// (`mongo::read_policy`).
pub fn catalogue_database(region: &str) -> Result<Database, ServerFnError> {
    use_context::<crate::server::mongo::ReadPolicies>()
        .map(|reads| reads.catalogue(region))
        .ok_or_else(|| crate::api::answer::bug("no read policies in the Leptos context", MISCONFIGURED))
}

/// The catalogue's short-lived cache, shared by every request of this server.
pub fn catalogue_settings() -> Result<crate::server::config::CatalogueSettings, ServerFnError> {
    use_context::<crate::server::config::CatalogueSettings>()
        .ok_or_else(|| crate::api::answer::bug("no catalogue settings in the Leptos context", MISCONFIGURED))
}

pub fn catalogue_cache() -> Result<crate::server::catalogue_cache::CatalogueCache, ServerFnError> {
    use_context::<crate::server::catalogue_cache::CatalogueCache>()
        .ok_or_else(|| crate::api::answer::bug("no catalogue cache in the Leptos context", MISCONFIGURED))
}

/// The regions, their countries and the fresh-food radius.
pub fn regions() -> Result<std::sync::Arc<crate::model::region::Regions>, ServerFnError> {
    use_context::<std::sync::Arc<crate::model::region::Regions>>()
        .ok_or_else(|| crate::api::answer::bug("no regions in the Leptos context", MISCONFIGURED))
}

/// Where this request's shopper is delivered to: a customer's shipping address, else the country the guest picked
/// (kept in their session), else the settings' default country.
pub async fn destination() -> Result<crate::model::region::Destination, ServerFnError> {
    let regions = regions()?;
    let db = database()?;
    let session = session().await?;
    crate::server::regions::destination(&db, &regions, &session).await.map_err(|err| {
        crate::api::answer::database_failed(
            &err,
            "finding the shopper's country",
            "This page is unavailable right now. Please try again in a moment.",
        )
    })
}

/// Who fresh food must reach on this request: the shopper's destination and the settings' radius.
pub async fn fresh_reach() -> Result<crate::model::region::FreshReach, ServerFnError> {
    let radius_km = regions()?.fresh_radius_km;
    Ok(crate::model::region::FreshReach { destination: destination().await?, radius_km })
}

/// How personal recommendations are computed (list size, model).
pub fn recommendation_settings() -> Result<crate::server::config::RecommendationSettings, ServerFnError> {
    use_context::<crate::server::config::RecommendationSettings>()
        .ok_or_else(|| crate::api::answer::bug("no recommendation settings in the Leptos context", MISCONFIGURED))
}

/// What guests may hold in their carts.
pub fn cart_settings() -> Result<crate::server::config::CartSettings, ServerFnError> {
    use_context::<crate::server::config::CartSettings>()
        .ok_or_else(|| crate::api::answer::bug("no cart settings in the Leptos context", MISCONFIGURED))
}

/// How orders reach the door (the partners' capacity).
pub fn delivery_settings() -> Result<crate::server::config::DeliverySettings, ServerFnError> {
    use_context::<crate::server::config::DeliverySettings>()
        .ok_or_else(|| crate::api::answer::bug("no delivery settings in the Leptos context", MISCONFIGURED))
}

/// The address the request came from (the connection's peer; see `http::client_address`), if known.
pub async fn client_address() -> Option<String> {
    leptos_axum::extract::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
        .await
        .ok()
        .map(|axum::extract::ConnectInfo(peer)| peer.ip().to_string())
}

/// This server's maintenance jobs (the admin page starts and follows them).
pub fn maintenance() -> Result<crate::server::maintenance::Maintenance, ServerFnError> {
    use_context::<crate::server::maintenance::Maintenance>()
        .ok_or_else(|| crate::api::answer::bug("no maintenance jobs in the Leptos context", MISCONFIGURED))
}

/// The visitor's session (tower-sessions, stored in MongoDB).
pub async fn session() -> Result<tower_sessions::Session, ServerFnError> {
    leptos_axum::extract::<tower_sessions::Session>().await.map_err(|err| {
        crate::api::answer::bug(&format!("no session layer in front of the server functions: {err}"), MISCONFIGURED)
    })
}

/// Who is signed in on this request, if anyone.
pub async fn signed_in() -> Result<Option<crate::server::accounts::SignedIn>, ServerFnError> {
    let session = session().await?;
    crate::server::accounts::session::signed_in(&session).await.map_err(session_unavailable)
}

/// The signed-in customer, or a message asking to sign in (staff accounts have no cart or orders).
pub async fn customer() -> Result<(crate::server::accounts::SignedIn, String), ServerFnError> {
    match signed_in().await? {
        Some(who) => match who.customer_id.clone() {
            Some(customer_id) => Ok((who, customer_id)),
            None => Err(refuse(StatusCode::FORBIDDEN, STAFF_CANNOT_SHOP)),
        },
        None => Err(refuse(StatusCode::UNAUTHORIZED, "Please sign in first.")),
    }
}

/// The signed-in customer and where their documents are (one read of their customer document, on its region's
/// shard): for reading and changing their own orders, ratings and recommendations.
pub async fn customer_records(
) -> Result<(crate::server::accounts::SignedIn, crate::server::accounts::CustomerRecords), ServerFnError> {
    let (who, _) = customer().await?;
    let (db, session) = (database()?, session().await?);
    let customer = crate::server::accounts::customer_of(&db, &session, &who).await.map_err(|err| {
        crate::api::answer::database_failed(
            &err,
            "reading the signed-in customer",
            "Your account is unavailable right now. Please try again in a moment.",
        )
    })?;
    match customer {
        Some(customer) => Ok((who, crate::server::accounts::CustomerRecords::of(&customer))),
        None => Err(refuse(StatusCode::NOT_FOUND, "Your customer details are missing. Please sign in again.")),
    }
}

/// The signed-in delivery partner's id, or a refusal: 401 to sign in, 403 for other accounts.
pub async fn partner() -> Result<String, ServerFnError> {
    match signed_in().await? {
        Some(who) => who
            .partner_id
            .ok_or_else(|| refuse(StatusCode::FORBIDDEN, "Only delivery partners have deliveries. Sign in as one.")),
        None => Err(refuse(StatusCode::UNAUTHORIZED, "Please sign in first.")),
    }
}

/// The signed-in admin, or a refusal (answered with 403). Every admin server function starts here: roles are
/// checked on the server.
pub async fn admin() -> Result<crate::server::accounts::SignedIn, ServerFnError> {
    use crate::model::account::{Role, ADMINS_ONLY, SIGN_IN_AS_ADMIN};
    match signed_in().await? {
        Some(who) if who.role == Role::Admin => Ok(who),
        who => Err(refuse(StatusCode::FORBIDDEN, if who.is_some() { ADMINS_ONLY } else { SIGN_IN_AS_ADMIN })),
    }
}

/// The HTTP status of this response (a server function's, or the page's while it renders on the server).
pub fn set_status(status: axum::http::StatusCode) {
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(status);
    }
}

pub fn session_unavailable(err: tower_sessions::session::Error) -> ServerFnError {
    crate::api::answer::unavailable(
        err,
        "the session store",
        "Signing in is unavailable right now. Please try again in a moment.",
    )
}

/// What a staff account (the admin) is told when it tries to shop.
pub const STAFF_CANNOT_SHOP: &str = "Staff accounts cannot shop. Sign in with a customer account.";
