use leptos::prelude::*;
use leptos_meta::{Meta, Title};

use crate::api::catalogue::category_counts;
use crate::components::CategoryGrid;

#[component]
pub fn HomePage() -> impl IntoView {
    let counts = Resource::new(|| (), |_| category_counts());

    view! {
        <Title text=""/>
        <Meta name="description" content="Fresh fruit, vegetables, drinks and bakery from your local store, plus books, CDs, phones and home appliances, delivered."/>
        <section class="hero">
            <h1>"Fresh food and everything else, delivered"</h1>
            <p>"Fruit, vegetables, drinks and bakery from a store near you; books, music, phones and appliances from our warehouse. Pay on delivery."</p>
        </section>
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
    }
}
