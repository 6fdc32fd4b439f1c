//! The `amazone` binary as an operator runs it: one readable line and a non-zero exit on bad set-ups, a clean stop
//! (mongod included) on SIGTERM.

use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

/// The binary with a clean environment: no settings inherited from whoever runs the tests.
pub fn amazone(dir: &std::path::Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_amazone"));
    command.current_dir(dir).env("RUST_LOG", "warn");
    for (name, _) in std::env::vars() {
        if name.starts_with("AMAZONE_") || name.starts_with("LEPTOS_") || name == "MONGOD" {
            command.env_remove(name);
        }
    }
    command
}

fn assert_readable_failure(output: &Output, expected: &[&str]) {
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "stderr: {stderr}");
    assert!(!stderr.contains("panicked"), "no panic trace: {stderr}");
    let line = stderr.lines().find(|line| line.starts_with("amazone: ")).unwrap_or_else(|| panic!("{stderr}"));
    for word in expected {
        assert!(line.contains(word), "{word:?} missing from {line:?}");
    }
}

#[test]
fn a_malformed_settings_file_ends_the_program_with_one_readable_message() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("Leptos.toml"), "[site]\naddr = = \"127.0.0.1:3000\"\n").unwrap();
    let output = amazone(dir.path()).output().unwrap();
    assert_readable_failure(&output, &["Leptos.toml", "malformed", "line 2"]);
}

#[test]
fn a_missing_mongod_names_the_ways_to_get_one() {
    let dir = tempfile::tempdir().unwrap();
    let output = amazone(dir.path())
        .env("MONGOD", dir.path().join("no-such-mongod"))
        .env("AMAZONE_SITE_ADDR", "127.0.0.1:0")
        .output()
        .unwrap();
    assert_readable_failure(&output, &["MONGOD=", "does not exist"]);
}

#[test]
fn an_unreachable_mongodb_exits_non_zero_with_the_fix() {
    let dir = tempfile::tempdir().unwrap();
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let output = amazone(dir.path())
        .env("AMAZONE_MONGODB_URI", format!("mongodb://127.0.0.1:{port}/?directConnection=true"))
        .env("AMAZONE_MONGODB_SERVER_SELECTION_TIMEOUT_SECS", "1")
        .env("AMAZONE_SITE_ADDR", "127.0.0.1:0")
        .output()
        .unwrap();
    assert_readable_failure(&output, &["cannot reach MongoDB", "AMAZONE_MONGODB_URI"]);
}

#[test]
fn sigterm_stops_the_server_and_its_mongod_cleanly() {
    let dir = tempfile::tempdir().unwrap();
    let data_dir = dir.path().join("mongodb");
    let site_port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let mut server = amazone(dir.path())
        .env("AMAZONE_SITE_ADDR", format!("127.0.0.1:{site_port}"))
        .env("AMAZONE_MONGOD_DATA_DIR", &data_dir)
        .env("AMAZONE_MONGOD_PORT", "0")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();

    let ready_url = format!("http://127.0.0.1:{site_port}/health/ready");
    let deadline = Instant::now() + Duration::from_secs(60);
    while !matches!(http_status(&ready_url), Some(200)) {
        assert!(server.try_wait().unwrap().is_none(), "the server exited before it was ready");
        assert!(Instant::now() < deadline, "the server never became ready");
        std::thread::sleep(Duration::from_millis(200));
    }
    let lock = data_dir.join("mongod.lock");
    assert!(std::fs::metadata(&lock).unwrap().len() > 0, "mongod holds its lock while running");

    // SAFETY: signalling a child we spawned.
    unsafe { libc::kill(server.id() as i32, libc::SIGTERM) };
    let deadline = Instant::now() + Duration::from_secs(60);
    let status = loop {
        if let Some(status) = server.try_wait().unwrap() {
            break status;
        }
        assert!(Instant::now() < deadline, "the server did not stop after SIGTERM");
        std::thread::sleep(Duration::from_millis(100));
    };
    assert!(status.success(), "a graceful stop exits 0, got {status}");
    // mongod empties its lock file on a clean shutdown.
    assert_eq!(std::fs::metadata(&lock).unwrap().len(), 0, "mongod was stopped cleanly");
    assert!(http_status(&ready_url).is_none(), "nothing listens any more");
}

/// A blocking GET's status, or None when nothing answers. The test thread has no async runtime of its own.
fn http_status(url: &str) -> Option<u16> {
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    runtime.block_on(async { reqwest::get(url).await.ok().map(|response| response.status().as_u16()) })
}

#[test]
fn cluster_plan_prints_the_mongos_commands_with_the_shards_named_and_refuses_an_unknown_region() {
    let dir = tempfile::tempdir().unwrap();
    let output = amazone(dir.path()).args(["cluster", "plan", "--shard", "eu=rs-frankfurt"]).output().unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let script = String::from_utf8(output.stdout).unwrap();
    for line in [
        "db.adminCommand({ addShardToZone: \"shard-uk\", zone: \"UK\" });",
        "db.adminCommand({ addShardToZone: \"rs-frankfurt\", zone: \"EU\" });",
        "db.adminCommand({ shardCollection: \"amazone.accounts\", key: { email: 1 } });",
        "db.adminCommand({ updateZoneKeyRange: \"amazone.fresh_stock\", min: { region: \"eu\", product_id: MinKey }, \
         max: { region: \"eu\", product_id: MaxKey }, zone: \"EU\" });",
    ] {
        assert!(script.lines().any(|printed| printed == line), "{line} missing from:\n{script}");
    }
    assert!(!script.contains("amazone.products"), "the catalogue stays unsharded");

    let output = amazone(dir.path()).args(["cluster", "plan", "--shard", "mars=rs-olympus"]).output().unwrap();
    assert_readable_failure(&output, &["--shard", "\"mars\"", "uk", "eu"]);
}
