//! The home page's recommendations: the signed-in customer's own list, else the popular products.

use leptos::prelude::*;

use crate::model::customer::RecommendationShelf;

/// "Recommended for you" for a signed-in customer with a list; the popular products for everyone else.
#[server(endpoint = "home_recommendations")]
pub async fn home_recommendations() -> Result<RecommendationShelf, ServerFnError> {
    use crate::server::recommend::entries;
    let db = crate::server::context::database()?;
    let currency = crate::model::money::Currency::default();
    let customer_id = crate::server::context::signed_in().await?.and_then(|who| who.customer_id);
    if let Some(customer_id) = customer_id {
        let products = entries::customer_list(&db, &customer_id).await.map_err(|err| unavailable(&err))?;
        if !products.is_empty() {
            return with_pictures(&db, RecommendationShelf { personal: true, products, currency, pictures: vec![] })
                .await;
        }
    }
    let size = crate::server::context::recommendation_settings()?.list_size();
    let cache = crate::server::context::catalogue_cache()?;
    let reader = db.clone();
    let popular = cache.popular(|| async move { entries::popular(&reader, size).await }).await;
    let products = popular.map(|products| (*products).clone()).map_err(|err| unavailable(&err))?;
    with_pictures(&db, RecommendationShelf { personal: false, products, currency, pictures: vec![] }).await
}

#[cfg(feature = "ssr")]
async fn with_pictures(
    db: &mongodb::Database,
    mut shelf: RecommendationShelf,
) -> Result<RecommendationShelf, ServerFnError> {
    let ids: Vec<String> = shelf.products.iter().map(|product| product.product_id.clone()).collect();
    let found = crate::server::pictures::main_pictures(db, &ids).await.map_err(|err| unavailable(&err))?;
    shelf.pictures = ids.iter().map(|id| found.get(id).cloned()).collect();
    Ok(shelf)
}

#[cfg(feature = "ssr")]
fn unavailable(err: &mongodb::error::Error) -> ServerFnError {
    crate::api::answer::database_failed(
        err,
        "reading the home page's recommendations",
        "Recommendations are unavailable right now.",
    )
}
