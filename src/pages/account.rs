//! `/account`: the customer's name, email and shipping address, which they can change; and their data rights:
//! downloading everything stored about them, and deleting their account.

use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;

use crate::api::accounts::{account_details, SetShippingAddress};
use crate::api::privacy::DeleteAccount;
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
        <YourData/>
    }
}

/// "Your data": the download (a plain link: the browser saves the file) and the deletion, which asks for the
/// password and says plainly what goes and what stays.
#[component]
fn YourData() -> impl IntoView {
    let delete = ServerAction::<DeleteAccount>::new();
    // Signed out by the deletion: the header must say so.
    Effect::new(move |_| {
        if delete.value().get().is_some_and(|result| result.is_ok()) {
            crate::components::session_state::session_changed();
        }
    });
    view! {
        <section class="account-form your-data">
            <h2>"Your data"</h2>
            <p>"A copy of everything we store about you: your account, addresses, orders, ratings, cart and sign-ins."</p>
            <p><a class="button" href="/account/my-data.json" download rel="external">"Download my data"</a></p>
            <h3>"Delete my account"</h3>
            <p>
                "This signs you out everywhere and erases your name, email, addresses, cart and recommendations. "
                "Your orders stay in the shop's books and your ratings keep counting, with nothing that leads to you. "
                "It cannot be undone."
            </p>
            <ActionForm action=delete attr:class="delete-account">
                <label>"Your password" <input type="password" name="password" required autocomplete="current-password"/></label>
                <button type="submit" class="danger">"Delete my account"</button>
            </ActionForm>
            <FormError value=delete.value()/>
        </section>
    }
}
