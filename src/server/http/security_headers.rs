//! Security headers on every response. Pages get a Content-Security-Policy whose script source is the nonce Leptos
//! puts on the inline scripts it writes (hydration, streamed resources), so that no other inline script can run;
//! `wasm-unsafe-eval` lets the app's WebAssembly compile, and no `unsafe-eval` or `unsafe-inline` is allowed. A page
//! the page cache may serve to many visitors names its inline scripts by hash instead, since a nonce must never be
//! served twice. Every other response (server functions, static files, health) gets a policy that allows nothing
//! and no framing.

use axum::http::header::{self, HeaderName, HeaderValue};
use tower_http::set_header::SetResponseHeaderLayer;

/// What a page may load: its own scripts (and the inline ones `inline_scripts` names: this response's nonce, or
/// their hashes), styles and images.
fn page_policy(inline_scripts: &str) -> String {
    format!(
        "default-src 'self'; script-src 'self' {inline_scripts} 'wasm-unsafe-eval'; style-src 'self'; \
         img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; \
         form-action 'self'; frame-ancestors 'none'"
    )
}

/// Anything that is not a page (JSON, files) needs nothing, and nothing may frame it.
const NOTHING: &str = "default-src 'none'; frame-ancestors 'none'";

/// Called while a page renders (from the shell): its policy, with the nonce of this response.
pub fn set_page_policy() {
    use leptos::prelude::use_context;
    let Some(nonce) = leptos::nonce::use_nonce() else { return };
    let Some(response) = use_context::<leptos_axum::ResponseOptions>() else { return };
    if let Ok(value) = HeaderValue::from_str(&page_policy(&format!("'nonce-{nonce}'"))) {
        response.insert_header(header::CONTENT_SECURITY_POLICY, value);
    }
}

/// The policy of a page whose inline scripts are exactly those `hashes` name (`'sha256-…'` sources).
pub fn hashed_page_policy(hashes: &[String]) -> HeaderValue {
    HeaderValue::from_str(&page_policy(&hashes.join(" "))).expect("hash sources are header-safe base64")
}

/// The headers every response carries, as layers for the router (outermost last). `secure`: the store is served
/// over HTTPS (the secure-cookies setting), so browsers are told to use nothing else for a year.
pub fn layers(secure: bool) -> Vec<SetResponseHeaderLayer<HeaderValue>> {
    let mut layers = vec![
        SetResponseHeaderLayer::if_not_present(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(NOTHING)),
        SetResponseHeaderLayer::overriding(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff")),
        // For browsers that predate `frame-ancestors`.
        SetResponseHeaderLayer::overriding(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY")),
        SetResponseHeaderLayer::overriding(
            header::REFERRER_POLICY,
            HeaderValue::from_static("strict-origin-when-cross-origin"),
        ),
        SetResponseHeaderLayer::overriding(
            HeaderName::from_static("permissions-policy"),
            HeaderValue::from_static("camera=(), microphone=(), geolocation=(), payment=(), usb=()"),
        ),
    ];
    if secure {
        layers.push(SetResponseHeaderLayer::overriding(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000; includeSubDomains"),
        ));
    }
    layers
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_page_policy_allows_no_eval_no_inline_script_without_the_nonce_and_no_framing() {
        let policy = super::page_policy("'nonce-abc123'");
        assert!(policy.contains("script-src 'self' 'nonce-abc123' 'wasm-unsafe-eval';"), "{policy}");
        assert!(!policy.contains("'unsafe-eval'") && !policy.contains("'unsafe-inline'"), "{policy}");
        assert!(policy.ends_with("frame-ancestors 'none'"), "{policy}");
    }

    #[test]
    fn a_hashed_page_policy_names_each_script_and_no_nonce() {
        let hashes = ["'sha256-AAAA'".to_string(), "'sha256-BBBB'".to_string()];
        let policy = super::hashed_page_policy(&hashes);
        let policy = policy.to_str().unwrap();
        assert!(policy.contains("script-src 'self' 'sha256-AAAA' 'sha256-BBBB' 'wasm-unsafe-eval';"), "{policy}");
        assert!(!policy.contains("nonce") && !policy.contains("'unsafe-inline'"), "{policy}");
    }
}
