//! The home page's recommendations: the signed-in customer's own list, else the popular products.

use leptos::prelude::*;

use crate::model::customer::RecommendationShelf;

/// "Recommended for you" for a signed-in customer with a list; the popular products for everyone else.
#[server(endpoint = "home_recommendations")]
pub async fn home_recommendations() -> Result<RecommendationShelf, ServerFnError> {
    use crate::server::recommend::entries;
    let db = crate::server::context::database()?;
    let currency = super::catalogue::shopper_currency().await?;
    let who = crate::server::context::signed_in().await?.filter(|who| who.customer_id.is_some());
    if let Some(who) = who {
        // Their list is on their customer document, read on its region's shard.
        let session = crate::server::context::session().await?;
        let customer =
            crate::server::accounts::customer_of(&db, &session, &who).await.map_err(|err| unavailable(&err))?;
        let products = customer.map(|customer| customer.recommended_products).unwrap_or_default();
        if !products.is_empty() {
            return entries::shelf(&db, true, products, currency).await.map_err(|err| unavailable(&err));
        }
    }
    let size = crate::server::context::recommendation_settings()?.list_size();
    let cache = crate::server::context::catalogue_cache()?;
    // The popular shelf is the same for every guest paying in one currency: cached whole, pictures included.
    let popular = cache
        .popular(currency, || async move {
            let products = entries::popular(&db, size).await?.into_iter().map(|product| product.entry).collect();
            entries::shelf(&db, false, products, currency).await
        })
        .await;
    popular.map(|shelf| (*shelf).clone()).map_err(|err| unavailable(&err))
}

#[cfg(feature = "ssr")]
fn unavailable(err: &mongodb::error::Error) -> ServerFnError {
    crate::api::answer::database_failed(
        err,
        "reading the home page's recommendations",
        "Recommendations are unavailable right now.",
    )
}
