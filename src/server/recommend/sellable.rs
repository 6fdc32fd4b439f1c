//! What may be recommended to a customer of each region: a buyable product (on sale, in stock somewhere) that is
//! sold there (priced in the region's currency) and can reach them: fresh food from their region's own stores,
//! other goods from any region's warehouse (they ship everywhere, as a cart takes them).

use std::collections::{HashMap, HashSet};

use futures::TryStreamExt;
use mongodb::bson::{doc, Document};
use mongodb::Database;
use serde::Deserialize;

use super::entries::Buyable;
use crate::model::customer::RecommendedProduct;
use crate::model::region::Regions;
use crate::server::collections::{FRESH_STOCK, WAREHOUSE_STOCK};

/// Where products have units: fresh food by region (none: not yet split per region, so any), other goods anywhere.
#[derive(Debug, Default)]
pub struct Stocked {
    fresh: HashSet<(String, Option<String>)>,
    shipped: HashSet<String>,
}

impl Stocked {
    fn reaches(&self, product_id: &str, region: &str) -> bool {
        let fresh_in =
            |region: Option<&str>| self.fresh.contains(&(product_id.to_string(), region.map(str::to_string)));
        self.shipped.contains(product_id) || fresh_in(Some(region)) || fresh_in(None)
    }
}

#[derive(Deserialize)]
struct Held {
    product_id: String,
    #[serde(default)]
    region: Option<String>,
}

/// Where every product has units (`in_region`: None, for the job), or `ids`' fresh units in one region and their
/// warehouse units anywhere (a customer's refresh).
pub async fn stocked(db: &Database, in_region: Option<(&str, &[String])>) -> mongodb::error::Result<Stocked> {
    let (mut fresh_filter, mut shipped_filter) = (doc! { "total": { "$gt": 0 } }, doc! { "quantity": { "$gt": 0 } });
    if let Some((region, ids)) = in_region {
        fresh_filter =
            doc! { "region": { "$in": [region, null] }, "product_id": { "$in": ids }, "total": { "$gt": 0 } };
        shipped_filter.insert("product_id", doc! { "$in": ids });
    }
    let held = |collection: &'static str, filter: Document| async move {
        db.collection::<Held>(collection)
            .find(filter)
            .projection(doc! { "_id": 0, "product_id": 1, "region": 1 })
            .batch_size(10_000)
            .await?
            .try_collect::<Vec<Held>>()
            .await
    };
    let (fresh, shipped) = tokio::try_join!(held(FRESH_STOCK, fresh_filter), held(WAREHOUSE_STOCK, shipped_filter))?;
    Ok(Stocked {
        fresh: fresh.into_iter().map(|held| (held.product_id, held.region)).collect(),
        shipped: shipped.into_iter().map(|held| held.product_id).collect(),
    })
}

/// Whether a buyable product may be recommended to a customer of a region.
pub struct Sellable {
    pub stocked: Stocked,
    pub regions: Regions,
}

impl Sellable {
    /// Sold in `region` (priced in its currency) with units that reach it; any buyable product for a customer not
    /// yet stamped with a region (as before regions).
    pub fn sells(&self, product: &Buyable, region: Option<&str>) -> bool {
        let Some(region) = region.and_then(|code| self.regions.regions.iter().find(|known| known.code == code)) else {
            return true;
        };
        product.prices.get(region.currency).is_some() && self.stocked.reaches(&product.entry.product_id, &region.code)
    }

    /// Per item (by the model's index), its entry when a customer of `region` may be recommended it.
    pub fn entries(
        &self,
        items: &[String],
        buyable: &HashMap<String, Buyable>,
        region: Option<&str>,
    ) -> Vec<Option<RecommendedProduct>> {
        items
            .iter()
            .map(|id| {
                buyable.get(id).filter(|product| self.sells(product, region)).map(|product| product.entry.clone())
            })
            .collect()
    }

    /// The popular products a customer of `region` may be recommended, in order.
    pub fn popular(&self, popular: &[Buyable], region: Option<&str>) -> Vec<RecommendedProduct> {
        popular.iter().filter(|product| self.sells(product, region)).map(|product| product.entry.clone()).collect()
    }
}

/// Of `products` (best first), the first `limit` that shoppers of `region` may be recommended (the popular shelf of
/// guests and of customers without a list).
pub async fn sold_in(
    db: &Database,
    regions: &Regions,
    region: &str,
    products: Vec<Buyable>,
    limit: usize,
) -> mongodb::error::Result<Vec<RecommendedProduct>> {
    let ids: Vec<String> = products.iter().map(|product| product.entry.product_id.clone()).collect();
    let sellable = Sellable { stocked: stocked(db, Some((region, &ids))).await?, regions: regions.clone() };
    let mut sold = sellable.popular(&products, Some(region));
    sold.truncate(limit);
    Ok(sold)
}

/// What a customer of a region picks from: the model's items they may be recommended, and the popular top-up.
pub struct Shelf {
    /// Per item (by the model's index), its entry when it may be recommended.
    pub entries: Vec<Option<RecommendedProduct>>,
    pub popular: Vec<RecommendedProduct>,
}

/// Each region's shelf, and the one for customers not yet stamped with a region.
pub struct RegionalShelves {
    by_region: HashMap<String, Shelf>,
    any: Shelf,
}

impl RegionalShelves {
    pub fn new(
        sellable: &Sellable,
        items: &[String],
        buyable: &HashMap<String, Buyable>,
        popular: &[Buyable],
    ) -> RegionalShelves {
        let shelf = |region: Option<&str>| Shelf {
            entries: sellable.entries(items, buyable, region),
            popular: sellable.popular(popular, region),
        };
        let by_region =
            sellable.regions.regions.iter().map(|region| (region.code.clone(), shelf(Some(&region.code)))).collect();
        RegionalShelves { by_region, any: shelf(None) }
    }

    pub fn of(&self, region: Option<&str>) -> &Shelf {
        region.and_then(|region| self.by_region.get(region)).unwrap_or(&self.any)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::money::Money;
    use crate::model::Prices;

    fn buyable(id: &str, eur: bool) -> Buyable {
        Buyable {
            entry: RecommendedProduct {
                product_id: id.into(),
                name: id.into(),
                average_customer_rating: 4.0,
                price: Money(100),
            },
            prices: Prices { gbp: Some(Money(100)), eur: eur.then_some(Money(120)) },
        }
    }

    #[test]
    fn each_region_is_recommended_what_it_sells_and_can_reach() {
        // A book sold everywhere; British-only jam; bread baked only in British stores; cheese in both regions;
        // milk whose stock is not yet split per region.
        let products = [
            buyable("book", true),
            buyable("jam", false),
            buyable("bread", true),
            buyable("cheese", true),
            buyable("milk", true),
        ];
        let buyable: HashMap<String, Buyable> =
            products.iter().map(|product| (product.entry.product_id.clone(), product.clone())).collect();
        let stocked = Stocked {
            fresh: [("bread", "uk"), ("cheese", "uk"), ("cheese", "eu")]
                .map(|(id, region)| (id.to_string(), Some(region.to_string())))
                .into_iter()
                .chain([("milk".to_string(), None)])
                .collect(),
            shipped: ["book", "jam"].map(String::from).into(),
        };
        let sellable = Sellable { stocked, regions: Regions::default() };
        let items: Vec<String> = ["book", "jam", "bread", "cheese", "milk", "retired"].map(String::from).to_vec();
        let shelves = RegionalShelves::new(&sellable, &items, &buyable, &products);
        let names = |shelf: &Shelf| -> (Vec<String>, Vec<String>) {
            let entries = shelf.entries.iter().flatten().map(|entry| entry.product_id.clone()).collect();
            (entries, shelf.popular.iter().map(|entry| entry.product_id.clone()).collect())
        };
        let everything = vec!["book".to_string(), "jam".into(), "bread".into(), "cheese".into(), "milk".into()];
        assert_eq!(names(shelves.of(Some("uk"))), (everything.clone(), everything.clone()));
        let in_eu = vec!["book".to_string(), "cheese".into(), "milk".into()];
        assert_eq!(names(shelves.of(Some("eu"))), (in_eu.clone(), in_eu));
        assert_eq!(names(shelves.of(None)), (everything.clone(), everything), "not yet stamped: as before regions");
        assert_eq!(shelves.of(Some("eu")).entries.len(), items.len(), "one per item, by index");
    }
}
