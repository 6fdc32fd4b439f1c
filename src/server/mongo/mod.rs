//! The MongoDB handle: connecting (with a clear error when unreachable) and, for development and tests, the local
//! mongod launcher.

pub mod connect;
pub mod launcher;

pub use connect::{connect, redact_uri, ConnectError};
pub use launcher::{locate_mongod, LauncherError, LocalMongod, MongodOptions};
