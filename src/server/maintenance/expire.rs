//! Expiring stale carts: each cart untouched for longer than its lifetime gives every reserved unit back to where
//! it was reserved and is removed, in one transaction per cart.
//!
//! The transaction deletes the cart only if it is still active and still stale, and returns exactly the units that
//! deleted document held. So a second run, a run after one killed halfway, two servers expiring at once, or a
//! shopper touching the cart at that moment can never return a unit twice or lose one: whichever transaction
//! commits second finds nothing (or meets a write conflict, and the driver retries it against the new state).

use futures::{stream, StreamExt, TryStreamExt};
use mongodb::bson::{doc, DateTime, Document};
use mongodb::options::{FindOptions, WriteConcern};
use mongodb::{ClientSession, Database};

use super::levels::{self, Change};
use super::MaintenanceError;
use crate::model::cart::Cart;
use crate::model::location::StockLocation;
use crate::model::Timestamp;
use crate::server::cart;
use crate::server::collections::{CARTS, INVENTORY_LEVELS};
use crate::server::mongo::bulk;

/// Carts expired side by side: each transaction mostly waits on round trips, and distinct carts rarely touch the
/// same stock document at the same moment (when they do, one retries).
const CARTS_AT_ONCE: usize = 16;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Expired {
    pub carts: u64,
    pub units: u64,
}

/// Active carts last changed before `cutoff`.
pub fn stale_filter(cutoff: Timestamp) -> Document {
    doc! { "status": "active", "updated_at": { "$lt": DateTime::from_millis(cutoff.millis()) } }
}

/// Expires every cart stale at `cutoff`. `progress(done, total)` follows the carts.
pub async fn expire_stale_carts(
    db: &Database,
    cutoff: Timestamp,
    progress: impl Fn(u64, u64),
) -> Result<Expired, MaintenanceError> {
    let options = FindOptions::builder().projection(doc! { "_id": 1 }).build();
    let ids: Vec<String> = db
        .collection::<Document>(CARTS)
        .find(stale_filter(cutoff))
        .with_options(options)
        .await?
        .try_collect::<Vec<Document>>()
        .await?
        .iter()
        .filter_map(|found| found.get_str("_id").ok().map(str::to_owned))
        .collect();
    let total = ids.len() as u64;
    progress(0, total);
    // Each future owns its handle (a clone is cheap), which keeps the stream `Send` for a spawned job.
    let mut expiring = stream::iter(ids)
        .map(|id| {
            let db = db.clone();
            async move { expire_cart(&db, id, cutoff).await }
        })
        .buffer_unordered(CARTS_AT_ONCE);
    let (mut expired, mut done) = (Expired::default(), 0);
    while let Some(returned) = expiring.next().await {
        if let Some(units) = returned? {
            expired.carts += 1;
            expired.units += units;
        }
        done += 1;
        progress(done, total);
    }
    Ok(expired)
}

/// Expires one cart if it is still stale at `cutoff`, returning the units it gave back (None: nothing to do).
pub async fn expire_cart(db: &Database, cart_id: String, cutoff: Timestamp) -> Result<Option<u64>, MaintenanceError> {
    let mut session = db.client().start_session().await?;
    let db_owned = db.clone();
    session
        .start_transaction()
        // Acknowledged by the primary, not yet a majority: the transaction is atomic either way, and one lost in a
        // failover comes back whole (the cart with its reservations), for the next run to expire. Waiting for the
        // majority made expiry a fifth slower (scripts/bench/expire.sh).
        .write_concern(WriteConcern::nodes(1))
        .and_run2(async move |session| expire_in_transaction(&db_owned, session, &cart_id, cutoff).await)
        .await
        .map_err(MaintenanceError::from)
}

async fn expire_in_transaction(
    db: &Database,
    session: &mut ClientSession,
    cart_id: &str,
    cutoff: Timestamp,
) -> mongodb::error::Result<Option<u64>> {
    let mut filter = stale_filter(cutoff);
    filter.insert("_id", cart_id);
    let Some(cart) = db.collection::<Cart>(CARTS).find_one_and_delete(filter).session(&mut *session).await? else {
        return Ok(None);
    };
    let now = Timestamp::now();
    let mut levels = Vec::new();
    let mut back_in_stock = Vec::new();
    let mut units = 0;
    for (product_id, at, quantity) in reserved_units(&cart) {
        match cart::put_back(db, session, &product_id, &at, quantity).await? {
            Some(level) => {
                levels.push(levels::record_statement(&product_id, &at, now, level, Change::Returned(quantity.into())));
                units += u64::from(quantity);
                // Only a place that had none may have left the product flagged out of stock.
                if level == i64::from(quantity) {
                    back_in_stock.push(product_id);
                }
            }
            // Its stock record was deleted since: there is nowhere to put the units back.
            None => tracing::warn!(cart = cart_id, product = product_id, ?at, "no stock record to return units to"),
        }
    }
    let products: Vec<&str> = back_in_stock.iter().map(String::as_str).collect();
    cart::mark_in_stock(db, session, &products).await?;
    bulk::update_batch_in(db, session, INVENTORY_LEVELS, levels).await.map_err(bulk::BulkError::into_driver_error)?;
    Ok(Some(units))
}

/// The cart's reserved units per product and place, lines for the same pair added together. Lines without a
/// reservation (imported carts whose original never recorded one) hold no stock and give none back.
pub fn reserved_units(cart: &Cart) -> Vec<(String, StockLocation, u32)> {
    let mut units: Vec<(String, StockLocation, u32)> = Vec::new();
    for item in &cart.items {
        let Some(at) = &item.reserved_from else { continue };
        match units.iter_mut().find(|(product, place, _)| *product == item.product_id && place == at) {
            Some((_, _, quantity)) => *quantity += item.quantity,
            None => units.push((item.product_id.clone(), at.clone(), item.quantity)),
        }
    }
    units
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::cart::{CartItem, CartStatus};
    use crate::model::{Category, Currency, Money};

    fn line(product: &str, at: Option<StockLocation>, quantity: u32) -> CartItem {
        CartItem {
            product_id: product.into(),
            name: product.into(),
            category: Category::Bakery,
            price: Money(100),
            quantity,
            reserved_from: at,
            added_at: Timestamp(0),
        }
    }

    #[test]
    fn units_are_summed_per_product_and_place_and_unreserved_lines_give_nothing() {
        let store = |id: &str| Some(StockLocation::Store(id.into()));
        let cart = Cart {
            id: "c".into(),
            legacy_id: None,
            customer_id: None,
            guest_address: None,
            status: CartStatus::Active,
            currency: Currency::GBP,
            items: vec![line("bread", store("s1"), 2), line("bread", store("s2"), 1), line("bread", store("s1"), 3)]
                .into_iter()
                .chain([line("book", None, 4)])
                .collect(),
            created_at: Timestamp(0),
            updated_at: Timestamp(0),
        };
        assert_eq!(
            reserved_units(&cart),
            vec![
                ("bread".to_string(), StockLocation::Store("s1".into()), 5),
                ("bread".to_string(), StockLocation::Store("s2".into()), 1),
            ]
        );
    }
}
