//! `/admin/products`: every product, alphabetically, filtered by category, stock and sale and searched by name or id, a
//! page at a time. The filters live in the address (a GET form), so a view can be bookmarked and works without
//! JavaScript.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::{AdminNav, AdminRefusal};
use crate::api::back_office::admin_products;
use crate::components::{GetForm, ProductPicture};
use crate::model::back_office::{Choice, ProductList, ProductRow, SaleFilter, StockFilter};
use crate::model::Category;

#[component]
pub fn AdminProductsPage() -> impl IntoView {
    let query = use_query_map();
    let field = move |name: &str| query.read().get(name).unwrap_or_default();
    let list = Resource::new(
        move || (field("q"), field("category"), field("stock"), field("sale"), field("page")),
        |(q, category, stock, sale, page)| admin_products(q, category, stock, sale, page),
    );
    view! {
        <Title text="Products"/>
        <section class="admin-page back-office">
            <AdminNav/>
            <h1>"Products"</h1>
            <p><a class="button" href="/admin/products/new">"New product"</a></p>
            <Filters field/>
            <Transition fallback=|| view! { <p class="loading">"Loading products…"</p> }>
                {move || Suspend::new(async move {
                    match list.await {
                        Ok(list) => view! { <ProductTable list/> }.into_any(),
                        Err(err) => view! { <AdminRefusal err/> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn Filters(field: impl Fn(&str) -> String + Copy + Send + Sync + 'static) -> impl IntoView {
    view! {
        <GetForm action="/admin/products".to_string() class="desk-filters" role="search">
            <label>"Search"
                <input type="search" name="q" value=move || field("q") placeholder="Words of the name, or a product id"/>
            </label>
            <label>"Category"
                <select name="category">
                    <option value="" selected=move || field("category").is_empty()>"Any"</option>
                    {Category::ALL.iter().map(|category| {
                        let slug = category.slug();
                        view! { <option value=slug selected=move || field("category") == slug>{category.label()}</option> }
                    }).collect_view()}
                </select>
            </label>
            <ChoiceSelect label="Stock" name="stock" choices=StockFilter::ALL field/>
            <ChoiceSelect label="Sale" name="sale" choices=SaleFilter::ALL field/>
            <button type="submit" class="button">"Find"</button>
        </GetForm>
    }
}

/// A filter's `<select>`, showing the choice the address holds.
#[component]
fn ChoiceSelect<C: Choice>(
    label: &'static str,
    name: &'static str,
    choices: &'static [C],
    field: impl Fn(&str) -> String + Copy + Send + Sync + 'static,
) -> impl IntoView {
    view! {
        <label>{label}
            <select name=name>
                {choices.iter().map(|choice| {
                    let value = choice.as_str();
                    view! { <option value=value selected=move || field(name) == value>{choice.label()}</option> }
                }).collect_view()}
            </select>
        </label>
    }
}

#[component]
fn ProductTable(list: ProductList) -> impl IntoView {
    if list.rows.is_empty() {
        return view! { <p class="desk-empty">"No products match."</p> }.into_any();
    }
    let current = list.query.page;
    let link = |to: u32| format!("/admin/products?{}", list.query.to_query_string(to));
    let previous = (current > 1).then(|| view! { <a rel="prev" href=link(current - 1)>"← Previous"</a> });
    let next = list.has_more.then(|| view! { <a rel="next" href=link(current + 1)>"Next →"</a> });
    view! {
        <table class="desk-table product-table">
            <thead>
                <tr><th><span class="visually-hidden">"Picture"</span></th><th>"Product"</th><th>"Category"</th><th>"Price"</th><th>"Stock"</th></tr>
            </thead>
            <tbody>{list.rows.into_iter().map(|row| view! { <Row row/> }).collect_view()}</tbody>
        </table>
        <nav class="desk-pages" aria-label="Pages">{previous} <span>"Page " {current}</span> {next}</nav>
    }
    .into_any()
}

#[component]
fn Row(row: ProductRow) -> impl IntoView {
    view! {
        <tr>
            <td><ProductPicture picture=row.picture alt=String::new() class="table-picture" lazy=true/></td>
            <td>
                <a href=format!("/admin/products/{}", row.id)>{row.name}</a>
                {row.retired.then(|| view! { " " <span class="badge retired-badge">"Retired"</span> })}
            </td>
            <td>{row.category.label()}</td>
            <td>{row.prices.describe()}</td>
            <td>{if row.in_stock { "In stock" } else { "Out of stock" }}</td>
        </tr>
    }
}
