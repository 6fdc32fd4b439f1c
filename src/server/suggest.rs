//! Suggestions while the shopper types: products whose name starts with the typed text, ignoring case and accents,
//! read from the `name_prefix` index.

use futures::TryStreamExt;
use mongodb::bson::{doc, Document};
use mongodb::options::{Collation, CollationStrength};
use mongodb::Database;

use crate::model::catalogue::{Suggestion, SUGGEST_LIMIT, SUGGEST_MIN_CHARS};
use crate::model::Category;
use crate::server::collections::PRODUCTS;

/// The `name_prefix` index's collation; a query uses the index only under exactly this collation.
pub fn name_collation() -> Collation {
    Collation::builder().locale("en".to_string()).strength(CollationStrength::Primary).build()
}

/// How many names the index hands over for each suggestion shown: the most rated of them are kept.
const CANDIDATES_PER_SUGGESTION: usize = 4;

/// Products whose name starts with `typed`, the most rated first. Too little text gives nothing.
pub async fn suggestions(db: &Database, typed: &str) -> mongodb::error::Result<Vec<Suggestion>> {
    let prefix: String = typed.split_whitespace().collect::<Vec<_>>().join(" ").chars().take(100).collect();
    if prefix.chars().count() < SUGGEST_MIN_CHARS {
        return Ok(Vec::new());
    }
    let mut found: Vec<Document> = db
        .collection::<Document>(PRODUCTS)
        .find(prefix_filter(&prefix))
        .collation(name_collation())
        .projection(doc! { "name": 1, "category": 1, "rating.count": 1 })
        .limit((SUGGEST_LIMIT * CANDIDATES_PER_SUGGESTION) as i64)
        .await?
        .try_collect()
        .await?;
    let rated =
        |d: &Document| d.get_document("rating").ok().and_then(|r| r.get("count")).and_then(bson_int).unwrap_or(0);
    found.sort_by_key(|d| std::cmp::Reverse(rated(d)));
    // Several products may share a name (sizes, editions): one suggestion per name, the most rated.
    let mut names = std::collections::HashSet::new();
    found.retain(|d| names.insert(d.get_str("name").unwrap_or_default().to_lowercase()));
    Ok(found
        .iter()
        .filter_map(|d| {
            Some(Suggestion {
                id: d.get_str("_id").ok()?.to_owned(),
                name: d.get_str("name").ok()?.to_owned(),
                category: Category::from_slug(d.get_str("category").ok()?)?,
            })
        })
        .take(SUGGEST_LIMIT)
        .collect())
}

/// Names starting with `prefix`, under `name_collation`. U+FFFF sorts after every character under ICU collations,
/// so the range holds exactly the names with this prefix; retired products are left out. Public so that a test can
/// `explain` it.
pub fn prefix_filter(prefix: &str) -> Document {
    let mut filter = crate::server::catalogue::on_sale();
    filter.insert("name", doc! { "$gte": prefix, "$lt": format!("{prefix}\u{FFFF}") });
    filter
}

fn bson_int(value: &mongodb::bson::Bson) -> Option<i64> {
    value.as_i64().or_else(|| value.as_i32().map(i64::from))
}
