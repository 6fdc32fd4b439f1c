//! Amazone: an online store. One crate, built twice: with "ssr" as the server, with "hydrate" as the browser's wasm.

pub mod api;
pub mod app;
pub mod components;
pub mod model;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod server;

/// The browser entry point: attach the interactive app to the server-rendered HTML.
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    // `hydrate_lazy`: some routes are lazy wasm chunks (pages::lazy_pages), loaded before their part hydrates.
    leptos::mount::hydrate_lazy(app::App);
}
