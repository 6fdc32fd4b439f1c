//! The MongoDB handle: connecting (with a clear error when unreachable) and, for development and tests, the local
//! mongod launcher.

pub mod bulk;
pub mod connect;
pub mod launcher;
pub mod lease;
pub mod read_policy;

pub use connect::{connect, observe_commands, redact_uri, ConnectError};
pub use launcher::{locate_mongod, LauncherError, LocalMongod, LocalReplicaSet, MemberPlace, MongodOptions};
pub use read_policy::{CatalogueReads, ReadPolicies};

/// The server's error code of a failed command (`48` namespace exists, `94` not yet initialised...), if it was one.
pub fn command_error_code(err: &mongodb::error::Error) -> Option<i32> {
    match err.kind.as_ref() {
        mongodb::error::ErrorKind::Command(command) => Some(command.code),
        _ => None,
    }
}

/// MongoDB's code for a write that would break a unique index.
pub const DUPLICATE_KEY: i32 = 11_000;

/// Whether a single write failed because a unique index already holds its key (an email taken, a session id reused).
pub fn is_duplicate_key(err: &mongodb::error::Error) -> bool {
    match err.kind.as_ref() {
        mongodb::error::ErrorKind::Write(mongodb::error::WriteFailure::WriteError(write)) => {
            write.code == DUPLICATE_KEY
        }
        mongodb::error::ErrorKind::Command(command) => command.code == DUPLICATE_KEY,
        _ => false,
    }
}
