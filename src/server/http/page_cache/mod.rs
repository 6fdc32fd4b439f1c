//! Whole catalogue pages kept in memory, compressed, for the visitors they are the same for: a `GET` of the home,
//! category, search or product page from a browser with no session (a guest delivered to the default country, who
//! is not signed in and has no cart yet). Such a page depends on nothing but its address and the catalogue, so it is
//! rendered and compressed once per `catalogue.cache_secs` and then served as it was, the way a CDN would serve it:
//! a busy page costs no rendering and no compression. Anything personal (a session: signed in, a cart, a chosen
//! country) is rendered for its visitor every time.
//!
//! What stays per visitor: the first-cart cookie (added outside this cache, see `guest_cart_cookie`), and the
//! Content-Security-Policy, which for these pages names the inline scripts by hash, not by nonce (a nonce must never
//! be served twice; the hashes are the same for everyone who gets the same page). A hit says its age (`Age`).
//! An admin's change that clears the catalogue cache clears these pages too, and a period of zero turns both off.
//!
//! Stale while revalidating, like the catalogue cache: once a page is older than the period, the next visitor renders
//! it afresh while everyone else is still served the kept one, so a busy page that expires (the home page takes
//! a while to render under load) is rendered once, not by every visitor at that moment. A page not kept yet is
//! rendered by its first visitor while those arriving meanwhile wait for it. A page nobody asked for in two periods
//! is dropped.

mod inline_scripts;

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::header::{self, HeaderMap, HeaderValue};
use axum::http::{Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use moka::future::Cache;
use tokio::sync::{Mutex, OwnedMutexGuard};

use crate::server::catalogue_cache::CatalogueCache;

/// Memory the kept pages may take (their compressed bytes): thousands of pages, bounded whatever is asked for.
const MAX_BYTES: u64 = 64 * 1024 * 1024;

#[derive(Clone)]
pub struct PageCache {
    catalogue: CatalogueCache,
    pages: Cache<PageKey, Arc<KeptPage>>,
    /// The pages being rendered for their first visitor, who holds the lock.
    filling: Cache<PageKey, Arc<Mutex<()>>>,
}

/// A page is kept per address and per `Accept-Encoding` (the response varies by it: brotli, gzip or none).
#[derive(Clone, Hash, PartialEq, Eq)]
struct PageKey {
    address: String,
    accept_encoding: String,
}

struct KeptPage {
    headers: HeaderMap,
    body: Bytes,
    kept: Instant,
    /// The catalogue cache's generation it was rendered in: a clear since then makes it stale.
    generation: u64,
    /// Whether a visitor is rendering its successor.
    refreshing: AtomicBool,
}

/// What the cache has for a request.
enum Found {
    /// A page to serve as it is.
    Page(Arc<KeptPage>),
    /// A page past its period that this request renders again (the others meanwhile get it as it is).
    Renew(Arc<KeptPage>),
    Nothing,
}

impl PageCache {
    /// Pages renewed after the catalogue cache's period, dropped after two, and cleared with it.
    pub fn new(catalogue: CatalogueCache) -> PageCache {
        let lifetime = (catalogue.period() * 2).max(Duration::from_millis(1));
        let pages = Cache::builder()
            .max_capacity(MAX_BYTES)
            .weigher(|_, page: &Arc<KeptPage>| u32::try_from(page.body.len()).unwrap_or(u32::MAX))
            .time_to_live(lifetime)
            .build();
        let filling = Cache::builder().max_capacity(10_000).time_to_live(Duration::from_secs(60)).build();
        PageCache { catalogue, pages, filling }
    }

    async fn find(&self, key: &PageKey) -> Found {
        let Some(page) = self.pages.get(key).await else { return Found::Nothing };
        if page.generation != self.catalogue.generation() {
            return Found::Nothing;
        }
        if page.kept.elapsed() < self.catalogue.period() || page.refreshing.swap(true, Ordering::AcqRel) {
            Found::Page(page)
        } else {
            Found::Renew(page)
        }
    }

    /// Keeps `response` when it is a whole page that set no cookie, and gives it back to its visitor either way,
    /// with whether it was kept.
    async fn keep(&self, key: PageKey, generation: u64, response: Response) -> (Response, bool) {
        let keepable = response.status() == StatusCode::OK
            && !response.headers().contains_key(header::SET_COOKIE)
            && is_html(response.headers());
        if !keepable {
            return (response, false);
        }
        let (parts, body) = response.into_parts();
        let body = match axum::body::to_bytes(body, usize::MAX).await {
            Ok(body) => body,
            Err(error) => return (unfinished(error), false),
        };
        let mut headers = parts.headers.clone();
        headers.remove(header::CONTENT_LENGTH);
        headers.remove(header::DATE);
        let refreshing = AtomicBool::new(false);
        let page = KeptPage { headers, body: body.clone(), kept: Instant::now(), generation, refreshing };
        self.pages.insert(key, Arc::new(page)).await;
        (Response::from_parts(parts, Body::from(body)), true)
    }
}

impl PageCache {
    /// Renders the page and keeps it if it can; a page being `renewing` that could not be is left for the next
    /// visitor to try again, and the `first` visitor's hold lets those waiting for it look again.
    async fn render_and_keep(
        &self,
        key: PageKey,
        request: Request,
        next: Next,
        renewing: Option<Arc<KeptPage>>,
        first: Option<OwnedMutexGuard<()>>,
    ) -> Response {
        // Read before rendering: a clear while it renders leaves this page stale rather than kept as fresh.
        let generation = self.catalogue.generation();
        let (response, kept) = self.keep(key.clone(), generation, next.run(request).await).await;
        if let (Some(old), false) = (renewing, kept) {
            old.refreshing.store(false, Ordering::Release);
        }
        if first.is_some() {
            self.filling.invalidate(&key).await;
        }
        response
    }
}

impl KeptPage {
    fn response(&self) -> Response {
        let mut response = Response::new(Body::from(self.body.clone()));
        *response.headers_mut() = self.headers.clone();
        response.headers_mut().insert(header::AGE, HeaderValue::from(self.kept.elapsed().as_secs()));
        response
    }
}

/// Outside compression: serves a kept page, or renders the page and keeps it.
pub async fn serve(State(cache): State<PageCache>, request: Request, next: Next) -> Response {
    if cache.catalogue.period().is_zero() || !is_shared(&request) {
        return next.run(request).await;
    }
    let key = PageKey {
        address: request.uri().path_and_query().map(|address| address.as_str().to_string()).unwrap_or_default(),
        accept_encoding: header_text(request.headers(), header::ACCEPT_ENCODING),
    };
    let renewing = match cache.find(&key).await {
        Found::Page(page) => return page.response(),
        Found::Renew(page) => Some(page),
        Found::Nothing => {
            // The first visitor renders it; those arriving meanwhile wait for that page rather than all render it
            // at once (the home page under load takes seconds). A page that could not be kept they render themselves.
            let filling = cache.filling.get_with(key.clone(), async { Arc::new(Mutex::new(())) }).await;
            match filling.clone().try_lock_owned() {
                Ok(first) => return cache.render_and_keep(key, request, next, None, Some(first)).await,
                Err(_) => {
                    drop(filling.lock().await);
                    if let Found::Page(page) = cache.find(&key).await {
                        return page.response();
                    }
                    None
                }
            }
        }
    };
    cache.render_and_keep(key, request, next, renewing, None).await
}

/// Inside compression, for the pages `serve` may keep (cached or not, so every visitor of such a page gets the
/// same policy): replaces the nonce in the Content-Security-Policy with the hashes of the page's inline scripts.
pub async fn name_inline_scripts_by_hash(request: Request, next: Next) -> Response {
    if !is_shared(&request) {
        return next.run(request).await;
    }
    let response = next.run(request).await;
    if !is_html(response.headers()) {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let body = match axum::body::to_bytes(body, usize::MAX).await {
        Ok(body) => body,
        Err(error) => return unfinished(error),
    };
    let hashes = inline_scripts::hash_sources(&String::from_utf8_lossy(&body));
    parts.headers.insert(header::CONTENT_SECURITY_POLICY, super::security_headers::hashed_page_policy(&hashes));
    Response::from_parts(parts, Body::from(body))
}

/// A `GET` of a catalogue page from a browser without a session: the same page for everyone who sends it.
fn is_shared(request: &Request) -> bool {
    let path = request.uri().path();
    let catalogue_page = path == "/" || path == "/search" || path.starts_with("/c/") || path.starts_with("/p/");
    request.method() == Method::GET && catalogue_page && !super::cookies::has_session(request.headers())
}

fn is_html(headers: &HeaderMap) -> bool {
    header_text(headers, header::CONTENT_TYPE).starts_with("text/html")
}

/// Every value of `name`, joined as a browser would send them in one header.
fn header_text(headers: &HeaderMap, name: header::HeaderName) -> String {
    headers.get_all(name).iter().filter_map(|value| value.to_str().ok()).collect::<Vec<_>>().join("; ")
}

/// A page whose rendering failed part-way: said plainly, never kept.
fn unfinished(error: axum::Error) -> Response {
    tracing::error!(%error, "a page failed while rendering");
    (StatusCode::INTERNAL_SERVER_ERROR, "This page could not be shown just now. Please try again.").into_response()
}
