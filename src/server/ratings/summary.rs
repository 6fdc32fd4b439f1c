//! A product's rating summary (average and count), kept equal to its ratings.
//!
//! Rating a product writes the rating and recomputes the summary in one transaction: two ratings of one product at
//! once both write the product document, so one of them is retried and counts the other's rating. Whole-store
//! recomputes (import, generation) use one `$merge`; the repair run by the recommendations job writes a summary
//! only where it still holds the value read before the ratings were counted, so it never undoes a newer rating.

use std::collections::HashMap;

use futures::TryStreamExt;
use mongodb::bson::{doc, Bson, Document};
use mongodb::{ClientSession, Database};

use crate::server::collections::{PRODUCTS, PRODUCT_RATINGS};

/// One product's summary from its ratings, written in the caller's transaction.
pub(super) async fn update_in_transaction(
    db: &Database,
    session: &mut ClientSession,
    product_id: &str,
) -> mongodb::error::Result<()> {
    let mut groups = db
        .collection::<Document>(PRODUCT_RATINGS)
        .aggregate(summary_pipeline(doc! { "product_id": product_id }))
        .session(&mut *session)
        .await?;
    let Some(summary) = groups.next(&mut *session).await.transpose()? else { return Ok(()) };
    db.collection::<Document>(PRODUCTS)
        .update_one(doc! { "_id": product_id }, doc! { "$set": { "rating": summary.get("rating").cloned() } })
        .session(&mut *session)
        .await?;
    Ok(())
}

/// Every rated product's summary, recomputed in one aggregation that writes through `$merge` (for a store nobody
/// is rating yet: import and generation). Products without ratings keep theirs. Running it twice changes nothing.
pub async fn refresh_product_summaries(db: &Database) -> mongodb::error::Result<()> {
    let mut pipeline = summary_pipeline(doc! {});
    pipeline.push(
        doc! { "$merge": { "into": PRODUCTS, "on": "_id", "whenMatched": "merge", "whenNotMatched": "discard" } },
    );
    db.collection::<Document>(PRODUCT_RATINGS).aggregate(pipeline).await?;
    Ok(())
}

/// Finds summaries that disagree with their ratings (written by an older version, or by hand) and corrects them,
/// each guarded by the value read first: a rating committed meanwhile wrote the right value and is left alone.
/// Returns how many were corrected.
pub async fn repair_product_summaries(db: &Database) -> mongodb::error::Result<u64> {
    let products = db.collection::<Document>(PRODUCTS);
    let stored: HashMap<String, Bson> = products
        .find(doc! { "rating.count": { "$exists": true } })
        .projection(doc! { "rating": 1 })
        .await?
        .try_filter_map(|product| async move {
            Ok(product.get_str("_id").ok().map(str::to_owned).zip(product.get("rating").cloned()))
        })
        .try_collect()
        .await?;
    let mut computed = db.collection::<Document>(PRODUCT_RATINGS).aggregate(summary_pipeline(doc! {})).await?;
    let mut repaired = 0;
    while let Some(summary) = computed.try_next().await? {
        let (Ok(id), Some(rating)) = (summary.get_str("_id"), summary.get("rating")) else { continue };
        let Some(before) = stored.get(id) else { continue };
        if same_summary(before, rating) {
            continue;
        }
        let result = products
            .update_one(doc! { "_id": id, "rating": before.clone() }, doc! { "$set": { "rating": rating.clone() } })
            .await?;
        repaired += result.modified_count;
    }
    if repaired > 0 {
        tracing::warn!(repaired, "product rating summaries disagreed with their ratings and were corrected");
    }
    Ok(repaired)
}

/// Equal average (to the cent of a star) and count, whatever numeric types stored them.
fn same_summary(a: &Bson, b: &Bson) -> bool {
    let parts = |summary: &Bson| {
        let summary = summary.as_document()?;
        let number = |key: &str| match summary.get(key)? {
            Bson::Double(value) => Some(*value),
            Bson::Int32(value) => Some(f64::from(*value)),
            Bson::Int64(value) => Some(*value as f64),
            _ => None,
        };
        Some((number("average")?, number("count")?))
    };
    match (parts(a), parts(b)) {
        (Some((average_a, count_a)), Some((average_b, count_b))) => {
            (average_a - average_b).abs() < 0.005 && count_a == count_b
        }
        _ => false,
    }
}

/// The ratings matching `filter`, grouped per product into `{_id, rating: {average, count}}` (on the
/// `product_stars` index when filtered by product).
fn summary_pipeline(filter: Document) -> Vec<Document> {
    vec![
        doc! { "$match": filter },
        doc! { "$group": { "_id": "$product_id", "average": { "$avg": "$stars" }, "count": { "$sum": 1 } } },
        doc! { "$project": { "_id": 1, "rating": { "average": { "$round": ["$average", 2] }, "count": "$count" } } },
    ]
}
