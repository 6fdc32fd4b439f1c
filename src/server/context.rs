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
