//! Customers and their ratings of products and delivery partners.

use crate::model::customer::Customer;
use crate::model::rating::{PartnerRating, ProductRating, Stars};
use crate::model::Timestamp;

use super::map_places::address;
use super::record::Record;
use super::refs::Refs;

pub fn customer(record: Record, now: Timestamp) -> Result<Customer, String> {
    let legacy = record.integer(&["Customer_ID"])?;
    let email = record.string(&["Email"])?.to_lowercase();
    let age = record.get(&["Age"]).map(|_| record.integer(&["Age"])).transpose()?;
    let billing = address(&record.record(&["Billing_Address"])?).map_err(|e| format!("Billing_Address: {e}"))?;
    let shipping = match record.get(&["Shipping_Address"]) {
        Some(_) => address(&record.record(&["Shipping_Address"])?).map_err(|e| format!("Shipping_Address: {e}"))?,
        None => billing.clone(),
    };
    Ok(Customer {
        id: record.object_id().unwrap_or_else(|| format!("customer-{legacy}")),
        region: None,
        legacy_id: Some(legacy),
        name: record.string(&["Name"])?,
        email,
        age: age.and_then(|age| u8::try_from(age).ok()),
        gender: record.optional_string(&["Gender"])?,
        billing_address: billing,
        shipping_address: shipping,
        // Computed by the recommendations job; the original's lists are not carried over.
        recommended_products: Vec::new(),
        recommended_at: None,
        created_at: now,
        // Computed from the imported orders once they are stamped (`regions::stamp`).
        order_regions: None,
    })
}

fn stars(record: &Record, names: &[&str]) -> Result<Stars, String> {
    Stars::new(record.integer(names)?).map_err(|err| format!("{}: {err}", names[0]))
}

pub fn product_rating(record: Record, refs: &Refs, notes: &mut Vec<String>) -> Result<ProductRating, String> {
    let legacy = record.integer(&["Product_rating_ID", "Rating_ID"])?;
    let product = record.integer(&["Product_ID", "Product_id"])?;
    let customer = record.integer(&["Customer_ID"])?;
    let (rated_at, correction) = record.date(&["Rating_date", "Date"])?;
    notes.extend(correction);
    Ok(ProductRating {
        id: record.object_id().unwrap_or_else(|| format!("product-rating-{legacy}")),
        region: None,
        legacy_id: Some(legacy),
        product_id: refs
            .products
            .get(&product)
            .map(|p| p.id.clone())
            .ok_or(format!("Product_ID {product} matches no product"))?,
        customer_id: refs
            .customers
            .get(&customer)
            .map(|c| c.0.clone())
            .ok_or(format!("Customer_ID {customer} matches no customer"))?,
        stars: stars(&record, &["Product_rating", "Rating"])?,
        rated_at,
    })
}

pub fn partner_rating(record: Record, refs: &Refs, notes: &mut Vec<String>) -> Result<PartnerRating, String> {
    let legacy = record.integer(&["Partner_Rating_ID", "Rating_ID"])?;
    let partner = record.integer(&["Partner_ID"])?;
    let customer = record.integer(&["Customer_ID"])?;
    let order = record.integer(&["Order_ID"])?;
    let (rated_at, correction) = record.date(&["Rating_Date", "Date"])?;
    notes.extend(correction);
    let customer_id = refs
        .customers
        .get(&customer)
        .map(|c| c.0.clone())
        .ok_or(format!("Customer_ID {customer} matches no customer"))?;
    let (order_id, order_customer) =
        refs.orders.get(&order).cloned().ok_or(format!("Order_ID {order} matches no order"))?;
    if order_customer != customer_id {
        return Err(format!("Customer_ID {customer} did not place order {order}, so cannot rate its delivery"));
    }
    Ok(PartnerRating {
        id: record.object_id().unwrap_or_else(|| format!("partner-rating-{legacy}")),
        region: None,
        legacy_id: Some(legacy),
        partner_id: refs.partners.get(&partner).cloned().ok_or(format!("Partner_ID {partner} matches no partner"))?,
        customer_id,
        order_id,
        stars: stars(&record, &["Partner_Rating", "Rating"])?,
        rated_at,
    })
}
