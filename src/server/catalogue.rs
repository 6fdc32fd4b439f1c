//! The catalogue service: what the shop floor reads from the products collection.

use std::collections::HashMap;

use futures::TryStreamExt;
use mongodb::bson::{doc, Document};
use mongodb::Database;

use crate::model::batches;
use crate::model::catalogue::{Availability, CategoryShelves, ProductPage, StoreStockView};
use crate::model::location::Store;
use crate::model::picture::Picture;
use crate::model::product::{Product, ProductDetails};
use crate::model::region::{FreshReach, NotDelivered};
use crate::model::stock::WarehouseStock;
use crate::model::{Category, CategoryCount, Currency, Timestamp};
use crate::server::collections::{PRODUCTS, PRODUCT_RATINGS, STORES, WAREHOUSE_STOCK};
use crate::server::listing;

/// The products shoppers may find: not retired. Every shop-floor read of many products (listings, search, shelves,
/// suggestions, recommendations) adds it; a sold product has no `retired_at` (`Product::retired_at`), which `null`
/// matches. No index holds the field: the reads it joins fetch their documents anyway.
pub fn on_sale() -> Document {
    doc! { "retired_at": null }
}

/// The products a shopper paying in `currency` may find: on sale, with a price in that currency (a product without
/// one is not sold in its regions, never shown at 0).
pub fn sold_in(currency: Currency) -> Document {
    let mut filter = on_sale();
    filter.insert(price_field(currency), doc! { "$exists": true });
    filter
}

/// `prices.EUR`: where a product's price in `currency` is stored (and indexed, with the category).
pub fn price_field(currency: Currency) -> String {
    format!("prices.{}", currency.code())
}

/// Every retired product's id, from the small `retired` index: jobs that walk the stock leave these alone.
pub async fn retired_ids(db: &Database) -> mongodb::error::Result<Vec<String>> {
    let found: Vec<Document> = db
        .collection::<Document>(PRODUCTS)
        .find(doc! { "retired_at": { "$exists": true } })
        .projection(doc! { "_id": 1 })
        .await?
        .try_collect()
        .await?;
    Ok(found.iter().filter_map(|product| product.get_str("_id").ok().map(str::to_owned)).collect())
}

/// What a cart line or a shelf shows of a product beyond its own copy of the name and price.
pub struct Glimpse {
    pub picture: Option<Picture>,
    pub retired: bool,
    pub prices: crate::model::Prices,
}

/// The glimpse of each of these products that exists: one read by `_id`, the first picture only.
pub async fn glimpses(db: &Database, ids: &[String]) -> mongodb::error::Result<HashMap<String, Glimpse>> {
    #[derive(serde::Deserialize)]
    struct Row {
        #[serde(rename = "_id")]
        id: String,
        #[serde(default)]
        pictures: Vec<Picture>,
        #[serde(default)]
        retired_at: Option<crate::model::Timestamp>,
        #[serde(default)]
        prices: crate::model::Prices,
    }
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    let rows: Vec<Row> = db
        .collection::<Row>(PRODUCTS)
        .find(doc! { "_id": { "$in": ids } })
        .projection(doc! { "pictures": { "$slice": 1 }, "retired_at": 1, "prices": 1 })
        .await?
        .try_collect()
        .await?;
    Ok(rows
        .into_iter()
        .map(|row| {
            let picture = row.pictures.into_iter().next();
            let glimpse = Glimpse { picture, retired: row.retired_at.is_some(), prices: row.prices };
            (row.id, glimpse)
        })
        .collect())
}

/// Products per category (zero when it has none yet): one count per category, all in
/// flight at once, each on the `category_price_gbp` or `_eur` index (retired ones left out).
pub async fn category_counts(db: &Database, currency: Currency) -> mongodb::error::Result<Vec<CategoryCount>> {
    let products = db.collection::<Document>(PRODUCTS);
    let counts = Category::ALL.into_iter().map(|category| {
        let mut filter = sold_in(currency);
        filter.insert("category", category.slug());
        let count = products.count_documents(filter);
        async move { Ok::<_, mongodb::error::Error>(CategoryCount { category, products: count.await? }) }
    });
    futures::future::try_join_all(counts).await
}

/// Cards on each of the home page's shelves.
const SHELF_SIZE: i64 = 4;
/// A product needs this many ratings to be called top rated: one five-star rating proves little.
const TOP_RATED_MIN_RATINGS: u32 = 3;

/// The home page's shelves: each category's best rated and newest products, fourteen small reads on the
/// `category_rating` and `category_newest` indexes, all in flight at once.
pub async fn category_shelves(db: &Database, currency: Currency) -> mongodb::error::Result<Vec<CategoryShelves>> {
    let products = db.collection::<Document>(PRODUCTS);
    let shelf = |mut filter: Document, sort: Document| {
        filter.extend(sold_in(currency));
        let find = products.find(filter).sort(sort).projection(listing::card_fields(false)).limit(SHELF_SIZE);
        async move { listing::cards(find.await?, currency).await }
    };
    let shelves = Category::ALL.into_iter().map(|category| {
        let top_rated = shelf(
            doc! { "category": category.slug(), "rating.count": { "$gte": TOP_RATED_MIN_RATINGS } },
            doc! { "rating.average": -1, "_id": 1 },
        );
        let newest = shelf(doc! { "category": category.slug() }, doc! { "created_at": -1, "_id": 1 });
        async move {
            let (top_rated, newest) = futures::try_join!(top_rated, newest)?;
            Ok::<_, mongodb::error::Error>(CategoryShelves { category, top_rated, newest })
        }
    });
    futures::future::try_join_all(shelves).await
}

/// The product page's data: the product, its stars histogram (one aggregation on the `product_stars` index) and its
/// stock. None when no product has this id.
pub async fn product_page(
    db: &Database,
    id: &str,
    reach: Option<&FreshReach>,
    currency: Currency,
) -> mongodb::error::Result<Option<ProductPage>> {
    let Some(product) = db.collection::<Product>(PRODUCTS).find_one(doc! { "_id": id }).await? else {
        return Ok(None);
    };
    let pipeline = stars_pipeline(id);
    let mut stars_histogram = [0u32; 5];
    let groups: Vec<Document> =
        db.collection::<Document>(PRODUCT_RATINGS).aggregate(pipeline).await?.try_collect().await?;
    for group in groups {
        let stars = group.get_i64("_id").or_else(|_| group.get_i32("_id").map(i64::from)).unwrap_or(0);
        let count = group.get_i32("count").map(|c| c as u32).unwrap_or(0);
        if (1..=5).contains(&stars) {
            stars_histogram[stars as usize - 1] = count;
        }
    }
    let (availability, not_delivered) = availability(db, &product, reach).await?;
    Ok(Some(ProductPage { product, stars_histogram, availability, not_delivered, currency }))
}

/// A product's ratings counted by stars, on the `product_stars` index; public so that a test can `explain` it.
pub fn stars_pipeline(product_id: &str) -> Vec<Document> {
    vec![
        doc! { "$match": { "product_id": product_id } },
        doc! { "$group": { "_id": "$stars", "count": { "$sum": 1 } } },
    ]
}

/// Fresh food: the stock of each store that reaches the shopper (`reach`; every store when None), nearest first when
/// their address is on the map, else the most stocked first; when no store reaches them, where the nearest is.
/// Other goods: the warehouse's.
async fn availability(
    db: &Database,
    product: &Product,
    reach: Option<&FreshReach>,
) -> mongodb::error::Result<(Availability, Option<NotDelivered>)> {
    if matches!(product.details, ProductDetails::Fresh(_)) {
        let region = reach.map(|reach| reach.destination.region.as_str()).filter(|region| !region.is_empty());
        let Some(held) = crate::server::stock::fresh_stores(db, &product.id, region).await? else {
            return Ok(match reach {
                // Stocked only in other regions' stores.
                Some(reach) => (
                    Availability::Stores(Vec::new()),
                    Some(crate::server::regions::not_delivered(db, &[], reach).await?),
                ),
                None => (Availability::Unknown, None),
            });
        };
        let ids: Vec<&str> = held.iter().map(|s| s.store_id.as_str()).collect();
        let stores = match reach {
            Some(reach) => crate::server::regions::reachable_stores(db, &ids, reach).await?,
            None => {
                let all = db.collection::<Store>(STORES).find(doc! { "_id": { "$in": &ids } }).await?;
                all.try_collect::<Vec<Store>>().await?.into_iter().map(|store| (store, None)).collect()
            }
        };
        let not_delivered = match (reach, stores.is_empty() && !ids.is_empty()) {
            (Some(reach), true) => Some(crate::server::regions::not_delivered(db, &ids, reach).await?),
            _ => None,
        };
        let now = Timestamp::now();
        let mut views: Vec<StoreStockView> = stores
            .iter()
            .filter_map(|(store, distance_m)| {
                let held = held.iter().find(|held| held.store_id == store.id)?;
                Some(StoreStockView {
                    store_id: store.id.clone(),
                    store: store.name.clone(),
                    address: format!("{}, {}", store.address.line1, store.address.city),
                    quantity: batches::sellable(&held.batches, now),
                    best_before: batches::next_best_before(&held.batches, now),
                    distance_km: distance_m.map(|m| m / 1000.0),
                })
            })
            .collect();
        if views.iter().all(|view| view.distance_km.is_none()) {
            views.sort_by(|a, b| b.quantity.cmp(&a.quantity).then_with(|| a.store.cmp(&b.store)));
        }
        return Ok((Availability::Stores(views), not_delivered));
    }
    let held: Vec<WarehouseStock> = db
        .collection::<WarehouseStock>(WAREHOUSE_STOCK)
        .find(doc! { "product_id": &product.id })
        .await?
        .try_collect()
        .await?;
    Ok((
        if held.is_empty() {
            Availability::Unknown
        } else {
            Availability::Warehouse { quantity: held.iter().map(|s| s.quantity).sum() }
        },
        None,
    ))
}
