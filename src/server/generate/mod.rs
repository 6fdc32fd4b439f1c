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

use crate::model::customer::Customer;
use crate::model::order::OrderStatus;
use crate::model::product::ProductDetails;
use crate::model::region::Regions;
use crate::model::Timestamp;
use crate::server::collections::*;
use crate::server::ratings::refresh_summaries;
use crate::server::stock::refresh_in_stock;

use activity::Context;
use sink::Output;
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
    let mut out = Output::new(db, options.show_progress);

    let world = world::World::generate(&mut rng, seed, (options.customers / 400).max(5), regions);
    out.all(STORES, &world.stores).await?;
    out.all(WAREHOUSES, &world.warehouses).await?;
    out.all(PARTNERS, &world.partners).await?;
    let catalogue = catalogue_with_stock(&mut out, &mut rng, seed, &world, options.products.max(1), now).await?;

    // Customers are written after their orders are drawn, so that each is written once with `order_regions`.
    let (mut customers, tastes): (Vec<Customer>, Vec<people::Taste>) = (0..options.customers)
        .map(|n| {
            let (customer, city) = people::customer(&mut rng, seed, n, &world, regions, now);
            (customer, people::taste(&mut rng, city, &catalogue))
        })
        .unzip();
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
    let ordered = orders_and_partner_ratings(&mut out, &mut rng, &cx, &customers, &tastes, options.orders).await?;
    for (customer, ordered) in customers.iter_mut().zip(&ordered) {
        customer.order_regions = Some(if *ordered { vec![history_region.clone()] } else { Vec::new() });
    }
    out.all(CUSTOMERS, &customers).await?;
    // Their emails are claimed like imported and signed-up customers' (one customer per address in every region).
    crate::server::cluster::unique_keys::claim_stored(db).await?;
    ratings_and_carts(&mut out, &mut rng, &cx, &tastes, options).await?;
    crate::server::regions::stamp_missing(db, regions).await?;

    Ok(GenerateSummary { written: out.written, seconds: started.elapsed().as_secs_f64() })
}

/// The products, with their pictures stored first, then their stock in the stores (fresh) and the warehouses.
async fn catalogue_with_stock(
    out: &mut Output<'_>,
    rng: &mut GenRng,
    seed: u64,
    world: &world::World,
    products: usize,
    now: Timestamp,
) -> mongodb::error::Result<catalogue::Catalogue> {
    // Except what is on the shelves: fresh food's best-before dates count from the day it runs.
    let today = Timestamp::now();
    let mut catalogue = catalogue::generate(rng, seed, products, now);
    crate::server::pictures::draw_for_new(out.db, &mut catalogue.products).await?;
    out.all(PRODUCTS, &catalogue.products).await?;
    let mut fresh = out.quiet_sink(FRESH_STOCK);
    let mut warehouse = out.quiet_sink(WAREHOUSE_STOCK);
    for (n, product) in catalogue.products.iter().enumerate() {
        match product.details {
            ProductDetails::Fresh(_) => {
                for stock in catalogue::fresh_stock(rng, seed, n, product, world, today) {
                    fresh.push(&stock).await?;
                }
            }
            _ => {
                for stock in catalogue::warehouse_stock(rng, seed, n, product, world) {
                    warehouse.push(&stock).await?;
                }
            }
        }
    }
    out.finish(fresh).await?;
    out.finish(warehouse).await?;
    refresh_in_stock(out.db).await?;
    Ok(catalogue)
}

/// `orders` orders, drawn from customers in proportion to their activity, and ratings of the partners who
/// delivered some of them. Returns which customers ordered (none when there are no customers).
async fn orders_and_partner_ratings(
    out: &mut Output<'_>,
    rng: &mut GenRng,
    cx: &Context<'_>,
    customers: &[Customer],
    tastes: &[people::Taste],
    orders: usize,
) -> mongodb::error::Result<Vec<bool>> {
    let mut ordered = vec![false; customers.len()];
    if customers.is_empty() {
        return Ok(ordered);
    }
    let by_activity = WeightedIndex::new(tastes.iter().map(|t| t.activity)).expect("positive activity weights");
    let mut order_sink = out.sink(ORDERS, orders);
    let mut partner_ratings = out.quiet_sink(PARTNER_RATINGS);
    let mut partner_rated = 0;
    for n in 0..orders {
        let customer = by_activity.sample(rng);
        ordered[customer] = true;
        let order = activity::order(rng, cx, n, customer, &customers[customer].name, &tastes[customer]);
        if order.status == OrderStatus::Delivered && rng.random_bool(0.3) {
            if let Some(rating) = activity::partner_rating(rng, cx, partner_rated, &order) {
                partner_ratings.push(&rating).await?;
                partner_rated += 1;
            }
        }
        order_sink.push(&order).await?;
    }
    out.finish(order_sink).await?;
    out.finish(partner_ratings).await?;
    Ok(ordered)
}

/// Customers' product ratings (then the products' rating summaries and the partners' loads) and their carts.
async fn ratings_and_carts(
    out: &mut Output<'_>,
    rng: &mut GenRng,
    cx: &Context<'_>,
    tastes: &[people::Taste],
    options: &GenerateOptions,
) -> mongodb::error::Result<()> {
    if tastes.is_empty() {
        return Ok(());
    }
    let mut ratings = out.sink(PRODUCT_RATINGS, options.ratings);
    let mut made = 0;
    for (customer, count) in ratings_per_customer(tastes, options.ratings).into_iter().enumerate() {
        for rating in activity::product_ratings(rng, cx, made, customer, &tastes[customer], count) {
            ratings.push(&rating).await?;
            made += 1;
        }
    }
    out.finish(ratings).await?;
    refresh_summaries(out.db).await?;
    crate::server::orders::partners::recount_loads(out.db, false).await?;

    let mut carts = out.sink(CARTS, options.carts);
    for (n, taste) in tastes.iter().enumerate().take(options.carts) {
        carts.push(&activity::cart(rng, cx, n, n, taste)).await?;
    }
    out.finish(carts).await
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
