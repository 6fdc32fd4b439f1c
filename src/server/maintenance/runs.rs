//! The record of every job run in `job_runs`: written when a run starts, its progress while it runs, its result
//! when it ends.

use futures::TryStreamExt;
use mongodb::bson::{self, doc, DateTime};
use mongodb::{Collection, Database};

use crate::model::maintenance::{Job, JobCounts, JobRun, Progress, RunStatus};
use crate::model::Timestamp;
use crate::server::collections::JOB_RUNS;
use crate::server::mongo::is_duplicate_key;

fn runs(db: &Database) -> Collection<JobRun> {
    db.collection(JOB_RUNS)
}

/// Records a new run; false when it is a scheduled occurrence that another server already ran.
pub async fn insert(db: &Database, run: &JobRun) -> mongodb::error::Result<bool> {
    match runs(db).insert_one(run).await {
        Ok(_) => Ok(true),
        Err(err) if is_duplicate_key(&err) => Ok(false),
        Err(err) => Err(err),
    }
}

pub async fn report_progress(db: &Database, run_id: &str, progress: Progress) -> mongodb::error::Result<()> {
    let progress = bson::to_bson(&progress)?;
    runs(db).update_one(doc! { "_id": run_id, "status": "running" }, doc! { "$set": { "progress": progress } }).await?;
    Ok(())
}

pub async fn finish(
    db: &Database,
    run_id: &str,
    progress: Progress,
    outcome: &Result<JobCounts, String>,
) -> mongodb::error::Result<()> {
    let mut set = doc! { "finished_at": DateTime::now(), "progress": bson::to_bson(&progress)? };
    match outcome {
        Ok(counts) => {
            set.insert("status", "succeeded");
            set.insert("counts", bson::to_bson(counts)?);
        }
        Err(message) => {
            set.insert("status", "failed");
            set.insert("error", message.as_str());
        }
    }
    runs(db).update_one(doc! { "_id": run_id }, doc! { "$set": set }).await?;
    Ok(())
}

/// Marks the job's other runs still "running" as interrupted: whoever holds the lease knows they are dead.
pub async fn interrupt_others(db: &Database, job: Job, run_id: &str) -> mongodb::error::Result<()> {
    runs(db)
        .update_many(
            doc! { "job": job.name(), "status": "running", "_id": { "$ne": run_id } },
            doc! { "$set": { "status": "interrupted", "finished_at": DateTime::now() } },
        )
        .await?;
    Ok(())
}

pub async fn find(db: &Database, run_id: &str) -> mongodb::error::Result<Option<JobRun>> {
    runs(db).find_one(doc! { "_id": run_id }).await
}

/// The newest runs first.
pub async fn recent(db: &Database, limit: i64) -> mongodb::error::Result<Vec<JobRun>> {
    runs(db).find(doc! {}).sort(doc! { "started_at": -1 }).limit(limit).await?.try_collect().await
}

pub async fn last(db: &Database, job: Job) -> mongodb::error::Result<Option<JobRun>> {
    runs(db).find_one(doc! { "job": job.name() }).sort(doc! { "started_at": -1 }).await
}

/// A new run's first record.
pub fn started(run_id: String, job: Job, trigger: crate::model::maintenance::Trigger, holder: &str) -> JobRun {
    JobRun {
        id: run_id,
        job,
        trigger,
        status: RunStatus::Running,
        started_at: Timestamp::now(),
        finished_at: None,
        progress: Progress::default(),
        counts: JobCounts::default(),
        error: None,
        holder: holder.to_owned(),
    }
}
