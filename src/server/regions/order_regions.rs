//! Each customer's `order_regions`: the regions holding their orders. Checkout adds an order's region to its
//! customer's list in the order's transaction; customers written before that (older stores, the importer, the
//! generator) have no list, and get one here from their orders.

use futures::TryStreamExt;
use mongodb::bson::{doc, Document};
use mongodb::Database;

use crate::server::collections::{CUSTOMERS, ORDERS};

/// Gives every customer without `order_regions` the regions of their stamped orders, in one server-side pass
/// (`$lookup` on the orders' `customer_id` index, then `$merge` back). Run after orders are stamped: an unstamped
/// order is found through its customer's own region, which is unstamped too (`CustomerRecords::theirs`).
pub async fn fill_order_regions(db: &Database) -> mongodb::error::Result<u64> {
    let customers = db.collection::<Document>(CUSTOMERS);
    let unknown = doc! { "order_regions": { "$exists": false } };
    let missing = customers.count_documents(unknown.clone()).await?;
    if missing == 0 {
        return Ok(0);
    }
    let pipeline = [
        doc! { "$match": unknown },
        doc! { "$lookup": {
            "from": ORDERS, "localField": "_id", "foreignField": "customer_id", "as": "orders",
            "pipeline": [
                { "$match": { "region": { "$type": "string" } } },
                { "$group": { "_id": "$region" } },
                { "$sort": { "_id": 1 } },
            ],
        } },
        doc! { "$project": { "order_regions": "$orders._id" } },
        doc! { "$merge": { "into": CUSTOMERS, "on": "_id", "whenMatched": "merge", "whenNotMatched": "discard" } },
    ];
    customers.aggregate(pipeline).await?.try_collect::<Vec<Document>>().await?;
    tracing::info!(customers = missing, "customers' order regions computed from their orders");
    Ok(missing)
}
