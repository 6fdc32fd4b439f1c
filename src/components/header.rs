use leptos::form::ActionForm;
use leptos::prelude::*;

use crate::api::accounts::{current_viewer, SignOut};
use crate::api::regions::current_delivery;
use crate::components::search_box::SearchBox;
use crate::components::session_state::{session_changed, session_version};
use crate::model::account::Role;
use crate::model::address::DELIVERY_COUNTRIES;
use crate::model::Category;

/// The store name, the search box, the account links, the cart link and the category navigation.
#[component]
pub fn Header() -> impl IntoView {
    view! {
        <header class="site-header">
            <div class="header-bar">
                <a class="brand" href="/" aria-label="Amazone home">
                    <span class="brand-mark" aria-hidden="true">"a"</span>
                    <span class="brand-name">"amazone"</span>
                </a>
                <SearchBox/>
                <AccountLinks/>
                <a class="cart-link" href="/cart">
                    <svg aria-hidden="true" viewBox="0 0 24 24" width="22" height="22">
                        <path fill="currentColor" d="M7 18a2 2 0 1 0 0 4 2 2 0 0 0 0-4zm10 0a2 2 0 1 0 0 4 2 2 0 0 0 0-4zM6.2 6l.9 5.4A2 2 0 0 0 9 13h8.4a2 2 0 0 0 1.9-1.4L21 6H6.2zM2 2h2.6l.7 2H22v2l-2 6.2A4 4 0 0 1 16.2 15H9a4 4 0 0 1-3.9-3.3L3.2 4H2z"/>
                    </svg>
                    <span>"Cart"</span>
                </a>
            </div>
            <nav class="category-nav" aria-label="Categories">
                <ul>
                    {Category::ALL
                        .into_iter()
                        .map(|category| view! { <li><a href=category.href()>{category.label()}</a></li> })
                        .collect_view()}
                </ul>
            </nav>
        </header>
    }
}

/// "Deliver to": a customer's city (their shipping address, changed on their account page), or the country a guest
/// picks. A plain form post, so that it works before (or without) JavaScript; the page reloads with that country's
/// stores.
#[component]
fn DeliverTo() -> impl IntoView {
    let choice = Resource::new(session_version, |_| current_delivery());
    let location = leptos_router::hooks::use_location();
    let back = move || {
        let search = location.search.get();
        let search = search.trim_start_matches('?');
        if search.is_empty() {
            location.pathname.get()
        } else {
            format!("{}?{search}", location.pathname.get())
        }
    };
    view! {
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                let choice = choice.await.ok()?;
                Some(match choice.city {
                    Some(city) => view! {
                        <a class="deliver-to" href="/account" title="Change your shipping address">
                            <span class="muted">"Deliver to "</span><strong>{city}</strong>
                        </a>
                    }.into_any(),
                    None => view! {
                        <form class="deliver-to" method="post" action="/api/deliver_to">
                            <label>
                                <span class="muted">"Deliver to"</span>
                                <select name="country" aria-label="Deliver to">
                                    {DELIVERY_COUNTRIES.iter().map(|(code, name)| view! {
                                        <option value=*code selected=choice.country == *code>{*name}</option>
                                    }).collect_view()}
                                </select>
                            </label>
                            <input type="hidden" name="back" value=back/>
                            <button type="submit" class="link-button">"Go"</button>
                        </form>
                    }.into_any(),
                })
            })}
        </Transition>
    }
}

/// Where a signed-in person's name leads.
fn home_of(role: Role) -> &'static str {
    match role {
        Role::Customer => "/account",
        Role::Partner => "/deliveries",
        Role::Admin => "/admin",
    }
}

/// "Sign in", or the customer's name with their orders and "Sign out".
#[component]
fn AccountLinks() -> impl IntoView {
    let viewer = Resource::new(session_version, |_| current_viewer());
    let sign_out = ServerAction::<SignOut>::new();
    Effect::new(move |_| {
        if sign_out.value().get().is_some_and(|result| result.is_ok()) {
            session_changed();
        }
    });
    view! {
        <div class="account-links">
            <DeliverTo/>
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    match viewer.await.ok().flatten() {
                        Some(viewer) => view! {
                            <a class="account-name" href=home_of(viewer.role)>"Hi, " {viewer.name.split_whitespace().next().unwrap_or("there").to_string()}</a>
                            // Each role's own page: staff have no orders; on a phone the brand needs the room.
                            {match viewer.role {
                                Role::Admin => view! { <a href="/admin">"Admin"</a> }.into_any(),
                                Role::Partner => view! { <a href="/deliveries">"Deliveries"</a> }.into_any(),
                                Role::Customer => view! { <a href="/orders">"Orders"</a> }.into_any(),
                            }}
                            <ActionForm action=sign_out attr:class="sign-out">
                                <button type="submit" class="link-button">"Sign out"</button>
                            </ActionForm>
                        }.into_any(),
                        None => view! { <a href="/sign-in">"Sign in"</a> }.into_any(),
                    }
                })}
            </Transition>
        </div>
    }
}
