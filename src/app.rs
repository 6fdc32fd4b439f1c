//! The HTML shell and the router: which page answers which address.

use leptos::prelude::*;
use leptos_meta::{provide_meta_context, HashedStylesheet, MetaTags, Title};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::{path, Lazy, SsrMode};

use crate::components::session_state::provide_session_version;
use crate::components::{Footer, Header};
use crate::pages::{
    AccountRoute, AdminCustomersRoute, AdminNewProductRoute, AdminOrderRoute, AdminOrdersRoute, AdminPartnersRoute,
    AdminProductRoute, AdminProductsRoute, AdminRoute, CartRoute, CategoryRoute, CheckoutRoute, DeliveriesRoute,
    HomePage, NotFoundPage, OrderDetailRoute, OrdersRoute, ProductRoute, SearchRoute, SignInRoute, SignUpRoute,
};

/// The document around every page, rendered on the server only.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    // The page's Content-Security-Policy names the nonce Leptos puts on its inline scripts.
    #[cfg(feature = "ssr")]
    crate::server::http::security_headers::set_page_policy();
    view! {
        <!DOCTYPE html>
        <html lang="en">
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <meta name="theme-color" content="#0f5132"/>
                <link rel="icon" href="/favicon.svg" type="image/svg+xml"/>
                // The stylesheet's name carries a content hash (read from hash.txt beside the binary).
                <HashedStylesheet options=options.clone() id="leptos"/>
                <AutoReload options=options.clone()/>
                <HydrationScripts options/>
                <MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    provide_session_version();

    view! {
        <Title formatter=|page: String| if page.is_empty() { "Amazone".to_string() } else { format!("{page} | Amazone") }/>
        <Router>
            // rel="external" keeps the router's click handler away, so the browser moves focus to <main> itself.
            <a class="skip-link" href="#main" rel="external">"Skip to content"</a>
            <Header/>
            <main id="main" tabindex="-1">
                // In-order streaming: the full page arrives as HTML, so it reads and works with JavaScript off.
                <Routes fallback=NotFoundPage>
                    <Route path=path!("/") view=HomePage ssr=SsrMode::InOrder/>
                    // Async: the head (title, description, JSON-LD) and the status (404) depend on the data.
                    // Every page but the home page is lazy (see pages::lazy_pages): a wasm chunk of its own.
                    <Route path=path!("/p/:id") view={Lazy::<ProductRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/c/:category") view={Lazy::<CategoryRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/search") view={Lazy::<SearchRoute>::new()} ssr=SsrMode::Async/>
                    // The shopper's own pages: rendered whole on the server too, so they work without JavaScript.
                    <Route path=path!("/cart") view={Lazy::<CartRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/checkout") view={Lazy::<CheckoutRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/orders") view={Lazy::<OrdersRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/orders/:id") view={Lazy::<OrderDetailRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/account") view={Lazy::<AccountRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/deliveries") view={Lazy::<DeliveriesRoute>::new()} ssr=SsrMode::Async/>
                    // Admins only (403 for anyone else), rendered whole so that the status is right.
                    <Route path=path!("/admin") view={Lazy::<AdminRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/admin/orders") view={Lazy::<AdminOrdersRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/admin/orders/:id") view={Lazy::<AdminOrderRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/admin/partners") view={Lazy::<AdminPartnersRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/admin/customers") view={Lazy::<AdminCustomersRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/admin/products") view={Lazy::<AdminProductsRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/admin/products/new") view={Lazy::<AdminNewProductRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/admin/products/:id") view={Lazy::<AdminProductRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/sign-in") view={Lazy::<SignInRoute>::new()}/>
                    <Route path=path!("/sign-up") view={Lazy::<SignUpRoute>::new()}/>
                </Routes>
            </main>
            <Footer/>
        </Router>
    }
}

/// Sets `data-hydrated` on `<body>` once the page's wasm has taken over: effects run only in the browser, after
/// hydration. Each page calls it (the lazy routes from their own chunk, which hydrates after the shell: marked from
/// the shell, a test could click a form whose chunk had not arrived, and the browser posted it without JavaScript).
/// End-to-end tests wait for it before they interact.
pub fn mark_hydrated() {
    Effect::new(|_| {
        if let Some(body) = document().body() {
            let _ = body.set_attribute("data-hydrated", "true");
        }
    });
}
