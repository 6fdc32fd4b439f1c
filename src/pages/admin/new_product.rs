//! `/admin/products/new?kind=<kind>`: creating a product. The kind is chosen first (links, so it works without
//! JavaScript), then the form shows that kind's fields. The form carries the new product's id, so a second send
//! creates nothing more; once created, the admin lands on the product's page to add pictures and stock.

use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_navigate, use_query_map};

use super::product_fields::ProductFieldInputs;
use super::{AdminNav, AdminRefusal};
use crate::api::back_office::{new_product_id, CreateProduct};
use crate::components::error_message;
use crate::model::product_form::{ProductFields, KINDS};

#[component]
pub fn AdminNewProductPage() -> impl IntoView {
    let query = use_query_map();
    let kind = move || query.read().get("kind").filter(|kind| KINDS.iter().any(|(known, _)| known == kind));
    let id = Resource::new(|| (), |_| new_product_id());
    let create = ServerAction::<CreateProduct>::new();
    let navigate = use_navigate();
    Effect::new(move |_| {
        if let Some(Ok(id)) = create.value().get() {
            navigate(&format!("/admin/products/{id}"), Default::default());
        }
    });
    view! {
        <Title text="New product"/>
        <section class="admin-page back-office-product">
            <AdminNav/>
            <h1>"New product"</h1>
            <nav class="kind-choice" aria-label="Kind of product">
                {KINDS.iter().map(|(value, label)| {
                    let current = move || kind().as_deref() == Some(*value);
                    view! {
                        <a href=format!("/admin/products/new?kind={value}") aria-current=move || current().then_some("page")>{*label}</a>
                    }
                }).collect_view()}
            </nav>
            <Transition fallback=|| view! { <p class="loading">"Loading…"</p> }>
                {move || Suspend::new(async move {
                    match (id.await, kind()) {
                        (Err(err), _) => view! { <AdminRefusal err/> }.into_any(),
                        (Ok(_), None) => view! { <p class="muted">"Choose the kind of product above."</p> }.into_any(),
                        (Ok(id), Some(kind)) => view! { <CreateForm id kind action=create/> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn CreateForm(id: String, kind: String, action: ServerAction<CreateProduct>) -> impl IntoView {
    let outcome = move || match action.value().get() {
        Some(Err(err)) => Some(view! { <p class="form-error" role="alert">{error_message(&err)}</p> }),
        _ => None,
    };
    let fields = ProductFields { kind, category: "bakery".into(), ..ProductFields::default() };
    view! {
        <ActionForm action attr:class="edit-product">
            <input type="hidden" name="id" value=id/>
            <ProductFieldInputs fields/>
            <p class="muted">"A picture is drawn for it; add photographs and stock on its page once it is created."</p>
            <button type="submit">"Create product"</button>
            {outcome}
        </ActionForm>
    }
}
