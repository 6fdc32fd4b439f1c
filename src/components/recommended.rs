//! The home page's personal shelf: "Recommended for you" from the customer's embedded list, or the popular products
//! for anonymous shoppers and customers without a list. Asked again when the visitor signs in or out.

use leptos::prelude::*;

use super::session_state::session_version;
use super::ProductPicture;
use crate::api::recommendations::home_recommendations;
use crate::model::customer::{RecommendationShelf, RecommendedProduct};
use crate::model::money::Currency;
use crate::model::picture::Picture;

#[component]
pub fn RecommendedShelf() -> impl IntoView {
    let shelf = Resource::new(session_version, |_| home_recommendations());
    view! {
        <Suspense fallback=|| view! { <p class="loading">"Finding products for you…"</p> }>
            {move || Suspend::new(async move {
                // Nothing to recommend (an empty catalogue) or unreachable: the rest of the page still stands.
                shelf.await.ok().filter(|shelf| !shelf.products.is_empty()).map(|shelf| view! { <Shelf shelf/> })
            })}
        </Suspense>
    }
}

#[component]
fn Shelf(shelf: RecommendationShelf) -> impl IntoView {
    let (heading, note) = if shelf.personal {
        ("Recommended for you", "Picked from what customers with tastes like yours bought and loved.")
    } else {
        ("Popular right now", "Our most rated products. Sign in and buy or rate a few for picks of your own.")
    };
    let currency = shelf.currency;
    view! {
        <section class="shelves recommended" aria-labelledby="recommended-heading">
            <header class="shelves-header">
                <h2 id="recommended-heading">{heading}</h2>
            </header>
            <p class="shelf-note">{note}</p>
            <ul class="product-grid shelf">
                {shelf
                    .products
                    .into_iter()
                    .zip(shelf.pictures.into_iter().chain(std::iter::repeat(None)))
                    .map(|(product, picture)| view! { <Card product picture currency/> })
                    .collect_view()}
            </ul>
        </section>
    }
}

#[component]
fn Card(product: RecommendedProduct, picture: Option<Picture>, currency: Currency) -> impl IntoView {
    let rating = if product.average_customer_rating > 0.0 {
        format!("★ {:.1}", product.average_customer_rating)
    } else {
        "Not rated yet".to_string()
    };
    view! {
        <li class="product-card">
            <a href=format!("/p/{}", product.product_id)>
                <ProductPicture picture alt=product.name.clone() class="product-card-picture" lazy=true/>
                <span class="product-card-name">{product.name}</span>
                <span class="product-card-rating">{rating}</span>
                <span class="product-card-price">{product.price.display(currency)}</span>
            </a>
        </li>
    }
}
