//! Settings: `Leptos.toml` (every key optional), then `AMAZONE_*` environment variables on top.
//!
//! cargo-leptos also exports `LEPTOS_SITE_ADDR`, `LEPTOS_SITE_ROOT`, `LEPTOS_SITE_PKG_DIR`, `LEPTOS_OUTPUT_NAME` and
//! `LEPTOS_HASH_FILES` when it runs the server; they are honoured below the `AMAZONE_*` ones.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::time::Duration;

use serde::Deserialize;

use super::generate::GenerateOptions;

mod shop;

pub use shop::{
    AccountSettings, CartSettings, CatalogueSettings, DeliverySettings, RecommendationSettings, RecommenderModel,
};

/// The settings file read when `AMAZONE_CONFIG` does not name another.
pub const DEFAULT_CONFIG_FILE: &str = "Leptos.toml";

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read the settings file {path}: {source}. Create it, or set AMAZONE_CONFIG to an existing file")]
    Unreadable { path: PathBuf, source: std::io::Error },
    #[error("the settings file {path} is malformed: {message}Fix that line (every setting is described in README.md)")]
    Malformed { path: PathBuf, message: String },
    #[error("{var}={value:?} is not valid: expected {expected}. Fix or unset it")]
    BadEnv { var: &'static str, value: String, expected: &'static str },
    #[error(transparent)]
    Maintenance(#[from] super::maintenance::settings::MaintenanceSettingsError),
    #[error("the [regions] settings are not valid: {0}. Fix them (README.md describes them)")]
    Regions(String),
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Settings {
    pub site: SiteSettings,
    pub mongodb: MongoSettings,
    pub seed: SeedSettings,
    pub catalogue: CatalogueSettings,
    pub accounts: AccountSettings,
    pub carts: CartSettings,
    pub delivery: DeliverySettings,
    pub recommendations: RecommendationSettings,
    pub maintenance: super::maintenance::MaintenanceSettings,
    pub regions: crate::model::region::Regions,
}

/// Where the store listens and where cargo-leptos put the compiled site.
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SiteSettings {
    pub addr: SocketAddr,
    pub root: String,
    pub pkg_dir: String,
    pub output_name: String,
    /// cargo-leptos writes content-hashed file names (`hash-files = true` in Cargo.toml); `/pkg` is then cached for a year.
    pub hash_files: bool,
    /// Largest request body accepted (every form is far smaller); beyond it the answer is 413 with a sentence.
    pub max_body_bytes: usize,
    /// Connections open at once; more wait unaccepted until one closes.
    pub max_connections: usize,
    /// Seconds a client has to send a request's headers before its connection is closed.
    pub header_timeout_secs: u64,
    /// Seconds a client has to send a request's whole body once its headers are in; then 408 with a sentence.
    pub body_timeout_secs: u64,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct MongoSettings {
    /// An existing MongoDB (replica set or Atlas). Empty: the server starts its own local mongod.
    pub uri: Option<String>,
    pub database: String,
    /// How long a query waits for a reachable server before it fails.
    pub server_selection_timeout_secs: u64,
    /// Catalogue reads go to the nearest member of the shopper's region at most this far behind (90 at least).
    pub catalogue_max_staleness_secs: u64,
    /// Where catalogue reads go: `nearest` (the shopper's region's members) or `primary` (every read on the primary:
    /// a set in one data centre that wants no read behind the last write).
    pub catalogue_reads: crate::server::mongo::CatalogueReads,
    pub local: LocalMongodSettings,
}

/// The local mongod started when no URI is configured.
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct LocalMongodSettings {
    pub data_dir: PathBuf,
    /// 0 picks a free port; with several members, the first member's (the others' follow it).
    pub port: u16,
    /// Members of the local replica set: 1 (one mongod) or more, each tagged with a region and a data centre, in
    /// `data_dir/member-N` (`mongo::LocalReplicaSet`).
    pub members: usize,
}

/// What an empty database is filled with at the first start, so that a new store is never empty.
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SeedSettings {
    pub enabled: bool,
    /// The original database's exports, imported first (skipped with a warning when the folder is absent).
    pub dir: PathBuf,
    /// The generated set added after them.
    pub generate: GenerateOptions,
}

impl Default for SeedSettings {
    fn default() -> Self {
        SeedSettings { enabled: true, dir: PathBuf::from("data/original"), generate: GenerateOptions::default() }
    }
}

impl Default for SiteSettings {
    fn default() -> Self {
        SiteSettings {
            addr: SocketAddr::from(([127, 0, 0, 1], 3000)),
            root: "target/site".into(),
            pkg_dir: "pkg".into(),
            output_name: "amazone".into(),
            hash_files: true,
            max_body_bytes: 256 * 1024,
            max_connections: 1024,
            header_timeout_secs: 10,
            body_timeout_secs: 30,
        }
    }
}

impl Default for MongoSettings {
    fn default() -> Self {
        MongoSettings {
            uri: None,
            database: "amazone".into(),
            server_selection_timeout_secs: 20,
            catalogue_max_staleness_secs: 90,
            catalogue_reads: Default::default(),
            local: LocalMongodSettings::default(),
        }
    }
}

impl Default for LocalMongodSettings {
    fn default() -> Self {
        LocalMongodSettings { data_dir: PathBuf::from(".data/mongodb"), port: 27017, members: 1 }
    }
}

impl MongoSettings {
    pub fn catalogue_max_staleness(&self) -> Duration {
        Duration::from_secs(self.catalogue_max_staleness_secs.max(90))
    }

    pub fn server_selection_timeout(&self) -> Duration {
        Duration::from_secs(self.server_selection_timeout_secs.max(1))
    }
}

impl Settings {
    /// Reads the settings file named by `AMAZONE_CONFIG` (else `Leptos.toml` in the working directory, which may be
    /// absent), then applies the environment.
    pub fn load() -> Result<Settings, ConfigError> {
        let explicit = std::env::var_os("AMAZONE_CONFIG").map(PathBuf::from);
        let path = explicit.clone().unwrap_or_else(|| PathBuf::from(DEFAULT_CONFIG_FILE));
        let mut settings = match std::fs::read_to_string(&path) {
            Ok(text) => Settings::from_toml(&text, &path)?,
            Err(err) if err.kind() == std::io::ErrorKind::NotFound && explicit.is_none() => Settings::default(),
            Err(source) => return Err(ConfigError::Unreadable { path, source }),
        };
        settings.apply_env(|name| std::env::var(name).ok())?;
        Ok(settings)
    }

    pub fn from_toml(text: &str, path: &Path) -> Result<Settings, ConfigError> {
        toml::from_str(text)
            .map_err(|err| ConfigError::Malformed { path: path.to_path_buf(), message: err.to_string() })
    }

    /// Applies overrides from `lookup` (the process environment in production, a map in tests).
    pub fn apply_env(&mut self, lookup: impl Fn(&str) -> Option<String>) -> Result<(), ConfigError> {
        let var = |names: &[&'static str]| names.iter().find_map(|name| lookup(name).map(|value| (*name, value)));

        if let Some((name, value)) = var(&["AMAZONE_SITE_ADDR", "LEPTOS_SITE_ADDR"]) {
            self.site.addr = parse(name, value, "an address like 127.0.0.1:3000")?;
        }
        if let Some((_, value)) = var(&["AMAZONE_SITE_ROOT", "LEPTOS_SITE_ROOT"]) {
            self.site.root = value;
        }
        if let Some((_, value)) = var(&["LEPTOS_SITE_PKG_DIR"]) {
            self.site.pkg_dir = value;
        }
        if let Some((_, value)) = var(&["LEPTOS_OUTPUT_NAME"]) {
            self.site.output_name = value;
        }
        if let Some((name, value)) = var(&["AMAZONE_HASH_FILES", "LEPTOS_HASH_FILES"]) {
            self.site.hash_files = parse(name, value, "true or false")?;
        }
        if let Some((name, value)) = var(&["AMAZONE_MAX_BODY_BYTES"]) {
            self.site.max_body_bytes = parse(name, value, "a whole number of bytes")?;
        }
        if let Some((name, value)) = var(&["AMAZONE_MAX_CONNECTIONS"]) {
            self.site.max_connections = parse(name, value, "a whole number of connections")?;
        }
        if let Some((name, value)) = var(&["AMAZONE_HEADER_TIMEOUT_SECS"]) {
            self.site.header_timeout_secs = parse(name, value, "a whole number of seconds")?;
        }
        if let Some((name, value)) = var(&["AMAZONE_BODY_TIMEOUT_SECS"]) {
            self.site.body_timeout_secs = parse(name, value, "a whole number of seconds")?;
        }
        if let Some((_, value)) = var(&["AMAZONE_MONGODB_URI"]) {
            self.mongodb.uri = Some(value);
        }
        if let Some((_, value)) = var(&["AMAZONE_DATABASE"]) {
            self.mongodb.database = value;
        }
        if let Some((name, value)) = var(&["AMAZONE_MONGODB_SERVER_SELECTION_TIMEOUT_SECS"]) {
            self.mongodb.server_selection_timeout_secs = parse(name, value, "a whole number of seconds")?;
        }
        if let Some((name, value)) = var(&["AMAZONE_MONGODB_CATALOGUE_MAX_STALENESS_SECS"]) {
            self.mongodb.catalogue_max_staleness_secs = parse(name, value, "a whole number of seconds, 90 or more")?;
        }
        if let Some((name, value)) = var(&["AMAZONE_MONGODB_CATALOGUE_READS"]) {
            self.mongodb.catalogue_reads = parse(name, value, "nearest or primary")?;
        }
        if let Some((_, value)) = var(&["AMAZONE_MONGOD_DATA_DIR"]) {
            self.mongodb.local.data_dir = PathBuf::from(value);
        }
        if let Some((name, value)) = var(&["AMAZONE_MONGOD_PORT"]) {
            self.mongodb.local.port = parse(name, value, "a port number (0 picks a free one)")?;
        }
        if let Some((name, value)) = var(&["AMAZONE_MONGOD_MEMBERS"]) {
            self.mongodb.local.members = parse(name, value, "a number of replica set members from 1 to 7")?;
        }
        if let Some((name, value)) = var(&["AMAZONE_SEED"]) {
            self.seed.enabled = parse(name, value, "true or false")?;
        }
        if let Some((_, value)) = var(&["AMAZONE_SEED_DIR"]) {
            self.seed.dir = PathBuf::from(value);
        }
        if let Some((name, value)) = var(&["AMAZONE_CATALOGUE_MAX_PICTURE_MB"]) {
            self.catalogue.max_picture_mb = parse(name, value, "a whole number of megabytes (1 to 100)")?;
        }
        if let Some((name, value)) = var(&["AMAZONE_CATALOGUE_CACHE_SECS"]) {
            self.catalogue.cache_secs = parse(name, value, "a whole number of seconds (0 turns the cache off)")?;
        }
        if let Some((name, value)) = var(&["AMAZONE_SESSION_DAYS"]) {
            self.accounts.session_days = parse(name, value, "a whole number of days")?;
        }
        if let Some((name, value)) = var(&["AMAZONE_SECURE_COOKIES"]) {
            self.accounts.secure_cookies = parse(name, value, "true or false")?;
        }
        if let Some((_, value)) = var(&["AMAZONE_ADMIN_EMAIL"]) {
            self.accounts.admin_email = value;
        }
        if let Some((_, value)) = var(&["AMAZONE_ADMIN_PASSWORD"]) {
            self.accounts.admin_password = value;
        }
        if let Some((_, value)) = var(&["AMAZONE_DEMO_PASSWORD"]) {
            self.accounts.demo_password = value;
        }
        if let Some((name, value)) = var(&["AMAZONE_PASSWORD_WORKERS"]) {
            self.accounts.password_workers = parse(name, value, "a whole number of hashes (0: one per core)")?;
        }
        if let Some((name, value)) = var(&["AMAZONE_GUEST_UNITS"]) {
            self.carts.guest_units = parse(name, value, "a whole number of units")?;
        }
        if let Some((name, value)) = var(&["AMAZONE_GUEST_UNITS_PER_ADDRESS"]) {
            self.carts.guest_units_per_address = parse(name, value, "a whole number of units")?;
        }
        if let Some((name, value)) = var(&["AMAZONE_PARTNER_CAPACITY"]) {
            self.delivery.partner_capacity = parse(name, value, "a whole number of orders")?;
        }
        if let Some((name, value)) = var(&["AMAZONE_CUSTOMER_CANCEL_MINUTES"]) {
            self.delivery.customer_cancel_minutes = parse(name, value, "a whole number of minutes")?;
        }
        if let Some((name, value)) = var(&["AMAZONE_CART_LIFETIME"]) {
            self.maintenance.cart_lifetime = humantime::parse_duration(value.trim())
                .map_err(|_| ConfigError::BadEnv { var: name, value, expected: "a duration like 2h, 90m or 15s" })?;
        }
        if let Some((name, value)) = var(&["AMAZONE_SCHEDULE"]) {
            self.maintenance.schedule.enabled = parse(name, value, "true or false")?;
        }
        if let Some((_, value)) = var(&["AMAZONE_DEFAULT_COUNTRY"]) {
            self.regions.default_country = value.trim().to_ascii_uppercase();
        }
        if let Some((name, value)) = var(&["AMAZONE_FRESH_RADIUS_KM"]) {
            self.regions.fresh_radius_km = parse(name, value, "a distance in kilometres")?;
        }
        if let Some((name, value)) = var(&["AMAZONE_RECOMMENDATIONS_LIST_SIZE"]) {
            self.recommendations.list_size = parse(name, value, "a whole number of products (1 to 100)")?;
        }
        // An empty URI means "none", so that `AMAZONE_MONGODB_URI=` can switch back to the local mongod.
        self.mongodb.uri = self.mongodb.uri.take().filter(|uri| !uri.trim().is_empty());
        if self.mongodb.database.trim().is_empty() {
            return Err(ConfigError::BadEnv {
                var: "AMAZONE_DATABASE",
                value: self.mongodb.database.clone(),
                expected: "a database name",
            });
        }
        if !(1..=7).contains(&self.mongodb.local.members) {
            // A replica set votes with at most seven members.
            return Err(ConfigError::BadEnv {
                var: "AMAZONE_MONGOD_MEMBERS",
                value: self.mongodb.local.members.to_string(),
                expected: "a number of replica set members from 1 to 7",
            });
        }
        self.maintenance.validate()?;
        self.regions.check().map_err(ConfigError::Regions)?;
        Ok(())
    }

    /// The options Leptos renders with (script paths, site root).
    pub fn leptos_options(&self) -> leptos::config::LeptosOptions {
        leptos::config::LeptosOptions::builder()
            .output_name(self.site.output_name.as_str())
            .site_root(self.site.root.as_str())
            .site_pkg_dir(self.site.pkg_dir.as_str())
            .site_addr(self.site.addr)
            .hash_files(self.site.hash_files)
            .build()
    }
}

fn parse<T: FromStr>(var: &'static str, value: String, expected: &'static str) -> Result<T, ConfigError> {
    value.trim().parse().map_err(|_| ConfigError::BadEnv { var, value, expected })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn env(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let map: HashMap<String, String> = pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        move |name| map.get(name).cloned()
    }

    #[test]
    fn an_empty_file_gives_the_defaults() {
        let settings = Settings::from_toml("", Path::new("Leptos.toml")).unwrap();
        assert_eq!(settings.site.addr.to_string(), "127.0.0.1:3000");
        assert_eq!(settings.mongodb.database, "amazone");
        assert!(settings.mongodb.uri.is_none());
    }

    #[test]
    fn the_shipped_leptos_toml_parses_and_states_the_defaults() {
        let shipped = Settings::from_toml(include_str!("../../../Leptos.toml"), Path::new("Leptos.toml")).unwrap();
        let defaults = Settings::default();
        assert_eq!(shipped.site.addr, defaults.site.addr);
        assert_eq!(shipped.mongodb.database, defaults.mongodb.database);
        assert_eq!(shipped.mongodb.local.port, defaults.mongodb.local.port);
        assert_eq!(shipped.seed.dir, defaults.seed.dir);
        assert_eq!(shipped.seed.generate.customers, defaults.seed.generate.customers);
        assert_eq!(shipped.seed.generate.ratings, defaults.seed.generate.ratings);
        assert_eq!(shipped.maintenance.cart_lifetime, defaults.maintenance.cart_lifetime);
        assert_eq!(shipped.maintenance.schedule.expire_carts, defaults.maintenance.schedule.expire_carts);
        assert_eq!(shipped.maintenance.restock.store_target, defaults.maintenance.restock.store_target);
    }

    #[test]
    fn the_file_sets_values() {
        let text = "[site]\naddr = \"0.0.0.0:8080\"\n[mongodb]\ndatabase = \"shop\"\n[mongodb.local]\nport = 0\n";
        let settings = Settings::from_toml(text, Path::new("Leptos.toml")).unwrap();
        assert_eq!(settings.site.addr.port(), 8080);
        assert_eq!(settings.mongodb.database, "shop");
        assert_eq!(settings.mongodb.local.port, 0);
    }

    #[test]
    fn a_malformed_file_names_the_file_and_the_line() {
        let err = Settings::from_toml("[site]\naddr = 3000 3000\n", Path::new("Leptos.toml")).unwrap_err();
        let message = err.to_string();
        assert!(message.contains("Leptos.toml"), "{message}");
        assert!(message.contains("line 2"), "{message}");
    }

    #[test]
    fn an_unknown_key_is_refused_rather_than_ignored() {
        let err = Settings::from_toml("[mongodb]\ndatabse = \"x\"\n", Path::new("Leptos.toml")).unwrap_err();
        assert!(err.to_string().contains("databse"), "{err}");
    }

    #[test]
    fn amazone_variables_override_the_file_and_leptos_variables() {
        let mut settings = Settings::default();
        settings
            .apply_env(env(&[
                ("AMAZONE_SITE_ADDR", "127.0.0.1:4000"),
                ("LEPTOS_SITE_ADDR", "127.0.0.1:5000"),
                ("AMAZONE_MONGODB_URI", "mongodb://db.example:27017/?replicaSet=rs0"),
                ("AMAZONE_DATABASE", "amazone_test"),
            ]))
            .unwrap();
        assert_eq!(settings.site.addr.port(), 4000);
        assert_eq!(settings.mongodb.uri.as_deref(), Some("mongodb://db.example:27017/?replicaSet=rs0"));
        assert_eq!(settings.mongodb.database, "amazone_test");
    }

    #[test]
    fn an_empty_uri_means_start_a_local_mongod() {
        let mut settings = Settings::default();
        settings.mongodb.uri = Some("mongodb://elsewhere".into());
        settings.apply_env(env(&[("AMAZONE_MONGODB_URI", "")])).unwrap();
        assert!(settings.mongodb.uri.is_none());
    }

    #[test]
    fn a_bad_variable_names_itself_and_what_it_expects() {
        let mut settings = Settings::default();
        let err = settings.apply_env(env(&[("AMAZONE_MONGOD_PORT", "seventy")])).unwrap_err();
        let message = err.to_string();
        assert!(message.contains("AMAZONE_MONGOD_PORT"), "{message}");
        assert!(message.contains("port number"), "{message}");
    }
}
