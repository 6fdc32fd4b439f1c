//! Stock: fresh food per store, other goods in the warehouse, and the daily inventory level.

use crate::model::batches::{tidy, Batch, DEFAULT_SHELF_LIFE_DAYS};
use crate::model::location::StockLocation;
use crate::model::stock::{FreshStock, InventoryBucket, InventoryMeasurement, StoreStock, WarehouseStock};
use crate::model::Timestamp;

use super::record::Record;
use super::refs::Refs;

fn product_id(record: &Record, refs: &Refs) -> Result<(i64, String), String> {
    let legacy = record.integer(&["Product_ID", "Product_id"])?;
    refs.products.get(&legacy).map(|p| (legacy, p.id.clone())).ok_or(format!("Product_ID {legacy} matches no product"))
}

fn count(record: &Record, names: &[&str]) -> Result<i64, String> {
    let quantity = record.integer(names)?;
    if quantity < 0 {
        return Err(format!("{} {quantity} is negative", names[0]));
    }
    Ok(quantity)
}

/// A fresh product's stock per store. The original kept no batches, and its one expiry date per product is long
/// past, so each store's units become one batch dated from `today`: a few days' life, varying by product and store
/// (the same for the same data on the same day), so that an imported store sells its food rather than writing it
/// all off.
pub fn fresh_stock(
    record: Record,
    refs: &Refs,
    today: Timestamp,
    notes: &mut Vec<String>,
) -> Result<FreshStock, String> {
    let (legacy, product_id) = product_id(&record, refs)?;
    let rows = record.list(&["Inventory in store", "Inventory_in_store"])?;
    let mut stores = Vec::with_capacity(rows.len());
    for (position, row) in rows.iter().enumerate() {
        let row = Record::new(row)?;
        let store = row.integer(&["Store_ID"])?;
        let store_id = refs
            .stores
            .get(&store)
            .cloned()
            .ok_or(format!("Inventory in store[{position}]: Store_ID {store} matches no store"))?;
        let quantity = count(&row, &["Quantity"])?;
        let days = 1 + (legacy + store).rem_euclid(i64::from(DEFAULT_SHELF_LIFE_DAYS));
        let batches = tidy([Batch { best_before: today.start_of_day().plus_days(days), quantity }]);
        stores.push(StoreStock { store_id, quantity, batches });
    }
    let total: i64 = stores.iter().map(|s| s.quantity).sum();
    if let Some(stated) =
        record.get(&["Total quantity across stores"]).map(|_| record.integer(&["Total quantity across stores"]))
    {
        let stated = stated?;
        if stated != total {
            notes.push(format!(
                "Total quantity across stores {stated} differs from the stores' sum {total}; the sum is kept"
            ));
        }
    }
    Ok(FreshStock {
        id: record.object_id().unwrap_or_else(|| format!("fresh-stock-{legacy}")),
        // Split per region after the import (`regions::stamp_missing`).
        region: None,
        product_id,
        stores,
        total,
    })
}

pub fn warehouse_stock(record: Record, refs: &Refs) -> Result<WarehouseStock, String> {
    let (legacy, product_id) = product_id(&record, refs)?;
    let inventory = record.record(&["Inventory_in_warehouse"])?;
    let warehouse = inventory.integer(&["Warehouse_ID"])?;
    Ok(WarehouseStock {
        id: format!("warehouse-stock-{legacy}-{warehouse}"),
        // Stamped from the warehouse after the import (`regions::stamp_missing`).
        region: None,
        product_id,
        warehouse_id: refs
            .warehouses
            .get(&warehouse)
            .cloned()
            .ok_or(format!("Warehouse_ID {warehouse} matches no warehouse"))?,
        quantity: count(&inventory, &["Quantity"])?,
    })
}

/// One day's level, as the bucket it belongs in (with just this measurement) and the measurement itself.
pub fn inventory_level(
    record: Record,
    refs: &Refs,
    notes: &mut Vec<String>,
) -> Result<(InventoryBucket, InventoryMeasurement), String> {
    let (legacy, product_id) = product_id(&record, refs)?;
    let place = record.integer(&["Store_or_storage_warehouse_ID", "Location_ID"])?;
    let location = refs
        .stock_location(place)
        .ok_or(format!("Store_or_storage_warehouse_ID {place} matches no store or warehouse"))?;
    let measurement = record.record(&["Inventory_measurement"])?;
    let (day, correction) = measurement.date(&["Date"])?;
    notes.extend(correction);
    let (year, month, _) = day.ymd();
    let month = format!("{year:04}-{month:02}");
    let location_id = match &location {
        StockLocation::Store(id) | StockLocation::Warehouse(id) => id.clone(),
    };
    let reading = InventoryMeasurement { day, quantity: count(&measurement, &["Quantity"])? };
    let bucket = InventoryBucket {
        id: format!("inventory-{legacy}-{location_id}-{month}"),
        product_id,
        location,
        month,
        measurements: vec![reading.clone()],
    };
    Ok((bucket, reading))
}
