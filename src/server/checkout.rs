//! Placing an order: one transaction that writes the order (names and prices as the shopper saw them, where each
//! line leaves from, totals, its tracking number), consumes the cart, and assigns the nearest delivery partner with
//! room for it (or leaves it waiting for one; checkouts at the same moment spread over the nearest few, see
//! `orders::spread`).
//!
//! The order takes the cart's id, so the same cart can become at most one order: a second "place order" (a double
//! click, two tabs) finds the cart consumed and answers with the order already placed.

use std::collections::HashMap;

use futures::TryStreamExt;
use mongodb::bson::{self, doc, Document};
use mongodb::{ClientSession, Database};

use crate::model::address::{Address, GeoPoint};
use crate::model::batches;
use crate::model::cart::{Cart, CartError, CartStatus};
use crate::model::location::StockLocation;
use crate::model::order::{Delivery, Order, OrderEvent, OrderLine, OrderStatus};
use crate::model::product::Product;
use crate::model::region::{FreshReach, Regions};
use crate::model::vat::VatRates;
use crate::model::{Currency, Department, Money, Timestamp};
use crate::server::cart::{refuse, reserve, CartOwner, CartServiceError};
use crate::server::collections::{CARTS, CUSTOMERS, ORDERS, PRODUCTS};
use crate::server::config::DeliverySettings;
use crate::server::mongo::is_duplicate_key;
use crate::server::orders::spread::{Reaching, UnderWay};
use crate::server::orders::{partners, tracking};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Placed {
    New(String),
    /// This cart had been ordered already (a second click): here is that order.
    Already(String),
}

impl Placed {
    pub fn order_id(&self) -> &str {
        match self {
            Placed::New(id) | Placed::Already(id) => id,
        }
    }
}

/// Who is ordering and where it goes.
#[derive(Debug, Clone)]
pub struct Checkout {
    pub customer_id: String,
    /// The customer's region, where their cart is (`CartOwner`); the order's may differ.
    pub customer_region: String,
    pub customer_name: String,
    pub cart_id: String,
    pub address: Address,
    /// Fresh food must come from a store within this distance of the address (and in its country).
    pub fresh_radius_km: f64,
    /// The region of the address's country: the order's.
    pub region: String,
    /// What the address's country pays in: the order's currency (a cart in another is re-priced first).
    pub currency: Currency,
    /// "Paris": where the order goes, for the notice when the cart is re-priced.
    pub to: String,
    /// The address's country's VAT rates: each line records its VAT at them.
    pub vat: VatRates,
}

impl Checkout {
    /// The checkout of `cart_id` to `address`: its region, currency and fresh food's reach follow from the address's
    /// country and the settings, never from the form.
    pub fn new(
        customer: (&str, &str),
        customer_name: &str,
        cart_id: &str,
        address: Address,
        regions: &Regions,
    ) -> Checkout {
        let (customer_id, customer_region) = customer;
        Checkout {
            customer_id: customer_id.to_string(),
            customer_region: customer_region.to_string(),
            customer_name: customer_name.to_string(),
            cart_id: cart_id.to_string(),
            fresh_radius_km: regions.fresh_radius_km,
            region: regions.code_of(&address.country),
            currency: regions.currency_of(&address.country),
            to: address.city.clone(),
            vat: regions.vat_rates(&address.country),
            address,
        }
    }

    /// Whose cart is checked out.
    pub fn owner(&self) -> CartOwner {
        CartOwner::Customer { id: self.customer_id.clone(), region: self.customer_region.clone() }
    }

    /// The cart checked out: the customer's own, in their region.
    fn cart_filter(&self) -> Document {
        doc! { "region": &self.customer_region, "_id": &self.cart_id, "customer_id": &self.customer_id }
    }
}

pub async fn place_order(
    db: &Database,
    checkout: Checkout,
    delivery: &DeliverySettings,
) -> Result<Placed, CartServiceError> {
    let carts = db.collection::<Cart>(CARTS);
    let cart = carts.find_one(checkout.cart_filter()).await?;
    let Some(cart) = cart else { return Err(CartError::Empty.into()) };
    if cart.status == CartStatus::CheckedOut {
        return Ok(Placed::Already(cart.id));
    }
    let departs_from = match cart.items.iter().find_map(|item| item.reserved_from.as_ref()) {
        Some(from) => site_location(db, from).await?,
        None => None,
    };
    let capacity = delivery.capacity();
    let partners = partners::nearest_with_room(db, departs_from.as_ref(), capacity, &checkout.region).await?;
    let products = products_of(db, &cart).await?;
    // A withdrawn product is not sold, and the price each line showed is what the shopper agreed to: if either
    // changed since, say so first.
    if let Some(refusal) = crate::server::cart::retired_lines(&cart, &products) {
        return Err(refusal.into());
    }
    if let Some(refusal) = out_of_reach(db, &cart, &checkout).await? {
        return Err(refusal.into());
    }
    // The address decides the currency: a cart priced in another is re-priced, and the shopper checks it again.
    let owner = checkout.owner();
    if let Some(notice) = crate::server::cart::change_currency(db, &owner, checkout.currency, &checkout.to).await? {
        return Err(CartError::CurrencyChanged { notice }.into());
    }
    if let Some(refusal) = crate::server::cart::not_sold_lines(&cart, &products) {
        return Err(refusal.into());
    }
    if let Some(refusal) = crate::server::cart::reprice(db, &cart, &products).await? {
        return Err(refusal.into());
    }
    let tracking_number = tracking::next(db).await?;

    let db_owned = db.clone();
    let (mut attempt, claiming) = (0, UnderWay::start(db, Reaching::NearestPartner));
    let mut session = db.client().start_session().await?;
    let placed = session
        .start_transaction()
        .and_run2(async move |session| {
            attempt += 1;
            let (db, checkout, products) = (&db_owned, &checkout, &products);
            let partner = Assignment {
                candidates: &partners,
                among: claiming.among(attempt),
                capacity,
                tracking_number: &tracking_number,
            };
            place_in_transaction(db, session, checkout, &partner, products).await
        })
        .await;
    match placed {
        Err(err) if is_duplicate_key(&err) => Ok(Placed::Already(cart.id)),
        placed => placed.map_err(CartServiceError::from),
    }
}

/// Fresh lines reserved in stores that do not reach the address the order goes to (added while delivering
/// elsewhere): refused by name, so that the shopper takes them from a store near the address instead.
async fn out_of_reach(db: &Database, cart: &Cart, checkout: &Checkout) -> mongodb::error::Result<Option<CartError>> {
    let held: Vec<(&str, &str)> = cart
        .items
        .iter()
        .filter_map(|item| match &item.reserved_from {
            Some(StockLocation::Store(store_id)) => Some((store_id.as_str(), item.name.as_str())),
            _ => None,
        })
        .collect();
    if held.is_empty() {
        return Ok(None);
    }
    let destination = crate::server::regions::of_address(&checkout.address, checkout.region.clone());
    let reach = FreshReach { destination, radius_km: checkout.fresh_radius_km };
    let ids: Vec<&str> = held.iter().map(|(store, _)| *store).collect();
    let reachable = crate::server::regions::reachable_stores(db, &ids, &reach).await?;
    let far: Vec<&str> = held
        .iter()
        .filter(|(store, _)| !reachable.iter().any(|(s, _)| s.id == *store))
        .map(|(_, name)| *name)
        .collect();
    Ok((!far.is_empty()).then(|| CartError::OutOfReach { to: reach.destination.describe(), names: far.join(", ") }))
}

/// Who may bring the order, and the number on its parcel (both found before the transaction).
struct Assignment<'a> {
    /// Nearest first.
    candidates: &'a [String],
    /// How many of the nearest this checkout chooses among (see `orders::spread`).
    among: u32,
    capacity: u32,
    tracking_number: &'a str,
}

async fn place_in_transaction(
    db: &Database,
    session: &mut ClientSession,
    checkout: &Checkout,
    assignment: &Assignment<'_>,
    products: &HashMap<String, Product>,
) -> mongodb::error::Result<Placed> {
    let carts = db.collection::<Cart>(CARTS);
    let cart =
        carts.find_one(checkout.cart_filter()).session(&mut *session).await?.ok_or_else(|| refuse(CartError::Empty))?;
    if cart.status == CartStatus::CheckedOut {
        return Ok(Placed::Already(cart.id));
    }
    if cart.items.is_empty() {
        return Err(refuse(CartError::Empty));
    }
    if cart.currency != checkout.currency {
        // Re-priced since the checks above (a country change in another tab): the shopper sees the new prices first.
        let notice = format!("Your cart was re-priced in {} while you checked out.", cart.currency.name());
        return Err(refuse(CartError::CurrencyChanged { notice }));
    }
    if let Some(refusal) = crate::server::cart::expired_lines(&cart, Timestamp::now()) {
        return Err(refuse(refusal));
    }
    let mut lines = Vec::with_capacity(cart.items.len());
    let mut total_cost = Money::ZERO;
    for item in &cart.items {
        let product = products.get(&item.product_id).ok_or_else(|| refuse(CartError::UnknownProduct))?;
        let (source, batches) = match &item.reserved_from {
            Some(from) => (from.clone(), batches::tidy(item.batches.iter().copied())),
            // An imported cart's line was never reserved: reserve it now, or refuse the order.
            None => {
                let from =
                    crate::server::cart::choose_source(db, product, item.quantity).await.map_err(|err| match err {
                        CartServiceError::Cart(refusal) => refuse(refusal),
                        CartServiceError::Database(err) => err,
                    })?;
                let batches = reserve(db, session, &item.product_id, &from, item.quantity).await?;
                (from, batches)
            }
        };
        total_cost = total_cost + product.cost.times(item.quantity);
        lines.push(OrderLine {
            product_id: item.product_id.clone(),
            name: item.name.clone(),
            kind: product.details.kind().into(),
            unit_price: item.price,
            quantity: item.quantity,
            source,
            batches,
            vat: Some(checkout.vat.line(item.category, item.price.times(item.quantity))),
        });
    }
    let partner =
        partners::claim_first(db, session, assignment.candidates, assignment.capacity, assignment.among).await?;
    let all_fresh = cart.items.iter().all(|item| item.category.department() == Department::Fresh);
    let status = if partner.is_some() { OrderStatus::OutForDelivery } else { OrderStatus::AwaitingPartner };
    let order = Order {
        id: cart.id.clone(),
        legacy_id: None,
        legacy_source: None,
        region: Some(checkout.region.clone()),
        customer_id: checkout.customer_id.clone(),
        customer_name: checkout.customer_name.clone(),
        shipping_address: Some(checkout.address.clone()),
        placed_at: Timestamp::now(),
        currency: cart.currency,
        total_price: lines.iter().map(|line| line.unit_price.times(line.quantity)).sum(),
        vat_total: Some(lines.iter().filter_map(|line| line.vat).map(|vat| vat.vat).sum()),
        total_cost,
        lines,
        status,
        delivery: Some(Delivery {
            partner_id: partner,
            tracking_number: assignment.tracking_number.to_string(),
            estimated_days: Some(if all_fresh { 1 } else { 3 }),
        }),
        history: vec![OrderEvent { status, at: Timestamp::now(), by: "store".into(), note: None }],
    };
    db.collection::<Order>(ORDERS).insert_one(&order).session(&mut *session).await?;
    note_order_region(db, session, checkout).await?;
    let now = bson::DateTime::from_millis(Timestamp::now().millis());
    carts
        .update_one(
            doc! { "region": &cart.region, "_id": &cart.id, "status": "active" },
            doc! { "$set": { "status": "checked_out", "updated_at": now } },
        )
        .session(&mut *session)
        .await?;
    Ok(Placed::New(order.id))
}

/// The customer's list of regions holding their orders gains the order's, with the order: their orders are read
/// there (`CustomerRecords::theirs`). Their document is in the cart's region (the region they are delivered to), or
/// has none yet (from before regions).
async fn note_order_region(
    db: &Database,
    session: &mut ClientSession,
    checkout: &Checkout,
) -> mongodb::error::Result<()> {
    let noted = db
        .collection::<Document>(CUSTOMERS)
        .update_one(
            doc! { "region": { "$in": [&checkout.customer_region, null] }, "_id": &checkout.customer_id },
            doc! { "$addToSet": { "order_regions": &checkout.region } },
        )
        .session(&mut *session)
        .await?;
    match noted.matched_count {
        0 => Err(refuse(CartError::AccountChanged)),
        _ => Ok(()),
    }
}

async fn site_location(db: &Database, place: &StockLocation) -> mongodb::error::Result<Option<GeoPoint>> {
    Ok(crate::server::places::sites(db, [place]).await?.remove(place).map(|site| site.location))
}

/// The cart's products by id (their cost, kind and department), read once before the transaction.
async fn products_of(db: &Database, cart: &Cart) -> mongodb::error::Result<HashMap<String, Product>> {
    let ids: Vec<&str> = cart.items.iter().map(|item| item.product_id.as_str()).collect();
    let products: Vec<Product> =
        db.collection::<Product>(PRODUCTS).find(doc! { "_id": { "$in": ids } }).await?.try_collect().await?;
    Ok(products.into_iter().map(|product| (product.id.clone(), product)).collect())
}
