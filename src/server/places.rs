//! Where an address is on the map, for "the nearest store with stock": looked up by country and city in the
//! gazetteer of the cities the store delivers to (the same one the data generator places customers in). No
//! geocoding service is reachable from here; an address in another town has no position, and the cart then takes
//! fresh food from the store holding the most.

use crate::model::address::{Address, GeoPoint};
use crate::server::generate::names::COUNTRIES;

pub fn locate(address: &Address) -> Option<GeoPoint> {
    let country = COUNTRIES.iter().find(|country| country.code.eq_ignore_ascii_case(address.country.trim()))?;
    let city = address.city.trim();
    let (_, longitude, latitude, _) = country.cities.iter().find(|(name, ..)| name.eq_ignore_ascii_case(city))?;
    GeoPoint::new(*longitude, *latitude)
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
