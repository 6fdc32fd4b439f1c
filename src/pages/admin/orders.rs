//! `/admin/orders`: every order, newest first, filtered by state, country of the address and dates, searched by
//! order id, tracking number or customer email, a page at a time. The filters live in the address (a GET form), so
//! a filtered view can be bookmarked and works without JavaScript.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::{AdminNav, AdminRefusal};
use crate::api::desk::desk_orders;
use crate::components::GetForm;
use crate::model::address::DELIVERY_COUNTRIES;
use crate::model::desk::{DeskPage, DeskRow};
use crate::model::order::OrderStatus;

const STATES: [OrderStatus; 4] =
    [OrderStatus::AwaitingPartner, OrderStatus::OutForDelivery, OrderStatus::Delivered, OrderStatus::Cancelled];

#[component]
pub fn AdminOrdersPage() -> impl IntoView {
    let query = use_query_map();
    let field = move |name: &str| query.read().get(name).unwrap_or_default();
    let page = Resource::new(
        move || (field("status"), field("country"), field("from"), field("to"), field("q"), field("page")),
        |(status, country, from, to, q, page)| desk_orders(status, country, from, to, q, page),
    );
    view! {
        <Title text="Orders"/>
        <section class="admin-page desk-page">
            <AdminNav/>
            <h1>"Orders"</h1>
            <Filters field/>
            <Transition fallback=|| view! { <p class="loading">"Loading orders…"</p> }>
                {move || Suspend::new(async move {
                    match page.await {
                        Ok(page) => view! { <OrderTable page/> }.into_any(),
                        Err(err) => view! { <AdminRefusal err/> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

/// The filter form, filled with what the address holds.
#[component]
fn Filters(field: impl Fn(&str) -> String + Copy + Send + Sync + 'static) -> impl IntoView {
    view! {
        <GetForm action="/admin/orders".to_string() class="desk-filters" role="search">
            <label>"Search"
                <input type="search" name="q" value=move || field("q") placeholder="Order id, AMZ- number or customer email"/>
            </label>
            <label>"State"
                <select name="status">
                    <option value="" selected=move || field("status").is_empty()>"Any"</option>
                    {STATES.iter().map(|state| {
                        let value = state.as_str();
                        view! { <option value=value selected=move || field("status") == value>{state.label()}</option> }
                    }).collect_view()}
                </select>
            </label>
            <label>"Delivering to"
                <select name="country">
                    <option value="" selected=move || field("country").is_empty()>"Anywhere"</option>
                    {DELIVERY_COUNTRIES.iter().map(|(code, name)| {
                        view! { <option value=*code selected=move || field("country") == *code>{*name}</option> }
                    }).collect_view()}
                </select>
            </label>
            <label>"From" <input type="date" name="from" value=move || field("from")/></label>
            <label>"To" <input type="date" name="to" value=move || field("to")/></label>
            <button type="submit" class="button">"Find"</button>
        </GetForm>
    }
}

#[component]
fn OrderTable(page: DeskPage) -> impl IntoView {
    if page.rows.is_empty() {
        return view! { <p class="desk-empty">"No orders match."</p> }.into_any();
    }
    let current = page.query.page;
    let link = |to: u32| format!("/admin/orders?{}", page.query.to_query_string(to));
    let newer = (current > 1).then(|| view! { <a rel="prev" href=link(current - 1)>"← Newer"</a> });
    let older = page.has_more.then(|| view! { <a rel="next" href=link(current + 1)>"Older →"</a> });
    view! {
        <table class="desk-table">
            <thead>
                <tr><th>"Placed"</th><th>"Order"</th><th>"Customer"</th><th>"To"</th><th>"State"</th><th>"Total"</th></tr>
            </thead>
            <tbody>{page.rows.into_iter().map(|row| view! { <Row row/> }).collect_view()}</tbody>
        </table>
        <nav class="desk-pages" aria-label="Pages">{newer} <span>"Page " {current}</span> {older}</nav>
    }
    .into_any()
}

#[component]
fn Row(row: DeskRow) -> impl IntoView {
    let label = row.tracking_number.clone().unwrap_or_else(|| row.id.clone());
    view! {
        <tr>
            <td>{row.placed_at.minute_string()}</td>
            <td><a href=format!("/admin/orders/{}", row.id)>{label}</a></td>
            <td>{row.customer_name}</td>
            <td>{row.country.unwrap_or_default()}</td>
            <td>{row.status.label()}</td>
            <td>{row.total_price.display(row.currency)}</td>
        </tr>
    }
}
