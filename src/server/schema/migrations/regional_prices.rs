//! Products priced in one currency (`price` and `currency`, pounds) get a price in each currency (`prices`): the
//! pound price kept, the others converted at the regions' exchange rates and rounded to a shelf price. The old
//! `category_price` index on `price` goes; `category_price_gbp` and `category_price_eur` replace it.

use futures::{StreamExt, TryStreamExt};
use mongodb::bson::{self, doc, Document};
use mongodb::Database;
use serde::Deserialize;

use super::replaced_indexes::drop_indexes;
use crate::model::region::Regions;
use crate::model::{Currency, Money, Prices};
use crate::server::collections::PRODUCTS;

/// Updates in flight at once: enough to hide the round trips, few enough for a shared server.
const CONCURRENT_UPDATES: usize = 16;

#[derive(Deserialize)]
struct OldShape {
    #[serde(rename = "_id")]
    id: String,
    price: Money,
    #[serde(default)]
    currency: Currency,
}

/// Rewrites every product still holding `price`; returns how many documents (and indexes) it changed.
pub async fn regional_prices(db: &Database, regions: &Regions) -> mongodb::error::Result<u64> {
    let products = db.collection::<Document>(PRODUCTS);
    let old = products
        .clone_with_type::<OldShape>()
        .find(doc! { "price": { "$exists": true } })
        .projection(doc! { "price": 1, "currency": 1 })
        .await?;
    let changed = old
        .map(|found| {
            let products = products.clone();
            async move {
                let product = found?;
                let prices = prices_of(&product, regions);
                // Guarded by the old price: a product an admin re-priced meanwhile is not overwritten.
                let result = products
                    .update_one(
                        doc! { "_id": &product.id, "price": product.price.minor_units() },
                        doc! { "$set": { "prices": bson::to_bson(&prices)? }, "$unset": { "price": "", "currency": "" } },
                    )
                    .await?;
                Ok::<u64, mongodb::error::Error>(result.modified_count)
            }
        })
        .buffer_unordered(CONCURRENT_UPDATES)
        .try_fold(0, |total, changed| async move { Ok(total + changed) })
        .await?;
    if changed > 0 {
        tracing::info!(products = changed, "migration regional_prices: products priced in every currency");
    }
    Ok(changed + drop_indexes(db, &[(PRODUCTS, "category_price")]).await?)
}

/// The old price kept in its currency; a pound price also gives the other currencies' converted shelf prices.
fn prices_of(product: &OldShape, regions: &Regions) -> Prices {
    match product.currency {
        Currency::GBP => Prices::from_pounds(product.price, |currency| regions.exchange_rate(currency)),
        other => {
            let mut prices = Prices::default();
            prices.set(other, Some(product.price).filter(|price| *price > Money::ZERO));
            prices
        }
    }
}
