//! Generated customers across the UK and the EU, each with a taste: favourite categories and favourite creators.

use rand::seq::IndexedRandom;
use rand::Rng;
use rand_distr::{Distribution, LogNormal};

use crate::model::customer::Customer;
use crate::model::region::Regions;
use crate::model::Timestamp;

use super::catalogue::Catalogue;
use super::names::EMAIL_DOMAINS;
use super::world::{address_in, World};
use super::{id, GenRng, Kind};

/// What a customer likes, and how much they shop.
pub struct Taste {
    pub city: usize,
    pub favourite_categories: [usize; 2],
    pub favourite_creators: Vec<u32>,
    /// Relative activity: a few customers rate and buy a lot, most a little.
    pub activity: f64,
}

/// A customer in their shipping address's region, with no `order_regions` yet (known once their orders are).
pub fn customer(
    rng: &mut GenRng,
    seed: u64,
    n: usize,
    world: &World,
    regions: &Regions,
    now: Timestamp,
) -> (Customer, usize) {
    let city_index = world.pick_city(rng);
    let city = &world.cities[city_index];
    let first = city.country.first_names.choose(rng).expect("names");
    let last = city.country.last_names.choose(rng).expect("names");
    let domain = EMAIL_DOMAINS.choose(rng).expect("domains");
    let handle: String = format!("{first}.{last}").chars().filter(|c| c.is_ascii_alphanumeric() || *c == '.').collect();
    let address = address_in(rng, city);
    let shipping = if rng.random_bool(0.9) { address.clone() } else { address_in(rng, city) };
    let customer = Customer {
        id: id(Kind::Customer, n as u64, seed),
        region: Some(regions.code_of(&shipping.country)),
        legacy_id: None,
        name: format!("{first} {last}"),
        // The number keeps emails unique however often a name repeats.
        email: format!("{}{n}@{domain}", handle.to_lowercase()),
        age: Some(rng.random_range(18..90)),
        gender: None,
        billing_address: address,
        shipping_address: shipping,
        recommended_products: Vec::new(),
        recommended_at: None,
        created_at: Timestamp(now.0 - rng.random_range(0..1_000) * 86_400_000),
        order_regions: None,
    };
    (customer, city_index)
}

pub fn taste(rng: &mut GenRng, city: usize, catalogue: &Catalogue) -> Taste {
    let populated: Vec<usize> =
        (0..catalogue.by_category.len()).filter(|&c| !catalogue.by_category[c].is_empty()).collect();
    let first = *populated.choose(rng).unwrap_or(&0);
    let second = *populated.choose(rng).unwrap_or(&0);
    let mut favourite_creators = Vec::new();
    for category in [first, second] {
        for _ in 0..2 {
            if let Some(&product) = catalogue.by_category[category].choose(rng) {
                favourite_creators.extend(catalogue.tastes[product].creator);
            }
        }
    }
    let activity = LogNormal::new(0.0, 0.9).expect("a valid distribution").sample(rng);
    Taste { city, favourite_categories: [first, second], favourite_creators, activity }
}

impl Taste {
    /// A product this customer would look at: usually from a favourite creator or category, sometimes anything.
    pub fn pick_product(&self, rng: &mut GenRng, catalogue: &Catalogue) -> usize {
        let roll: f64 = rng.random();
        if roll < 0.35 {
            if let Some(&creator) = self.favourite_creators.choose(rng) {
                if let Some(&product) = catalogue.by_creator[creator as usize].choose(rng) {
                    return product;
                }
            }
        }
        if roll < 0.75 {
            let category = self.favourite_categories[rng.random_range(0..2)];
            if let Some(&product) = catalogue.by_category[category].choose(rng) {
                return product;
            }
        }
        rng.random_range(0..catalogue.products.len())
    }

    /// The stars this customer gives `product`: its quality, plus liking for its category and creator, plus mood.
    pub fn stars_for(&self, rng: &mut GenRng, product: usize, catalogue: &Catalogue) -> i64 {
        let taste = &catalogue.tastes[product];
        let category = crate::model::Category::ALL.iter().position(|c| *c == taste.category).unwrap_or(0);
        let likes_category = self.favourite_categories.contains(&category);
        let likes_creator = taste.creator.is_some_and(|c| self.favourite_creators.contains(&c));
        let mood: f64 = rng.random_range(-0.9..0.9);
        let score =
            2.6 + taste.quality + if likes_category { 0.8 } else { 0.0 } + if likes_creator { 0.9 } else { 0.0 } + mood;
        (score.round() as i64).clamp(1, 5)
    }
}
