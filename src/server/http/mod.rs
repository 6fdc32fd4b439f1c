//! HTTP plumbing: the axum router, health checks and static files.

pub mod health;
pub mod router;
pub mod static_files;

pub use router::{router, AppState};
