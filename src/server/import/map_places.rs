//! Stores, the warehouse and delivery partners.

use crate::model::address::{Address, GeoPoint};
use crate::model::location::{Store, Warehouse};
use crate::model::partner::Partner;

use super::record::Record;

/// The original database is the UK chain's: its addresses have no country, and every one is in Greater Manchester.
pub const ORIGINAL_COUNTRY: &str = "GB";

pub fn address(record: &Record) -> Result<Address, String> {
    let number = record.optional_string(&["House_Number", "House_number"])?;
    let street = record.string(&["Street"])?;
    Ok(Address {
        line1: number.map(|number| format!("{number} {street}")).unwrap_or(street),
        line2: None,
        city: record.string(&["City"])?,
        postcode: record.string(&["Postcode", "Postal_Code"])?.to_uppercase(),
        country: ORIGINAL_COUNTRY.into(),
    })
}

pub fn point(record: &Record) -> Result<GeoPoint, String> {
    let longitude = record.float(&["Longitude", "Lng", "Lon"])?;
    let latitude = record.float(&["Latitude", "Lat"])?;
    GeoPoint::new(longitude, latitude).ok_or_else(|| format!("({longitude}, {latitude}) is not on the globe"))
}

pub fn store(record: &Record) -> Result<Store, String> {
    let legacy = record.integer(&["Store_ID"])?;
    Ok(Store {
        id: record.object_id().unwrap_or_else(|| format!("store-{legacy}")),
        region: None,
        legacy_id: Some(legacy),
        name: record.string(&["Name"])?,
        address: address(&record.record(&["Address"])?)?,
        location: point(&record.record(&["Location"])?)?,
    })
}

pub fn warehouse(record: &Record) -> Result<Warehouse, String> {
    let legacy = record.integer(&["Storage_warehouse_id", "Warehouse_ID"])?;
    Ok(Warehouse {
        id: record.object_id().unwrap_or_else(|| format!("warehouse-{legacy}")),
        region: None,
        legacy_id: Some(legacy),
        name: record.string(&["Storage_warehouse_name", "Name"])?,
        address: address(&record.record(&["Address"])?)?,
        location: point(&record.record(&["Location"])?)?,
    })
}

pub fn partner(record: &Record) -> Result<Partner, String> {
    let legacy = record.integer(&["Partner_ID"])?;
    let age = record.get(&["Age"]).map(|_| record.integer(&["Age"])).transpose()?;
    Ok(Partner {
        id: record.object_id().unwrap_or_else(|| format!("partner-{legacy}")),
        region: None,
        legacy_id: Some(legacy),
        name: record.string(&["Name"])?,
        email: record.string(&["Email"])?.to_lowercase(),
        age: age.and_then(|age| u8::try_from(age).ok()),
        gender: record.optional_string(&["Gender"])?,
        location: point(&record.record(&["Location"])?)?,
        active: record.flag(&["Active"])?,
        // `On_Delivery` is superseded by the load, counted from the imported orders once they are in.
        load: 0,
        deliveries: u32::try_from(record.integer(&["Num_Deliveries"])?).map_err(|_| "Num_Deliveries is negative")?,
        hours_worked: record.float(&["Hours_Worked"])?,
        rating: Default::default(),
    })
}
