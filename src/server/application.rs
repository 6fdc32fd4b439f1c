//! The store as one value: built from settings (binding the port, starting a local mongod if needed, connecting),
//! then run until a shutdown signal. `main` and the integration tests both go through here.

use std::future::Future;
use std::net::SocketAddr;
use std::time::Duration;

use axum::Router;
use tokio::net::TcpListener;

use super::catalogue_cache::CatalogueCache;
use super::config::{ConfigError, Settings};
use super::database::DatabaseHandle;
use super::http::{router, AppState};
use super::maintenance::{scheduler, Maintenance};
use super::mongo::lease::server_identity;
use super::mongo::{ConnectError, LauncherError};
use super::schema::SchemaError;

#[derive(Debug, thiserror::Error)]
pub enum StartupError {
    #[error(transparent)]
    Config(#[from] ConfigError),
    #[error(transparent)]
    Mongod(#[from] LauncherError),
    #[error(transparent)]
    Connect(#[from] ConnectError),
    #[error(transparent)]
    Schema(#[from] SchemaError),
    #[error(transparent)]
    Import(#[from] super::import::ImportError),
    #[error("generating data failed: {0}. What was written is complete; run the same command again to finish")]
    Generate(mongodb::error::Error),
    #[error("cannot listen on {addr}: the address is already in use. Stop the other program, or set AMAZONE_SITE_ADDR to another address")]
    AddrInUse { addr: SocketAddr },
    #[error("cannot listen on {addr}: {source}. Set AMAZONE_SITE_ADDR to an address of this machine")]
    Bind { addr: SocketAddr, source: std::io::Error },
    #[error("setting up the accounts failed: {0}")]
    Accounts(#[from] super::accounts::AccountError),
    #[error("computing recommendations failed: {0}. Run `amazone maintenance recommendations` to try again")]
    Recommend(#[from] super::recommend::RecommendError),
    /// A command's input that cannot be used (a ratings file that is missing or malformed, say).
    #[error("{0}")]
    Input(String),
}

pub struct Application {
    listener: TcpListener,
    router: Router,
    database: DatabaseHandle,
    maintenance: Maintenance,
    limits: super::http::serve::Limits,
}

/// How long requests in flight may take to finish once the server is asked to stop.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(20);

impl Application {
    /// Binds the site address first (the cheapest thing to fail), then brings up MongoDB and checks it answers.
    pub async fn build(settings: Settings) -> Result<Application, StartupError> {
        let listener = bind(settings.site.addr).await?;
        let database = DatabaseHandle::open(&settings).await?;
        if let Err(err) =
            super::seed::seed_if_empty(&database.db, &settings.seed, &settings.recommendations, &settings.regions).await
        {
            database.close().await;
            return Err(err);
        }
        if let Err(err) = prepare_accounts(&database.db, &settings).await {
            database.close().await;
            return Err(err);
        }
        let catalogue_cache = CatalogueCache::new(Duration::from_secs(settings.catalogue.cache_secs));
        let maintenance = Maintenance::new(
            database.db.clone(),
            settings.maintenance.clone(),
            settings.recommendations.clone(),
            settings.regions.clone(),
            settings.delivery,
            server_identity(),
        );
        let router = router(AppState {
            leptos_options: settings.leptos_options(),
            db: database.db.clone(),
            catalogue_cache,
            accounts: settings.accounts.clone(),
            carts: settings.carts,
            delivery: settings.delivery,
            recommendations: settings.recommendations.clone(),
            maintenance: maintenance.clone(),
            body: super::http::body_limit::BodyLimits {
                max_bytes: settings.site.max_body_bytes,
                max_upload_bytes: settings.catalogue.max_picture_bytes()
                    + super::http::body_limit::UPLOAD_FORM_OVERHEAD,
                timeout: Duration::from_secs(settings.site.body_timeout_secs.max(1)),
            },
            pictures: Default::default(),
            catalogue: settings.catalogue.clone(),
            regions: std::sync::Arc::new(settings.regions.clone()),
            reads: crate::server::mongo::ReadPolicies::new(
                &database.db,
                &settings.regions.regions.iter().map(|region| region.code.clone()).collect::<Vec<_>>(),
                settings.mongodb.catalogue_max_staleness(),
                settings.mongodb.catalogue_reads,
            ),
        });
        let limits = super::http::serve::Limits {
            max_connections: settings.site.max_connections,
            header_timeout: Duration::from_secs(settings.site.header_timeout_secs.max(1)),
        };
        Ok(Application { listener, router, database, maintenance, limits })
    }

    /// The address actually bound (useful when the settings asked for port 0).
    pub fn address(&self) -> SocketAddr {
        self.listener.local_addr().expect("a bound listener has an address")
    }

    /// Serves until `shutdown` resolves, lets in-flight requests finish, then stops the local mongod if it started one.
    pub async fn run_until_stopped(
        self,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> Result<(), StartupError> {
        tracing::info!("Amazone is open at http://{}", self.address());
        let schedule = scheduler::spawn(&self.maintenance);
        super::http::serve::serve(self.listener, self.router, self.limits, shutdown, SHUTDOWN_GRACE).await;
        // A scheduled run cut short here is finished by the next one (every job is safe to rerun).
        schedule.iter().for_each(|task| task.abort());
        self.database.close().await;
        tracing::info!("Amazone stopped");
        Ok(())
    }
}

/// The admin account from the settings, and demo sign-ins for customers that have none (imported, generated).
async fn prepare_accounts(db: &mongodb::Database, settings: &Settings) -> Result<(), StartupError> {
    super::accounts::password::configure(settings.accounts.password_workers);
    super::accounts::ensure_admin(db, &settings.accounts).await?;
    super::accounts::ensure_demo_accounts(db, &settings.accounts.demo_password).await?;
    Ok(())
}

async fn bind(addr: SocketAddr) -> Result<TcpListener, StartupError> {
    TcpListener::bind(addr).await.map_err(|source| match source.kind() {
        std::io::ErrorKind::AddrInUse => StartupError::AddrInUse { addr },
        _ => StartupError::Bind { addr, source },
    })
}
