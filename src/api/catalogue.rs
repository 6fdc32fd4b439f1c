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
    let params: Vec<(String, String)> = serde_urlencoded::from_str(query.trim_start_matches('?')).unwrap_or_default();
    let (query, notices) = crate::model::listing::ListingQuery::from_params(category, |name| {
        params.iter().find(|(key, _)| key == name).map(|(_, value)| value.clone())
    });
    let db = crate::server::context::database()?;
    crate::server::listing::list_products(&db, query, notices).await.map(Some).map_err(|err| {
        tracing::error!(error = %err, category = %slug, "category listing failed");
        ServerFnError::new("The catalogue is unavailable right now. Please try again in a moment.")
    })
}
