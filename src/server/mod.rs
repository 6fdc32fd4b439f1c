//! Everything that runs only on the server: settings, MongoDB, HTTP plumbing and the domain services.

pub mod accounts;
pub mod application;
pub mod back_office;
pub mod backup;
pub mod cart;
pub mod catalogue;
pub mod catalogue_cache;
pub mod checkout;
pub mod cli;
pub mod cluster;
pub mod collections;
pub mod config;
pub mod context;
pub mod database;
pub mod generate;
pub mod http;
pub mod import;
pub mod listing;
pub mod maintenance;
pub mod mongo;
pub mod orders;
pub mod pictures;
pub mod places;
pub mod privacy;
pub mod ratings;
pub mod recommend;
pub mod regions;
pub mod schema;
pub mod seed;
pub mod session_store;
pub mod shutdown;
pub mod stock;
pub mod suggest;
pub mod telemetry;

pub use application::{Application, StartupError};
pub use config::Settings;
