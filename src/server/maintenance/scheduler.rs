//! The scheduler: one task per scheduled job, sleeping until the pattern's next occurrence and then firing it.
//! Every server runs it; the occurrence's unique run record and the job's lease make each occurrence run once.
//! A run that lasts past later occurrences skips them (the next one after it finishes is taken).

use croner::Cron;
use tokio::task::JoinHandle;

use super::{Maintenance, StartError};
use crate::model::maintenance::Job;
use crate::model::Timestamp;

/// Starts the scheduled jobs (none when the schedule is off). Abort the handles to stop.
pub fn spawn(maintenance: &Maintenance) -> Vec<JoinHandle<()>> {
    let schedule = &maintenance.settings().schedule;
    if !schedule.enabled {
        tracing::info!("the maintenance schedule is off on this server");
        return Vec::new();
    }
    // Validated with the settings at start-up.
    let crons = schedule.crons().unwrap_or_default();
    crons.into_iter().map(|(job, cron)| tokio::spawn(fire_forever(maintenance.clone(), job, cron))).collect()
}

/// The next time `cron` fires after `after`.
pub fn next_occurrence(cron: &Cron, after: Timestamp) -> Option<Timestamp> {
    let after = chrono::DateTime::<chrono::Utc>::from_timestamp_millis(after.millis())?;
    cron.find_next_occurrence(&after, false).ok().map(|next| Timestamp(next.timestamp_millis()))
}

async fn fire_forever(maintenance: Maintenance, job: Job, cron: Cron) {
    loop {
        let now = Timestamp::now();
        let Some(next) = next_occurrence(&cron, now) else {
            tracing::warn!(job = job.name(), pattern = cron.pattern.to_string(), "the schedule never fires again");
            return;
        };
        tokio::time::sleep(std::time::Duration::from_millis((next.millis() - now.millis()).max(0) as u64)).await;
        match maintenance.fire_scheduled(job, next).await {
            Ok(run) => tracing::info!(job = job.name(), status = ?run.status, "scheduled run finished"),
            Err(StartError::AlreadyRunning(_) | StartError::AlreadyRan(_)) => {
                tracing::debug!(job = job.name(), "scheduled run taken by another server or already running")
            }
            Err(err) => tracing::warn!(job = job.name(), error = %err, "cannot start a scheduled run"),
        }
    }
}
