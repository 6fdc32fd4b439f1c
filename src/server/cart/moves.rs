//! Carts that change hands or places: a guest's cart joining its customer's at sign-in, and a cart following its
//! shopper to the region they are delivered to now.

use mongodb::bson::{self, doc};
use mongodb::Database;

use super::{active_cart, bson_time, cart_key, carts, release, CartOwner, CartServiceError};
use crate::model::batches;
use crate::model::cart::MAX_LINE_QUANTITY;
use crate::model::Timestamp;
use crate::server::mongo::is_duplicate_key;

/// Moves a guest's cart into the customer's on sign-in: the guest's cart becomes theirs when they have none (and
/// moves to their region), else its lines join theirs (the reservations move with them, so no stock changes hands;
/// units over a line's limit are returned). Nothing happens when the guest cart is gone (expired, or merged already).
pub async fn merge_guest_cart(db: &Database, guest: &CartOwner, customer: &CartOwner) -> Result<(), CartServiceError> {
    let CartOwner::Customer { id: customer_id, region } = customer else { return Ok(()) };
    let (db, guest, customer, customer_id, region) =
        (db.clone(), guest.clone(), customer.clone(), customer_id.clone(), region.clone());
    let mut session = db.client().start_session().await?;
    session
        .start_transaction()
        .and_run2(async move |session| {
            let (db, guest, customer) = (&db, &guest, &customer);
            let Some(guest_cart) = active_cart(db, guest, Some(&mut *session)).await? else { return Ok(()) };
            let now = bson_time(Timestamp::now());
            let Some(mut theirs) = active_cart(db, customer, Some(&mut *session)).await? else {
                // A change of shard key (region and owner), which sharded MongoDB allows in a transaction whose
                // filter holds the whole old key.
                let mut old_key = cart_key(&guest_cart);
                old_key.insert("customer_id", bson::Bson::Null);
                carts(db)
                    .update_one(
                        old_key,
                        doc! { "$set": { "customer_id": &customer_id, "region": &region, "updated_at": now } },
                    )
                    .session(&mut *session)
                    .await?;
                return Ok(());
            };
            for item in guest_cart.items.clone() {
                match theirs.items.iter_mut().find(|mine| mine.key() == item.key()) {
                    Some(mine) => {
                        let kept = item.quantity.min(MAX_LINE_QUANTITY - mine.quantity);
                        let mut batches = item.batches.clone();
                        if let (Some(from), true) = (&item.reserved_from, kept < item.quantity) {
                            let over = i64::from(item.quantity - kept);
                            let back = batches::give_back_latest(&batches, over, Timestamp::now().start_of_day());
                            release(db, session, &item.product_id, from, item.quantity - kept, &back.taken).await?;
                            batches = back.left;
                        }
                        mine.quantity += kept;
                        mine.batches = batches::tidy(mine.batches.iter().chain(&batches).copied());
                    }
                    None => theirs.items.push(item),
                }
            }
            theirs.items.retain(|item| item.quantity > 0);
            carts(db)
                .update_one(
                    cart_key(&theirs),
                    doc! { "$set": { "items": bson::to_bson(&theirs.items)?, "updated_at": now } },
                )
                .session(&mut *session)
                .await?;
            carts(db).delete_one(cart_key(&guest_cart)).session(&mut *session).await?;
            Ok(())
        })
        .await?;
    Ok(())
}

/// Moves the owner's active cart to `region`, where they are delivered from now on (a customer's new address, a
/// guest's new country), so that it is found where they now shop. `owner` names the region it was in. A change of
/// shard key, which sharded MongoDB allows in a retryable write whose filter holds the whole old key. Should they
/// already have a cart there (started on another device meanwhile), the old one stays where it was until it
/// expires and its units go back.
pub async fn follow(db: &Database, owner: &CartOwner, region: &str) -> Result<(), CartServiceError> {
    if owner.region() == region {
        return Ok(());
    }
    let Some(cart) = active_cart(db, owner, None).await? else { return Ok(()) };
    let mut old_key = cart_key(&cart);
    old_key.insert("customer_id", cart.customer_id.as_deref());
    match carts(db).update_one(old_key, doc! { "$set": { "region": region } }).await {
        Err(err) if is_duplicate_key(&err) => {
            tracing::warn!(
                cart = cart.id,
                region,
                "the shopper already has a cart in their new region; the old one stays"
            );
            Ok(())
        }
        moved => moved.map(|_| ()).map_err(CartServiceError::from),
    }
}
