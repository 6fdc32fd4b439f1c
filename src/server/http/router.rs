//! The axum router: health checks, static files, server functions and the Leptos pages, behind compression.

use axum::extract::FromRef;
use axum::routing::get;
use axum::Router;
use leptos::prelude::*;
use leptos_axum::{file_and_error_handler_with_context, generate_route_list, LeptosRoutes};
use mongodb::Database;
use tower_http::compression::{CompressionLayer, CompressionLevel};
use tower_http::trace::TraceLayer;
use tower_sessions::cookie::time::Duration;
use tower_sessions::cookie::SameSite;
use tower_sessions::{Expiry, SessionManagerLayer};

use super::{
    body_limit, data_export, guest_cart_cookie, health, page_cache, reactive_owner, same_origin, security_headers,
    session_renewal, static_files,
};
use crate::app::{shell, App};
use crate::server::catalogue_cache::CatalogueCache;
use crate::server::config::{AccountSettings, CartSettings, DeliverySettings, RecommendationSettings};
use crate::server::maintenance::Maintenance;
use crate::server::session_store::MongoSessionStore;

/// What every handler can reach. Cloning is cheap: all hold `Arc`s (one `mongodb::Client` for the process).
#[derive(Clone)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub db: Database,
    pub catalogue_cache: CatalogueCache,
    pub accounts: AccountSettings,
    pub carts: CartSettings,
    pub delivery: DeliverySettings,
    pub recommendations: RecommendationSettings,
    pub maintenance: Maintenance,
    /// How large a request body may be, and how long it may take to arrive.
    pub body: body_limit::BodyLimits,
    /// Pictures recently served.
    pub pictures: crate::server::pictures::PictureCache,
    pub catalogue: crate::server::config::CatalogueSettings,
    pub regions: std::sync::Arc<crate::model::region::Regions>,
    /// Where catalogue reads go (the shopper's region's nearest member) and where the rest do.
    pub reads: crate::server::mongo::ReadPolicies,
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos_options.clone()
    }
}

/// Sessions in MongoDB behind an HttpOnly, SameSite=Lax cookie (Lax: a link from another site still arrives signed
/// in, a form posted from another site does not), Secure when the settings say the store is served over HTTPS.
fn sessions(state: &AppState) -> SessionManagerLayer<MongoSessionStore> {
    let days = state.accounts.session_days.max(1);
    SessionManagerLayer::new(MongoSessionStore::new(&state.db))
        .with_name(super::cookies::SESSION)
        .with_http_only(true)
        .with_same_site(SameSite::Lax)
        .with_secure(state.accounts.secure_cookies)
        .with_expiry(Expiry::OnInactivity(Duration::days(days)))
}

pub fn router(state: AppState) -> Router {
    let options = &state.leptos_options;
    let pkg = static_files::pkg_service(&options.site_root, &options.site_pkg_dir, options.hash_files);
    let pkg_path = format!("/{}", options.site_pkg_dir);
    // Server functions and pages find the database, the catalogue cache, the recommendation settings and the
    // maintenance jobs in their Leptos context.
    let context = {
        let (db, cache, recommendations, maintenance) =
            (state.db.clone(), state.catalogue_cache.clone(), state.recommendations.clone(), state.maintenance.clone());
        let (carts, delivery, accounts) = (state.carts, state.delivery, state.accounts.clone());
        let (catalogue, regions, reads) = (state.catalogue.clone(), state.regions.clone(), state.reads.clone());
        move || {
            provide_context(reads.clone());
            provide_context(catalogue.clone());
            provide_context(regions.clone());
            provide_context(accounts.clone());
            provide_context(db.clone());
            provide_context(carts);
            provide_context(delivery);
            provide_context(cache.clone());
            provide_context(recommendations.clone());
            provide_context(maintenance.clone());
        }
    };

    let (secure, body) = (state.accounts.secure_cookies, state.body);
    let pages = super::page_cache::PageCache::new(state.catalogue_cache.clone());
    let mut router = Router::new()
        .route("/health/live", get(health::live))
        .route("/health/ready", get(health::ready))
        .nest_service(&pkg_path, pkg)
        .route("/account/my-data.json", get(data_export::own_data))
        .route("/admin/customers/{id}/data.json", get(data_export::customer_data))
        .leptos_routes_with_context(&state, generate_route_list(App), context.clone(), {
            let options = state.leptos_options.clone();
            move || shell(options.clone())
        })
        .fallback(file_and_error_handler_with_context::<AppState, _>(context, shell))
        .layer(axum::middleware::from_fn(reactive_owner::keep_with_request))
        // Brotli or gzip, as the browser asks. Quality 4 is cheap enough to run on every page render; the large
        // static files are compressed ahead of time by `--precompress` and passed through untouched.
        .layer(axum::middleware::from_fn(session_renewal::renew_on_activity))
        .layer(sessions(&state))
        // Pictures are the same for everyone: no session is read or renewed for them.
        .route("/pictures/{id}", get(crate::server::pictures::serve::serve))
        .layer(axum::middleware::from_fn(same_origin::refuse_foreign_origin))
        .layer(axum::middleware::from_fn_with_state(body, body_limit::read_in_time))
        .layer(axum::middleware::map_response(body_limit::explain_too_large))
        .layer(axum::middleware::from_fn(page_cache::name_inline_scripts_by_hash))
        .layer(CompressionLayer::new().br(true).gzip(true).quality(CompressionLevel::Precise(4)))
        // Catalogue pages for visitors without a session, kept compressed; each new visitor still gets their own
        // first-cart cookie, added outside.
        .layer(axum::middleware::from_fn_with_state(pages, page_cache::serve))
        .layer(axum::middleware::from_fn_with_state(secure, guest_cart_cookie::give_first_cart));
    for layer in security_headers::layers(secure) {
        router = router.layer(layer);
    }
    router.layer(TraceLayer::new_for_http()).with_state(state)
}
