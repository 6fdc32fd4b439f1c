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
    /// A folder written by `amazone export` is restored as it is.
    Import {
        /// The folder holding Products.json, Customer_json_new.json and the other exports (or `amazone export`'s).
        dir: PathBuf,
    },
    /// Write every collection into a folder as `mongoexport`-compatible canonical Extended JSON (one
    /// `<collection>.json` each), to back the store up or move it; `amazone import DIR` restores it.
    Export {
        /// The folder to write (created if missing; files of the same names are replaced).
        dir: PathBuf,
    },
    /// Generate realistic synthetic data. The same seed gives the same data; running it again adds nothing.
    Generate(GenerateArgs),
    /// Compare the recommenders offline: each customer's ratings split 75/25 with a seed, every model (popularity,
    /// item similarity, EASE, EASE as deployed) trained on the 75 and its top k scored against the 25 (precision,
    /// recall, nDCG, MAP, coverage, seconds, model size); EASE's λ tuned on a split of the 75 only.
    RecommendEval(RecommendEvalArgs),
    /// Apply the migrations the database has not had (every server also does at start), then list them all.
    Migrate {
        /// Only list the migrations, applied (when, by which server, changing how many documents) or pending.
        #[arg(long)]
        status: bool,
    },
    /// The store past one machine: the zone-sharded cluster's plan.
    Cluster {
        #[command(subcommand)]
        command: ClusterCommand,
    },
    /// Run a maintenance job now, against the configured database.
    Maintenance {
        #[command(subcommand)]
        job: MaintenanceJob,
    },
}

#[derive(Debug, Subcommand)]
pub enum ClusterCommand {
    /// Print each collection's shard key and zone ranges as the mongosh commands an operator runs against mongos
    /// (addShardToZone, enableSharding, createIndexes, shardCollection, updateZoneKeyRange). Reads only the
    /// settings (database name, regions); connects to nothing.
    Plan {
        /// A region's shard, as REGION=SHARD (`eu=rs-frankfurt`); a region not named gets `shard-<region>`.
        #[arg(long = "shard", value_parser = parse_shard)]
        shards: Vec<(String, String)>,
    },
}

fn parse_shard(text: &str) -> Result<(String, String), String> {
    match text.split_once('=') {
        Some((region, shard)) if !region.is_empty() && !shard.is_empty() => Ok((region.into(), shard.into())),
        _ => Err(format!("expected REGION=SHARD (for example eu=rs-frankfurt), got {text:?}")),
    }
}

/// The maintenance jobs, as the admin page and the schedule run them (the run is recorded the same way).
#[derive(Debug, Clone, Copy, Subcommand)]
pub enum MaintenanceJob {
    /// Expire carts untouched for longer than `maintenance.cart_lifetime`: their reserved units go back to stock.
    ExpireCarts,
    /// Top up every location holding less than its restock threshold of a product to the target level.
    Restock,
    /// Recompute every customer's "Recommended for you" list from everyone's ratings and purchases.
    Recommendations,
    /// Record today's inventory level of every product at every store and warehouse.
    RecordInventory,
    /// Give every free delivery partner the oldest order still waiting for one.
    AssignPartners,
    /// Remove fresh food past its best-before date from the shelves, recorded as wasted.
    WriteOffExpired,
}

impl MaintenanceJob {
    pub fn job(self) -> crate::model::maintenance::Job {
        use crate::model::maintenance::Job;
        match self {
            MaintenanceJob::ExpireCarts => Job::ExpireCarts,
            MaintenanceJob::Restock => Job::Restock,
            MaintenanceJob::Recommendations => Job::Recommendations,
            MaintenanceJob::RecordInventory => Job::RecordInventory,
            MaintenanceJob::AssignPartners => Job::AssignPartners,
            MaintenanceJob::WriteOffExpired => Job::WriteOffExpired,
        }
    }
}

#[derive(Debug, clap::Args)]
pub struct RecommendEvalArgs {
    /// Ratings in the MovieLens `u.data` layout (customer id, product id, rating, unix time; tab-separated).
    /// Without it, the live database's product ratings.
    #[arg(long)]
    pub ratings: Option<PathBuf>,
    #[arg(long, default_value_t = 42)]
    pub seed: u64,
    #[arg(long, default_value_t = 10)]
    pub k: usize,
}

#[derive(Debug, clap::Args)]
pub struct GenerateArgs {
    #[arg(long, default_value_t = 42)]
    pub seed: u64,
    #[arg(long, default_value_t = 2_000)]
    pub customers: usize,
    #[arg(long, default_value_t = 1_000)]
    pub products: usize,
    #[arg(long, default_value_t = 6_000)]
    pub orders: usize,
    #[arg(long, default_value_t = 20_000)]
    pub ratings: usize,
    #[arg(long, default_value_t = 200)]
    pub carts: usize,
}
