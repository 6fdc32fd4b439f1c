//! What the admin page shows: the carts and stock that maintenance is about, and each job's schedule and runs.

use mongodb::bson::{doc, Document};

use super::settings::describe_duration;
use super::{expire, restock, runs, scheduler, Maintenance};
use crate::model::maintenance::{Dashboard, Job, JobPanel};
use crate::model::Timestamp;
use crate::server::collections::{CARTS, FRESH_STOCK, WAREHOUSE_STOCK};

/// Runs listed in the history.
const HISTORY: i64 = 20;

pub async fn dashboard(maintenance: &Maintenance) -> mongodb::error::Result<Dashboard> {
    let db = maintenance.database();
    let settings = maintenance.settings();
    let now = Timestamp::now();
    let cutoff = Timestamp(now.millis() - settings.cart_lifetime.as_millis() as i64);
    let carts = db.collection::<Document>(CARTS);
    let active = carts.count_documents(doc! { "status": "active" }).await?;
    let stale = carts.count_documents(expire::stale_filter(cutoff)).await?;
    let low_fresh =
        db.collection::<Document>(FRESH_STOCK).count_documents(restock::low_fresh_filter(&settings.restock)).await?;
    let low_warehouse = db
        .collection::<Document>(WAREHOUSE_STOCK)
        .count_documents(restock::low_warehouse_filter(&settings.restock))
        .await?;
    let products_below_threshold = low_fresh + low_warehouse;
    let crons = settings.schedule.crons().unwrap_or_default();
    let mut jobs = Vec::with_capacity(Job::ALL.len());
    for job in Job::ALL {
        let cron = crons.iter().find(|(scheduled, _)| *scheduled == job).map(|(_, cron)| cron);
        jobs.push(JobPanel {
            job,
            schedule: cron.map(|_| settings.schedule.pattern(job).to_owned()),
            next_run: cron.filter(|_| settings.schedule.enabled).and_then(|cron| scheduler::next_occurrence(cron, now)),
            last_run: runs::last(db, job).await?,
        });
    }
    Ok(Dashboard {
        active_carts: active.saturating_sub(stale),
        stale_carts: stale,
        cart_lifetime: describe_duration(settings.cart_lifetime),
        products_below_threshold,
        jobs,
        history: runs::recent(db, HISTORY).await?,
    })
}
