use leptos::prelude::*;

use crate::model::CategoryCount;

/// How many products each category holds, every category listed (zero included), in navigation order.
#[server]
pub async fn category_counts() -> Result<Vec<CategoryCount>, ServerFnError> {
    let db = crate::server::context::database()?;
    crate::server::catalogue::category_counts(&db).await.map_err(|err| {
        tracing::error!(error = %err, "category counts failed");
        ServerFnError::new("The catalogue is unavailable right now. Please try again in a moment.")
    })
}

/// The product page's data, or None for an id that matches no product (the page answers 404).
#[server]
pub async fn product_page(id: String) -> Result<Option<crate::model::catalogue::ProductPage>, ServerFnError> {
    // An id from the address is data: anything that is not id-shaped matches nothing, before any query.
    if !crate::model::catalogue::is_plausible_id(&id) {
        return Ok(None);
    }
    let db = crate::server::context::database()?;
    crate::server::catalogue::product_page(&db, &id).await.map_err(|err| {
        tracing::error!(error = %err, product = %id, "product page failed");
        ServerFnError::new("This product can't be shown right now. Please try again in a moment.")
    })
}

/// A category's listing. Takes the address's raw query string (`?price_min=5&sort=…`) so that bad values become
/// notices, not errors.
#[server]
pub async fn category_listing(
    slug: String,
    query: String,
) -> Result<Option<crate::model::listing::Listing>, ServerFnError> {
    let Some(category) = crate::model::Category::from_slug(&slug) else { return Ok(None) };
    let params = query_params(&query);
    let (query, notices) = crate::model::listing::ListingQuery::from_params(category, |name| param(&params, name));
    list(query, notices).await.map(Some)
}

/// A search's results (or, when they are none, popular products to offer). Takes the raw query string like
/// `category_listing`.
#[server]
pub async fn search_listing(query: String) -> Result<crate::model::listing::Listing, ServerFnError> {
    let params = query_params(&query);
    let (query, notices) = crate::model::listing::ListingQuery::from_search_params(|name| param(&params, name));
    list(query, notices).await
}

/// Names starting with what the shopper has typed so far, for the search box.
#[server]
pub async fn search_suggestions(typed: String) -> Result<Vec<crate::model::catalogue::Suggestion>, ServerFnError> {
    let db = crate::server::context::database()?;
    crate::server::suggest::suggestions(&db, &typed).await.map_err(|err| {
        tracing::error!(error = %err, "search suggestions failed");
        ServerFnError::new("Suggestions are unavailable right now.")
    })
}

/// The home page's shelves: each category's best rated and newest products.
#[server]
pub async fn category_shelves() -> Result<Vec<crate::model::catalogue::CategoryShelves>, ServerFnError> {
    let db = crate::server::context::database()?;
    crate::server::catalogue::category_shelves(&db).await.map_err(|err| {
        tracing::error!(error = %err, "home page shelves failed");
        ServerFnError::new("The catalogue is unavailable right now. Please try again in a moment.")
    })
}

#[cfg(feature = "ssr")]
fn query_params(query: &str) -> Vec<(String, String)> {
    serde_urlencoded::from_str(query.trim_start_matches('?')).unwrap_or_default()
}

#[cfg(feature = "ssr")]
fn param(params: &[(String, String)], name: &str) -> Option<String> {
    params.iter().find(|(key, _)| key == name).map(|(_, value)| value.clone())
}

#[cfg(feature = "ssr")]
async fn list(
    query: crate::model::listing::ListingQuery,
    notices: Vec<String>,
) -> Result<crate::model::listing::Listing, ServerFnError> {
    let db = crate::server::context::database()?;
    let what = query.href();
    crate::server::listing::list_products(&db, query, notices).await.map_err(|err| {
        tracing::error!(error = %err, listing = %what, "listing failed");
        ServerFnError::new("The catalogue is unavailable right now. Please try again in a moment.")
    })
}
