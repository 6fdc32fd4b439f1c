//! The catalogue service: what the shop floor reads from the products collection.

use std::collections::HashMap;

use futures::TryStreamExt;
use mongodb::bson::{doc, Document};
use mongodb::Database;

use crate::model::{Category, CategoryCount};
use crate::server::collections::PRODUCTS;

/// Products per category in one aggregation, every category listed (zero when it has none yet).
pub async fn category_counts(db: &Database) -> mongodb::error::Result<Vec<CategoryCount>> {
    let pipeline = [doc! { "$group": { "_id": "$category", "products": { "$sum": 1 } } }];
    let groups: Vec<Document> = db.collection::<Document>(PRODUCTS).aggregate(pipeline).await?.try_collect().await?;
    let by_slug: HashMap<String, u64> = groups
        .iter()
        .filter_map(|group| {
            let slug = group.get_str("_id").ok()?;
            let products = group.get_i32("products").map(i64::from).or_else(|_| group.get_i64("products")).ok()?;
            Some((slug.to_owned(), u64::try_from(products).unwrap_or(0)))
        })
        .collect();
    Ok(Category::ALL
        .into_iter()
        .map(|category| CategoryCount { category, products: by_slug.get(category.slug()).copied().unwrap_or(0) })
        .collect())
}
