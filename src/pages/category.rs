//! `/c/<category>`: a category's products with filters, facet counts, sorting and pages. The whole state is in the
//! address, so a listing can be shared and back and forward work; the filter form is a plain GET form, so it works
//! without JavaScript too.

use leptos::prelude::*;
use leptos_meta::{Link, Meta, Title};
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::api::catalogue::category_listing;
use crate::components::ListingView;
use crate::pages::NotFoundPage;

#[component]
pub fn CategoryPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let request = move || {
        let slug = params.read().get("category").unwrap_or_default();
        (slug, query.read().to_query_string())
    };
    let listing = Resource::new(request, |(slug, query)| category_listing(slug, query));

    view! {
        <Suspense fallback=|| view! { <p class="loading">"Loading the products…"</p> }>
            {move || Suspend::new(async move {
                match listing.await {
                    Ok(Some(listing)) => {
                        let Some(category) = listing.query.category else { return view! { <NotFoundPage/> }.into_any() };
                        let found = match listing.total {
                            1 => "1 product".to_string(),
                            n => format!("{n} products"),
                        };
                        let description = format!("{} at Amazone: {found}, delivered. Pay on delivery.", category.label());
                        view! {
                            <Title text=category.label()/>
                            <Meta name="description" content=description/>
                            <Link rel="canonical" href=category.href()/>
                            <ListingView listing heading=category.label().to_string()/>
                        }.into_any()
                    }
                    Ok(None) => view! { <NotFoundPage/> }.into_any(),
                    Err(_) => view! {
                        <p class="notice" role="alert">"The catalogue is unavailable right now. Please try again in a moment."</p>
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}
