//! HTTP plumbing: the axum router, health checks and static files.

pub mod body_limit;
mod cookies;
pub mod data_export;
pub mod guest_cart_cookie;
pub mod health;
pub mod page_cache;
mod reactive_owner;
pub mod router;
mod same_origin;
pub mod security_headers;
pub mod serve;
mod session_renewal;
pub mod static_files;

pub use router::{router, AppState};
