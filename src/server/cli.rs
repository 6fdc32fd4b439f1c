//! The command line of the `amazone` binary. With no subcommand it serves the store.

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
}
