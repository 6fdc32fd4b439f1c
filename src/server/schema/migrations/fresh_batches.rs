//! Fresh food counted by batch, each with its best-before date.

use mongodb::bson::{doc, Document};
use mongodb::Database;

use crate::model::batches::DEFAULT_SHELF_LIFE_DAYS;
use crate::model::Timestamp;
use crate::server::collections::{FRESH_STOCK, PRODUCTS};

/// Fresh stock gained batches with best-before dates, and products lost the one `expires_on` they had (a date from
/// the day the data was made, long past, which the product page showed as if it were the stock's). Each store's
/// undated units become one batch good for the product's shelf life from today (the default where it has none): we
/// cannot know when they arrived, and writing off a whole store's food on upgrade would be worse than trusting it for
/// one shelf life. One pipeline update per shelf life, using the level at the moment it runs, so a reservation
/// meanwhile is not undone; stores that already have batches are left alone.
pub async fn fresh_stock_batches(db: &Database) -> mongodb::error::Result<u64> {
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
    let products = db
        .collection::<Document>(PRODUCTS)
        .update_many(
            doc! { "details.expires_on": { "$exists": true } },
            doc! { "$unset": { "details.expires_on": "" } },
        )
        .await?;
    Ok(old + products.modified_count)
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
