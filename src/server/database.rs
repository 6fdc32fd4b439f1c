//! Opening the store's database, for serving and for the command-line tools alike: start a local mongod when no URI
//! is configured, connect, and put the collections, validators and indexes in place.

use mongodb::Database;

use super::application::StartupError;
use super::config::Settings;
use super::mongo::{self, locate_mongod, LocalMongod, LocalReplicaSet, MemberPlace, MongodOptions};
use super::schema;

pub struct DatabaseHandle {
    pub db: Database,
    local_mongod: Option<LocalDatabase>,
}

/// What this process started when no URI is configured: one mongod, or a replica set of several.
enum LocalDatabase {
    One(LocalMongod),
    Set(LocalReplicaSet),
}

impl LocalDatabase {
    fn uri(&self) -> String {
        match self {
            LocalDatabase::One(mongod) => mongod.uri(),
            LocalDatabase::Set(set) => set.uri(),
        }
    }

    async fn stop(self) {
        match self {
            LocalDatabase::One(mongod) => mongod.stop().await,
            LocalDatabase::Set(set) => set.stop().await,
        }
    }
}

impl DatabaseHandle {
    /// Opens the database with every migration applied: what serving and the tools need.
    pub async fn open(settings: &Settings) -> Result<DatabaseHandle, StartupError> {
        Self::open_with(settings, true).await
    }

    /// Opens the database with its collections in place but its documents as they are (`amazone migrate --status`).
    pub async fn open_unmigrated(settings: &Settings) -> Result<DatabaseHandle, StartupError> {
        Self::open_with(settings, false).await
    }

    async fn open_with(settings: &Settings, migrate: bool) -> Result<DatabaseHandle, StartupError> {
        let (uri, local_mongod) = match settings.mongodb.uri.clone() {
            Some(uri) => (uri, None),
            None => {
                let mongod = start_local_mongod(settings).await?;
                (mongod.uri(), Some(mongod))
            }
        };
        let handle = async {
            let timeout = settings.mongodb.server_selection_timeout();
            let db = mongo::connect(&uri, &settings.mongodb.database, timeout).await?;
            tracing::info!(uri = %mongo::redact_uri(&uri), database = %settings.mongodb.database, "connected to MongoDB");
            schema::ensure_collections(&db).await?;
            if migrate {
                schema::migrate(&db, &settings.regions).await?;
            }
            Ok::<_, StartupError>(db)
        };
        match handle.await {
            Ok(db) => Ok(DatabaseHandle { db, local_mongod }),
            Err(err) => {
                if let Some(mongod) = local_mongod {
                    mongod.stop().await;
                }
                Err(err)
            }
        }
    }

    /// Stops the local mongod, if this process started one.
    pub async fn close(self) {
        if let Some(mongod) = self.local_mongod {
            mongod.stop().await;
        }
    }
}

async fn start_local_mongod(settings: &Settings) -> Result<LocalDatabase, StartupError> {
    let local = &settings.mongodb.local;
    tracing::info!(
        data_dir = %local.data_dir.display(), port = local.port, members = local.members,
        "no MongoDB URI configured; starting a local mongod"
    );
    let options = MongodOptions {
        binary: locate_mongod()?,
        data_dir: local.data_dir.clone(),
        port: local.port,
        cache_size_gb: None,
    };
    if local.members == 1 {
        return Ok(LocalDatabase::One(LocalMongod::start(options).await?));
    }
    // Each member tagged with a region of the settings in turn, so that reads can go to the shopper's region.
    let regions: Vec<String> = settings.regions.regions.iter().map(|region| region.code.clone()).collect();
    let places = MemberPlace::spread(local.members, &regions);
    Ok(LocalDatabase::Set(LocalReplicaSet::start(options, places).await?))
}
