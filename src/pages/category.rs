//! `/c/<category>`: a category's products with filters, facet counts, sorting and pages. The whole state is in the
//! address, so a listing can be shared and back and forward work; the filter form is a plain GET form, so it works
//! without JavaScript too.

use leptos::prelude::*;
use leptos_meta::{Link, Meta, Title};
use leptos_router::components::Form;
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::api::catalogue::category_listing;
use crate::model::listing::{Listing, ListingQuery, ProductCard, Sort};
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
                    Ok(Some(listing)) => view! { <ListingView listing/> }.into_any(),
                    Ok(None) => view! { <NotFoundPage/> }.into_any(),
                    Err(_) => view! {
                        <p class="notice" role="alert">"The catalogue is unavailable right now. Please try again in a moment."</p>
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn ListingView(listing: Listing) -> impl IntoView {
    let query = listing.query.clone();
    let category = query.category;
    let heading = category.label();
    let found = match listing.total {
        1 => "1 product".to_string(),
        n => format!("{n} products"),
    };
    let description = format!("{heading} at Amazone: {found}, delivered. Pay on delivery.");

    view! {
        <Title text=heading/>
        <Meta name="description" content=description/>
        <Link rel="canonical" href=category.href()/>
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
            <Filters listing=listing.clone()/>
            <section class="listing-results" aria-label="Products">
                {if listing.items.is_empty() {
                    view! {
                        <div class="empty-state">
                            <h2>"No products match these filters"</h2>
                            <p><a href=category.href()>"Clear the filters"</a>" to see every product in "{heading}"."</p>
                        </div>
                    }.into_any()
                } else {
                    view! {
                        <ul class="product-grid">
                            {listing.items.iter().cloned().map(|card| view! { <ProductCardView card/> }).collect_view()}
                        </ul>
                    }.into_any()
                }}
                <Pagination query=query page_count=listing.page_count/>
            </section>
        </div>
    }
}

/// The filter form, with each facet value's count for the current results.
#[component]
fn Filters(listing: Listing) -> impl IntoView {
    let query = listing.query.clone();
    let money = |m: Option<crate::model::Money>| m.map(|m| m.to_string()).unwrap_or_default();
    let creator = query.category.creator_facet().map(|(param, _, label)| {
        let chosen = query.creator.clone().unwrap_or_default();
        view! {
            <label for="filter-creator">{label}</label>
            <select id="filter-creator" name=param>
                <option value="">"Any"</option>
                {listing.creators.iter().map(|facet| view! {
                    <option value=facet.value.clone() selected=facet.value == chosen>
                        {format!("{} ({})", facet.value, facet.count)}
                    </option>
                }).collect_view()}
            </select>
        }
    });
    view! {
        <aside class="filters" aria-label="Filters">
            <Form method="GET" action=query.category.href()>
                <fieldset>
                    <legend>"Price (£)"</legend>
                    <label for="filter-price-min" class="visually-hidden">"Lowest price"</label>
                    <input id="filter-price-min" name="price_min" inputmode="decimal" placeholder="Min" value=money(query.price_min)/>
                    <span aria-hidden="true">"–"</span>
                    <label for="filter-price-max" class="visually-hidden">"Highest price"</label>
                    <input id="filter-price-max" name="price_max" inputmode="decimal" placeholder="Max" value=money(query.price_max)/>
                </fieldset>
                <label for="filter-rating">"Customer rating"</label>
                <select id="filter-rating" name="rating">
                    <option value="">"Any"</option>
                    {(1..=4u8).rev().map(|stars| view! {
                        <option value=stars.to_string() selected=query.min_rating == Some(stars)>
                            {format!("{stars} stars & up ({})", listing.at_least_stars[4 - stars as usize])}
                        </option>
                    }).collect_view()}
                </select>
                {creator}
                <label class="checkbox">
                    <input type="checkbox" name="in_stock" value="1" checked=query.in_stock/>
                    {format!("In stock only ({})", listing.in_stock)}
                </label>
                <label for="filter-sort">"Sort by"</label>
                <select id="filter-sort" name="sort">
                    {Sort::ALL.into_iter().map(|sort| view! {
                        <option value=sort.param() selected=query.sort == sort>{sort.label()}</option>
                    }).collect_view()}
                </select>
                <button type="submit">"Apply"</button>
                <a class="clear" href=query.category.href()>"Clear filters"</a>
            </Form>
        </aside>
    }
}

#[component]
fn ProductCardView(card: ProductCard) -> impl IntoView {
    let href = format!("/p/{}", card.id);
    let rating = if card.rating.count == 0 {
        "Not rated yet".to_string()
    } else {
        format!("★ {:.1} ({})", card.rating.average, card.rating.count)
    };
    view! {
        <li class="product-card">
            <a href=href>
                <span class="product-card-name">{card.name}</span>
                <span class="product-card-byline">{card.byline}</span>
                <span class="product-card-rating">{rating}</span>
                <span class="product-card-price">{card.price.display(card.currency)}</span>
                {(!card.in_stock).then(|| view! { <span class="product-card-stock">"Out of stock"</span> })}
            </a>
        </li>
    }
}

#[component]
fn Pagination(query: ListingQuery, page_count: u32) -> impl IntoView {
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
