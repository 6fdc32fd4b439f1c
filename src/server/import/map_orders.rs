//! Orders (past and current) and carts: lines refer to products, which give each line its name at purchase.

use crate::model::cart::{Cart, CartItem, CartStatus};
use crate::model::order::{Delivery, Order, OrderLine, OrderStatus};
use crate::model::{Currency, Money};

use super::map_places::address;
use super::record::Record;
use super::refs::Refs;

/// Which of the original's two order files a record came from; they were numbered separately.
#[derive(Clone, Copy)]
pub enum OrderSource {
    Past,
    Current,
}

impl OrderSource {
    pub fn name(self) -> &'static str {
        match self {
            OrderSource::Past => "past",
            OrderSource::Current => "current",
        }
    }
}

pub fn order(record: Record, source: OrderSource, refs: &Refs, notes: &mut Vec<String>) -> Result<Order, String> {
    let legacy = record.integer(&["Order_ID"])?;
    let customer = record.integer(&["Customer_ID"])?;
    let (customer_id, customer_name) =
        refs.customers.get(&customer).cloned().ok_or(format!("Customer_ID {customer} matches no customer"))?;
    let (placed_at, correction) = record.date(&["Order_date", "Date"])?;
    notes.extend(correction);

    let items = record.list(&["Ordered_items", "Items"])?;
    let mut lines = Vec::with_capacity(items.len());
    for (position, item) in items.iter().enumerate() {
        lines.push(
            order_line(&Record::new(item)?, refs).map_err(|reason| format!("Ordered_items[{position}]: {reason}"))?,
        );
    }
    if lines.is_empty() {
        return Err("the order has no items".into());
    }
    let total_price: Money = lines.iter().map(|line| line.unit_price.times(line.quantity)).sum();
    let stated = record.money(&["Total_Order_Price"])?;
    if stated != total_price {
        notes.push(format!("Total_Order_Price {stated} differs from its lines' sum {total_price}; the sum is kept"));
    }

    let tracking = record.get(&["Tracking"]).map(|_| record.record(&["Tracking"])).transpose()?;
    let partner = match &tracking {
        Some(tracking) if tracking.get(&["Partner_ID"]).is_some() => tracking.integer(&["Partner_ID"])?,
        _ => record.integer(&["Partner_ID"])?,
    };
    // A partner missing from the export (a truncated Partners.json) must not cost the order: it is kept, its
    // partner marked unknown, and the report says so.
    let partner_id = refs.partners.get(&partner).cloned();
    if partner_id.is_none() {
        notes.push(format!("Partner_ID {partner} matches no partner: the order is kept with its partner unknown"));
    }
    let status = match (&tracking, source) {
        (Some(tracking), _) if tracking.string(&["Status"])?.eq_ignore_ascii_case("delivered") => {
            OrderStatus::Delivered
        }
        (_, OrderSource::Current) => OrderStatus::OutForDelivery,
        (_, OrderSource::Past) => OrderStatus::Delivered,
    };
    let tracking_number = match &tracking {
        Some(tracking) => tracking.string(&["Tracking_number"])?,
        None => format!("{}-{legacy}", source.name()),
    };
    let estimated_days = match &tracking {
        Some(tracking) if tracking.get(&["Estimated_delivery_time"]).is_some() => {
            u32::try_from(tracking.integer(&["Estimated_delivery_time"])?).ok()
        }
        _ => None,
    };
    let shipping_address = match record.get(&["Shipping_address"]) {
        Some(_) => Some(address(&record.record(&["Shipping_address"])?).map_err(|e| format!("Shipping_address: {e}"))?),
        None => None,
    };

    Ok(Order {
        id: format!("order-{}-{legacy}", source.name()),
        region: None,
        legacy_id: Some(legacy),
        legacy_source: Some(source.name().into()),
        customer_id,
        customer_name: record.optional_string(&["Customer_name"])?.unwrap_or(customer_name),
        shipping_address,
        placed_at,
        currency: Currency::GBP,
        lines,
        total_price,
        vat_total: None,
        total_cost: record.money(&["Total_Order_Cost"])?,
        status,
        delivery: Some(Delivery { partner_id, tracking_number, estimated_days }),
        history: Vec::new(),
    })
}

fn order_line(item: &Record, refs: &Refs) -> Result<OrderLine, String> {
    let product = item.integer(&["Product_ID", "Product_id"])?;
    let product = refs.products.get(&product).ok_or(format!("Product_ID {product} matches no product"))?;
    let source = item.integer(&["From_store_or_warehouse"])?;
    Ok(OrderLine {
        product_id: product.id.clone(),
        name: product.name.clone(),
        kind: product.details.kind().into(),
        unit_price: item.money(&["Price"])?,
        quantity: quantity(item)?,
        source: refs
            .stock_location(source)
            .ok_or(format!("From_store_or_warehouse {source} matches no store or warehouse"))?,
        // The original kept no batches, nor VAT.
        batches: Vec::new(),
        vat: None,
    })
}

fn quantity(item: &Record) -> Result<u32, String> {
    let quantity = item.integer(&["Quantity"])?;
    u32::try_from(quantity).ok().filter(|q| *q > 0).ok_or(format!("Quantity {quantity} is not a positive number"))
}

pub fn cart(record: Record, refs: &Refs, notes: &mut Vec<String>) -> Result<Cart, String> {
    let legacy = record.integer(&["_id", "Cart_ID"])?;
    let customer = record.integer(&["Customer_ID"])?;
    let customer_id = refs
        .customers
        .get(&customer)
        .map(|c| c.0.clone())
        .ok_or(format!("Customer_ID {customer} matches no customer"))?;
    let (updated_at, correction) = record.date(&["Date"])?;
    notes.extend(correction);
    // The original nested the lines one level deeper: items: [{ items_in_cart: [...] }].
    let mut items = Vec::new();
    for group in record.list(&["items"])? {
        let group = Record::new(group)?;
        for (position, item) in group.list(&["items_in_cart"])?.into_iter().enumerate() {
            let item = Record::new(item)?;
            let product = item.integer(&["Product_id", "Product_ID"])?;
            let product = refs
                .products
                .get(&product)
                .ok_or(format!("items_in_cart[{position}]: Product_id {product} matches no product"))?;
            items.push(CartItem {
                product_id: product.id.clone(),
                name: product.name.clone(),
                category: product.category,
                price: item.money(&["Price"])?,
                quantity: quantity(&item).map_err(|e| format!("items_in_cart[{position}]: {e}"))?,
                // The original never recorded where a cart's units were reserved, so expiry returns nothing for them.
                reserved_from: None,
                batches: Vec::new(),
                added_at: updated_at,
            });
        }
    }
    let status = record.string(&["Status"])?;
    if !status.eq_ignore_ascii_case("active") {
        return Err(format!("Status {status:?}: only active carts are kept"));
    }
    Ok(Cart {
        id: format!("cart-{legacy}"),
        region: None,
        legacy_id: Some(legacy),
        customer_id: Some(customer_id),
        guest_address: None,
        status: CartStatus::Active,
        currency: Currency::GBP,
        items,
        notice: None,
        created_at: updated_at,
        updated_at,
    })
}
