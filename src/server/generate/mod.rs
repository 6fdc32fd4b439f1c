//! `amazone generate`: deterministic synthetic data (the same `--seed` gives the same data) at any scale, streamed
//! into MongoDB with progress. Every reference points at a document that exists, and ratings follow customers'
//! tastes (favourite categories and creators) and products' quality, so that recommendations have something to find.

mod activity;
mod catalogue;
pub(crate) mod names;
mod people;
mod sink;
mod world;

use std::time::Instant;

use mongodb::Database;
use rand::distr::weighted::WeightedIndex;
use rand::distr::Distribution;
use rand::{Rng, SeedableRng};

use crate::model::order::OrderStatus;
use crate::model::region::Regions;
use crate::model::Timestamp;
use crate::server::collections::*;
use crate::server::ratings::refresh_summaries;
use crate::server::stock::refresh_in_stock;

use activity::Context;
use sink::Sink;
pub use sink::Written;

/// The generator's random numbers: ChaCha8, seeded, so that every run with a seed draws the same sequence.
pub type GenRng = rand_chacha::ChaCha8Rng;

/// How much to generate. Also the `[seed.generate]` settings of the first start.
#[derive(Debug, Clone, serde::Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct GenerateOptions {
    pub seed: u64,
    pub customers: usize,
    pub products: usize,
    pub orders: usize,
    pub ratings: usize,
    pub carts: usize,
    #[serde(skip)]
    pub show_progress: bool,
}

/// A moderate store: what the first start generates.
impl Default for GenerateOptions {
    fn default() -> Self {
        GenerateOptions {
            seed: 42,
            customers: 2_000,
            products: 1_000,
            orders: 6_000,
            ratings: 20_000,
            carts: 100,
            show_progress: false,
        }
    }
}

#[derive(Debug)]
pub struct GenerateSummary {
    pub written: Vec<Written>,
    pub seconds: f64,
}

impl GenerateSummary {
    pub fn documents(&self) -> u64 {
        self.written.iter().map(|w| w.inserted + w.already_present).sum()
    }
}

/// What a generated id stands for: part of the id, so that ids of different kinds never collide.
#[derive(Clone, Copy)]
pub enum Kind {
    Store = 1,
    Warehouse,
    Partner,
    Product,
    Stock,
    Customer,
    Order,
    ProductRating,
    PartnerRating,
    Cart,
}

/// A 24-hex-digit id in ObjectId's shape, derived from the seed, the kind and the number: the same every run, and
/// unique without coordination (as ObjectIds minted by any region are).
pub fn id(kind: Kind, n: u64, seed: u64) -> String {
    const EPOCH: u32 = 0x6500_0000; // 2023-09-12: the first second of generated history
    format!("{EPOCH:08x}{:02x}{:06x}{:08x}", kind as u8, seed & 0xff_ffff, n & 0xffff_ffff)
}

/// Generates the data set into `db`, every document in its region (`regions`) as it is written: stores, stock,
/// customers (with the regions of their orders) and what they did. Only partners, whose region is their nearest
/// store's, are stamped at the end (`regions::stamp_missing`, which then finds nothing else to do).
pub async fn generate(
    db: &Database,
    options: &GenerateOptions,
    regions: &Regions,
) -> mongodb::error::Result<GenerateSummary> {
    let started = Instant::now();
    let seed = options.seed;
    let mut rng = GenRng::seed_from_u64(seed);
    // Generated history ends at a fixed day, so that the same seed gives the same dates on any day it runs.
    let now = Timestamp::from_ymd(2026, 11, 1).expect("a real date");
    // Except what is on the shelves: fresh food's best-before dates count from the day it runs.
    let today = Timestamp::now();
    let progress = options.show_progress;
    let mut written = Vec::new();

    let world = world::World::generate(&mut rng, seed, (options.customers / 400).max(5), regions);
    written.push(write_all(db, STORES, &world.stores, progress).await?);
    written.push(write_all(db, WAREHOUSES, &world.warehouses, progress).await?);
    written.push(write_all(db, PARTNERS, &world.partners, progress).await?);

    let mut catalogue = catalogue::generate(&mut rng, seed, options.products.max(1), now);
    crate::server::pictures::draw_for_new(db, &mut catalogue.products).await?;
    written.push(write_all(db, PRODUCTS, &catalogue.products, progress).await?);
    let mut fresh = Sink::new(db, FRESH_STOCK, 0, false);
    let mut warehouse = Sink::new(db, WAREHOUSE_STOCK, 0, false);
    for (n, product) in catalogue.products.iter().enumerate() {
        match product.details {
            crate::model::product::ProductDetails::Fresh(_) => {
                for stock in catalogue::fresh_stock(&mut rng, seed, n, product, &world, today) {
                    fresh.push(&stock).await?;
                }
            }
            _ => {
                for stock in catalogue::warehouse_stock(&mut rng, seed, n, product, &world) {
                    warehouse.push(&stock).await?;
                }
            }
        }
    }
    written.push(fresh.finish().await?);
    written.push(warehouse.finish().await?);
    refresh_in_stock(db).await?;

    // Customers are written after their orders are drawn, so that each is written once with `order_regions`.
    let mut customers = Vec::with_capacity(options.customers);
    let mut tastes = Vec::with_capacity(options.customers);
    for n in 0..options.customers {
        let (customer, city) = people::customer(&mut rng, seed, n, &world, regions, now);
        tastes.push(people::taste(&mut rng, city, &catalogue));
        customers.push(customer);
    }
    let customer_regions: Vec<String> = customers.iter().map(|c| c.region.clone().unwrap_or_default()).collect();
    let history_region = regions.code_of(&regions.default_country);
    let cx = Context {
        seed,
        now,
        world: &world,
        catalogue: &catalogue,
        customer_regions: &customer_regions,
        history_region: &history_region,
    };
    let mut ordered = vec![false; options.customers];
    if options.customers > 0 {
        let by_activity = WeightedIndex::new(tastes.iter().map(|t| t.activity)).expect("positive activity weights");
        let mut orders = Sink::new(db, ORDERS, options.orders as u64, progress);
        let mut partner_ratings = Sink::new(db, PARTNER_RATINGS, 0, false);
        let mut partner_rated = 0;
        for n in 0..options.orders {
            let customer = by_activity.sample(&mut rng);
            ordered[customer] = true;
            let order = activity::order(&mut rng, &cx, n, customer, &customers[customer].name, &tastes[customer]);
            if order.status == OrderStatus::Delivered && rng.random_bool(0.3) {
                if let Some(rating) = activity::partner_rating(&mut rng, &cx, partner_rated, &order) {
                    partner_ratings.push(&rating).await?;
                    partner_rated += 1;
                }
            }
            orders.push(&order).await?;
        }
        written.push(orders.finish().await?);
        written.push(partner_ratings.finish().await?);
    }

    let mut customer_sink = Sink::new(db, CUSTOMERS, options.customers as u64, progress);
    for (customer, ordered) in customers.iter_mut().zip(&ordered) {
        customer.order_regions = Some(if *ordered { vec![history_region.clone()] } else { Vec::new() });
        customer_sink.push(customer).await?;
    }
    written.push(customer_sink.finish().await?);
    // Their emails are claimed like imported and signed-up customers' (one customer per address in every region).
    crate::server::cluster::unique_keys::claim_stored(db).await?;

    if options.customers > 0 {
        let mut ratings = Sink::new(db, PRODUCT_RATINGS, options.ratings as u64, progress);
        let mut made = 0;
        for (customer, count) in ratings_per_customer(&tastes, options.ratings).into_iter().enumerate() {
            for rating in activity::product_ratings(&mut rng, &cx, made, customer, &tastes[customer], count) {
                ratings.push(&rating).await?;
                made += 1;
            }
        }
        written.push(ratings.finish().await?);
        refresh_summaries(db).await?;
        crate::server::orders::partners::recount_loads(db, false).await?;

        let mut carts = Sink::new(db, CARTS, options.carts as u64, progress);
        for (n, taste) in tastes.iter().enumerate().take(options.carts.min(options.customers)) {
            carts.push(&activity::cart(&mut rng, &cx, n, n, taste)).await?;
        }
        written.push(carts.finish().await?);
    }
    crate::server::regions::stamp_missing(db, regions).await?;

    Ok(GenerateSummary { written, seconds: started.elapsed().as_secs_f64() })
}

async fn write_all<T: serde::Serialize>(
    db: &Database,
    collection: &'static str,
    documents: &[T],
    progress: bool,
) -> mongodb::error::Result<Written> {
    let mut sink = Sink::new(db, collection, documents.len() as u64, progress);
    for document in documents {
        sink.push(document).await?;
    }
    sink.finish().await
}

/// Splits `total` ratings across customers in proportion to their activity, exactly.
fn ratings_per_customer(tastes: &[people::Taste], total: usize) -> Vec<usize> {
    let weight: f64 = tastes.iter().map(|t| t.activity).sum();
    let mut counts: Vec<usize> = tastes.iter().map(|t| (t.activity / weight * total as f64).floor() as usize).collect();
    // Rounding down leaves fewer than one per customer to hand out.
    let missing = total.saturating_sub(counts.iter().sum());
    counts.iter_mut().take(missing).for_each(|count| *count += 1);
    counts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_object_id_shaped_and_distinct_by_kind_number_and_seed() {
        let a = id(Kind::Customer, 7, 42);
        assert_eq!(a.len(), 24);
        assert!(a.chars().all(|c| c.is_ascii_hexdigit()));
        assert_eq!(a, id(Kind::Customer, 7, 42));
        assert_ne!(a, id(Kind::Product, 7, 42));
        assert_ne!(a, id(Kind::Customer, 8, 42));
        assert_ne!(a, id(Kind::Customer, 7, 43));
    }
}
