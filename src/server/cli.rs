//! The command line of the `amazone` binary. With no subcommand it serves the store.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(name = "amazone", version, about = "The Amazone online store")]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the store (the default). Starts a local mongod when no MongoDB URI is configured.
    Serve,
    /// Import the original database's exports (JSON arrays or newline-delimited JSON) from a folder. Records that
    /// cannot be imported are reported by file, record and reason; the rest are written. Safe to run again.
    Import {
        /// The folder holding Products.json, Customer_json_new.json and the other exports.
        dir: PathBuf,
    },
}
