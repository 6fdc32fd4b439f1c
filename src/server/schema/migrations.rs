//! Changes to stored documents, applied at start-up after the validators so that an existing store keeps working.
//! Each migration finds the documents still in the old shape and rewrites them, so running it again (or on two
//! servers at once) changes nothing.

use mongodb::bson::{doc, Document};
use mongodb::Database;

use crate::model::batches::DEFAULT_SHELF_LIFE_DAYS;
use crate::model::Timestamp;
use crate::server::collections::{FRESH_STOCK, ORDERS, PARTNERS, PRODUCTS};

/// Applies every migration, oldest first.
pub async fn run(db: &Database) -> mongodb::error::Result<()> {
    partner_loads(db).await?;
    partner_rating_summaries(db).await?;
    drop_replaced_indexes(db).await?;
    fresh_stock_batches(db).await?;
    // Products stored before pictures get their drawn one.
    crate::server::pictures::draw_missing(db).await?;
    Ok(())
}

/// Indexes replaced by others (the new ones are created with the rest), as (collection, name).
const REPLACED_INDEXES: &[(&str, &str)] = &[
    // By the same keys followed by `_id`, which the lists sort ties by.
    (ORDERS, "status_placed"),
    (ORDERS, "customer_orders_newest"),
    (ORDERS, "placed_newest"),
    (ORDERS, "country_placed"),
];

/// Drops each replaced index where it still exists: an index costs every write, and the planner may still pick it.
async fn drop_replaced_indexes(db: &Database) -> mongodb::error::Result<()> {
    for &(collection, name) in REPLACED_INDEXES {
        let names = db.collection::<Document>(collection).list_index_names().await?;
        if names.iter().any(|existing| existing == name) {
            match db.collection::<Document>(collection).drop_index(name).await {
                Ok(()) => tracing::info!(collection, index = name, "migration drop_replaced_indexes: dropped"),
                // Another server dropped it first.
                Err(err) if matches!(*err.kind, mongodb::error::ErrorKind::Command(ref c) if c.code == 27) => {}
                Err(err) => return Err(err),
            }
        }
    }
    Ok(())
}

/// Partners carried one order at most (`on_delivery: bool`); now a `load` of orders up to a capacity. Each
/// partner's load is counted from the orders out for delivery with them (not from the flag, which could be stale).
async fn partner_loads(db: &Database) -> mongodb::error::Result<()> {
    let old = db.collection::<Document>(PARTNERS).count_documents(doc! { "load": { "$exists": false } }).await?;
    if old > 0 {
        crate::server::orders::partners::recount_loads(db, true).await?;
        tracing::info!(partners = old, "migration partner_loads: partners' loads counted from their orders");
    }
    Ok(())
}

/// Fresh stock gained batches with best-before dates, and products lost the one `expires_on` they had (a date from
/// the day the data was made, long past, which the product page showed as if it were the stock's). Each store's
/// undated units become one batch good for the product's shelf life from today (the default where it has none): we
/// cannot know when they arrived, and writing off a whole store's food on upgrade would be worse than trusting it for
/// one shelf life. One pipeline update per shelf life, using the level at the moment it runs, so a reservation
/// meanwhile is not undone; stores that already have batches are left alone.
async fn fresh_stock_batches(db: &Database) -> mongodb::error::Result<()> {
    let undated = doc! { "stores": { "$elemMatch": { "batches": { "$exists": false } } } };
    let stock = db.collection::<Document>(FRESH_STOCK);
    let old = stock.count_documents(undated.clone()).await?;
    if old > 0 {
        let today = Timestamp::now().start_of_day();
        let mut by_shelf_life: std::collections::BTreeMap<u32, Vec<String>> = Default::default();
        let fresh = doc! { "details.kind": "fresh" };
        let mut products = db.collection::<Document>(PRODUCTS).find(fresh).projection(doc! { "details": 1 }).await?;
        while products.advance().await? {
            let product = products.deserialize_current()?;
            let days = product
                .get_document("details")
                .ok()
                .and_then(|d| {
                    d.get_i64("shelf_life_days").ok().or_else(|| d.get_i32("shelf_life_days").ok().map(i64::from))
                })
                .and_then(|days| u32::try_from(days).ok())
                .unwrap_or(DEFAULT_SHELF_LIFE_DAYS);
            if let Ok(id) = product.get_str("_id") {
                by_shelf_life.entry(days).or_default().push(id.to_string());
            }
        }
        for (days, ids) in by_shelf_life {
            let mut filter = undated.clone();
            filter.insert("product_id", doc! { "$in": ids });
            stock.update_many(filter, dated_batches(today.plus_days(days.into()))).await?;
        }
        // Stock of products that no longer exist.
        let default_date = today.plus_days(DEFAULT_SHELF_LIFE_DAYS.into());
        stock.update_many(undated, dated_batches(default_date)).await?;
        tracing::info!(records = old, "migration fresh_stock_batches: stores' units dated as one batch each");
    }
    db.collection::<Document>(PRODUCTS)
        .update_many(
            doc! { "details.expires_on": { "$exists": true } },
            doc! { "$unset": { "details.expires_on": "" } },
        )
        .await?;
    Ok(())
}

/// The pipeline giving each store without batches one batch of all its units, best before `date`.
fn dated_batches(date: Timestamp) -> Vec<Document> {
    let date = mongodb::bson::DateTime::from_millis(date.millis());
    vec![doc! { "$set": { "stores": { "$map": { "input": "$stores", "as": "s", "in": { "$cond": [
        { "$eq": [{ "$type": "$$s.batches" }, "missing"] },
        { "$mergeObjects": ["$$s", { "batches": { "$cond": [
            { "$gt": ["$$s.quantity", 0] },
            [{ "best_before": { "$literal": date }, "quantity": "$$s.quantity" }],
            [],
        ] } }] },
        "$$s",
    ] } } } } }]
}

/// Partners gained a rating summary like products'; partners rated before it have theirs computed once.
async fn partner_rating_summaries(db: &Database) -> mongodb::error::Result<()> {
    let old = db.collection::<Document>(PARTNERS).count_documents(doc! { "rating": { "$exists": false } }).await?;
    if old > 0 {
        use crate::server::ratings::{refresh, Rated};
        refresh(db, Rated::Partner).await?;
        // The unrated get the empty summary a new partner starts with.
        db.collection::<Document>(PARTNERS)
            .update_many(
                doc! { "rating": { "$exists": false } },
                doc! { "$set": { "rating": { "average": 0.0, "count": 0 } } },
            )
            .await?;
        tracing::info!(partners = old, "migration partner_rating_summaries: partners' rating summaries computed");
    }
    Ok(())
}
