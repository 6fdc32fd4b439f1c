//! A product's stock as the back office sees it (on the shelf and in shoppers' carts, per store or warehouse), and
//! an admin's adjustment: set the counted units, add received goods, remove damaged ones. An adjustment is one
//! transaction: the stock update guarded by the level it read, the day's inventory level under its reason, the
//! product's `in_stock`, and the audit entry. Units in carts stay reserved: a count below them, or a removal of
//! more than the free units, is refused.

use mongodb::bson::{doc, Document};
use mongodb::options::UpdateModifications;
use mongodb::{ClientSession, Database};

use crate::model::back_office::{Choice, LocationStock, StockAdjustment, StockChange, StockReason};
use crate::model::batches::{self, Batch};
use crate::model::location::StockLocation;
use crate::model::product::ProductDetails;
use crate::model::stock::{FreshStock, WarehouseStock};
use crate::model::Timestamp;
use crate::server::collections::{CARTS, FRESH_STOCK, INVENTORY_LEVELS, PRODUCTS, WAREHOUSE_STOCK};
use crate::server::maintenance::levels::{self, Change};
use crate::server::mongo::bulk;
use crate::server::orders::audit;

/// Why an adjustment was refused, in words for the admin.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    #[error("There is no such product.")]
    UnknownProduct,
    #[error("This product is not held there. Choose one of the places listed.")]
    UnknownLocation,
    #[error("{counted} counted is fewer than the {in_carts} units in shoppers' carts, which are still on the shelf until they check out or their carts expire.")]
    BelowReserved { counted: i64, in_carts: i64 },
    #[error("Only {free} units there are not in shoppers' carts: remove at most that many.")]
    MoreThanFree { free: i64 },
}

#[derive(Debug, thiserror::Error)]
pub enum AdjustError {
    #[error("{0}")]
    Refused(Refusal),
    #[error("the database failed: {0}")]
    Database(mongodb::error::Error),
}

impl From<mongodb::error::Error> for AdjustError {
    fn from(err: mongodb::error::Error) -> Self {
        match err.get_custom::<Refusal>() {
            Some(refusal) => AdjustError::Refused(refusal.clone()),
            None => AdjustError::Database(err),
        }
    }
}

fn refuse(refusal: Refusal) -> mongodb::error::Error {
    mongodb::error::Error::custom(refusal)
}

/// The free units after the change, from the free units and those in carts now; or why not.
pub fn free_after(change: StockChange, free: i64, in_carts: i64) -> Result<i64, Refusal> {
    match change {
        StockChange::Set(counted) if counted < in_carts => Err(Refusal::BelowReserved { counted, in_carts }),
        StockChange::Set(counted) => Ok(counted - in_carts),
        StockChange::Add(units) => Ok(free + units),
        StockChange::Remove(units) if units > free => Err(Refusal::MoreThanFree { free }),
        StockChange::Remove(units) => Ok(free - units),
    }
}

/// Where a product is held, with its free units and the units in carts, by place.
pub async fn stock_of(db: &Database, product_id: &str, fresh: bool) -> mongodb::error::Result<Vec<LocationStock>> {
    let mut session = db.client().start_session().await?;
    let held = held(db, &mut session, product_id, fresh).await?;
    let names = crate::server::cart::site_names(db, held.iter().map(|(at, _)| at)).await?;
    let mut stock = Vec::with_capacity(held.len());
    for (location, on_shelf) in held {
        let in_carts = in_carts(db, &mut session, product_id, &location).await?;
        let name = names.get(&location).cloned().unwrap_or_else(|| "An unknown place".into());
        stock.push(LocationStock { location, name, on_shelf, in_carts });
    }
    Ok(stock)
}

/// Each place holding the product and its free units, read in `session`.
async fn held(
    db: &Database,
    session: &mut ClientSession,
    product_id: &str,
    fresh: bool,
) -> mongodb::error::Result<Vec<(StockLocation, i64)>> {
    if fresh {
        // Every region's stores: the back office sees the whole shop.
        let mut cursor = db
            .collection::<FreshStock>(FRESH_STOCK)
            .find(crate::server::stock::fresh_of(product_id, None))
            .session(&mut *session)
            .await?;
        let mut held = Vec::new();
        while let Some(stock) = cursor.next(&mut *session).await {
            held.extend(stock?.stores.into_iter().map(|s| (StockLocation::Store(s.store_id), s.quantity)));
        }
        Ok(held)
    } else {
        let mut cursor = db
            .collection::<WarehouseStock>(WAREHOUSE_STOCK)
            .find(doc! { "product_id": product_id })
            .session(&mut *session)
            .await?;
        let mut held = Vec::new();
        while let Some(stock) = cursor.next(&mut *session).await {
            let stock = stock?;
            held.push((StockLocation::Warehouse(stock.warehouse_id), stock.quantity));
        }
        Ok(held)
    }
}

/// Units of the product reserved from `at` in active carts (on the `active_carts_by_product` index).
async fn in_carts(
    db: &Database,
    session: &mut ClientSession,
    product_id: &str,
    at: &StockLocation,
) -> mongodb::error::Result<i64> {
    let from = mongodb::bson::to_bson(at)?;
    let pipeline = [
        doc! { "$match": { "status": "active", "items.product_id": product_id } },
        doc! { "$unwind": "$items" },
        doc! { "$match": { "items.product_id": product_id, "items.reserved_from": from } },
        doc! { "$group": { "_id": null, "units": { "$sum": "$items.quantity" } } },
    ];
    let mut cursor = db.collection::<Document>(CARTS).aggregate(pipeline).session(&mut *session).await?;
    let total = cursor.next(&mut *session).await.transpose()?;
    Ok(total
        .and_then(|total| total.get_i64("units").ok().or_else(|| total.get_i32("units").ok().map(i64::from)))
        .unwrap_or(0))
}

/// Applies the adjustment; returns the place's stock after it.
pub async fn adjust(
    db: &Database,
    product_id: &str,
    adjustment: StockAdjustment,
    by: &str,
) -> Result<LocationStock, AdjustError> {
    let (db_in, product_id, by) = (db.clone(), product_id.to_string(), by.to_string());
    let mut session = db.client().start_session().await?;
    let after = session
        .start_transaction()
        .and_run2(async move |session| {
            let db = &db_in;
            let product = db
                .collection::<Document>(PRODUCTS)
                .find_one(doc! { "_id": &product_id })
                .projection(doc! { "details.kind": 1, "details.shelf_life_days": 1 })
                .session(&mut *session)
                .await?
                .ok_or_else(|| refuse(Refusal::UnknownProduct))?;
            let details = product.get_document("details").ok();
            let fresh = details.and_then(|d| d.get_str("kind").ok()).is_some_and(|kind| kind == "fresh");
            let shelf_life = details
                .and_then(|d| {
                    d.get_i64("shelf_life_days").ok().or_else(|| d.get_i32("shelf_life_days").ok().map(i64::from))
                })
                .and_then(|days| u32::try_from(days).ok());
            let at = &adjustment.location;
            let free = held(db, session, &product_id, fresh)
                .await?
                .into_iter()
                .find(|(place, _)| place == at)
                .map(|(_, free)| free)
                .ok_or_else(|| refuse(Refusal::UnknownLocation))?;
            let reserved = in_carts(db, session, &product_id, at).await?;
            let new_free = free_after(adjustment.change, free, reserved).map_err(refuse)?;
            let delta = new_free - free;
            write_stock(db, session, &product_id, at, free, delta, shelf_life).await?;
            let change = match adjustment.reason {
                StockReason::Received => Change::Received(delta.unsigned_abs()),
                StockReason::Damaged => Change::Damaged(delta.unsigned_abs()),
                StockReason::CountCorrection => Change::Corrected(delta),
            };
            let level = levels::record_statement(&product_id, at, Timestamp::now(), new_free, change);
            bulk::update_batch_in(db, session, INVENTORY_LEVELS, vec![level])
                .await
                .map_err(bulk::BulkError::into_driver_error)?;
            set_in_stock(db, session, &product_id, fresh).await?;
            let describe = |free: i64| format!("{free} on the shelf, {reserved} in carts at {}", place_id(at));
            let entry = audit::Action {
                by: &by,
                action: "adjust stock",
                order_id: None,
                partner_id: None,
                product_id: Some(&product_id),
                before: describe(free),
                after: describe(new_free),
                note: Some(adjustment.reason.label().to_string()),
            };
            audit::record(db, session, entry).await?;
            Ok(LocationStock { location: at.clone(), name: String::new(), on_shelf: new_free, in_carts: reserved })
        })
        .await?;
    Ok(after)
}

/// Moves the free units at `at` by `delta`, guarded by the level read in this transaction. In a store, units added
/// are a new batch good for the product's shelf life from today; units removed come off the oldest batches.
async fn write_stock(
    db: &Database,
    session: &mut ClientSession,
    product_id: &str,
    at: &StockLocation,
    free: i64,
    delta: i64,
    shelf_life: Option<u32>,
) -> mongodb::error::Result<()> {
    if delta == 0 {
        return Ok(());
    }
    let region = crate::server::places::region_of(db, at).await?;
    let (collection, mut filter, update) = match at {
        StockLocation::Store(store_id) => {
            let update: UpdateModifications = if delta > 0 {
                let arriving = Batch::arriving(Timestamp::now(), shelf_life, delta);
                crate::server::stock::add_to_store(store_id, &[arriving])?.into()
            } else {
                let held = store_batches(db, session, region.as_deref(), product_id, store_id).await?;
                let left = mongodb::bson::to_bson(&batches::remove_earliest(&held, -delta))?;
                doc! { "$set": { "stores.$.batches": left }, "$inc": { "stores.$.quantity": delta, "total": delta } }
                    .into()
            };
            (
                FRESH_STOCK,
                doc! { "product_id": product_id, "stores": { "$elemMatch": { "store_id": store_id, "quantity": free } } },
                update,
            )
        }
        StockLocation::Warehouse(warehouse_id) => (
            WAREHOUSE_STOCK,
            doc! { "product_id": product_id, "warehouse_id": warehouse_id, "quantity": free },
            doc! { "$inc": { "quantity": delta } }.into(),
        ),
    };
    filter.insert("region", region);
    let updated = db.collection::<Document>(collection).update_one(filter, update).session(&mut *session).await?;
    if updated.matched_count == 0 {
        // A concurrent change is a write conflict inside the transaction (retried); this guards the rest.
        return Err(mongodb::error::Error::custom("the stock changed while it was adjusted; adjust it again"));
    }
    Ok(())
}

/// A store's batches of the product, read in `session`.
async fn store_batches(
    db: &Database,
    session: &mut ClientSession,
    region: Option<&str>,
    product_id: &str,
    store_id: &str,
) -> mongodb::error::Result<Vec<Batch>> {
    let (collection, filter) =
        crate::server::stock::held_at(region, product_id, &StockLocation::Store(store_id.to_string()));
    let stock = db.collection::<FreshStock>(collection).find_one(filter).session(&mut *session).await?;
    Ok(stock
        .and_then(|stock| stock.stores.into_iter().find(|store| store.store_id == store_id))
        .map(|store| store.batches)
        .unwrap_or_default())
}

/// `in_stock` from every place holding the product, after the change.
async fn set_in_stock(
    db: &Database,
    session: &mut ClientSession,
    product_id: &str,
    fresh: bool,
) -> mongodb::error::Result<()> {
    let any = held(db, session, product_id, fresh).await?.iter().any(|(_, free)| *free > 0);
    db.collection::<Document>(PRODUCTS)
        .update_one(doc! { "_id": product_id }, doc! { "$set": { "in_stock": any } })
        .session(&mut *session)
        .await?;
    Ok(())
}

fn place_id(at: &StockLocation) -> String {
    match at {
        StockLocation::Store(id) => format!("store {id}"),
        StockLocation::Warehouse(id) => format!("warehouse {id}"),
    }
}

/// Whether a product's kind is held in stores (fresh food) rather than the warehouse.
pub fn is_fresh(details: &ProductDetails) -> bool {
    matches!(details, ProductDetails::Fresh(_))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn units_in_carts_stay_reserved_whatever_the_adjustment() {
        assert_eq!(free_after(StockChange::Set(10), 7, 3), Ok(7));
        assert_eq!(free_after(StockChange::Set(3), 7, 3), Ok(0));
        assert_eq!(free_after(StockChange::Set(2), 7, 3), Err(Refusal::BelowReserved { counted: 2, in_carts: 3 }));
        assert_eq!(free_after(StockChange::Add(5), 7, 3), Ok(12));
        assert_eq!(free_after(StockChange::Remove(7), 7, 3), Ok(0));
        assert_eq!(free_after(StockChange::Remove(8), 7, 3), Err(Refusal::MoreThanFree { free: 7 }));
    }
}
