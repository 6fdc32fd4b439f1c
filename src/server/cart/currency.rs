//! One currency a cart: when the shopper comes to pay in another (a guest picked another country, a customer moved
//! to an address in another region), their cart is re-priced from the catalogue in the new currency, in one
//! transaction, and the cart says so until their next change. A line whose product has no price in the new currency
//! is not sold there: it leaves the cart and its units go back on the shelf.

use std::collections::HashMap;

use futures::TryStreamExt;
use mongodb::bson::{self, doc};
use mongodb::Database;

use super::{active_cart, carts, release, CartOwner, CartServiceError};
use crate::model::cart::CartItem;
use crate::model::product::Product;
use crate::model::{Currency, Timestamp};
use crate::server::collections::PRODUCTS;

/// Re-prices the owner's active cart in `currency` when it is in another; `to` names where they are now delivered
/// ("France", "Bristol") for the notice. Returns the notice when the cart changed, None when there was nothing to do.
pub async fn change_currency(
    db: &Database,
    owner: &CartOwner,
    currency: Currency,
    to: &str,
) -> Result<Option<String>, CartServiceError> {
    let (db, owner, to) = (db.clone(), owner.clone(), to.to_string());
    let mut session = db.client().start_session().await?;
    let notice = session
        .start_transaction()
        .and_run2(async move |session| {
            let (db, owner) = (&db, &owner);
            let Some(cart) = active_cart(db, owner, Some(&mut *session)).await? else { return Ok(None) };
            if cart.currency == currency {
                return Ok(None);
            }
            let ids: Vec<&str> = cart.items.iter().map(|item| item.product_id.as_str()).collect();
            let products: HashMap<String, Product> = db
                .collection::<Product>(PRODUCTS)
                .find(doc! { "_id": { "$in": ids } })
                .session(&mut *session)
                .await?
                .stream(&mut *session)
                .try_collect::<Vec<Product>>()
                .await?
                .into_iter()
                .map(|product| (product.id.clone(), product))
                .collect();
            let (kept, dropped) = repriced(cart.items, &products, currency);
            for item in &dropped {
                if let Some(from) = &item.reserved_from {
                    release(db, session, &item.product_id, from, item.quantity, &item.batches).await?;
                }
            }
            let notice = notice(currency, &to, &dropped);
            // Guarded by the currency it replaces: a concurrent re-pricing leaves this one nothing to do.
            carts(db)
                .update_one(
                    doc! {
                        "region": &cart.region,
                        "_id": &cart.id,
                        "status": "active",
                        "currency": bson::to_bson(&cart.currency)?,
                    },
                    doc! { "$set": {
                        "currency": bson::to_bson(&currency)?,
                        "items": bson::to_bson(&kept)?,
                        "notice": &notice,
                        "updated_at": bson::DateTime::from_millis(Timestamp::now().millis()),
                    } },
                )
                .session(&mut *session)
                .await?;
            Ok(Some(notice))
        })
        .await?;
    Ok(notice)
}

/// The lines at their products' prices in `currency`, and the lines not sold in it (no price, or the product is
/// gone).
fn repriced(
    items: Vec<CartItem>,
    products: &HashMap<String, Product>,
    currency: Currency,
) -> (Vec<CartItem>, Vec<CartItem>) {
    let (mut kept, mut dropped) = (Vec::new(), Vec::new());
    for mut item in items {
        match products.get(&item.product_id).and_then(|product| product.prices.get(currency)) {
            Some(price) => {
                item.price = price;
                kept.push(item);
            }
            None => dropped.push(item),
        }
    }
    (kept, dropped)
}

/// "Your cart is now priced in euros (€), the currency where you are delivered to (France). Not sold there, so taken
/// out of your cart: Mini Bagels."
fn notice(currency: Currency, to: &str, dropped: &[CartItem]) -> String {
    let (name, symbol) = (currency.name(), currency.symbol());
    let mut notice =
        format!("Your cart is now priced in {name} ({symbol}), the currency where you are delivered to ({to}).");
    if !dropped.is_empty() {
        let names: Vec<&str> = dropped.iter().map(|item| item.name.as_str()).collect();
        notice.push_str(&format!(" Not sold there, so taken out of your cart: {}.", names.join(", ")));
    }
    notice
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Money;
    use crate::server::cart::test_lines::{book, line};

    #[test]
    fn lines_take_the_new_currencys_price_and_unsold_ones_leave() {
        let products: HashMap<String, Product> =
            [book("a", serde_json::json!({ "GBP": 1099, "EUR": 1299 })), book("b", serde_json::json!({ "GBP": 500 }))]
                .into();
        let (kept, dropped) =
            repriced(vec![line("a", 1099), line("b", 500), line("gone", 1)], &products, Currency::EUR);
        assert_eq!(kept.iter().map(|i| (i.product_id.as_str(), i.price)).collect::<Vec<_>>(), [("a", Money(1299))]);
        assert_eq!(dropped.len(), 2);
        let said = notice(Currency::EUR, "France", &dropped);
        assert_eq!(
            said,
            "Your cart is now priced in euros (€), the currency where you are delivered to (France). Not sold there, so \
             taken out of your cart: Product b, Product gone."
        );
    }
}
