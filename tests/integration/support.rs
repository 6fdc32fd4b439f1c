//! Test helpers: a throwaway mongod and the app served on a free port.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU32, Ordering};

use amazone::server::mongo::{locate_mongod, LocalMongod, LocalReplicaSet, MemberPlace, MongodOptions};
use amazone::server::{Application, Settings};
use mongodb::{Client, Database};
use tempfile::TempDir;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

/// A mongod of its own for one test: a temporary data folder and a free port. Dropped, it is killed and its folder
/// removed; `stop` and `restart` simulate an outage.
pub struct TestMongod {
    pub mongod: Option<LocalMongod>,
    pub data_dir: TempDir,
    pub port: u16,
}

impl TestMongod {
    pub async fn start() -> TestMongod {
        amazone::server::telemetry::init_with_default("warn");
        let data_dir = tempfile::Builder::new().prefix("amazone-test-mongod-").tempdir().unwrap();
        let mongod = LocalMongod::start(options(data_dir.path().into(), 0)).await.expect("start a throwaway mongod");
        let port = mongod.port();
        TestMongod { mongod: Some(mongod), data_dir, port }
    }

    pub fn uri(&self) -> String {
        format!("mongodb://127.0.0.1:{}/?directConnection=true", self.port)
    }

    pub async fn stop(&mut self) {
        self.mongod.take().expect("mongod is running").stop().await;
    }

    /// Starts mongod again on the same port and data folder, as after an outage.
    pub async fn restart(&mut self) {
        assert!(self.mongod.is_none(), "stop it first");
        let mongod = LocalMongod::start(options(self.data_dir.path().into(), self.port)).await.expect("restart mongod");
        self.mongod = Some(mongod);
    }

    pub async fn client(&self) -> Client {
        Client::with_uri_str(self.uri()).await.unwrap()
    }
}

/// A throwaway local replica set of several members, tagged `uk`, `eu`, `uk`... (see `MemberPlace::spread`).
pub struct TestReplicaSet {
    pub set: LocalReplicaSet,
    _data_dir: TempDir,
}

impl TestReplicaSet {
    pub async fn start(members: usize) -> TestReplicaSet {
        amazone::server::telemetry::init_with_default("warn");
        let data_dir = tempfile::Builder::new().prefix("amazone-test-set-").tempdir().unwrap();
        let places = MemberPlace::spread(members, &["uk".to_string(), "eu".to_string()]);
        let set =
            LocalReplicaSet::start(options(data_dir.path().into(), 0), places).await.expect("start a replica set");
        TestReplicaSet { set, _data_dir: data_dir }
    }

    pub async fn client(&self) -> Client {
        Client::with_uri_str(self.set.uri()).await.unwrap()
    }

    pub async fn stop(self) {
        self.set.stop().await;
    }
}

pub fn options(data_dir: PathBuf, port: u16) -> MongodOptions {
    MongodOptions {
        binary: locate_mongod().expect("mongod installed (scripts/setup.sh)"),
        data_dir,
        port,
        cache_size_gb: Some(0.25),
    }
}

/// A database name no other test uses.
pub fn unique_database() -> String {
    static NEXT: AtomicU32 = AtomicU32::new(0);
    format!("amazone_test_{}_{}", std::process::id(), NEXT.fetch_add(1, Ordering::Relaxed))
}

/// The app, served on a free port, against `uri`.
pub struct TestApp {
    pub address: SocketAddr,
    pub db: Database,
    pub http: reqwest::Client,
    stop: Option<oneshot::Sender<()>>,
    server: Option<JoinHandle<()>>,
    runtime: Option<tokio::runtime::Runtime>,
}

/// A request the test server has not answered in this long failed: a page that never finishes fails its test by name
/// (generous, for a loaded machine), instead of holding the whole run until CI's limit.
pub const REQUEST_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(120);

/// Test clients forget an idle connection before the server closes it (`site.header_timeout_secs`, 10 s): reusing
/// one at the moment the server closes it fails the request ("connection closed before message completed").
const POOL_IDLE_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(5);

/// A test client: bodies as the server sent them (no decompression), each request bounded, idle connections dropped
/// before the server drops them.
fn client(builder: reqwest::ClientBuilder) -> reqwest::Client {
    builder.no_brotli().no_gzip().timeout(REQUEST_TIMEOUT).pool_idle_timeout(POOL_IDLE_TIMEOUT).build().unwrap()
}

impl TestApp {
    pub async fn spawn(mongod: &TestMongod) -> TestApp {
        Self::spawn_with(mongod, |_| {}).await
    }

    pub async fn spawn_with(mongod: &TestMongod, adjust: impl FnOnce(&mut Settings)) -> TestApp {
        Self::spawn_on(&mongod.uri(), adjust).await
    }

    /// The app against the MongoDB at `uri` (a replica set's), with `adjust`ed settings.
    pub async fn spawn_on(uri: &str, adjust: impl FnOnce(&mut Settings)) -> TestApp {
        let mut settings = Settings::default();
        settings.site.addr = "127.0.0.1:0".parse().unwrap();
        settings.site.hash_files = false;
        settings.mongodb.uri = Some(uri.to_string());
        settings.mongodb.database = unique_database();
        settings.mongodb.server_selection_timeout_secs = 1;
        settings.seed.enabled = false;
        // Tests change data between requests and expect to see it; the cache has its own test.
        settings.catalogue.cache_secs = 0;
        // Scheduled runs would change data under a test; the scheduler has its own tests.
        settings.maintenance.schedule.enabled = false;
        adjust(&mut settings);

        let db = Client::with_uri_str(uri).await.unwrap().database(&settings.mongodb.database);
        super::shard_key_check::watch();
        if settings.seed.enabled {
            super::shard_key_check::seeded(&settings.mongodb.database);
        }
        // The server runs on its own multi-threaded runtime, as `amazone serve` does, not on the test's
        // single-threaded one: what a test exercises is the store as deployed.
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .thread_name("test-app")
            .enable_all()
            .build()
            .expect("the app's runtime starts");
        let app = runtime.spawn(Application::build(settings)).await.unwrap().expect("the app starts");
        let address = app.address();
        let (stop, stopped) = oneshot::channel::<()>();
        let server = runtime.spawn(async move {
            app.run_until_stopped(async move {
                let _ = stopped.await;
            })
            .await
            .expect("the app runs");
        });
        let http = client(reqwest::Client::builder());
        TestApp { address, db, http, stop: Some(stop), server: Some(server), runtime: Some(runtime) }
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{}", self.address, path)
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.http.get(self.url(path)).send().await.expect("the server answers")
    }

    /// Stops the server gracefully and waits for it.
    ///
    /// Whichever way the app ends, its queries are checked against the sharding plan (`shard_key_check`).
    pub async fn shutdown(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(server) = self.server.take() {
            server.await.unwrap();
        }
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        // Without waiting (this may run inside the test's runtime): the server has stopped, or the test failed.
        if let Some(runtime) = self.runtime.take() {
            runtime.shutdown_background();
        }
        super::shard_key_check::check(self.db.name());
    }
}

/// The page's HTML without Leptos's hydration markers (`<!>` after a dynamic text, `<!--<() />-->` for an empty
/// view), so that tests can look for the text a shopper reads.
pub fn without_markers(html: &str) -> String {
    html.replace("<!>", "").replace("<!--<() />-->", "")
}

/// One browser: its own cookie jar, redirects not followed (so that tests see them).
pub struct Browser {
    http: reqwest::Client,
}

impl Browser {
    pub fn new() -> Browser {
        let http = client(reqwest::Client::builder().cookie_store(true).redirect(reqwest::redirect::Policy::none()));
        Browser { http }
    }

    /// Calls a server function the way a form does; returns the status, the headers and the body.
    pub async fn call(
        &self,
        app: &TestApp,
        endpoint: &str,
        form: &[(&str, &str)],
    ) -> (reqwest::StatusCode, reqwest::header::HeaderMap, String) {
        let response = self.http.post(app.url(&format!("/api/{endpoint}"))).form(form).send().await.unwrap();
        let (status, headers) = (response.status(), response.headers().clone());
        (status, headers, response.text().await.unwrap())
    }

    /// The same call as sent by a page of `origin` (a browser names the sending page's site in `Origin`).
    pub async fn call_from(
        &self,
        app: &TestApp,
        origin: &str,
        endpoint: &str,
        form: &[(&str, &str)],
    ) -> (reqwest::StatusCode, String) {
        let request = self.http.post(app.url(&format!("/api/{endpoint}"))).header("origin", origin).form(form);
        let response = request.send().await.unwrap();
        (response.status(), response.text().await.unwrap())
    }

    /// Calls a server function with a multipart form (a file upload), as a browser's form does.
    pub async fn upload(
        &self,
        app: &TestApp,
        endpoint: &str,
        form: reqwest::multipart::Form,
    ) -> (reqwest::StatusCode, String) {
        let response = self.http.post(app.url(&format!("/api/{endpoint}"))).multipart(form).send().await.unwrap();
        (response.status(), response.text().await.unwrap())
    }

    pub async fn get(&self, app: &TestApp, path: &str) -> reqwest::Response {
        self.http.get(app.url(path)).send().await.unwrap()
    }

    pub async fn sign_in(&self, app: &TestApp, email: &str) {
        let (status, _, body) = self.call(app, "sign_in", &[("email", email), ("password", "amazone-demo")]).await;
        assert!(status.is_success() || status.is_redirection(), "{status}: {body}");
    }
}

/// Makes `db` look like a database from before the migrations ledger: no migration recorded, so the next start
/// applies them all again (as it would to a store upgraded from then).
pub async fn forget_migrations(db: &Database) {
    db.collection::<mongodb::bson::Document>("migrations").delete_many(mongodb::bson::doc! {}).await.unwrap();
}
