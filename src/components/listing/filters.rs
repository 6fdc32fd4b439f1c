use leptos::prelude::*;

use crate::components::GetForm;
use crate::model::listing::{Listing, Sort};
use crate::model::{Category, Department, Money};

/// The filter form, with each facet value's count for the current results. A plain GET form (the router's `Form`
/// navigates client-side when hydrated), so the address always holds the whole state.
#[component]
pub fn Filters(listing: Listing) -> impl IntoView {
    let query = listing.query.clone();
    let money = |m: Option<Money>| m.map(|m| m.to_string()).unwrap_or_default();
    let action = if query.is_search() { "/search".to_string() } else { query.base_href() };
    let search = query.search.clone().map(|text| {
        view! {
            <input type="hidden" name="q" value=text/>
            <CategoryFilter listing=listing.clone()/>
        }
    });
    let creator = query.category.and_then(Category::creator_facet).map(|(param, _, label)| {
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
            <GetForm action>
                {search}
                <fieldset>
                    <legend>{format!("Price ({})", query.currency.symbol())}</legend>
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
                    {Sort::choices(query.is_search()).map(|sort| view! {
                        <option value=sort.param() selected=query.sort == sort>{sort.label()}</option>
                    }).collect_view()}
                </select>
                <button type="submit">"Apply"</button>
                <a class="clear" href=query.base_href()>"Clear filters"</a>
            </GetForm>
        </aside>
    }
}

/// A search's category choice, grouped by where the goods come from, each with its number of results.
#[component]
fn CategoryFilter(listing: Listing) -> impl IntoView {
    let chosen = listing.query.category;
    let everywhere: u64 = listing.categories.iter().map(|(_, count)| count).sum();
    let group = |department: Department, label: &'static str| {
        let options = listing
            .categories
            .iter()
            .filter(|(category, _)| category.department() == department)
            .map(|(category, count)| {
                view! {
                    <option value=category.slug() selected=chosen == Some(*category)>
                        {format!("{} ({count})", category.label())}
                    </option>
                }
            })
            .collect_view();
        view! { <optgroup label=label>{options}</optgroup> }
    };
    view! {
        <label for="filter-category">"Category"</label>
        <select id="filter-category" name="category">
            <option value="" selected=chosen.is_none()>{format!("All categories ({everywhere})")}</option>
            {group(Department::Fresh, "Fresh food, from your local store")}
            {group(Department::Other, "Other goods, from our warehouse")}
        </select>
    }
}
