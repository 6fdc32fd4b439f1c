use amazone::server::mongo::{LauncherError, LocalMongod};
use amazone::server::{Application, Settings, StartupError};

use crate::support::{options, unique_database};

/// A port nothing listens on: bound, then released.
fn closed_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

fn settings_for(uri: String) -> Settings {
    let mut settings = Settings::default();
    settings.site.addr = "127.0.0.1:0".parse().unwrap();
    settings.mongodb.uri = Some(uri);
    settings.mongodb.database = unique_database();
    settings.mongodb.server_selection_timeout_secs = 1;
    settings
}

#[tokio::test]
async fn an_unreachable_mongodb_is_a_clear_error_naming_the_fix() {
    let uri = format!("mongodb://shop:secret@127.0.0.1:{}/?directConnection=true", closed_port());
    let err = Application::build(settings_for(uri)).await.err().expect("startup fails");
    let message = err.to_string();
    assert!(matches!(err, StartupError::Connect(_)), "{message}");
    assert!(message.contains("cannot reach MongoDB"), "{message}");
    assert!(message.contains("AMAZONE_MONGODB_URI"), "{message}");
    assert!(!message.contains("secret"), "the password is never printed: {message}");
}

#[tokio::test]
async fn a_malformed_uri_is_a_clear_error() {
    let err = Application::build(settings_for("not-a-uri".into())).await.err().expect("startup fails");
    assert!(err.to_string().contains("malformed"), "{err}");
}

#[tokio::test]
async fn a_site_address_in_use_is_a_clear_error() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let mut settings = settings_for(format!("mongodb://127.0.0.1:{}/", closed_port()));
    settings.site.addr = taken.local_addr().unwrap();
    let err = Application::build(settings).await.err().expect("startup fails");
    assert!(matches!(err, StartupError::AddrInUse { .. }), "{err}");
    assert!(err.to_string().contains("AMAZONE_SITE_ADDR"), "{err}");
}

#[tokio::test]
async fn a_mongod_port_in_use_is_a_clear_error() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port();
    let data_dir = tempfile::tempdir().unwrap();
    let err = LocalMongod::start(options(data_dir.path().into(), port)).await.expect_err("start fails");
    assert!(matches!(err, LauncherError::PortInUse { port: p } if p == port), "{err}");
    assert!(err.to_string().contains("AMAZONE_MONGOD_PORT"), "{err}");
}
