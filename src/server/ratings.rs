//! The ratings service: what customers think of products and delivery partners.

use mongodb::bson::doc;
use mongodb::Database;

use crate::server::collections::{PRODUCTS, PRODUCT_RATINGS};

/// Recomputes every rated product's `rating` summary (average and count) from its ratings, in one aggregation that
/// writes through `$merge`. Products without ratings keep theirs. Running it twice changes nothing.
pub async fn refresh_product_summaries(db: &Database) -> mongodb::error::Result<()> {
    let pipeline = [
        doc! { "$group": { "_id": "$product_id", "average": { "$avg": "$stars" }, "count": { "$sum": 1 } } },
        doc! { "$project": { "_id": 1, "rating": { "average": { "$round": ["$average", 2] }, "count": "$count" } } },
        doc! { "$merge": { "into": PRODUCTS, "on": "_id", "whenMatched": "merge", "whenNotMatched": "discard" } },
    ];
    db.collection::<mongodb::bson::Document>(PRODUCT_RATINGS).aggregate(pipeline).await?;
    Ok(())
}
