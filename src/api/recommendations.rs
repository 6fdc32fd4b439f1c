//! The home page's recommendations: the signed-in customer's own list, else the popular products.

use leptos::prelude::*;

use crate::model::customer::RecommendationShelf;

/// "Recommended for you" for a signed-in customer with a list; the popular products for everyone else.
#[server(endpoint = "home_recommendations")]
pub async fn home_recommendations() -> Result<RecommendationShelf, ServerFnError> {
    use crate::server::recommend::{entries, sellable};
    let db = crate::server::context::database()?;
    let regions = crate::server::context::regions()?;
    let destination = crate::server::context::destination().await?;
    let currency = destination.currency(&regions);
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
    // The popular shelf is the same for every guest of a region: cached whole, pictures included. Read with room
    // for the products the region does not sell or cannot reach.
    let region = destination.region;
    let popular = cache
        .popular(region.clone(), || async move {
            let popular = entries::popular(&db, size * 3).await?;
            let products = sellable::sold_in(&db, &regions, &region, popular, size).await?;
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
