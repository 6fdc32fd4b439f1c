//! Structured logs through `tracing`. `RUST_LOG` picks the level (default: info, with request spans at info).

use tracing_subscriber::EnvFilter;

pub fn init() {
    let filter = EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| EnvFilter::new("info,tower_http=info,mongodb=warn"));
    // `try_init`: a second call (tests start several apps in one process) keeps the first subscriber.
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_target(true)
        .try_init();
}
