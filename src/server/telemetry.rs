//! Structured logs through `tracing`. `RUST_LOG` picks the level (default: info, with request spans at info).

use tracing_subscriber::EnvFilter;

pub fn init() {
    init_with_default("info,tower_http=info,mongodb=warn");
}

/// As `init`, with another filter when `RUST_LOG` is unset (tests keep their output to warnings).
pub fn init_with_default(default_filter: &str) {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new(default_filter));
    // `try_init`: a second call (tests start several apps in one process) keeps the first subscriber.
    let _ = tracing_subscriber::fmt().with_env_filter(filter).with_target(true).try_init();
}
