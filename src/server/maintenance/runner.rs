//! Running a job: take its lease (or answer "already running"), record the run, do the work while a heartbeat
//! renews the lease and writes the progress every second, then record the result and give the lease back.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use mongodb::bson::oid::ObjectId;
use mongodb::Database;

use super::{expire, inventory, restock, runs, write_off, MaintenanceError, MaintenanceSettings};
use crate::model::maintenance::{Job, JobCounts, JobRun, Progress, Trigger};
use crate::model::region::Regions;
use crate::model::Timestamp;
use crate::server::config::{DeliverySettings, RecommendationSettings};
use crate::server::mongo::lease;
use crate::server::recommend;

/// How often a running job's progress is written and its lease renewed.
const HEARTBEAT: Duration = Duration::from_secs(1);

#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error("{} is already running. Its progress is on the admin page", .0.title())]
    AlreadyRunning(Job),
    /// A scheduled occurrence another server has already run.
    #[error("{} already ran for this scheduled time", .0.title())]
    AlreadyRan(Job),
    #[error("the database failed: {0}")]
    Database(#[from] mongodb::error::Error),
}

/// Watches a run's progress (the command line's progress bar).
pub type Observer = Arc<dyn Fn(Progress) + Send + Sync>;

/// The maintenance jobs of one server, which `holder` names in leases and run records. Cheap to clone.
#[derive(Clone)]
pub struct Maintenance {
    db: Database,
    settings: Arc<MaintenanceSettings>,
    recommendations: Arc<RecommendationSettings>,
    /// Which products each region's customers may be recommended.
    regions: Arc<Regions>,
    delivery: DeliverySettings,
    holder: Arc<str>,
}

/// A claimed run: the lease is held and the run recorded.
struct Claim {
    run: JobRun,
}

impl Maintenance {
    pub fn new(
        db: Database,
        settings: MaintenanceSettings,
        recommendations: RecommendationSettings,
        regions: Regions,
        delivery: DeliverySettings,
        holder: impl Into<String>,
    ) -> Maintenance {
        Maintenance {
            db,
            settings: Arc::new(settings),
            recommendations: Arc::new(recommendations),
            regions: Arc::new(regions),
            delivery,
            holder: Arc::from(holder.into()),
        }
    }

    pub fn database(&self) -> &Database {
        &self.db
    }

    pub fn settings(&self) -> &MaintenanceSettings {
        &self.settings
    }

    pub fn holder(&self) -> &str {
        &self.holder
    }

    /// Starts `job` in the background and returns its first record at once (the admin page follows it from there).
    pub async fn start(&self, job: Job, trigger: Trigger) -> Result<JobRun, StartError> {
        let claim = self.claim(job, trigger).await?;
        let run = claim.run.clone();
        let this = self.clone();
        tokio::spawn(async move { this.execute(claim, None).await });
        Ok(run)
    }

    /// Runs `job` to its end and returns the finished record (the command line, tests). `observer` sees progress.
    pub async fn run(&self, job: Job, trigger: Trigger, observer: Option<Observer>) -> Result<JobRun, StartError> {
        let claim = self.claim(job, trigger).await?;
        Ok(self.execute(claim, observer).await)
    }

    /// Runs the scheduled `occurrence` of `job`, unless any server already ran it or the job is running.
    pub async fn fire_scheduled(&self, job: Job, occurrence: Timestamp) -> Result<JobRun, StartError> {
        self.run(job, Trigger::Schedule { occurrence }, None).await
    }

    async fn claim(&self, job: Job, trigger: Trigger) -> Result<Claim, StartError> {
        let run_id = ObjectId::new().to_hex();
        if !lease::acquire(&self.db, job.name(), &self.holder, &run_id, self.settings.lease()).await? {
            return Err(StartError::AlreadyRunning(job));
        }
        let run = runs::started(run_id, job, trigger, &self.holder);
        let recorded = runs::insert(&self.db, &run).await;
        if !matches!(recorded, Ok(true)) {
            lease::release(&self.db, job.name(), &run.id).await?;
            recorded?;
            return Err(StartError::AlreadyRan(job));
        }
        runs::interrupt_others(&self.db, job, &run.id).await?;
        Ok(Claim { run })
    }

    async fn execute(&self, claim: Claim, observer: Option<Observer>) -> JobRun {
        let Claim { run } = claim;
        let job = run.job;
        let progress = Arc::new((AtomicU64::new(0), AtomicU64::new(0)));
        let heartbeat =
            tokio::spawn(heartbeat(self.db.clone(), job, run.id.clone(), progress.clone(), self.settings.lease()));
        let report = {
            let progress = progress.clone();
            move |done: u64, total: u64| {
                progress.0.store(done, Ordering::Relaxed);
                progress.1.store(total, Ordering::Relaxed);
                if let Some(observer) = &observer {
                    observer(Progress { done, total });
                }
            }
        };
        let outcome = self.perform(job, report).await.map_err(|err| {
            tracing::error!(job = job.name(), error = %err, "maintenance job failed");
            err.to_string()
        });
        heartbeat.abort();
        let last = Progress { done: progress.0.load(Ordering::Relaxed), total: progress.1.load(Ordering::Relaxed) };
        if let Err(err) = runs::finish(&self.db, &run.id, last, &outcome).await {
            tracing::error!(job = job.name(), error = %err, "cannot record the end of a job run");
        }
        if let Err(err) = lease::release(&self.db, job.name(), &run.id).await {
            tracing::warn!(job = job.name(), error = %err, "cannot release a job's lease; it expires on its own");
        }
        match runs::find(&self.db, &run.id).await {
            Ok(Some(finished)) => finished,
            _ => run,
        }
    }

    async fn perform(&self, job: Job, progress: impl Fn(u64, u64)) -> Result<JobCounts, MaintenanceError> {
        let db = &self.db;
        let now = Timestamp::now();
        Ok(match job {
            Job::ExpireCarts => {
                let cutoff = Timestamp(now.millis() - self.settings.cart_lifetime.as_millis() as i64);
                let expired = expire::expire_stale_carts(db, cutoff, progress).await?;
                JobCounts { carts_expired: expired.carts, units_returned: expired.units, ..JobCounts::default() }
            }
            Job::Restock => {
                let restocked = restock::restock_low_stock(db, &self.settings.restock, progress).await?;
                JobCounts {
                    locations_restocked: restocked.locations,
                    units_restocked: restocked.units,
                    ..JobCounts::default()
                }
            }
            Job::Recommendations => {
                let summary = recommend::job::recompute_all(db, &self.recommendations, &self.regions, progress).await?;
                JobCounts { customers_updated: summary.customers_updated, ..JobCounts::default() }
            }
            Job::AssignPartners => {
                let assigned =
                    crate::server::orders::assignment::assign_waiting_orders(db, &self.delivery, progress).await?;
                JobCounts { orders_assigned: assigned, ..JobCounts::default() }
            }
            Job::RecordInventory => {
                let recorded = inventory::record_inventory(db, now, progress).await?;
                JobCounts { locations_recorded: recorded, ..JobCounts::default() }
            }
            Job::WriteOffExpired => {
                let written_off = write_off::write_off_expired(db, now, progress).await?;
                JobCounts {
                    units_wasted: written_off.units,
                    locations_written_off: written_off.locations,
                    ..JobCounts::default()
                }
            }
        })
    }
}

/// Every second: the progress into the run's record, and the lease renewed.
async fn heartbeat(db: Database, job: Job, run_id: String, progress: Arc<(AtomicU64, AtomicU64)>, ttl: Duration) {
    let mut tick = tokio::time::interval(HEARTBEAT);
    tick.tick().await;
    loop {
        tick.tick().await;
        let now = Progress { done: progress.0.load(Ordering::Relaxed), total: progress.1.load(Ordering::Relaxed) };
        if let Err(err) = runs::report_progress(&db, &run_id, now).await {
            tracing::warn!(job = job.name(), error = %err, "cannot record a job's progress");
        }
        match lease::renew(&db, job.name(), &run_id, ttl).await {
            Ok(true) => {}
            Ok(false) => {
                tracing::error!(job = job.name(), "a running job lost its lease; another server may run it too")
            }
            Err(err) => tracing::warn!(job = job.name(), error = %err, "cannot renew a job's lease"),
        }
    }
}
