//! Bounds on what shoppers without an account reserve: every unit in a cart is off the shelf until the cart
//! expires, so a guest cart holds at most `guest_units`, and all guest carts started from one client address at most
//! `guest_units_per_address` together (a script opening fresh sessions gets a new cart each time, but not a new
//! address). Checked inside the adding transaction; two adds racing from one address may overshoot the address
//! bound by one add, never without limit.

use futures::TryStreamExt;
use mongodb::bson::{doc, Document};
use mongodb::{ClientSession, Database};

use super::{refuse, GuestBounds};
use crate::model::cart::{Cart, CartError};
use crate::server::collections::CARTS;

pub(super) async fn check(
    db: &Database,
    session: &mut ClientSession,
    region: &str,
    guest: &GuestBounds,
    cart: Option<&Cart>,
    adding: u32,
) -> mongodb::error::Result<()> {
    let in_cart: u32 = cart.map(|cart| cart.items.iter().map(|item| item.quantity).sum()).unwrap_or(0);
    let limit = guest.settings.guest_units;
    if in_cart + adding > limit {
        return Err(refuse(CartError::GuestLimit { limit }));
    }
    let Some(address) = &guest.address else { return Ok(()) };
    let limit = guest.settings.guest_units_per_address;
    let held = units_held_from(db, session, region, address).await?;
    if held + i64::from(adding) > i64::from(limit) {
        return Err(refuse(CartError::AddressLimit { limit }));
    }
    Ok(())
}

/// Units in the active guest carts of `region` started from `address` (on the `guest_carts_by_address` index). Per
/// region, as stock is: the bound keeps each region's shelves from being emptied, and a cart moves with its guest
/// to another region, so switching country holds no more units in either.
async fn units_held_from(
    db: &Database,
    session: &mut ClientSession,
    region: &str,
    address: &str,
) -> mongodb::error::Result<i64> {
    let pipeline = [
        doc! { "$match": { "region": region, "guest_address": address, "status": "active" } },
        doc! { "$unwind": "$items" },
        doc! { "$group": { "_id": null, "units": { "$sum": "$items.quantity" } } },
    ];
    let mut cursor = db.collection::<Document>(CARTS).aggregate(pipeline).session(&mut *session).await?;
    let total: Vec<Document> = cursor.stream(&mut *session).try_collect().await?;
    Ok(total
        .first()
        .and_then(|row| row.get("units"))
        .and_then(|units| units.as_i64().or(units.as_i32().map(i64::from)))
        .unwrap_or(0))
}
