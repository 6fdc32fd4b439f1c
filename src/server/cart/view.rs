//! A cart as the cart and checkout pages show it: each line with where its units come from, and the totals.

use std::collections::HashMap;

use mongodb::Database;

use crate::model::cart::{Cart, CartLineView, CartView};
use crate::model::location::StockLocation;
use crate::model::{Money, Timestamp};

pub async fn view_of(db: &Database, cart: &Cart) -> mongodb::error::Result<CartView> {
    let names = site_names(db, cart.items.iter().filter_map(|item| item.reserved_from.as_ref())).await?;
    let ids: Vec<String> = cart.items.iter().map(|item| item.product_id.clone()).collect();
    let mut glimpses = crate::server::catalogue::glimpses(db, &ids).await?;
    let now = Timestamp::now();
    let lines: Vec<CartLineView> = cart
        .items
        .iter()
        .map(|item| CartLineView {
            key: item.key(),
            product_id: item.product_id.clone(),
            name: item.name.clone(),
            category: item.category,
            unit_price: item.price,
            quantity: item.quantity,
            line_total: item.price.times(item.quantity),
            source: match &item.reserved_from {
                Some(from) => names.get(from).cloned().unwrap_or_else(|| "Our stores".to_string()),
                None => "Chosen when you check out".to_string(),
            },
            picture: glimpses.get_mut(&item.product_id).and_then(|glimpse| glimpse.picture.take()),
            retired: glimpses.get(&item.product_id).is_some_and(|glimpse| glimpse.retired),
            best_before: item.batches.iter().map(|batch| batch.best_before).min(),
            past_best_before: item.batches.iter().any(|batch| !batch.is_good(now)),
            // Depends on where the shopper is delivered to: `CartView::with_vat`.
            vat: None,
        })
        .collect();
    Ok(CartView {
        cart_id: Some(cart.id.clone()),
        currency: cart.currency,
        units: lines.iter().map(|line| line.quantity).sum(),
        total: lines.iter().map(|line| line.line_total).sum(),
        lines,
        updated_at: cart.updated_at,
        notice: cart.notice.clone(),
        vat_total: Money::ZERO,
    })
}

/// "Morrisons, Churchill Way, Salford" for each store or warehouse named.
pub async fn site_names<'a>(
    db: &Database,
    places: impl Iterator<Item = &'a StockLocation>,
) -> mongodb::error::Result<HashMap<StockLocation, String>> {
    let sites = crate::server::places::sites(db, places).await?;
    Ok(sites
        .into_iter()
        .map(|(place, site)| {
            let label = match place {
                StockLocation::Warehouse(_) => format!("Our warehouse, {}", site.address.city),
                StockLocation::Store(_) => format!("{}, {}, {}", site.name, site.address.line1, site.address.city),
            };
            (place, label)
        })
        .collect())
}
