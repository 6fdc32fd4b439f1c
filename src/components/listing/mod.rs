//! A listing of products (a category page or a search): heading, notices, filters with counts, results, pages, and
//! what to offer when nothing matches.

mod filters;
mod pagination;

use leptos::prelude::*;

use crate::components::product_card::ProductGrid;
use crate::model::listing::Listing;
use crate::model::Category;
use filters::Filters;
use pagination::Pagination;

/// `heading` names what is listed ("Books", "Results for …").
#[component]
pub fn ListingView(listing: Listing, heading: String) -> impl IntoView {
    let query = listing.query.clone();
    let found = match listing.total {
        1 => "1 product".to_string(),
        n => format!("{n} products"),
    };
    let results = if listing.items.is_empty() {
        view! { <NoResults listing=listing.clone()/> }.into_any()
    } else {
        view! { <ProductGrid cards=listing.items.clone()/> }.into_any()
    };
    view! {
        <div class="listing">
            <header class="listing-header">
                <h1>{heading}</h1>
                <p class="muted" role="status">{found}</p>
            </header>
            {(!listing.notices.is_empty()).then(|| view! {
                <ul class="notice" role="alert">
                    {listing.notices.iter().map(|notice| view! { <li>{notice.clone()}</li> }).collect_view()}
                </ul>
            })}
            // Nothing found and nothing to clear: the fallback has the whole width.
            {(listing.total > 0 || query.href() != query.base_href()).then(|| view! { <Filters listing=listing.clone()/> })}
            <section class="listing-results" aria-label="Products">
                {results}
                <Pagination query=query page_count=listing.page_count/>
            </section>
        </div>
    }
}

/// Says plainly that nothing matched, and offers a way on: clearing the filters, the categories, popular products.
#[component]
fn NoResults(listing: Listing) -> impl IntoView {
    let query = listing.query.clone();
    let filtered = query.href() != query.base_href();
    let (title, hint) = match (&query.search, query.category) {
        (Some(text), _) if text.is_empty() => {
            ("Search the catalogue".to_string(), "Type a product, an author, an artist or a brand above.".to_string())
        }
        (Some(text), _) => (
            format!("Nothing found for “{text}”"),
            "Check the spelling, try fewer or more general words, or browse a category.".to_string(),
        ),
        (None, Some(category)) => {
            ("No products match these filters".to_string(), format!("{} has other products.", category.label()))
        }
        (None, None) => ("No products".to_string(), String::new()),
    };
    view! {
        <div class="empty-state">
            <h2>{title}</h2>
            <p>{hint}</p>
            {filtered.then(|| view! { <p><a href=query.base_href()>"Clear the filters"</a></p> })}
        </div>
        {query.is_search().then(|| view! {
            <section class="fallback" aria-labelledby="fallback-categories">
                <h2 id="fallback-categories">"Browse a category"</h2>
                <ul class="chips">
                    {Category::ALL.into_iter().map(|category| view! {
                        <li><a href=category.href()>{category.label()}</a></li>
                    }).collect_view()}
                </ul>
            </section>
        })}
        {(!listing.popular.is_empty()).then(|| view! {
            <section class="fallback" aria-labelledby="fallback-popular">
                <h2 id="fallback-popular">"Popular right now"</h2>
                <ProductGrid cards=listing.popular.clone()/>
            </section>
        })}
    }
}
