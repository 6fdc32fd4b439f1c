//! `/sign-in?next=…` and `/sign-up?next=…`: forms that work without JavaScript (the server redirects) and, with it,
//! show the server's refusal in place.

use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::api::accounts::{SignIn, SignUp};
use crate::api::regions::current_delivery;
use crate::components::session_state::session_changed;
use crate::components::{AddressFields, FormError};
use crate::model::account::MIN_PASSWORD_CHARS;

fn next_from_query() -> String {
    use_query_map().with_untracked(|query| query.get("next")).unwrap_or_else(|| "/".to_string())
}

/// Bumps the session version once the action succeeded, so the header shows who is signed in.
fn on_success<T: Clone + Send + Sync + 'static>(value: impl Fn() -> Option<Result<T, ServerFnError>> + 'static) {
    Effect::new(move |_| {
        if value().is_some_and(|result| result.is_ok()) {
            session_changed();
        }
    });
}

#[component]
pub fn SignInPage() -> impl IntoView {
    let sign_in = ServerAction::<SignIn>::new();
    let value = sign_in.value();
    on_success(move || value.get());
    let next = next_from_query();
    let sign_up_href = format!("/sign-up?next={}", urlencode(&next));
    view! {
        <Title text="Sign in"/>
        <section class="account-form">
            <h1>"Sign in"</h1>
            <ActionForm action=sign_in>
                <input type="hidden" name="next" value=next/>
                <label>"Email" <input name="email" type="email" required autocomplete="email"/></label>
                <label>"Password" <input name="password" type="password" required autocomplete="current-password"/></label>
                <button type="submit" disabled=move || sign_in.pending().get()>"Sign in"</button>
            </ActionForm>
            <FormError value/>
            <p>"New here? " <a href=sign_up_href>"Create an account"</a></p>
        </section>
    }
}

#[component]
pub fn SignUpPage() -> impl IntoView {
    let sign_up = ServerAction::<SignUp>::new();
    let value = sign_up.value();
    on_success(move || value.get());
    let next = next_from_query();
    let password_hint = format!("At least {MIN_PASSWORD_CHARS} characters.");
    let delivery = Resource::new(|| (), |_| current_delivery());
    view! {
        <Title text="Create an account"/>
        <section class="account-form">
            <h1>"Create an account"</h1>
            <ActionForm action=sign_up>
                <input type="hidden" name="next" value=next/>
                <label>"Name" <input name="name" required autocomplete="name"/></label>
                <label>"Email" <input name="email" type="email" required autocomplete="email"/></label>
                <label>"Password"
                    <input name="password" type="password" required minlength=MIN_PASSWORD_CHARS autocomplete="new-password"/>
                    <small>{password_hint}</small>
                </label>
                // A guest who picked a country in "Deliver to" is most likely delivered there.
                <Transition fallback=|| view! { <AddressFields/> }>
                    {move || Suspend::new(async move {
                        let country = delivery.await.ok().map(|choice| choice.country);
                        view! { <AddressFields country/> }
                    })}
                </Transition>
                <button type="submit" disabled=move || sign_up.pending().get()>"Create account"</button>
            </ActionForm>
            <FormError value/>
            <p>"Have an account? " <a href="/sign-in">"Sign in"</a></p>
        </section>
    }
}

fn urlencode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'/' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}
