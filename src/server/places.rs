//! Places: where an address is on the map, and the stores and warehouses that hold stock.
//!
//! An address is looked up by country and city in the gazetteer of the cities the store delivers to (the same one
//! the data generator places customers in), for "the nearest store with stock". No geocoding service is reachable
//! from here; an address in another town has no position, and the cart then takes fresh food from the store holding
//! the most.

use std::collections::HashMap;

use futures::TryStreamExt;
use mongodb::bson::doc;
use mongodb::Database;

use crate::model::address::{Address, GeoPoint};
use crate::model::location::{Site, StockLocation};
use crate::server::collections::{STORES, WAREHOUSES};
use crate::server::generate::names::COUNTRIES;

pub fn locate(address: &Address) -> Option<GeoPoint> {
    let country = COUNTRIES.iter().find(|country| country.code.eq_ignore_ascii_case(address.country.trim()))?;
    let city = address.city.trim();
    let (_, longitude, latitude, _) = country.cities.iter().find(|(name, ..)| name.eq_ignore_ascii_case(city))?;
    GeoPoint::new(*longitude, *latitude)
}

/// The stores and warehouses named, by place: one small read by `_id` per collection (both are small, unsharded
/// reference collections). A place missing from the result no longer exists.
pub async fn sites<'a>(
    db: &Database,
    places: impl IntoIterator<Item = &'a StockLocation>,
) -> mongodb::error::Result<HashMap<StockLocation, Site>> {
    let (mut stores, mut warehouses) = (Vec::new(), Vec::new());
    for place in places {
        match place {
            StockLocation::Store(id) => stores.push(id.as_str()),
            StockLocation::Warehouse(id) => warehouses.push(id.as_str()),
        }
    }
    let mut sites = HashMap::new();
    for (collection, ids, wrap) in [
        (STORES, stores, StockLocation::Store as fn(String) -> StockLocation),
        (WAREHOUSES, warehouses, StockLocation::Warehouse as fn(String) -> StockLocation),
    ] {
        if ids.is_empty() {
            continue;
        }
        let found: Vec<Site> =
            db.collection::<Site>(collection).find(doc! { "_id": { "$in": ids } }).await?.try_collect().await?;
        sites.extend(found.into_iter().map(|site| (wrap(site.id.clone()), site)));
    }
    Ok(sites)
}

/// The region owning each place's stock documents (their shard key's prefix), for the places that have one.
pub async fn regions<'a>(
    db: &Database,
    places: impl IntoIterator<Item = &'a StockLocation>,
) -> mongodb::error::Result<HashMap<StockLocation, String>> {
    let sites = sites(db, places).await?;
    Ok(sites.into_iter().filter_map(|(place, site)| Some((place, site.region?))).collect())
}

/// The region owning the place's stock documents; None for a place that no longer exists (or, before the
/// `regions` migration, has none yet).
pub async fn region_of(db: &Database, place: &StockLocation) -> mongodb::error::Result<Option<String>> {
    Ok(regions(db, [place]).await?.remove(place))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn address(city: &str, country: &str) -> Address {
        Address {
            line1: "1 High Street".into(),
            line2: None,
            city: city.into(),
            postcode: "X".into(),
            country: country.into(),
        }
    }

    #[test]
    fn known_cities_are_on_the_map_and_others_are_not() {
        let manchester = locate(&address(" manchester ", "gb")).unwrap();
        assert!((manchester.latitude() - 53.48).abs() < 0.01);
        assert!(locate(&address("Paris", "FR")).is_some());
        assert!(locate(&address("Paris", "GB")).is_none(), "a city is looked up in its own country");
        assert!(locate(&address("Atlantis", "GB")).is_none());
    }
}
