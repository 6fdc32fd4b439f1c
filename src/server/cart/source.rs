//! Where a new cart line's units come from: other goods from the warehouse, fresh food from the store the shopper
//! picked, else the nearest store holding enough (from the customer's shipping address), else the store holding
//! the most.

use futures::TryStreamExt;
use mongodb::bson::doc;
use mongodb::Database;

use crate::model::address::GeoPoint;
use crate::model::batches;
use crate::model::cart::CartError;
use crate::model::location::StockLocation;
use crate::model::stock::{FreshStock, StoreStock, WarehouseStock};
use crate::model::{Department, Timestamp};
use crate::server::collections::{FRESH_STOCK, WAREHOUSE_STOCK};

use super::CartServiceError;

pub async fn choose(
    db: &Database,
    product_id: &str,
    department: Department,
    quantity: u32,
    picked_store: Option<&str>,
    near: Option<&GeoPoint>,
) -> Result<StockLocation, CartServiceError> {
    let wanted = i64::from(quantity);
    if department != Department::Fresh {
        let held: Vec<WarehouseStock> = db
            .collection::<WarehouseStock>(WAREHOUSE_STOCK)
            .find(doc! { "product_id": product_id })
            .sort(doc! { "quantity": -1 })
            .await?
            .try_collect()
            .await?;
        return match held.into_iter().next() {
            Some(most) => Ok(StockLocation::Warehouse(most.warehouse_id)),
            None => Err(CartError::OutOfStock { available: 0 }.into()),
        };
    }
    let Some(stock) = db.collection::<FreshStock>(FRESH_STOCK).find_one(doc! { "product_id": product_id }).await?
    else {
        return Err(CartError::OutOfStock { available: 0 }.into());
    };
    if let Some(picked) = picked_store.filter(|picked| !picked.is_empty()) {
        // The reservation itself says whether the picked store has enough.
        return match stock.stores.iter().find(|held| held.store_id == picked) {
            Some(held) => Ok(StockLocation::Store(held.store_id.clone())),
            None => Err(CartError::UnknownStore.into()),
        };
    }
    // Units past their best-before date are never sold, though they stay on the shelf until written off.
    let now = Timestamp::now();
    let sellable = |held: &StoreStock| batches::sellable(&held.batches, now);
    let enough: Vec<&str> =
        stock.stores.iter().filter(|held| sellable(held) >= wanted).map(|held| held.store_id.as_str()).collect();
    if enough.is_empty() {
        let most = stock.stores.iter().map(sellable).max().unwrap_or(0);
        return Err(CartError::OutOfStock { available: most }.into());
    }
    if near.is_some() {
        let nearest = crate::server::catalogue::stores_by_distance(db, &enough, near).await?;
        if let Some((store, _)) = nearest.into_iter().next() {
            return Ok(StockLocation::Store(store.id));
        }
    }
    let most = stock.stores.iter().filter(|held| sellable(held) >= wanted).max_by_key(|held| sellable(held));
    Ok(StockLocation::Store(most.expect("enough is not empty").store_id.clone()))
}
