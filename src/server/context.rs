//! What server functions take from the Leptos context, provided per request by the router.

use leptos::prelude::*;
use mongodb::Database;

/// The store's database. Missing only if the router was built without it: a programming error, reported cleanly.
pub fn database() -> Result<Database, ServerFnError> {
    use_context::<Database>().ok_or_else(|| {
        tracing::error!("no database in the Leptos context");
        ServerFnError::new("The store is misconfigured. Please try again later.")
    })
}

/// The catalogue's short-lived cache, shared by every request of this server.
pub fn catalogue_cache() -> Result<crate::server::catalogue_cache::CatalogueCache, ServerFnError> {
    use_context::<crate::server::catalogue_cache::CatalogueCache>().ok_or_else(|| {
        tracing::error!("no catalogue cache in the Leptos context");
        ServerFnError::new("The store is misconfigured. Please try again later.")
    })
}

/// How personal recommendations are computed (list size, model).
pub fn recommendation_settings() -> Result<crate::server::config::RecommendationSettings, ServerFnError> {
    use_context::<crate::server::config::RecommendationSettings>().ok_or_else(|| {
        tracing::error!("no recommendation settings in the Leptos context");
        ServerFnError::new("The store is misconfigured. Please try again later.")
    })
}

/// This server's maintenance jobs (the admin page starts and follows them).
pub fn maintenance() -> Result<crate::server::maintenance::Maintenance, ServerFnError> {
    use_context::<crate::server::maintenance::Maintenance>().ok_or_else(|| {
        tracing::error!("no maintenance jobs in the Leptos context");
        ServerFnError::new("The store is misconfigured. Please try again later.")
    })
}

/// The visitor's session (tower-sessions, stored in MongoDB).
pub async fn session() -> Result<tower_sessions::Session, ServerFnError> {
    leptos_axum::extract::<tower_sessions::Session>().await.map_err(|err| {
        tracing::error!(error = %err, "no session layer in front of the server functions");
        ServerFnError::new("The store is misconfigured. Please try again later.")
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
            None => Err(ServerFnError::new("Staff accounts cannot shop. Sign in with a customer account.")),
        },
        None => Err(ServerFnError::new("Please sign in first.")),
    }
}

/// The signed-in admin, or a refusal (answered with 403). Every admin server function starts here: roles are
/// checked on the server.
pub async fn admin() -> Result<crate::server::accounts::SignedIn, ServerFnError> {
    use crate::model::account::{Role, ADMINS_ONLY, SIGN_IN_AS_ADMIN};
    match signed_in().await? {
        Some(who) if who.role == Role::Admin => Ok(who),
        who => {
            set_status(axum::http::StatusCode::FORBIDDEN);
            Err(ServerFnError::new(if who.is_some() { ADMINS_ONLY } else { SIGN_IN_AS_ADMIN }))
        }
    }
}

/// The HTTP status of this response (a server function's, or the page's while it renders on the server).
pub fn set_status(status: axum::http::StatusCode) {
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(status);
    }
}

pub fn session_unavailable(err: tower_sessions::session::Error) -> ServerFnError {
    tracing::error!(error = %err, "the session store failed");
    ServerFnError::new("Signing in is unavailable right now. Please try again in a moment.")
}
