//! Products as `Recommended_Products` entries (id, current name, average rating, price), read from the catalogue:
//! only products on sale and in stock are recommended, since a shopper cannot buy the others.

use std::collections::HashMap;

use futures::TryStreamExt;
use mongodb::bson::{doc, Document};
use mongodb::Database;
use serde::Deserialize;

use crate::model::customer::{RecommendationShelf, RecommendedProduct};
use crate::model::money::Currency;
use crate::model::Prices;
use crate::server::collections::PRODUCTS;

#[derive(Deserialize)]
struct Row {
    #[serde(rename = "_id")]
    id: String,
    name: String,
    #[serde(default)]
    prices: Prices,
    rating: RatingRow,
}

#[derive(Deserialize)]
struct RatingRow {
    average: f64,
}

/// A buyable product as an entry, with the currencies it is sold in (`sellable`).
#[derive(Debug, Clone, PartialEq)]
pub struct Buyable {
    pub entry: RecommendedProduct,
    pub prices: Prices,
}

impl From<Row> for Buyable {
    fn from(row: Row) -> Buyable {
        let entry = RecommendedProduct {
            product_id: row.id,
            name: row.name,
            average_customer_rating: as_shown(row.rating.average),
            // The list keeps the original's one price (in pounds); shelves show the shopper's currency's, read
            // fresh (`shelf`).
            price: row.prices.gbp.unwrap_or_default(),
        };
        Buyable { entry, prices: row.prices }
    }
}

/// An average rating to the one decimal shoppers see (`★ 4.3`), as the original's lists held it: a new rating that
/// moves a product's average by less than that leaves the lists holding it as they were, so that a night's job need
/// not rewrite them all (with two decimals, 1% new ratings changed 99% of lists).
fn as_shown(average: f64) -> f64 {
    (average * 10.0).round() / 10.0
}

/// Products a shopper can buy now: on sale (not retired) and in stock.
fn buyable() -> Document {
    let mut filter = crate::server::catalogue::on_sale();
    filter.insert("in_stock", true);
    filter
}

fn projection() -> Document {
    doc! { "name": 1, "prices": 1, "rating.average": 1 }
}

/// Every buyable product (`ids`: None), or those of `ids` that are, by id.
pub async fn in_stock(db: &Database, ids: Option<Vec<String>>) -> mongodb::error::Result<HashMap<String, Buyable>> {
    let mut filter = buyable();
    if let Some(ids) = ids {
        filter.insert("_id", doc! { "$in": ids });
    }
    let mut cursor = db.collection::<Row>(PRODUCTS).find(filter).projection(projection()).batch_size(10_000).await?;
    let mut entries = HashMap::new();
    while let Some(row) = cursor.try_next().await? {
        entries.insert(row.id.clone(), Buyable::from(row));
    }
    Ok(entries)
}

/// The most rated buyable products, best first (ties: the higher average): what anonymous shoppers
/// and customers without history are shown, and what tops up short lists. Reads the `popular` index.
pub async fn popular(db: &Database, limit: usize) -> mongodb::error::Result<Vec<Buyable>> {
    db.collection::<Row>(PRODUCTS)
        .find({
            let mut filter = buyable();
            filter.insert("rating.count", doc! { "$gt": 0 });
            filter
        })
        .sort(doc! { "rating.count": -1, "rating.average": -1 })
        .projection(projection())
        .limit(limit as i64)
        .await?
        .map_ok(Buyable::from)
        .try_collect()
        .await
}

/// A shelf of these entries with their main pictures at their prices in `currency` now, leaving out any retired
/// since the list was written or not sold in that currency.
pub async fn shelf(
    db: &Database,
    personal: bool,
    products: Vec<RecommendedProduct>,
    currency: Currency,
) -> mongodb::error::Result<RecommendationShelf> {
    let ids: Vec<String> = products.iter().map(|product| product.product_id.clone()).collect();
    let mut glimpses = crate::server::catalogue::glimpses(db, &ids).await?;
    let (products, pictures) = products
        .into_iter()
        .filter_map(|mut product| {
            let glimpse = glimpses.remove(&product.product_id).filter(|glimpse| !glimpse.retired)?;
            product.price = glimpse.prices.get(currency)?;
            Some((product, glimpse.picture))
        })
        .unzip();
    Ok(RecommendationShelf { personal, products, currency, pictures })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::money::Money;

    fn row(average: f64) -> Row {
        Row {
            id: "p1".into(),
            name: "Jam".into(),
            prices: Prices { gbp: Some(Money(250)), ..Prices::default() },
            rating: RatingRow { average },
        }
    }

    #[test]
    fn entries_carry_the_average_as_shown_so_a_small_move_changes_no_list() {
        assert_eq!(Buyable::from(row(4.26)).entry.average_customer_rating, 4.3);
        assert_eq!(Buyable::from(row(4.24)).entry.average_customer_rating, 4.2);
        assert_eq!(Buyable::from(row(0.0)).entry.average_customer_rating, 0.0);
        // 4.26 -> 4.31 after a new rating: the same list, the same digest, nothing to write.
        let before = vec![Buyable::from(row(4.26)).entry];
        let after = vec![Buyable::from(row(4.31)).entry];
        assert_eq!(crate::server::recommend::store::digest(&before), crate::server::recommend::store::digest(&after));
        assert_ne!(before, vec![Buyable::from(row(4.36)).entry]);
    }
}
