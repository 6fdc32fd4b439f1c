//! Restocking: every store holding fewer than its threshold of a fresh product, and the warehouse holding fewer than
//! its threshold of another product, is topped up to the target level, and the day's inventory level records it.
//!
//! A batch of stock records is restocked in one transaction: it reads the low levels and adds exactly what lifts
//! each to the target, guarded by the level it read, so a reservation committed meanwhile makes the transaction
//! retry against the new level instead of overshooting the target.

use std::collections::HashMap;

use mongodb::bson::{doc, Bson, Document};
use mongodb::{ClientSession, Database};

use super::levels::{self, Change};
use super::settings::RestockSettings;
use super::{ids, in_id_order, MaintenanceError};
use crate::model::batches::Batch;
use crate::model::location::StockLocation;
use crate::model::product::{Product, ProductDetails};
use crate::model::stock::{FreshStock, WarehouseStock};
use crate::model::Timestamp;
use crate::server::cart;
use crate::server::collections::{FRESH_STOCK, INVENTORY_LEVELS, PRODUCTS, WAREHOUSE_STOCK};
use crate::server::mongo::bulk::{self, update_statement};

/// Stock records per transaction: small enough to stay well inside a transaction's limits and to retry cheaply.
const RECORDS_PER_TRANSACTION: usize = 200;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Restocked {
    pub locations: u64,
    pub units: u64,
}

impl std::ops::AddAssign for Restocked {
    fn add_assign(&mut self, other: Restocked) {
        self.locations += other.locations;
        self.units += other.units;
    }
}

/// Fresh products held below the store threshold somewhere; `retired` products are not restocked.
pub fn low_fresh_filter(settings: &RestockSettings, retired: &[String]) -> Document {
    doc! {
        "stores": { "$elemMatch": { "quantity": { "$lt": settings.store_threshold } } },
        "product_id": { "$nin": retired },
    }
}

/// Other products held below the warehouse threshold; `retired` products are not restocked.
pub fn low_warehouse_filter(settings: &RestockSettings, retired: &[String]) -> Document {
    doc! { "quantity": { "$lt": settings.warehouse_threshold }, "product_id": { "$nin": retired } }
}

/// Restocks every low location. `progress(done, total)` follows the stock records.
pub async fn restock_low_stock(
    db: &Database,
    settings: &RestockSettings,
    progress: impl Fn(u64, u64),
) -> Result<Restocked, MaintenanceError> {
    let retired = crate::server::catalogue::retired_ids(db).await?;
    let fresh = ids(db, FRESH_STOCK, low_fresh_filter(settings, &retired), in_id_order()).await?;
    let warehouse = ids(db, WAREHOUSE_STOCK, low_warehouse_filter(settings, &retired), in_id_order()).await?;
    let total = (fresh.len() + warehouse.len()) as u64;
    progress(0, total);
    let mut restocked = Restocked::default();
    let mut done = 0;
    // Owned batches: an iterator of borrowed chunks held across the awaits would make the job's future not `Send`.
    let mut batches: Vec<(Holder, Vec<String>)> = Vec::new();
    batches.extend(fresh.chunks(RECORDS_PER_TRANSACTION).map(|ids| (Holder::Stores, ids.to_vec())));
    batches.extend(warehouse.chunks(RECORDS_PER_TRANSACTION).map(|ids| (Holder::Warehouse, ids.to_vec())));
    for (holder, ids) in batches {
        let count = ids.len() as u64;
        restocked += restock_batch(db, holder, ids, settings.clone()).await?;
        done += count;
        progress(done, total);
    }
    Ok(restocked)
}

/// Which stock records a batch holds. (An enum, not the collection's `&str`: a borrowed string captured by the
/// transaction's closure makes its future not `Send`.)
#[derive(Debug, Clone, Copy)]
enum Holder {
    Stores,
    Warehouse,
}

async fn restock_batch(
    db: &Database,
    holder: Holder,
    ids: Vec<String>,
    settings: RestockSettings,
) -> Result<Restocked, MaintenanceError> {
    let mut session = db.client().start_session().await?;
    let db_owned = db.clone();
    session
        .start_transaction()
        .and_run2(async move |session| {
            let (db, ids, settings) = (&db_owned, &ids, &settings);
            restock_in_transaction(db, session, holder, ids, settings).await
        })
        .await
        .map_err(MaintenanceError::from)
}

async fn restock_in_transaction(
    db: &Database,
    session: &mut ClientSession,
    holder: Holder,
    ids: &[String],
    settings: &RestockSettings,
) -> mongodb::error::Result<Restocked> {
    match holder {
        Holder::Stores => {
            let plan = plan_fresh(db, session, ids, settings).await?;
            apply(db, session, FRESH_STOCK, plan).await
        }
        Holder::Warehouse => {
            let plan = plan_warehouse(db, session, ids, settings).await?;
            apply(db, session, WAREHOUSE_STOCK, plan).await
        }
    }
}

/// What one transaction writes: the guarded stock increments, the level records, the products restocked.
#[derive(Default)]
struct Plan {
    stock: Vec<Document>,
    levels: Vec<Document>,
    products: Vec<String>,
    restocked: Restocked,
}

impl Plan {
    fn add(&mut self, product_id: &str, at: StockLocation, level: i64, target: i64, guarded: Document, update: Bson) {
        let units = target - level;
        self.stock.push(update_statement(guarded, update, false));
        self.levels.push(levels::record_statement(
            product_id,
            &at,
            Timestamp::now(),
            target,
            Change::Restocked(units as u64),
        ));
        self.products.push(product_id.to_owned());
        self.restocked += Restocked { locations: 1, units: units as u64 };
    }
}

async fn plan_fresh(
    db: &Database,
    session: &mut ClientSession,
    ids: &[String],
    settings: &RestockSettings,
) -> mongodb::error::Result<Plan> {
    let mut cursor =
        db.collection::<FreshStock>(FRESH_STOCK).find(doc! { "_id": { "$in": ids } }).session(&mut *session).await?;
    let mut held: Vec<FreshStock> = Vec::new();
    while let Some(stock) = cursor.next(&mut *session).await {
        held.push(stock?);
    }
    let product_ids: Vec<&str> = held.iter().map(|stock| stock.product_id.as_str()).collect();
    let shelf_lives = shelf_lives(db, session, &product_ids).await?;
    let now = Timestamp::now();
    let mut plan = Plan::default();
    for stock in held {
        let shelf_life = shelf_lives.get(&stock.product_id).copied().flatten();
        for store in stock.stores.iter().filter(|store| store.quantity < settings.store_threshold) {
            let units = settings.store_target - store.quantity;
            // The delivery is a new batch, good for the product's shelf life from today.
            let delivery =
                crate::server::stock::add_to_store(&store.store_id, &[Batch::arriving(now, shelf_life, units)])?;
            plan.add(
                &stock.product_id,
                StockLocation::Store(store.store_id.clone()),
                store.quantity,
                settings.store_target,
                doc! { "_id": &stock.id, "stores": { "$elemMatch": { "store_id": &store.store_id, "quantity": store.quantity } } },
                delivery.into(),
            );
        }
    }
    Ok(plan)
}

/// Each fresh product's shelf life in days (None where the admin has not set one).
async fn shelf_lives(
    db: &Database,
    session: &mut ClientSession,
    product_ids: &[&str],
) -> mongodb::error::Result<HashMap<String, Option<u32>>> {
    let mut cursor =
        db.collection::<Product>(PRODUCTS).find(doc! { "_id": { "$in": product_ids } }).session(&mut *session).await?;
    let mut shelf_lives = HashMap::new();
    while let Some(product) = cursor.next(&mut *session).await {
        let product = product?;
        if let ProductDetails::Fresh(fresh) = &product.details {
            shelf_lives.insert(product.id.clone(), fresh.shelf_life_days);
        }
    }
    Ok(shelf_lives)
}

async fn plan_warehouse(
    db: &Database,
    session: &mut ClientSession,
    ids: &[String],
    settings: &RestockSettings,
) -> mongodb::error::Result<Plan> {
    let mut cursor = db
        .collection::<WarehouseStock>(WAREHOUSE_STOCK)
        .find(doc! { "_id": { "$in": ids } })
        .session(&mut *session)
        .await?;
    let mut held: Vec<WarehouseStock> = Vec::new();
    while let Some(stock) = cursor.next(&mut *session).await {
        held.push(stock?);
    }
    let mut plan = Plan::default();
    for stock in held.into_iter().filter(|stock| stock.quantity < settings.warehouse_threshold) {
        plan.add(
            &stock.product_id,
            StockLocation::Warehouse(stock.warehouse_id.clone()),
            stock.quantity,
            settings.warehouse_target,
            doc! { "_id": &stock.id, "quantity": stock.quantity },
            doc! { "$inc": { "quantity": settings.warehouse_target - stock.quantity } }.into(),
        );
    }
    Ok(plan)
}

async fn apply(
    db: &Database,
    session: &mut ClientSession,
    collection: &str,
    plan: Plan,
) -> mongodb::error::Result<Restocked> {
    let planned = plan.stock.len() as u64;
    let written =
        bulk::update_batch_in(db, session, collection, plan.stock).await.map_err(bulk::BulkError::into_driver_error)?;
    if written.matched != planned {
        // Cannot happen inside a snapshot transaction (a concurrent change is a write conflict, retried); refusing
        // keeps the target exact if it ever did.
        return Err(mongodb::error::Error::custom(format!(
            "{} of {planned} stock levels changed while restocking; run the restock again",
            planned - written.matched
        )));
    }
    bulk::update_batch_in(db, session, INVENTORY_LEVELS, plan.levels)
        .await
        .map_err(bulk::BulkError::into_driver_error)?;
    let products: Vec<&str> = plan.products.iter().map(String::as_str).collect();
    cart::mark_in_stock(db, session, &products).await?;
    Ok(plan.restocked)
}
