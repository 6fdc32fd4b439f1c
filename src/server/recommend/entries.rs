//! Products as `Recommended_Products` entries (id, current name, average rating, price), read from the catalogue:
//! only products in stock are recommended, since a shopper cannot buy the others.

use std::collections::HashMap;

use futures::TryStreamExt;
use mongodb::bson::{doc, Document};
use mongodb::Database;
use serde::Deserialize;

use crate::model::customer::RecommendedProduct;
use crate::model::money::Money;
use crate::server::collections::{CUSTOMERS, PRODUCTS};

#[derive(Deserialize)]
struct Row {
    #[serde(rename = "_id")]
    id: String,
    name: String,
    price: Money,
    rating: RatingRow,
}

#[derive(Deserialize)]
struct RatingRow {
    average: f64,
}

impl From<Row> for RecommendedProduct {
    fn from(row: Row) -> RecommendedProduct {
        RecommendedProduct {
            product_id: row.id,
            name: row.name,
            average_customer_rating: row.rating.average,
            price: row.price,
        }
    }
}

fn projection() -> Document {
    doc! { "name": 1, "price": 1, "rating.average": 1 }
}

/// Every product in stock (`ids`: None), or those of `ids` in stock, by id.
pub async fn in_stock(
    db: &Database,
    ids: Option<Vec<String>>,
) -> mongodb::error::Result<HashMap<String, RecommendedProduct>> {
    let mut filter = doc! { "in_stock": true };
    if let Some(ids) = ids {
        filter.insert("_id", doc! { "$in": ids });
    }
    let mut cursor = db.collection::<Row>(PRODUCTS).find(filter).projection(projection()).batch_size(10_000).await?;
    let mut entries = HashMap::new();
    while let Some(row) = cursor.try_next().await? {
        entries.insert(row.id.clone(), RecommendedProduct::from(row));
    }
    Ok(entries)
}

/// The most rated products in stock, best first (ties: the higher average): what anonymous shoppers
/// and customers without history are shown, and what tops up short lists. Reads the `popular` index.
pub async fn popular(db: &Database, limit: usize) -> mongodb::error::Result<Vec<RecommendedProduct>> {
    db.collection::<Row>(PRODUCTS)
        .find(doc! { "in_stock": true, "rating.count": { "$gt": 0 } })
        .sort(doc! { "rating.count": -1, "rating.average": -1 })
        .projection(projection())
        .limit(limit as i64)
        .await?
        .map_ok(RecommendedProduct::from)
        .try_collect()
        .await
}

/// A customer's embedded list, read as is (one lookup by `_id`); empty for an unknown customer or before any run.
pub async fn customer_list(db: &Database, customer_id: &str) -> mongodb::error::Result<Vec<RecommendedProduct>> {
    #[derive(Deserialize)]
    struct Lists {
        #[serde(rename = "Recommended_Products", default)]
        recommended_products: Vec<RecommendedProduct>,
    }
    let found = db
        .collection::<Lists>(CUSTOMERS)
        .find_one(doc! { "_id": customer_id })
        .projection(doc! { "_id": 0, "Recommended_Products": 1 })
        .await?;
    Ok(found.map(|lists| lists.recommended_products).unwrap_or_default())
}
