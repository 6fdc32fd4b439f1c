//! A product's or a delivery partner's rating summary (average and count), kept equal to their ratings.
//!
//! Rating writes the rating and recomputes the summary in one transaction: two ratings of one product at once both
//! write the product document, so one of them is retried and counts the other's rating. Whole-store recomputes
//! (import, generation) use one `$merge`; the repair run by the recommendations job writes a summary only where it
//! still holds the value read before the ratings were counted, so it never undoes a newer rating.

use std::collections::HashMap;

use futures::TryStreamExt;
use mongodb::bson::{doc, Bson, Document};
use mongodb::{ClientSession, Database};

use crate::server::collections::{PARTNERS, PARTNER_RATINGS, PRODUCTS, PRODUCT_RATINGS};

/// What is rated: each kept in its own collection, with its ratings in another.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rated {
    Product,
    Partner,
}

impl Rated {
    const ALL: [Rated; 2] = [Rated::Product, Rated::Partner];

    /// (the rated documents, their ratings, the ratings' field naming the rated document)
    fn collections(self) -> (&'static str, &'static str, &'static str) {
        match self {
            Rated::Product => (PRODUCTS, PRODUCT_RATINGS, "product_id"),
            Rated::Partner => (PARTNERS, PARTNER_RATINGS, "partner_id"),
        }
    }
}

/// One product's or partner's summary from its ratings, written in the caller's transaction.
pub(super) async fn update_in_transaction(
    db: &Database,
    session: &mut ClientSession,
    rated: Rated,
    id: &str,
) -> mongodb::error::Result<()> {
    let (target, ratings, key) = rated.collections();
    let mut groups = db
        .collection::<Document>(ratings)
        .aggregate(summary_pipeline(key, doc! { key: id }))
        .session(&mut *session)
        .await?;
    let Some(summary) = groups.next(&mut *session).await.transpose()? else { return Ok(()) };
    db.collection::<Document>(target)
        .update_one(doc! { "_id": id }, doc! { "$set": { "rating": summary.get("rating").cloned() } })
        .session(&mut *session)
        .await?;
    Ok(())
}

/// Every rated product's and partner's summary, recomputed in one aggregation each that writes through `$merge`
/// (for a store nobody is rating yet: import and generation). The unrated keep theirs. Running it twice changes
/// nothing.
pub async fn refresh_summaries(db: &Database) -> mongodb::error::Result<()> {
    for rated in Rated::ALL {
        refresh(db, rated).await?;
    }
    Ok(())
}

/// Every rated product's (or partner's) summary, as `refresh_summaries`.
pub async fn refresh(db: &Database, rated: Rated) -> mongodb::error::Result<()> {
    let (target, ratings, key) = rated.collections();
    let mut pipeline = summary_pipeline(key, doc! {});
    pipeline
        .push(doc! { "$merge": { "into": target, "on": "_id", "whenMatched": "merge", "whenNotMatched": "discard" } });
    db.collection::<Document>(ratings).aggregate(pipeline).await?;
    Ok(())
}

/// Finds summaries that disagree with their ratings (written by an older version, or by hand) and corrects them,
/// each guarded by the value read first: a rating committed meanwhile wrote the right value and is left alone.
/// Returns how many were corrected.
pub async fn repair_summaries(db: &Database) -> mongodb::error::Result<u64> {
    let mut repaired = 0;
    for rated in Rated::ALL {
        repaired += repair(db, rated).await?;
    }
    Ok(repaired)
}

async fn repair(db: &Database, rated: Rated) -> mongodb::error::Result<u64> {
    let (target, ratings, key) = rated.collections();
    let documents = db.collection::<Document>(target);
    let stored: HashMap<String, Bson> = documents
        .find(doc! { "rating.count": { "$exists": true } })
        .projection(doc! { "rating": 1 })
        .await?
        .try_filter_map(|product| async move {
            Ok(product.get_str("_id").ok().map(str::to_owned).zip(product.get("rating").cloned()))
        })
        .try_collect()
        .await?;
    let mut computed = db.collection::<Document>(ratings).aggregate(summary_pipeline(key, doc! {})).await?;
    let mut repaired = 0;
    while let Some(summary) = computed.try_next().await? {
        let (Ok(id), Some(rating)) = (summary.get_str("_id"), summary.get("rating")) else { continue };
        let Some(before) = stored.get(id) else { continue };
        if same_summary(before, rating) {
            continue;
        }
        let result = documents
            .update_one(doc! { "_id": id, "rating": before.clone() }, doc! { "$set": { "rating": rating.clone() } })
            .await?;
        repaired += result.modified_count;
    }
    if repaired > 0 {
        tracing::warn!(
            repaired,
            collection = target,
            "rating summaries disagreed with their ratings and were corrected"
        );
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

/// The ratings matching `filter`, grouped per rated document (named by `key`) into `{_id, rating: {average,
/// count}}` (on the `product_stars` / `partner_ratings_partner` index when filtered by one).
fn summary_pipeline(key: &str, filter: Document) -> Vec<Document> {
    vec![
        doc! { "$match": filter },
        doc! { "$group": { "_id": format!("${key}"), "average": { "$avg": "$stars" }, "count": { "$sum": 1 } } },
        doc! { "$project": { "_id": 1, "rating": { "average": { "$round": ["$average", 2] }, "count": "$count" } } },
    ]
}
