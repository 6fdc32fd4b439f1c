//! Connects the one `mongodb::Client` the process shares, and proves it with a ping before the store opens.

use std::time::Duration;

use mongodb::bson::doc;
use mongodb::event::command::CommandEvent;
use mongodb::event::EventHandler;
use mongodb::options::ClientOptions;
use mongodb::{Client, Database};

#[derive(Debug, thiserror::Error)]
pub enum ConnectError {
    #[error("the MongoDB URI {uri} is malformed: {source}. Fix AMAZONE_MONGODB_URI (or [mongodb] uri in Leptos.toml)")]
    BadUri { uri: String, source: mongodb::error::Error },
    #[error(
        "cannot reach MongoDB at {uri}: {source}. Check that it is running and that AMAZONE_MONGODB_URI is right, \
         or unset AMAZONE_MONGODB_URI to let Amazone start its own local mongod"
    )]
    Unreachable { uri: String, source: mongodb::error::Error },
}

/// Every client connected after `observe_commands` reports the commands it sends here.
static COMMAND_OBSERVER: std::sync::OnceLock<EventHandler<CommandEvent>> = std::sync::OnceLock::new();

/// Reports every command each client connected from now on sends to `handler` (the driver's command monitoring):
/// the integration suite checks the store's queries against the sharding plan with it. Once per process; a second
/// call is ignored.
pub fn observe_commands(handler: EventHandler<CommandEvent>) {
    let _ = COMMAND_OBSERVER.set(handler);
}

/// Connects to `uri`, waits at most `timeout` for a server, and returns the store's database.
pub async fn connect(uri: &str, database: &str, timeout: Duration) -> Result<Database, ConnectError> {
    let shown = redact_uri(uri);
    let mut options =
        ClientOptions::parse(uri).await.map_err(|source| ConnectError::BadUri { uri: shown.clone(), source })?;
    options.app_name = Some("amazone".into());
    // Through a failover a request waits this long for the new primary (an election takes about 10 s after a
    // primary dies) before it is answered 503; the driver retries a read or write cut off by the change once, and
    // transactions whole (`and_run2`).
    options.server_selection_timeout = Some(timeout);
    // An acknowledged write is on a majority of members, so it survives the primary's loss (the server's default
    // since 5.0, stated here so that no server setting can lower it). Cart expiry and write-offs ask for less, and
    // say why.
    if options.write_concern.is_none() {
        options.write_concern = Some(mongodb::options::WriteConcern::majority());
    }
    options.command_event_handler = COMMAND_OBSERVER.get().cloned();
    let client = Client::with_options(options).map_err(|source| ConnectError::BadUri { uri: shown.clone(), source })?;
    let db = client.database(database);
    db.run_command(doc! { "ping": 1 }).await.map_err(|source| ConnectError::Unreachable { uri: shown, source })?;
    Ok(db)
}

/// The URI with its password masked, fit for logs and error messages.
pub fn redact_uri(uri: &str) -> String {
    let Some((scheme, rest)) = uri.split_once("://") else {
        return uri.to_owned();
    };
    let authority_end = rest.find('/').unwrap_or(rest.len());
    let Some(at) = rest[..authority_end].rfind('@') else {
        return uri.to_owned();
    };
    let credentials = &rest[..at];
    let user = credentials.split_once(':').map_or(credentials, |(user, _)| user);
    format!("{scheme}://{user}:***@{}", &rest[at + 1..])
}

#[cfg(test)]
mod tests {
    use super::redact_uri;

    #[test]
    fn passwords_are_masked() {
        assert_eq!(
            redact_uri("mongodb+srv://shop:s3cret@cluster0.example.net/?retryWrites=true"),
            "mongodb+srv://shop:***@cluster0.example.net/?retryWrites=true"
        );
    }

    #[test]
    fn uris_without_credentials_are_unchanged() {
        assert_eq!(
            redact_uri("mongodb://127.0.0.1:27017/?replicaSet=rs0"),
            "mongodb://127.0.0.1:27017/?replicaSet=rs0"
        );
    }

    #[test]
    fn an_at_sign_in_the_query_is_not_taken_for_credentials() {
        assert_eq!(redact_uri("mongodb://host/db?authMechanism=x@y"), "mongodb://host/db?authMechanism=x@y");
    }
}
