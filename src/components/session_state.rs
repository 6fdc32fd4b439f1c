//! A counter bumped whenever the visitor signs in or out, so that what depends on who is signed in (the header)
//! asks again without a full page load.

use leptos::prelude::*;

#[derive(Clone, Copy)]
pub struct SessionVersion(pub RwSignal<u32>);

pub fn provide_session_version() {
    provide_context(SessionVersion(RwSignal::new(0)));
}

/// The current version, tracked (0 when not provided).
pub fn session_version() -> u32 {
    use_context::<SessionVersion>().map(|version| version.0.get()).unwrap_or(0)
}

/// Call after a sign-in or sign-out succeeded.
pub fn session_changed() {
    if let Some(version) = use_context::<SessionVersion>() {
        version.0.update(|v| *v += 1);
    }
}
