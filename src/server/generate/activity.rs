//! Generated activity: orders whose lines match their products' prices, product ratings that follow customers'
//! tastes, partner ratings for delivered orders, and active carts.

use std::collections::HashSet;

use rand::Rng;

use crate::model::cart::{Cart, CartItem, CartStatus};
use crate::model::location::StockLocation;
use crate::model::order::{Delivery, Order, OrderLine, OrderStatus};
use crate::model::product::ProductDetails;
use crate::model::rating::{PartnerRating, ProductRating, Stars};
use crate::model::{Currency, Money, Timestamp};

use super::catalogue::Catalogue;
use super::people::Taste;
use super::world::World;
use super::{id, GenRng, Kind};

const DAY: i64 = 86_400_000;

/// Where a line ships from: fresh food from the store of the customer's city, the rest from the UK's warehouse
/// (generated history is from before the EU's opened).
fn source(catalogue: &Catalogue, product: usize, taste: &Taste, world: &World) -> StockLocation {
    match catalogue.products[product].details {
        ProductDetails::Fresh(_) => StockLocation::Store(world.cities[taste.city].store_id.clone()),
        _ => StockLocation::Warehouse(world.warehouses[0].id.clone()),
    }
}

pub struct Context<'a> {
    pub seed: u64,
    pub now: Timestamp,
    pub world: &'a World,
    pub catalogue: &'a Catalogue,
    /// Each customer's region, by number: their ratings and carts are kept there.
    pub customer_regions: &'a [String],
    /// The region of every generated order: history from before the EU opened, shipped without an address (which
    /// is the default country's region, as stamping an order without an address gives).
    pub history_region: &'a str,
}

pub fn order(rng: &mut GenRng, cx: &Context, n: usize, customer: usize, customer_name: &str, taste: &Taste) -> Order {
    let lines_count = rng.random_range(1..=4);
    let mut seen = HashSet::new();
    let mut lines = Vec::with_capacity(lines_count);
    let mut total_cost = Money::ZERO;
    while lines.len() < lines_count {
        let product = taste.pick_product(rng, cx.catalogue);
        if !seen.insert(product) {
            continue;
        }
        let item = &cx.catalogue.products[product];
        let quantity = rng.random_range(1..=3);
        total_cost = total_cost + item.cost.times(quantity);
        lines.push(OrderLine {
            product_id: item.id.clone(),
            name: item.name.clone(),
            kind: item.details.kind().into(),
            // Generated history is from before the EU opened: every order was in pounds.
            unit_price: item.prices.gbp.unwrap_or_default(),
            quantity,
            source: source(cx.catalogue, product, taste, cx.world),
            // Generated history records no batches: what was delivered long ago is not on any shelf.
            batches: Vec::new(),
            // Recorded before VAT was: none invented.
            vat: None,
        });
    }
    let days_ago = rng.random_range(0..730);
    let partner = &cx.world.partners[rng.random_range(0..cx.world.partners.len())];
    Order {
        id: id(Kind::Order, n as u64, cx.seed),
        region: Some(cx.history_region.to_string()),
        legacy_id: None,
        legacy_source: None,
        customer_id: id(Kind::Customer, customer as u64, cx.seed),
        customer_name: customer_name.to_string(),
        shipping_address: None,
        placed_at: Timestamp(cx.now.0 - days_ago * DAY - rng.random_range(0..DAY)),
        currency: Currency::GBP,
        total_price: lines.iter().map(|line| line.unit_price.times(line.quantity)).sum(),
        vat_total: None,
        total_cost,
        lines,
        // Today's orders to active partners are still on their way (a few per partner: loads stay near capacity).
        status: if days_ago == 0 && partner.active { OrderStatus::OutForDelivery } else { OrderStatus::Delivered },
        delivery: Some(Delivery {
            partner_id: Some(partner.id.clone()),
            // Apart from the store's own `AMZ-00000000` numbers, which count from zero.
            tracking_number: format!("GEN-{:08}", n),
            estimated_days: Some(rng.random_range(1..5)),
        }),
        history: Vec::new(),
    }
}

/// `count` ratings by one customer, of distinct products, following their taste.
pub fn product_ratings(
    rng: &mut GenRng,
    cx: &Context,
    first: usize,
    customer: usize,
    taste: &Taste,
    count: usize,
) -> Vec<ProductRating> {
    let count = count.min(cx.catalogue.products.len());
    let mut rated = HashSet::with_capacity(count);
    let mut ratings = Vec::with_capacity(count);
    let mut attempts = 0;
    while ratings.len() < count && attempts < count * 20 {
        attempts += 1;
        let product = taste.pick_product(rng, cx.catalogue);
        if !rated.insert(product) {
            continue;
        }
        ratings.push(ProductRating {
            id: id(Kind::ProductRating, (first + ratings.len()) as u64, cx.seed),
            region: Some(cx.customer_regions[customer].clone()),
            legacy_id: None,
            product_id: cx.catalogue.products[product].id.clone(),
            customer_id: id(Kind::Customer, customer as u64, cx.seed),
            stars: Stars::new(taste.stars_for(rng, product, cx.catalogue)).expect("clamped to 1-5"),
            rated_at: Timestamp(cx.now.0 - rng.random_range(0..730) * DAY),
        });
    }
    ratings
}

/// A delivered order's customer rates its partner: partners differ, and so do customers' moods.
pub fn partner_rating(rng: &mut GenRng, cx: &Context, n: usize, order: &Order) -> Option<PartnerRating> {
    let delivery = order.delivery.as_ref()?;
    let partner_id = delivery.partner_id.as_ref()?;
    let partner = cx.world.partners.iter().position(|p| &p.id == partner_id)?;
    let base = 2 + (partner % 3) as i64;
    Some(PartnerRating {
        id: id(Kind::PartnerRating, n as u64, cx.seed),
        region: order.region.clone(),
        legacy_id: None,
        partner_id: partner_id.clone(),
        customer_id: order.customer_id.clone(),
        order_id: order.id.clone(),
        stars: Stars::new((base + rng.random_range(-1..=2)).clamp(1, 5)).expect("clamped to 1-5"),
        rated_at: Timestamp(order.placed_at.0 + rng.random_range(1..10) * DAY),
    })
}

pub fn cart(rng: &mut GenRng, cx: &Context, n: usize, customer: usize, taste: &Taste) -> Cart {
    let updated_at = Timestamp(cx.now.0 - rng.random_range(0..3 * DAY));
    let mut seen = HashSet::new();
    let mut items = Vec::new();
    for _ in 0..rng.random_range(1..=3) {
        let product = taste.pick_product(rng, cx.catalogue);
        if !seen.insert(product) {
            continue;
        }
        let item = &cx.catalogue.products[product];
        items.push(CartItem {
            product_id: item.id.clone(),
            name: item.name.clone(),
            category: item.category,
            price: item.prices.gbp.unwrap_or_default(),
            quantity: rng.random_range(1..=2),
            // Generated stock is written without these units taken, so the lines record no reservation (like the
            // original's carts): expiry returns nothing for them and checkout reserves them.
            reserved_from: None,
            batches: Vec::new(),
            added_at: updated_at,
        });
    }
    Cart {
        id: id(Kind::Cart, n as u64, cx.seed),
        region: Some(cx.customer_regions[customer].clone()),
        legacy_id: None,
        customer_id: Some(id(Kind::Customer, customer as u64, cx.seed)),
        guest_address: None,
        status: CartStatus::Active,
        currency: Currency::GBP,
        items,
        notice: None,
        created_at: updated_at,
        updated_at,
    }
}
