//! What the admin page shows: the carts and stock that maintenance is about, and each job's schedule and runs.

use mongodb::bson::{doc, Document};

use super::settings::describe_duration;
use super::{expire, restock, runs, scheduler, Maintenance};
use crate::model::maintenance::{Dashboard, GuestHoard, Job, JobPanel};
use crate::model::Timestamp;
use crate::server::collections::{CARTS, FRESH_STOCK, WAREHOUSE_STOCK};

/// Runs listed in the history.
const HISTORY: i64 = 20;
/// Guest carts from one address holding one product that make it worth an admin's look.
const HOARD_CARTS: i32 = 3;
/// Hoards listed, most carts first.
const HOARDS_SHOWN: i64 = 10;

pub async fn dashboard(maintenance: &Maintenance) -> mongodb::error::Result<Dashboard> {
    let db = maintenance.database();
    let settings = maintenance.settings();
    let now = Timestamp::now();
    let cutoff = Timestamp(now.millis() - settings.cart_lifetime.as_millis() as i64);
    let carts = db.collection::<Document>(CARTS);
    let active = carts.count_documents(doc! { "status": "active" }).await?;
    let stale = carts.count_documents(expire::stale_filter(cutoff)).await?;
    let retired = crate::server::catalogue::retired_ids(db).await?;
    let low_fresh = db
        .collection::<Document>(FRESH_STOCK)
        .count_documents(restock::low_fresh_filter(&settings.restock, &retired))
        .await?;
    let low_warehouse = db
        .collection::<Document>(WAREHOUSE_STOCK)
        .count_documents(restock::low_warehouse_filter(&settings.restock, &retired))
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
        guest_hoards: guest_hoards(db).await?,
        under_attack: crate::server::accounts::throttle::under_attack(db).await?,
        waste: super::waste::waste_by_store(db, now).await?,
        waste_days: super::waste::WASTE_DAYS as u32,
        jobs,
        history: runs::recent(db, HISTORY).await?,
    })
}

/// Products that several active guest carts from one client address hold (on the `guest_carts_by_address` index):
/// fresh sessions opened one after another to keep a product off the shelf.
async fn guest_hoards(db: &mongodb::Database) -> mongodb::error::Result<Vec<GuestHoard>> {
    use futures::TryStreamExt;
    let pipeline = [
        doc! { "$match": { "guest_address": { "$exists": true }, "status": "active" } },
        doc! { "$unwind": "$items" },
        doc! { "$group": {
            "_id": { "address": "$guest_address", "product_id": "$items.product_id" },
            "product_name": { "$first": "$items.name" },
            "carts": { "$addToSet": "$_id" },
            "units": { "$sum": "$items.quantity" },
        } },
        doc! { "$project": { "product_name": 1, "units": 1, "carts": { "$size": "$carts" } } },
        doc! { "$match": { "carts": { "$gte": HOARD_CARTS } } },
        doc! { "$sort": { "carts": -1, "units": -1 } },
        doc! { "$limit": HOARDS_SHOWN },
    ];
    let rows: Vec<Document> = db.collection::<Document>(CARTS).aggregate(pipeline).await?.try_collect().await?;
    let number = |row: &Document, key: &str| {
        row.get(key).and_then(|n| n.as_i32().map(i64::from).or(n.as_i64())).unwrap_or(0) as u32
    };
    Ok(rows
        .iter()
        .filter_map(|row| {
            let key = row.get_document("_id").ok()?;
            Some(GuestHoard {
                address: key.get_str("address").ok()?.to_owned(),
                product_id: key.get_str("product_id").ok()?.to_owned(),
                product_name: row.get_str("product_name").unwrap_or_default().to_owned(),
                carts: number(row, "carts"),
                units: number(row, "units"),
            })
        })
        .collect())
}
