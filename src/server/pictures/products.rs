//! Products and their pictures: every product gets a drawn picture once, and pages that list products by id find
//! their main pictures in one read.

use std::collections::HashMap;

use futures::{stream, StreamExt, TryStreamExt};
use mongodb::bson::{doc, to_bson};
use mongodb::Database;

use super::draw::draw;
use super::store::store;
use crate::model::picture::Picture;
use crate::model::product::Product;
use crate::server::collections::PRODUCTS;

/// Pictures drawn and stored at once: the drawing is cheap, each store is two round trips.
const AT_ONCE: usize = 8;
/// For products not yet stored: nothing else waits on them, so more at once keep both the drawing and mongod busy.
const NEW_AT_ONCE: usize = 32;

/// Draws `product`'s picture and stores it (once per content), without attaching it.
pub async fn draw_and_store(db: &Database, product: &Product) -> mongodb::error::Result<Picture> {
    let drawing = draw(product);
    store(db, drawing.svg.as_bytes(), "image/svg+xml", drawing.width, drawing.height).await
}

/// Draws and stores a picture for each of `products` that has none, and gives it to the product in memory: for
/// products about to be inserted (the generator's), which then need no update each. Stores many at once (each
/// store is a few round trips, which a large catalogue would otherwise wait for one after another).
pub async fn draw_for_new(db: &Database, products: &mut [Product]) -> mongodb::error::Result<()> {
    // Owned, not borrowed, in the stream: a borrowing one makes the caller's future not provably `Send`.
    let without: Vec<(usize, Product)> =
        products.iter().enumerate().filter(|(_, p)| p.pictures.is_empty()).map(|(n, p)| (n, p.clone())).collect();
    let drawn: Vec<(usize, Picture)> = stream::iter(without)
        .map(|(n, product)| {
            let db = db.clone();
            async move { Ok::<_, mongodb::error::Error>((n, draw_and_store(&db, &product).await?)) }
        })
        .buffer_unordered(NEW_AT_ONCE)
        .try_collect()
        .await?;
    for (n, picture) in drawn {
        products[n].pictures = vec![picture];
    }
    Ok(())
}

/// Draws, stores and attaches a picture to every product that has none; returns how many it gave one. Idempotent:
/// the drawing of a product is always the same bytes (one file), and a product that gained a picture meanwhile (an
/// admin's upload, another server) keeps it, because the update only applies to a product still without one.
pub async fn draw_missing(db: &Database) -> mongodb::error::Result<u64> {
    let products = db.collection::<Product>(PRODUCTS);
    let without = doc! { "$or": [{ "pictures": { "$exists": false } }, { "pictures": { "$size": 0 } }] };
    let given = products
        .find(without.clone())
        .await?
        .map(|found| async {
            let product = found?;
            let picture = draw_and_store(db, &product).await?;
            let mut still_without = without.clone();
            still_without.insert("_id", &product.id);
            let set = doc! { "$set": { "pictures": [to_bson(&picture)?] } };
            Ok::<u64, mongodb::error::Error>(products.update_one(still_without, set).await?.modified_count)
        })
        .buffer_unordered(AT_ONCE)
        .try_fold(0, |total, given| async move { Ok(total + given) })
        .await?;
    if given > 0 {
        tracing::info!(products = given, "drew a picture for every product without one");
    }
    Ok(given)
}

/// The main picture of each of these products that has one: one read by `_id`.
pub async fn main_pictures(db: &Database, ids: &[String]) -> mongodb::error::Result<HashMap<String, Picture>> {
    let glimpses = crate::server::catalogue::glimpses(db, ids).await?;
    Ok(glimpses.into_iter().filter_map(|(id, glimpse)| glimpse.picture.map(|picture| (id, picture))).collect())
}
