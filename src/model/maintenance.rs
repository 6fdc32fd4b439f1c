//! Maintenance jobs and their recorded runs, as the admin page shows them and `job_runs` stores them.

use serde::{Deserialize, Serialize};

use super::time::Timestamp;

/// The maintenance an admin, the command line or the schedule can run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Job {
    ExpireCarts,
    Restock,
    Recommendations,
    RecordInventory,
    AssignPartners,
    WriteOffExpired,
}

impl Job {
    pub const ALL: [Job; 6] = [
        Job::ExpireCarts,
        Job::AssignPartners,
        Job::WriteOffExpired,
        Job::Restock,
        Job::Recommendations,
        Job::RecordInventory,
    ];

    /// The name used in URLs, forms, settings and `amazone maintenance <name>`.
    pub fn name(self) -> &'static str {
        match self {
            Job::ExpireCarts => "expire-carts",
            Job::Restock => "restock",
            Job::Recommendations => "recommendations",
            Job::RecordInventory => "record-inventory",
            Job::AssignPartners => "assign-partners",
            Job::WriteOffExpired => "write-off-expired",
        }
    }

    pub fn parse(name: &str) -> Option<Job> {
        Job::ALL.into_iter().find(|job| job.name() == name.trim())
    }

    pub fn title(self) -> &'static str {
        match self {
            Job::ExpireCarts => "Expire stale carts",
            Job::Restock => "Restock low inventory",
            Job::Recommendations => "Recompute recommendations",
            Job::RecordInventory => "Record daily inventory",
            Job::AssignPartners => "Assign waiting orders",
            Job::WriteOffExpired => "Write off expired food",
        }
    }

    pub fn description(self) -> &'static str {
        match self {
            Job::ExpireCarts => {
                "Carts untouched for longer than their lifetime give their reserved units back and are removed."
            }
            Job::Restock => {
                "Every store and warehouse holding less than its threshold of a product is topped up to its target."
            }
            Job::Recommendations => {
                "Every customer's \"Recommended for you\" list, from everyone's ratings and purchases."
            }
            Job::RecordInventory => "Today's stock level of every product at every store and warehouse.",
            Job::AssignPartners => "Every free delivery partner takes the oldest order still waiting for one.",
            Job::WriteOffExpired => {
                "Fresh food past its best-before date leaves the shelves and is recorded as wasted in the day's inventory."
            }
        }
    }

    /// What the progress bar counts.
    pub fn unit(self) -> &'static str {
        match self {
            Job::ExpireCarts => "carts",
            Job::Restock => "stock records",
            Job::Recommendations => "customers",
            Job::RecordInventory => "stock records",
            Job::AssignPartners => "waiting orders",
            Job::WriteOffExpired => "stock records",
        }
    }
}

/// What started a run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Trigger {
    /// An admin pressed the button.
    Admin { email: String },
    /// The schedule, for the occurrence at this time (each occurrence runs once, whichever server fires it).
    Schedule { occurrence: Timestamp },
    /// `amazone maintenance <job>` on the command line.
    Command,
}

impl Trigger {
    pub fn label(&self) -> String {
        match self {
            Trigger::Admin { email } => format!("by {email}"),
            Trigger::Schedule { .. } => "on schedule".into(),
            Trigger::Command => "from the command line".into(),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RunStatus {
    Running,
    Succeeded,
    Failed,
    /// Its server stopped before it finished; the next run of the job picks up what is left.
    Interrupted,
}

impl RunStatus {
    pub fn label(self) -> &'static str {
        match self {
            RunStatus::Running => "Running",
            RunStatus::Succeeded => "Succeeded",
            RunStatus::Failed => "Failed",
            RunStatus::Interrupted => "Interrupted",
        }
    }
}

/// What a run changed. Each job fills the counts it is about.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct JobCounts {
    pub carts_expired: u64,
    pub units_returned: u64,
    pub locations_restocked: u64,
    pub units_restocked: u64,
    pub customers_updated: u64,
    pub locations_recorded: u64,
    pub orders_assigned: u64,
    pub units_wasted: u64,
    pub locations_written_off: u64,
}

impl JobCounts {
    /// The counts that mean something for `job`, as the admin page says them.
    pub fn summary(&self, job: Job) -> String {
        let plural = |n: u64, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
        match job {
            Job::ExpireCarts => format!(
                "{} expired, {} returned to stock",
                plural(self.carts_expired, "cart", "carts"),
                plural(self.units_returned, "unit", "units")
            ),
            Job::Restock => format!(
                "{} restocked at {}",
                plural(self.units_restocked, "unit", "units"),
                plural(self.locations_restocked, "location", "locations")
            ),
            Job::Recommendations => format!("{} updated", plural(self.customers_updated, "customer", "customers")),
            Job::RecordInventory => {
                format!("{} recorded", plural(self.locations_recorded, "stock level", "stock levels"))
            }
            Job::AssignPartners => format!("{} given a partner", plural(self.orders_assigned, "order", "orders")),
            Job::WriteOffExpired => format!(
                "{} past best-before written off at {}",
                plural(self.units_wasted, "unit", "units"),
                plural(self.locations_written_off, "store", "stores")
            ),
        }
    }
}

/// How far a running job is: `done` of `total` (the job's `unit`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Progress {
    pub done: u64,
    pub total: u64,
}

/// One run of a job, as `job_runs` keeps it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct JobRun {
    #[serde(rename = "_id")]
    pub id: String,
    pub job: Job,
    pub trigger: Trigger,
    pub status: RunStatus,
    pub started_at: Timestamp,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub finished_at: Option<Timestamp>,
    #[serde(default)]
    pub progress: Progress,
    #[serde(default)]
    pub counts: JobCounts,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// The server that ran it.
    pub holder: String,
}

/// One job's panel on the admin page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct JobPanel {
    pub job: Job,
    /// The cron pattern from the settings, when the job is scheduled.
    pub schedule: Option<String>,
    pub next_run: Option<Timestamp>,
    pub last_run: Option<JobRun>,
}

/// The admin dashboard.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Dashboard {
    pub active_carts: u64,
    /// Active carts untouched for longer than `cart_lifetime`: the next expiry's work.
    pub stale_carts: u64,
    pub cart_lifetime: String,
    /// Products held below their restock threshold at one location or more.
    pub products_below_threshold: u64,
    /// One product held by several guest carts from one client address: someone opening fresh sessions to hoard it.
    #[serde(default)]
    pub guest_hoards: Vec<GuestHoard>,
    /// Accounts and addresses with many failed sign-ins in the last hour: someone guessing passwords.
    #[serde(default)]
    pub under_attack: Vec<Throttled>,
    /// Fresh food wasted per store (written off in the last `waste_days`, and past its date on the shelf now).
    #[serde(default)]
    pub waste: Vec<StoreWaste>,
    #[serde(default)]
    pub waste_days: u32,
    pub jobs: Vec<JobPanel>,
    /// The latest runs, newest first.
    pub history: Vec<JobRun>,
}

/// One store's food waste.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoreWaste {
    pub store_id: String,
    pub store: String,
    /// Units written off past their best-before date in the dashboard's window.
    pub wasted: u64,
    /// Units past their date still on the shelf, for the next write-off.
    pub past_date_on_shelf: u64,
}

/// An account (`account:<email>`) or client address (`address:<ip>`, `sign-ups:<ip>`) with many failed sign-ins.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Throttled {
    pub subject: String,
    pub failures: u32,
    pub last_at: Timestamp,
    /// Until when the next try is refused, if it is.
    pub blocked_until: Option<Timestamp>,
}

/// Guest carts from one client address that all hold one product.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GuestHoard {
    pub address: String,
    pub product_id: String,
    pub product_name: String,
    pub carts: u32,
    pub units: u32,
}

impl Dashboard {
    pub fn any_running(&self) -> bool {
        self.jobs.iter().any(|panel| panel.last_run.as_ref().is_some_and(|run| run.status == RunStatus::Running))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_job_parses_from_its_own_name_and_nothing_else_does() {
        for job in Job::ALL {
            assert_eq!(Job::parse(job.name()), Some(job));
        }
        assert_eq!(Job::parse("expire_carts"), None);
        assert_eq!(Job::parse(""), None);
    }

    #[test]
    fn a_summary_speaks_of_what_the_job_did() {
        let counts = JobCounts { carts_expired: 1, units_returned: 3, ..JobCounts::default() };
        assert_eq!(counts.summary(Job::ExpireCarts), "1 cart expired, 3 units returned to stock");
        let counts = JobCounts { units_restocked: 40, locations_restocked: 2, ..JobCounts::default() };
        assert_eq!(counts.summary(Job::Restock), "40 units restocked at 2 locations");
    }
}
