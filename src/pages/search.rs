//! `/search?q=…`: full-text results by relevance, with the same filters as a category page plus the category
//! itself (each with its count). A search that finds nothing says so and offers the categories and popular products.

use leptos::prelude::*;
use leptos_meta::{Link, Meta, Title};
use leptos_router::hooks::use_query_map;

use crate::api::catalogue::search_listing;
use crate::components::ListingView;

#[component]
pub fn SearchPage() -> impl IntoView {
    let query = use_query_map();
    let listing = Resource::new(move || query.read().to_query_string(), search_listing);

    view! {
        <Suspense fallback=|| view! { <p class="loading">"Searching…"</p> }>
            {move || Suspend::new(async move {
                match listing.await {
                    Ok(listing) => {
                        let text = listing.query.search.clone().unwrap_or_default();
                        let (title, heading) = if text.is_empty() {
                            ("Search".to_string(), "Search".to_string())
                        } else {
                            (format!("Search: {text}"), format!("Results for “{text}”"))
                        };
                        view! {
                            <Title text=title/>
                            // Result pages are for shoppers, not for search engines' indexes.
                            <Meta name="robots" content="noindex, follow"/>
                            <Link rel="canonical" href=listing.query.base_href()/>
                            <ListingView listing heading/>
                        }.into_any()
                    }
                    Err(_) => view! {
                        <p class="notice" role="alert">"Search is unavailable right now. Please try again in a moment."</p>
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}
