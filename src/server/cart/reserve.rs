//! Reserving and returning stock: each one conditional atomic update of one stock document, inside the caller's
//! transaction. The condition (`quantity >= n` in the warehouse; the store's level as read, for fresh food's
//! batches) is what makes overselling impossible: of two shoppers taking the last unit, one update matches and the
//! other matches nothing or meets a write conflict, and its transaction is retried.

use mongodb::bson::{doc, Document};
use mongodb::{ClientSession, Database};

use mongodb::options::{ReturnDocument, UpdateModifications};

use crate::model::batches::{self, Batch};
use crate::model::cart::CartError;
use crate::model::location::StockLocation;
use crate::model::stock::StoreStock;
use crate::model::Timestamp;
use crate::server::collections::{FRESH_STOCK, PRODUCTS, WAREHOUSE_STOCK};
use crate::server::mongo::bulk::update_statement;
use crate::server::places;
use crate::server::stock::{self, held_at};

/// Takes `quantity` units of a product at `from`, or refuses with how many are left there. Fresh food comes from the
/// earliest good batches (never one past its date); the batches taken are returned, for the cart line to record
/// (none for the warehouse's goods).
pub async fn reserve(
    db: &Database,
    session: &mut ClientSession,
    product_id: &str,
    from: &StockLocation,
    quantity: u32,
) -> mongodb::error::Result<Vec<Batch>> {
    let n = i64::from(quantity);
    let region = places::region_of(db, from).await?;
    let (taken, left_here) = match from {
        StockLocation::Store(store_id) => {
            take_from_store(db, session, region.as_deref(), product_id, store_id, n).await?
        }
        StockLocation::Warehouse(_) => {
            let (collection, mut guarded) = held_at(region.as_deref(), product_id, from);
            guarded.insert("quantity", doc! { "$gte": n });
            let updated = db
                .collection::<Document>(collection)
                .find_one_and_update(guarded, doc! { "$inc": { "quantity": -n } })
                .return_document(ReturnDocument::After)
                .projection(doc! { "quantity": 1 })
                .session(&mut *session)
                .await?;
            let Some(updated) = updated else {
                let available = available_at(db, session, region.as_deref(), product_id, from).await?;
                return Err(mongodb::error::Error::custom(CartError::OutOfStock { available }));
            };
            (Vec::new(), quantity_of(&updated).unwrap_or(1))
        }
    };
    // The last unit of this region or warehouse: is there one anywhere? Listings' "in stock only" filter reads the flag.
    if left_here == 0 {
        set_in_stock(db, session, product_id).await?;
    }
    Ok(taken)
}

/// Takes `n` units from a store's earliest good batches: the batches taken and the product's units left across its
/// region's stores (0 sends the caller to look at every region). The update is guarded by the level read in this transaction (a concurrent reservation is a write
/// conflict, retried with the transaction).
async fn take_from_store(
    db: &Database,
    session: &mut ClientSession,
    region: Option<&str>,
    product_id: &str,
    store_id: &str,
    n: i64,
) -> mongodb::error::Result<(Vec<Batch>, i64)> {
    let (collection, filter) = held_at(region, product_id, &StockLocation::Store(store_id.to_string()));
    let stock = db.collection::<Document>(collection);
    let held = stock
        .find_one(filter)
        .projection(doc! { "stores": { "$elemMatch": { "store_id": store_id } }, "total": 1 })
        .session(&mut *session)
        .await?;
    let shelf = held.as_ref().and_then(|held| store_entry(held, store_id));
    let Some(shelf) = shelf else {
        return Err(mongodb::error::Error::custom(CartError::OutOfStock { available: 0 }));
    };
    let taken = batches::take_earliest(&shelf.batches, n, Timestamp::now())
        .map_err(|available| mongodb::error::Error::custom(CartError::OutOfStock { available }))?;
    let mut guarded = doc! {
        "product_id": product_id,
        "stores": { "$elemMatch": { "store_id": store_id, "quantity": shelf.quantity } },
    };
    guarded.insert("region", region);
    let updated = stock
        .update_one(
            guarded,
            doc! {
                "$set": { "stores.$.batches": mongodb::bson::to_bson(&taken.left)? },
                "$inc": { "stores.$.quantity": -n, "total": -n },
            },
        )
        .session(&mut *session)
        .await?;
    if updated.matched_count == 0 {
        return Err(mongodb::error::Error::custom("the store's stock changed while it was reserved; try again"));
    }
    let total = held.and_then(|held| quantity_field(&held, "total")).unwrap_or(n) - n;
    Ok((taken.taken, total))
}

/// One store's entry of a `fresh_stock` document.
fn store_entry(stock: &Document, store_id: &str) -> Option<StoreStock> {
    stock
        .get_array("stores")
        .ok()?
        .iter()
        .filter_map(|held| held.as_document())
        .find(|held| held.get_str("store_id").is_ok_and(|id| id == store_id))
        .and_then(|held| mongodb::bson::from_document(held.clone()).ok())
}

/// Puts `quantity` units back where they were reserved; fresh food into the `batches` they came from.
pub async fn release(
    db: &Database,
    session: &mut ClientSession,
    product_id: &str,
    from: &StockLocation,
    quantity: u32,
    batches: &[Batch],
) -> mongodb::error::Result<()> {
    put_back(db, session, product_id, from, quantity, batches).await?;
    mark_in_stock(db, session, &[product_id]).await
}

/// Where `quantity` units of a product go back at `at` (in `region`, the place's): the stock collection, the filter
/// of the document holding them, the update adding them (for a store, a pipeline: its entry, its batches and the
/// product's fresh total together), and a projection of just the level there. Fresh units go back into `batches`; any the batches do not cover (reserved
/// before batches were recorded) come back dated today, the last day they may be sold, since their date is unknown.
fn put_back_update(
    region: Option<&str>,
    product_id: &str,
    at: &StockLocation,
    quantity: u32,
    batches: &[Batch],
) -> mongodb::error::Result<(&'static str, Document, UpdateModifications, Document)> {
    let n = i64::from(quantity);
    let (collection, filter) = held_at(region, product_id, at);
    let (update, projection) = match at {
        StockLocation::Store(store_id) => (
            UpdateModifications::Pipeline(stock::add_to_store(store_id, &returned_batches(quantity, batches))?),
            doc! { "stores": { "$elemMatch": { "store_id": store_id } } },
        ),
        StockLocation::Warehouse(_) => {
            (UpdateModifications::Document(doc! { "$inc": { "quantity": n } }), doc! { "quantity": 1 })
        }
    };
    Ok((collection, filter, update, projection))
}

/// The fresh batches `quantity` units given back go into: those recorded, and any units they do not cover dated
/// today.
fn returned_batches(quantity: u32, batches: &[Batch]) -> Vec<Batch> {
    batches::held_by_line(batches, i64::from(quantity), Timestamp::now().start_of_day())
}

/// Bulk statements putting `quantity` units back at `at`, for a job returning units to many places at once (cart
/// expiry). `in_place` adds them with plain operators: a warehouse's `$inc`, or a store's when it still holds a batch
/// of every date returned (`stock::add_in_place`). For a store, `merging` is `put_back_update`'s pipeline, guarded to
/// match exactly where `in_place` did not (the store no longer holds one of the dates, its batch sold since): send
/// the merging statements after the in-place ones when those matched fewer documents than they were. Together they
/// add the units once.
pub struct PutBackStatements {
    pub collection: &'static str,
    pub in_place: Document,
    pub merging: Option<Document>,
}

pub fn put_back_statements(
    region: Option<&str>,
    product_id: &str,
    at: &StockLocation,
    quantity: u32,
    batches: &[Batch],
) -> mongodb::error::Result<PutBackStatements> {
    let (collection, filter) = held_at(region, product_id, at);
    let StockLocation::Store(store_id) = at else {
        let update = doc! { "$inc": { "quantity": i64::from(quantity) } };
        return Ok(PutBackStatements { collection, in_place: update_statement(filter, update, false), merging: None });
    };
    let returned = returned_batches(quantity, batches);
    let in_place = stock::add_in_place(store_id, &returned)?;
    let (mut held, mut lacking) = (filter.clone(), filter);
    held.insert("stores", in_place.guard.clone());
    lacking.insert("stores", doc! { "$not": in_place.guard });
    let mut in_place_statement = update_statement(held, in_place.update, false);
    in_place_statement.insert("arrayFilters", in_place.array_filters);
    let merging = update_statement(lacking, stock::add_to_store(store_id, &returned)?, false);
    Ok(PutBackStatements { collection, in_place: in_place_statement, merging: Some(merging) })
}

/// Adds `quantity` units to a product's stock at `at` (fresh food into `batches`), returning the level there
/// afterwards (None when that place holds no stock record of the product, and nothing was added). Callers then
/// `mark_in_stock`.
pub async fn put_back(
    db: &Database,
    session: &mut ClientSession,
    product_id: &str,
    at: &StockLocation,
    quantity: u32,
    batches: &[Batch],
) -> mongodb::error::Result<Option<i64>> {
    // The answer carries only the level at `at` (a store's entry, not the whole list of stores).
    let region = places::region_of(db, at).await?;
    let (collection, filter, update, projection) =
        put_back_update(region.as_deref(), product_id, at, quantity, batches)?;
    let updated = db
        .collection::<Document>(collection)
        .find_one_and_update(filter, update)
        .projection(projection)
        .return_document(ReturnDocument::After)
        .session(&mut *session)
        .await?;
    Ok(updated.and_then(|stock| level_at(&stock, at)))
}

/// Sets `in_stock` on products that had none left anywhere and just got units back.
pub async fn mark_in_stock(
    db: &Database,
    session: &mut ClientSession,
    product_ids: &[&str],
) -> mongodb::error::Result<()> {
    if product_ids.is_empty() {
        return Ok(());
    }
    db.collection::<Document>(PRODUCTS)
        .update_many(
            doc! { "_id": { "$in": product_ids }, "in_stock": { "$ne": true } },
            doc! { "$set": { "in_stock": true } },
        )
        .session(&mut *session)
        .await?;
    Ok(())
}

/// The quantity a stock document (a `fresh_stock` or `warehouse_stock` one) holds at `at`.
pub fn level_at(stock: &Document, at: &StockLocation) -> Option<i64> {
    match at {
        StockLocation::Store(store_id) => stock
            .get_array("stores")
            .ok()?
            .iter()
            .filter_map(|held| held.as_document())
            .find(|held| held.get_str("store_id").is_ok_and(|id| id == store_id))
            .and_then(quantity_of),
        StockLocation::Warehouse(_) => quantity_of(stock),
    }
}

fn quantity_of(document: &Document) -> Option<i64> {
    quantity_field(document, "quantity")
}

fn quantity_field(document: &Document, field: &str) -> Option<i64> {
    document.get_i64(field).or_else(|_| document.get_i32(field).map(i64::from)).ok()
}

/// Units left of a product at one place (0 when it holds none).
async fn available_at(
    db: &Database,
    session: &mut ClientSession,
    region: Option<&str>,
    product_id: &str,
    from: &StockLocation,
) -> mongodb::error::Result<i64> {
    let (collection, filter) = held_at(region, product_id, from);
    let stock = db.collection::<Document>(collection).find_one(filter).session(&mut *session).await?;
    Ok(stock.and_then(|stock| level_at(&stock, from)).unwrap_or(0))
}

/// Recomputes a product's `in_stock` flag from both stock collections, after its last unit was taken somewhere: is
/// one left in any region (a deliberate scatter-gather, `cluster::targeting`; rare, on a region's last unit).
async fn set_in_stock(db: &Database, session: &mut ClientSession, product_id: &str) -> mongodb::error::Result<()> {
    let fresh = db
        .collection::<Document>(FRESH_STOCK)
        .find_one(doc! { "product_id": product_id, "total": { "$gt": 0 } })
        .session(&mut *session)
        .await?;
    let in_stock = fresh.is_some()
        || db
            .collection::<Document>(WAREHOUSE_STOCK)
            .find_one(doc! { "product_id": product_id, "quantity": { "$gt": 0 } })
            .session(&mut *session)
            .await?
            .is_some();
    db.collection::<Document>(PRODUCTS)
        .update_one(doc! { "_id": product_id }, doc! { "$set": { "in_stock": in_stock } })
        .session(&mut *session)
        .await?;
    Ok(())
}
