//! The admin area: maintenance (`/admin`), the order desk (`/admin/orders`, `/admin/orders/<id>`), the delivery
//! partners (`/admin/partners`), customers' data requests (`/admin/customers`) and the catalogue's back office (`/admin/products`, `/admin/products/<id>`). Anyone but an admin gets the 403 page: every server function behind them checks
//! the role on the server.

mod customers;
mod maintenance;
mod new_product;
mod order;
mod orders;
mod partners;
mod product;
mod product_fields;
mod products;

pub use customers::AdminCustomersPage;
pub use maintenance::AdminPage;
pub use new_product::AdminNewProductPage;
pub use order::AdminOrderPage;
pub use orders::AdminOrdersPage;
pub use partners::AdminPartnersPage;
pub use product::AdminProductPage;
pub use products::AdminProductsPage;

use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::error_message;
use crate::model::account::{ADMINS_ONLY, SIGN_IN_AS_ADMIN};

/// The admin area's own links.
#[component]
fn AdminNav() -> impl IntoView {
    view! {
        <nav class="admin-nav" aria-label="Admin">
            <a href="/admin/orders">"Orders"</a>
            <a href="/admin/products">"Products"</a>
            <a href="/admin/partners">"Partners"</a>
            <a href="/admin/customers">"Customers"</a>
            <a href="/admin">"Maintenance"</a>
        </nav>
    }
}

/// A failed admin server function: the 403 page when the visitor is not an admin, else the message.
#[component]
fn AdminRefusal(err: ServerFnError) -> impl IntoView {
    let message = error_message(&err);
    if message == ADMINS_ONLY || message == SIGN_IN_AS_ADMIN {
        view! { <Forbidden/> }.into_any()
    } else {
        view! { <p class="notice" role="alert">{message}</p> }.into_any()
    }
}

/// The page anyone but an admin sees, with a 403 status when rendered on the server.
#[component]
fn Forbidden() -> impl IntoView {
    #[cfg(feature = "ssr")]
    crate::server::context::set_status(axum::http::StatusCode::FORBIDDEN);
    view! {
        <Title text="Admins only"/>
        <section class="notice-page">
            <h1>"Admins only"</h1>
            <p>"This page is for the store's admins. If you are one, sign in with your admin account."</p>
            <p><a class="button" href="/sign-in">"Sign in"</a> " " <a href="/">"Back to the shop"</a></p>
        </section>
    }
}
