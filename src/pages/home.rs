//! `/`: the visitor's recommendations (or the popular products), the categories with their counts, then each
//! category's best rated and newest products.

use leptos::prelude::*;
use leptos_meta::{Meta, Title};

use crate::api::catalogue::{category_counts, category_shelves};
use crate::components::product_card::ProductGrid;
use crate::components::{CategoryGrid, RecommendedShelf};
use crate::model::catalogue::CategoryShelves;

#[component]
pub fn HomePage() -> impl IntoView {
    crate::app::mark_hydrated();
    let counts = Resource::new(|| (), |_| category_counts());
    let shelves = Resource::new(|| (), |_| category_shelves());
    // Where "Delete my account" lands.
    let query = leptos_router::hooks::use_query_map();
    let farewell = move || {
        (query.read().get("account").as_deref() == Some("deleted")).then(|| {
            view! {
                <p class="form-ok" role="status">
                    "Your account was deleted and your personal data erased. Thank you for shopping with us."
                </p>
            }
        })
    };

    view! {
        <Title text=""/>
        <Meta name="description" content="Fresh fruit, vegetables, drinks and bakery from your local store, plus books, CDs, phones and home appliances, delivered."/>
        {farewell}
        <section class="hero">
            <h1>"Fresh food and everything else, delivered"</h1>
            <p>"Fruit, vegetables, drinks and bakery from a store near you; books, music, phones and appliances from our warehouse. Pay on delivery."</p>
        </section>
        <RecommendedShelf/>
        <section aria-labelledby="departments-heading">
            <h2 id="departments-heading">"Shop by category"</h2>
            <Suspense fallback=|| view! { <p class="loading">"Loading the aisles…"</p> }>
                {move || Suspend::new(async move {
                    match counts.await {
                        Ok(counts) => view! { <CategoryGrid counts/> }.into_any(),
                        Err(_) => view! {
                            <p class="notice" role="alert">
                                "We can't reach the catalogue right now. Please try again in a moment."
                            </p>
                        }.into_any(),
                    }
                })}
            </Suspense>
        </section>
        <Suspense fallback=|| view! { <p class="loading">"Loading the shelves…"</p> }>
            {move || Suspend::new(async move {
                // The counts above already say when the catalogue is unreachable; the shelves then stay away.
                shelves.await.ok().map(|shelves| {
                    shelves.into_iter().filter(|s| !s.newest.is_empty()).map(|shelf| view! { <Shelves shelf/> }).collect_view()
                })
            })}
        </Suspense>
    }
}

/// One category's two shelves.
#[component]
fn Shelves(shelf: CategoryShelves) -> impl IntoView {
    let category = shelf.category;
    let heading_id = format!("shelf-{}", category.slug());
    view! {
        <section class="shelves" aria-labelledby=heading_id>
            <header class="shelves-header">
                <h2 id=format!("shelf-{}", category.slug())>{category.label()}</h2>
                <a href=category.href()>{format!("See all {}", category.label())}</a>
            </header>
            {(!shelf.top_rated.is_empty()).then(|| view! {
                <h3>"Top rated"</h3>
                <ProductGrid cards=shelf.top_rated.clone() class="shelf"/>
            })}
            <h3>"New"</h3>
            <ProductGrid cards=shelf.newest class="shelf"/>
        </section>
    }
}
