use leptos::prelude::*;
use leptos_meta::Title;

use crate::model::Category;

/// Answers every unknown address, with a 404 status on the server.
#[component]
pub fn NotFoundPage() -> impl IntoView {
    crate::app::mark_hydrated();
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(axum::http::StatusCode::NOT_FOUND);
    }

    view! {
        <Title text="Page not found"/>
        <section class="notice-page">
            <h1>"We couldn't find that page"</h1>
            <p>"The address may be mistyped, or the page may have moved. These aisles are open:"</p>
            <ul class="chip-list">
                {Category::ALL
                    .into_iter()
                    .map(|category| view! { <li><a class="chip" href=category.href()>{category.label()}</a></li> })
                    .collect_view()}
            </ul>
            <p><a class="button" href="/">"Back to the home page"</a></p>
        </section>
    }
}
