//! The generated world: stores in every city the store sells in, a warehouse for the UK and one for the EU,
//! delivery partners, and addresses.

use rand::seq::IndexedRandom;
use rand::Rng;

use crate::model::address::{Address, GeoPoint};
use crate::model::location::{Store, Warehouse};
use crate::model::partner::Partner;
use crate::model::region::Regions;

use super::names::{Country, COUNTRIES};
use super::{id, GenRng, Kind};

/// A city with its store: customers shop at the store of their city.
pub struct City {
    pub country: &'static Country,
    pub name: &'static str,
    pub longitude: f64,
    pub latitude: f64,
    pub postcode: &'static str,
    pub store_id: String,
}

pub struct World {
    pub cities: Vec<City>,
    pub stores: Vec<Store>,
    /// The UK's warehouse first (generated history ships from it), then the EU's.
    pub warehouses: Vec<Warehouse>,
    pub partners: Vec<Partner>,
    /// Cumulative shares for picking a customer's country.
    country_weights: Vec<(u32, usize)>,
}

impl World {
    /// Stores and warehouses carry their address's region; partners get theirs from the nearest store once the
    /// stores are written (`regions::stamp_missing`).
    pub fn generate(rng: &mut GenRng, seed: u64, partners: usize, regions: &Regions) -> World {
        let mut cities = Vec::new();
        let mut stores = Vec::new();
        for country in &COUNTRIES {
            for &(name, longitude, latitude, postcode) in country.cities {
                let store_id = id(Kind::Store, stores.len() as u64, seed);
                let city = City { country, name, longitude, latitude, postcode, store_id: store_id.clone() };
                stores.push(Store {
                    id: store_id,
                    region: Some(regions.code_of(country.code)),
                    legacy_id: None,
                    name: format!("Amazone {name}"),
                    address: address_in(rng, &city),
                    location: near(rng, &city, 0.02),
                });
                cities.push(city);
            }
        }
        let manchester = &cities[0];
        let trafford_park = Warehouse {
            id: id(Kind::Warehouse, 0, seed),
            region: None,
            legacy_id: None,
            name: "Amazone Warehouse Trafford Park".into(),
            address: Address {
                line1: "1 Westinghouse Road".into(),
                line2: None,
                city: "Manchester".into(),
                postcode: "M17 1AE".into(),
                country: "GB".into(),
            },
            location: GeoPoint::new(manchester.longitude - 0.08, manchester.latitude + 0.0).expect("on the globe"),
        };
        // Venlo, on the Dutch-German border: where European retailers keep their continental stock.
        let venlo = Warehouse {
            id: id(Kind::Warehouse, 1, seed),
            region: None,
            legacy_id: None,
            name: "Amazone Warehouse Venlo".into(),
            address: Address {
                line1: "Celsiusweg 20".into(),
                line2: None,
                city: "Venlo".into(),
                postcode: "5928 PR".into(),
                country: "NL".into(),
            },
            location: GeoPoint::new(6.1697, 51.3704).expect("on the globe"),
        };
        let mut warehouses = vec![trafford_park, venlo];
        for warehouse in &mut warehouses {
            warehouse.region = Some(regions.code_of(&warehouse.address.country));
        }
        let partners = (0..partners)
            .map(|n| {
                let city = &cities[n % cities.len()];
                let first = city.country.first_names.choose(rng).expect("names");
                let last = city.country.last_names.choose(rng).expect("names");
                Partner {
                    id: id(Kind::Partner, n as u64, seed),
                    region: None,
                    legacy_id: None,
                    name: format!("{first} {last}"),
                    email: format!("partner{n}@amazone-delivery.example"),
                    age: Some(rng.random_range(19..66)),
                    gender: None,
                    location: near(rng, city, 0.05),
                    active: rng.random_bool(0.85),
                    // Counted from the generated orders once they are written. The old on-delivery flag is still
                    // drawn (and dropped) so that a seed generates the same world as before.
                    load: {
                        let _ = rng.random_bool(0.3);
                        0
                    },
                    deliveries: rng.random_range(0..2_000),
                    hours_worked: f64::from(rng.random_range(0..4_000u32)) / 2.0,
                    rating: Default::default(),
                }
            })
            .collect();
        let mut total = 0;
        let country_weights = COUNTRIES
            .iter()
            .enumerate()
            .map(|(index, country)| {
                total += country.share;
                (total, index)
            })
            .collect();
        World { cities, stores, warehouses, partners, country_weights }
    }

    /// A city for a new customer, the UK most often.
    pub fn pick_city(&self, rng: &mut GenRng) -> usize {
        let total = self.country_weights.last().map_or(1, |w| w.0);
        let roll = rng.random_range(0..total);
        let country = self.country_weights.iter().find(|(upto, _)| roll < *upto).map_or(0, |w| w.1);
        let code = COUNTRIES[country].code;
        let candidates: Vec<usize> =
            self.cities.iter().enumerate().filter(|(_, c)| c.country.code == code).map(|(i, _)| i).collect();
        *candidates.choose(rng).expect("every country has cities")
    }
}

pub fn address_in(rng: &mut GenRng, city: &City) -> Address {
    let street = city.country.streets.choose(rng).expect("streets");
    let postcode: String = city
        .postcode
        .chars()
        .map(|c| match c {
            '#' => char::from(b'0' + rng.random_range(0..10u8)),
            '@' => char::from(b'A' + rng.random_range(0..26u8)),
            other => other,
        })
        .collect();
    Address {
        line1: format!("{} {street}", rng.random_range(1..300)),
        line2: None,
        city: city.name.into(),
        postcode,
        country: city.country.code.into(),
    }
}

fn near(rng: &mut GenRng, city: &City, spread: f64) -> GeoPoint {
    let longitude = city.longitude + rng.random_range(-spread..spread);
    let latitude = city.latitude + rng.random_range(-spread..spread);
    GeoPoint::new(longitude, latitude).expect("cities are on the globe")
}
