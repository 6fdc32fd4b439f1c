use leptos::prelude::*;

use crate::model::listing::ListingQuery;

/// Previous, up to five numbered pages around this one, next: all real links.
#[component]
pub fn Pagination(query: ListingQuery, page_count: u32) -> impl IntoView {
    if page_count <= 1 {
        return ().into_any();
    }
    let page = query.page.min(page_count);
    let first = page.saturating_sub(2).max(1);
    let last = (first + 4).min(page_count);
    view! {
        <nav class="pagination" aria-label="Pages">
            {(page > 1).then(|| view! { <a rel="prev" href=query.with_page(page - 1).href()>"‹ Previous"</a> })}
            {(first..=last).map(|n| {
                if n == page {
                    view! { <span aria-current="page">{n}</span> }.into_any()
                } else {
                    view! { <a href=query.with_page(n).href()>{n}</a> }.into_any()
                }
            }).collect_view()}
            {(page < page_count).then(|| view! { <a rel="next" href=query.with_page(page + 1).href()>"Next ›"</a> })}
        </nav>
    }
    .into_any()
}
