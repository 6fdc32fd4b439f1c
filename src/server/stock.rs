//! The stock service: what is on hand where.

use futures::TryStreamExt;
use mongodb::bson::{doc, Document};
use mongodb::Database;

use crate::model::batches::Batch;
use crate::model::location::StockLocation;
use crate::model::stock::{FreshStock, StoreStock};
use crate::server::collections::{FRESH_STOCK, PRODUCTS, WAREHOUSE_STOCK};

/// The filter for a product's fresh stock documents (one per region): `region`'s and any not yet split when given,
/// else every region's.
pub fn fresh_of(product_id: &str, region: Option<&str>) -> Document {
    match region {
        Some(region) => doc! { "product_id": product_id, "region": { "$in": [region, null] } },
        None => doc! { "product_id": product_id },
    }
}

/// The stores holding a fresh product in `region` (every region when None), or None when it has no stock record
/// there at all (never stocked there, as opposed to sold out).
pub async fn fresh_stores(
    db: &Database,
    product_id: &str,
    region: Option<&str>,
) -> mongodb::error::Result<Option<Vec<StoreStock>>> {
    let documents: Vec<FreshStock> =
        db.collection::<FreshStock>(FRESH_STOCK).find(fresh_of(product_id, region)).await?.try_collect().await?;
    if documents.is_empty() {
        return Ok(None);
    }
    Ok(Some(documents.into_iter().flat_map(|stock| stock.stores).collect()))
}

/// The stock collection and the filter of the document holding a product's units at `at`: a store's region's fresh
/// stock document, or the warehouse's record. `region` is the place's (`places::region_of`), the shard key's prefix
/// that sends the query to that region's shard. None is a place without one: not yet stamped with its region, like
/// its stock (`regions::stamp_missing` stamps places first), or no longer existing.
pub fn held_at(region: Option<&str>, product_id: &str, at: &StockLocation) -> (&'static str, Document) {
    let (collection, mut filter) = match at {
        StockLocation::Store(store_id) => (FRESH_STOCK, doc! { "product_id": product_id, "stores.store_id": store_id }),
        StockLocation::Warehouse(warehouse_id) => {
            (WAREHOUSE_STOCK, doc! { "product_id": product_id, "warehouse_id": warehouse_id })
        }
    };
    filter.insert("region", region);
    (collection, filter)
}

/// The update (a pipeline) adding `batches` to one store's stock of a fresh product: the store's units and the
/// product's total go up by their sum, and they join the store's batches in canonical form (one per date, earliest
/// first; see `model::batches::tidy`), so that units given back merge with the batch they came from. One atomic
/// update, usable in bulk writes.
pub fn add_to_store(store_id: &str, batches: &[Batch]) -> mongodb::error::Result<Vec<Document>> {
    let units: i64 = batches.iter().map(|batch| batch.quantity).sum();
    let added = mongodb::bson::to_bson(batches)?;
    let merged = doc! { "$let": {
        "vars": { "all": { "$concatArrays": [{ "$ifNull": ["$$s.batches", []] }, { "$literal": added }] } },
        "in": { "$sortArray": {
            "input": { "$map": {
                "input": { "$setUnion": ["$$all.best_before"] },
                "as": "day",
                "in": {
                    "best_before": "$$day",
                    "quantity": { "$sum": { "$map": {
                        "input": { "$filter": { "input": "$$all", "cond": { "$eq": ["$$this.best_before", "$$day"] } } },
                        "in": "$$this.quantity",
                    } } },
                },
            } },
            "sortBy": { "best_before": 1 },
        } },
    } };
    Ok(vec![doc! { "$set": {
        "stores": { "$map": { "input": "$stores", "as": "s", "in": { "$cond": [
            { "$eq": ["$$s.store_id", { "$literal": store_id }] },
            { "$mergeObjects": ["$$s", { "quantity": { "$add": ["$$s.quantity", units] }, "batches": merged }] },
            "$$s",
        ] } } },
        "total": { "$add": ["$total", units] },
    } }])
}

/// `add_to_store` with plain operators, for a store already holding a batch of every date in `batches`, as units
/// given back soon after they were taken usually find: the filter's `guard` that the store does, and an `$inc` of the
/// store's units, of each of those batches and of the product's total, with its array filters. mongod applies it
/// about twice as fast as the pipeline (cart expiry returns tens of thousands of store lines; see
/// `cart::put_back_statements`). A store's batches are in canonical form, one per date, so each array filter matches
/// exactly one batch.
pub struct AddInPlace {
    pub guard: Document,
    pub update: Document,
    pub array_filters: Vec<Document>,
}

pub fn add_in_place(store_id: &str, batches: &[Batch]) -> mongodb::error::Result<AddInPlace> {
    let units: i64 = batches.iter().map(|batch| batch.quantity).sum();
    let mut increments = doc! { "stores.$[store].quantity": units, "total": units };
    let mut array_filters = vec![doc! { "store.store_id": store_id }];
    let mut held = doc! { "store_id": store_id };
    let mut dates = Vec::with_capacity(batches.len());
    for (index, batch) in batches.iter().enumerate() {
        let date = mongodb::bson::to_bson(&batch.best_before)?;
        increments.insert(format!("stores.$[store].batches.$[b{index}].quantity"), batch.quantity);
        array_filters.push(doc! { format!("b{index}.best_before"): date.clone() });
        dates.push(doc! { "batches.best_before": date });
    }
    // `$and` of equalities, not `$all`: mongod evaluated `$all` inside `$elemMatch` markedly slower.
    if !dates.is_empty() {
        held.insert("$and", dates);
    }
    Ok(AddInPlace { guard: doc! { "$elemMatch": held }, update: doc! { "$inc": increments }, array_filters })
}

/// Recomputes every product's `in_stock` flag from the stock collections (fresh food: the totals across regions'
/// stores; other goods: across warehouses), writing through `$merge`. Products with no stock record are left as they
/// are.
pub async fn refresh_in_stock(db: &Database) -> mongodb::error::Result<()> {
    for (collection, units) in [(FRESH_STOCK, "$total"), (WAREHOUSE_STOCK, "$quantity")] {
        let pipeline = [
            doc! { "$group": { "_id": "$product_id", "units": { "$sum": units } } },
            doc! { "$project": { "_id": 1, "in_stock": { "$gt": ["$units", 0] } } },
            doc! { "$merge": { "into": PRODUCTS, "on": "_id", "whenMatched": "merge", "whenNotMatched": "discard" } },
        ];
        db.collection::<Document>(collection).aggregate(pipeline).await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use mongodb::bson::Bson;

    use super::*;
    use crate::model::Timestamp;
    use crate::server::cluster::{shard_key, targeting::targets};

    #[test]
    fn units_go_back_in_place_only_into_a_store_holding_each_returned_date() {
        let day = |d: u32| Timestamp::from_ymd(2026, 12, d).unwrap();
        let batches = [Batch { best_before: day(4), quantity: 2 }, Batch { best_before: day(6), quantity: 3 }];
        let in_place = add_in_place("s1", &batches).unwrap();
        let date = |d: u32| mongodb::bson::to_bson(&day(d)).unwrap();
        assert_eq!(
            in_place.guard,
            doc! { "$elemMatch": { "store_id": "s1", "$and": [
                { "batches.best_before": date(4) }, { "batches.best_before": date(6) },
            ] } }
        );
        assert_eq!(
            in_place.update,
            doc! { "$inc": {
                "stores.$[store].quantity": 5_i64, "total": 5_i64,
                "stores.$[store].batches.$[b0].quantity": 2_i64, "stores.$[store].batches.$[b1].quantity": 3_i64,
            } }
        );
        assert_eq!(
            in_place.array_filters,
            vec![
                doc! { "store.store_id": "s1" },
                doc! { "b0.best_before": date(4) },
                doc! { "b1.best_before": date(6) }
            ]
        );
    }

    #[test]
    fn a_places_stock_is_found_on_its_regions_shard() {
        for at in [StockLocation::Store("s1".into()), StockLocation::Warehouse("w1".into())] {
            let (collection, filter) = held_at(Some("eu"), "p1", &at);
            assert_eq!((filter.get_str("region"), filter.get_str("product_id")), (Ok("eu"), Ok("p1")));
            assert!(targets(shard_key(collection).expect("stock is sharded"), &filter), "{collection} {filter}");
        }
        // A place not yet stamped with its region: so is its stock.
        let (_, unstamped) = held_at(None, "p1", &StockLocation::Warehouse("w1".into()));
        assert_eq!(unstamped.get("region"), Some(&Bson::Null));
    }
}
