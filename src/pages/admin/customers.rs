//! `/admin/customers`: an admin acting on a customer's data request finds them by email, downloads everything
//! stored about them, or erases their personal data (confirmed by typing their email again).

use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;

use super::AdminNav;
use crate::api::privacy::{EraseCustomer, FindCustomer};
use crate::components::FormError;
use crate::model::privacy::CustomerRecord;

#[component]
pub fn AdminCustomersPage() -> impl IntoView {
    let find = ServerAction::<FindCustomer>::new();
    let erase = ServerAction::<EraseCustomer>::new();
    let found = move || find.value().get().and_then(Result::ok);
    let erased = move || {
        erase.value().get().and_then(Result::ok).map(|done| view! { <p class="form-ok" role="status">{done}</p> })
    };
    view! {
        <Title text="Customers' data requests"/>
        <section class="admin-page admin-customers">
            <AdminNav/>
            <h1>"Customers' data requests"</h1>
            <p>"Find a customer who asked for a copy of their data or for their account to be deleted."</p>
            <ActionForm action=find attr:class="inline-form">
                <label>"Email" <input type="email" name="email" required/></label>
                <button type="submit">"Find"</button>
            </ActionForm>
            <FormError value=find.value()/>
            {move || found().map(|customer| view! { <CustomerCard customer erase/> })}
            <FormError value=erase.value()/>
            {erased}
        </section>
    }
}

#[component]
fn CustomerCard(customer: CustomerRecord, erase: ServerAction<EraseCustomer>) -> impl IntoView {
    let download = format!("/admin/customers/{}/data.json", customer.id);
    view! {
        <article class="customer-card">
            <h2>{customer.name.clone()}</h2>
            <dl class="account-details">
                <dt>"Email"</dt><dd>{customer.email.clone()}</dd>
                <dt>"Customer since"</dt><dd>{customer.created_at.date_string()}</dd>
                <dt>"Orders"</dt><dd>{customer.orders}</dd>
            </dl>
            <p><a class="button" href=download download rel="external">"Download their data"</a></p>
            <ActionForm action=erase attr:class="erase-customer">
                <input type="hidden" name="customer_id" value=customer.id/>
                <label>
                    "Type their email to confirm erasure"
                    <input type="email" name="confirm_email" required autocomplete="off"/>
                </label>
                <button type="submit" class="danger">"Erase their personal data"</button>
            </ActionForm>
        </article>
    }
}
