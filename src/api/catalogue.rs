//! The catalogue's server functions. Each reads through the catalogue cache (see `server::catalogue_cache`) and
//! turns a database failure into a message for the shopper, with the detail in the log.

use leptos::prelude::*;

// Qualified: `#[server]` names a struct after each function (`ProductPage`, `CategoryShelves`).
use crate::model::catalogue::{self as model, Suggestion};
use crate::model::listing::Listing;
use crate::model::CategoryCount;

#[cfg(feature = "ssr")]
const PRODUCT_UNAVAILABLE: &str = "This product can't be shown right now. Please try again in a moment.";
#[cfg(feature = "ssr")]
const CATALOGUE_UNAVAILABLE: &str = "The catalogue is unavailable right now. Please try again in a moment.";

/// How many products each category holds, every category listed (zero included), in navigation order.
#[server]
pub async fn category_counts() -> Result<Vec<CategoryCount>, ServerFnError> {
    let (db, cache, currency) = catalogue_parts().await?;
    let load = || async move { crate::server::catalogue::category_counts(&db, currency).await };
    let counts = cache.category_counts(currency, load).await;
    unwrap(counts, "category counts", CATALOGUE_UNAVAILABLE)
}

/// The product page's data, or None for an id that matches no product (the page answers 404).
#[server]
pub async fn product_page(id: String) -> Result<Option<model::ProductPage>, ServerFnError> {
    // An id from the address is data: anything that is not id-shaped matches nothing, before any query.
    if !crate::model::catalogue::is_plausible_id(&id) {
        return Ok(None);
    }
    let reach = crate::server::context::fresh_reach().await?;
    let currency = reach.destination.currency(&*crate::server::context::regions()?);
    let db = crate::server::context::catalogue_database(&reach.destination.region)?;
    let cache = crate::server::context::catalogue_cache()?;
    // A customer whose address is on the map sees fresh food's stores nearest it first: that page is theirs alone,
    // so it is read directly rather than cached. Everyone else's depends only on their country (and its currency).
    if reach.destination.point.is_some() {
        let page = crate::server::catalogue::product_page(&db, &id, Some(&reach), currency).await;
        return unwrap(page.map(std::sync::Arc::new).map_err(std::sync::Arc::new), "product page", PRODUCT_UNAVAILABLE);
    }
    let key = format!("{id} {}", reach.destination.country);
    let load = || async move { crate::server::catalogue::product_page(&db, &id, Some(&reach), currency).await };
    let page = cache.product_page(key, load).await;
    unwrap(page, "product page", PRODUCT_UNAVAILABLE)
}

/// A category's listing. Takes the address's raw query string (`?price_min=5&sort=…`) so that bad values become
/// notices, not errors.
#[server]
pub async fn category_listing(slug: String, query: String) -> Result<Option<Listing>, ServerFnError> {
    let Some(category) = crate::model::Category::from_slug(&slug) else { return Ok(None) };
    let params = query_params(&query);
    let (query, notices) = crate::model::listing::ListingQuery::from_params(category, |name| param(&params, name));
    list(query, notices).await.map(Some)
}

/// A search's results (or, when they are none, popular products to offer). Takes the raw query string like
/// `category_listing`.
#[server]
pub async fn search_listing(query: String) -> Result<Listing, ServerFnError> {
    let params = query_params(&query);
    let (query, notices) = crate::model::listing::ListingQuery::from_search_params(|name| param(&params, name));
    list(query, notices).await
}

/// Names starting with what the shopper has typed so far, for the search box.
#[server]
pub async fn search_suggestions(typed: String) -> Result<Vec<Suggestion>, ServerFnError> {
    let region = crate::server::context::destination().await?.region;
    let db = crate::server::context::catalogue_database(&region)?;
    let found = crate::server::suggest::suggestions(&db, &typed).await.map(std::sync::Arc::new).map_err(Into::into);
    unwrap(found, "search suggestions", "Suggestions are unavailable right now.")
}

/// The home page's shelves: each category's best rated and newest products.
#[server]
pub async fn category_shelves() -> Result<Vec<model::CategoryShelves>, ServerFnError> {
    let (db, cache, currency) = catalogue_parts().await?;
    let load = || async move { crate::server::catalogue::category_shelves(&db, currency).await };
    let shelves = cache.category_shelves(currency, load).await;
    unwrap(shelves, "home page shelves", CATALOGUE_UNAVAILABLE)
}

/// For a catalogue read: the database handle of the shopper's region's nearest member (`mongo::read_policy`), the
/// cache, and the shopper's currency.
#[cfg(feature = "ssr")]
async fn catalogue_parts(
) -> Result<(mongodb::Database, crate::server::catalogue_cache::CatalogueCache, crate::model::Currency), ServerFnError>
{
    let destination = crate::server::context::destination().await?;
    let currency = destination.currency(&*crate::server::context::regions()?);
    let db = crate::server::context::catalogue_database(&destination.region)?;
    Ok((db, crate::server::context::catalogue_cache()?, currency))
}

/// The value for the page, or the shopper's `message` with the cause logged under `what`.
#[cfg(feature = "ssr")]
fn unwrap<T: Clone>(
    loaded: crate::server::catalogue_cache::Loaded<T>,
    what: &str,
    message: &str,
) -> Result<T, ServerFnError> {
    loaded.map(|value| (*value).clone()).map_err(|err| crate::api::answer::database_failed(&err, what, message))
}

#[cfg(feature = "ssr")]
fn query_params(query: &str) -> Vec<(String, String)> {
    serde_urlencoded::from_str(query.trim_start_matches('?')).unwrap_or_default()
}

#[cfg(feature = "ssr")]
fn param(params: &[(String, String)], name: &str) -> Option<String> {
    params.iter().find(|(key, _)| key == name).map(|(_, value)| value.clone())
}

/// The listing for `query` in the shopper's currency, cached by its normalised address and currency; the notices about this request's raw address are
/// added to the copy handed out.
#[cfg(feature = "ssr")]
async fn list(mut query: crate::model::listing::ListingQuery, notices: Vec<String>) -> Result<Listing, ServerFnError> {
    let (db, cache, currency) = catalogue_parts().await?;
    query.currency = currency;
    let key = query.cache_key();
    let load = || async move { crate::server::listing::list_products(&db, query, Vec::new()).await };
    let loaded = cache.listing(key.clone(), load).await;
    let mut listing = unwrap(loaded, &format!("listing {key}"), CATALOGUE_UNAVAILABLE)?;
    listing.notices.splice(0..0, notices);
    Ok(listing)
}
