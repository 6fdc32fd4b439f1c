//! Where a new cart line's units come from: other goods from a warehouse of the shopper's region holding enough,
//! else from another region's that does (shipped across), else the one holding the most; fresh food from the store
//! the shopper picked, else the nearest store holding enough (from the customer's shipping address), else the store
//! holding the most. Fresh food only from stores that reach the shopper (their country, within the radius of their
//! address).

use futures::TryStreamExt;
use mongodb::bson::doc;
use mongodb::Database;

use crate::model::batches;
use crate::model::cart::CartError;
use crate::model::location::StockLocation;
use crate::model::region::FreshReach;
use crate::model::stock::{StoreStock, WarehouseStock};
use crate::model::{Department, Timestamp};
use crate::server::collections::{WAREHOUSES, WAREHOUSE_STOCK};

use super::CartServiceError;

pub async fn choose(
    db: &Database,
    product_id: &str,
    department: Department,
    quantity: u32,
    picked_store: Option<&str>,
    reach: Option<&FreshReach>,
) -> Result<StockLocation, CartServiceError> {
    let wanted = i64::from(quantity);
    if department != Department::Fresh {
        // The shopper's region's warehouses first, which is one shard's query once stock is sharded by region.
        let home_region = reach.map(|reach| reach.destination.region.as_str()).filter(|region| !region.is_empty());
        if let Some(region) = home_region {
            let home_held = warehouse_stock(db, doc! { "region": region, "product_id": product_id }).await?;
            if let Some(chosen) = home_held.first().filter(|held| held.quantity >= wanted) {
                return Ok(StockLocation::Warehouse(chosen.warehouse_id.clone()));
            }
        }
        // Too few there: any region's (shipped across), else the fullest.
        let held = warehouse_stock(db, doc! { "product_id": product_id }).await?;
        let home = match reach {
            Some(reach) => warehouses_of(db, &reach.destination.region).await?,
            None => Vec::new(),
        };
        return match pick_warehouse(&held, &home, wanted) {
            Some(chosen) => Ok(StockLocation::Warehouse(chosen.warehouse_id.clone())),
            None => Err(CartError::OutOfStock { available: 0 }.into()),
        };
    }
    let region = reach.map(|reach| reach.destination.region.as_str()).filter(|region| !region.is_empty());
    let Some(held) = crate::server::stock::fresh_stores(db, product_id, region).await? else {
        return Err(match reach {
            // Stocked only in other regions' stores.
            Some(reach) => CartError::NotDelivered { to: reach.destination.describe() },
            None => CartError::OutOfStock { available: 0 },
        }
        .into());
    };
    // The stores that reach the shopper, nearest first when their address is on the map (every store when the
    // caller sets no reach).
    let reachable: Option<Vec<String>> = match reach {
        Some(reach) => {
            let ids: Vec<&str> = held.iter().map(|held| held.store_id.as_str()).collect();
            let stores = crate::server::regions::reachable_stores(db, &ids, reach).await?;
            Some(stores.into_iter().map(|(store, _)| store.id).collect())
        }
        None => None,
    };
    let reaches = |store_id: &str| reachable.as_ref().is_none_or(|ids| ids.iter().any(|id| id == store_id));
    let not_delivered = || CartError::NotDelivered { to: reach.map(|r| r.destination.describe()).unwrap_or_default() };
    if let Some(picked) = picked_store.filter(|picked| !picked.is_empty()) {
        // The reservation itself says whether the picked store has enough.
        return match held.iter().find(|held| held.store_id == picked) {
            Some(held) if reaches(&held.store_id) => Ok(StockLocation::Store(held.store_id.clone())),
            Some(_) => Err(not_delivered().into()),
            // Another region's store (a page left open across a change of country) is out of reach, not unknown.
            None if region.is_some() && in_another_region(db, product_id, picked).await? => Err(not_delivered().into()),
            None => Err(CartError::UnknownStore.into()),
        };
    }
    if reachable.as_ref().is_some_and(Vec::is_empty) {
        return Err(not_delivered().into());
    }
    // Units past their best-before date are never sold, though they stay on the shelf until written off.
    let now = Timestamp::now();
    let sellable = |held: &StoreStock| batches::sellable(&held.batches, now);
    let candidates: Vec<&StoreStock> = held.iter().filter(|held| reaches(&held.store_id)).collect();
    let enough: Vec<&StoreStock> = candidates.iter().copied().filter(|held| sellable(held) >= wanted).collect();
    if enough.is_empty() {
        let most = candidates.iter().map(|held| sellable(held)).max().unwrap_or(0);
        return Err(CartError::OutOfStock { available: most }.into());
    }
    // Nearest first when the shopper's place is known; else the store holding the most.
    if reach.is_some_and(|reach| reach.destination.point.is_some()) {
        let nearest = reachable.iter().flatten().find(|id| enough.iter().any(|held| &held.store_id == *id));
        if let Some(id) = nearest {
            return Ok(StockLocation::Store(id.clone()));
        }
    }
    let most = enough.iter().max_by_key(|held| sellable(held)).expect("enough is not empty");
    Ok(StockLocation::Store(most.store_id.clone()))
}

/// Whether the store holds the product in its own region (asked when the shopper's region's stores do not).
async fn in_another_region(db: &Database, product_id: &str, store_id: &str) -> mongodb::error::Result<bool> {
    let store = StockLocation::Store(store_id.to_string());
    let region = crate::server::places::region_of(db, &store).await?;
    let (collection, filter) = crate::server::stock::held_at(region.as_deref(), product_id, &store);
    Ok(db.collection::<mongodb::bson::Document>(collection).find_one(filter).await?.is_some())
}

/// The warehouses' records of a product matching `filter`, most units first.
async fn warehouse_stock(
    db: &Database,
    filter: mongodb::bson::Document,
) -> mongodb::error::Result<Vec<WarehouseStock>> {
    let found = db.collection::<WarehouseStock>(WAREHOUSE_STOCK).find(filter).sort(doc! { "quantity": -1 }).await?;
    found.try_collect().await
}

/// The ids of the warehouses of `region` (a small collection, read whole).
async fn warehouses_of(db: &Database, region: &str) -> mongodb::error::Result<Vec<String>> {
    let found: Vec<mongodb::bson::Document> = db
        .collection::<mongodb::bson::Document>(WAREHOUSES)
        .find(doc! { "region": region })
        .projection(doc! { "_id": 1 })
        .await?
        .try_collect()
        .await?;
    Ok(found.iter().filter_map(|warehouse| warehouse.get_str("_id").ok().map(str::to_string)).collect())
}

/// Of `held` (most units first): a `home` warehouse holding `wanted`, else any holding `wanted`, else the one holding
/// the most (whose reservation then says how few are left).
fn pick_warehouse<'a>(held: &'a [WarehouseStock], home: &[String], wanted: i64) -> Option<&'a WarehouseStock> {
    let enough = |stock: &&WarehouseStock| stock.quantity >= wanted;
    held.iter()
        .filter(enough)
        .find(|stock| home.contains(&stock.warehouse_id))
        .or_else(|| held.iter().find(enough))
        .or_else(|| held.first())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stock(warehouse_id: &str, quantity: i64) -> WarehouseStock {
        WarehouseStock {
            id: warehouse_id.into(),
            region: None,
            product_id: "p".into(),
            warehouse_id: warehouse_id.into(),
            quantity,
        }
    }

    #[test]
    fn the_regions_warehouse_first_then_any_with_enough_then_the_fullest() {
        // Most units first, as read.
        let held = [stock("trafford", 40), stock("venlo", 5)];
        let eu = ["venlo".to_string()];
        assert_eq!(pick_warehouse(&held, &eu, 3).unwrap().warehouse_id, "venlo", "the region's own");
        assert_eq!(pick_warehouse(&held, &eu, 6).unwrap().warehouse_id, "trafford", "shipped across when short");
        assert_eq!(pick_warehouse(&held, &[], 3).unwrap().warehouse_id, "trafford", "no region: the fullest");
        assert_eq!(pick_warehouse(&held, &eu, 41).unwrap().warehouse_id, "trafford", "none has enough");
        assert!(pick_warehouse(&[], &eu, 1).is_none());
    }
}
