//! `/account`: the customer's name, email and shipping address, which they can change.

use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;

use crate::api::accounts::{account_details, SetShippingAddress};
use crate::components::{error_message, AddressFields, FormError};

#[component]
pub fn AccountPage() -> impl IntoView {
    let save = ServerAction::<SetShippingAddress>::new();
    let value = save.value();
    let details = Resource::new(move || save.version().get(), |_| account_details());
    let saved =
        move || value.get().is_some_and(|r| r.is_ok()).then(|| view! { <p class="form-ok" role="status">"Saved."</p> });
    view! {
        <Title text="Your account"/>
        <section class="account-form">
            <h1>"Your account"</h1>
            <Transition fallback=|| view! { <p class="loading">"Loading…"</p> }>
                {move || Suspend::new(async move {
                    match details.await {
                        Ok(details) => view! {
                            <dl class="account-details">
                                <dt>"Name"</dt><dd>{details.name.clone()}</dd>
                                <dt>"Email"</dt><dd>{details.email.clone()}</dd>
                            </dl>
                            <ActionForm action=save>
                                <AddressFields address=details.shipping_address.clone()/>
                                <button type="submit">"Save address"</button>
                            </ActionForm>
                        }.into_any(),
                        Err(err) => view! {
                            <p class="notice" role="alert">{error_message(&err)}</p>
                            <p><a class="button" href="/sign-in?next=/account">"Sign in"</a></p>
                        }.into_any(),
                    }
                })}
            </Transition>
            <FormError value/>
            {saved}
        </section>
    }
}
