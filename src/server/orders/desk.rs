//! The admin's order desk: orders found by filters and search, newest first, a page at a time; one order with its
//! customer, partner, audit log and the partners it could go to; the partners with their loads.

use futures::TryStreamExt;
use mongodb::bson::{doc, Bson, Document};
use mongodb::Database;

use crate::model::customer::Customer;
use crate::model::desk::{
    DeskOrderPage, DeskPage, DeskQuery, DeskRow, PartnerBrief, PartnersPage, Search, DESK_PAGE_SIZE,
};
use crate::model::order::Order;
use crate::model::partner::Partner;
use crate::server::accounts::CustomerRecords;
use crate::server::collections::{CUSTOMERS, ORDERS, PARTNERS};

/// One page of orders matching the query, newest first (on `placed_newest_id`, `status_placed_id`, `country_placed_id` or
/// `customer_orders_newest_id`, whichever the filters pick). Pages are skipped through: the desk reads the recent pages,
/// and a date filter narrows far ones.
pub async fn list(db: &Database, query: DeskQuery) -> mongodb::error::Result<DeskPage> {
    let Some(filter) = filter_of(db, &query).await? else {
        return Ok(DeskPage { query, rows: Vec::new(), has_more: false });
    };
    let skip = u64::from(query.page.saturating_sub(1)) * DESK_PAGE_SIZE as u64;
    let mut orders: Vec<Order> = db
        .collection::<Order>(ORDERS)
        .find(filter)
        .sort(doc! { "placed_at": -1, "_id": -1 })
        .skip(skip)
        .limit(DESK_PAGE_SIZE as i64 + 1)
        .await?
        .try_collect()
        .await?;
    let has_more = orders.len() > DESK_PAGE_SIZE;
    orders.truncate(DESK_PAGE_SIZE);
    let rows = orders
        .into_iter()
        .map(|order| DeskRow {
            tracking_number: order.delivery.as_ref().map(|delivery| delivery.tracking_number.clone()),
            country: order.shipping_address.as_ref().map(|address| address.country.clone()),
            id: order.id,
            placed_at: order.placed_at,
            customer_name: order.customer_name,
            status: order.status,
            total_price: order.total_price,
            currency: order.currency,
        })
        .collect();
    Ok(DeskPage { query, rows, has_more })
}

/// The query as a MongoDB filter; None when a searched email belongs to no customer (nothing can match).
async fn filter_of(db: &Database, query: &DeskQuery) -> mongodb::error::Result<Option<Document>> {
    let mut filter = Document::new();
    if let Some(status) = query.status {
        filter.insert("status", status.as_str());
    }
    if let Some(country) = &query.country {
        filter.insert("shipping_address.country", country);
    }
    let mut placed = Document::new();
    if let Some(from) = query.from {
        placed.insert("$gte", mongodb::bson::DateTime::from_millis(from.millis()));
    }
    if let Some(to) = query.to {
        placed.insert("$lt", mongodb::bson::DateTime::from_millis(to.millis() + 86_400_000));
    }
    if !placed.is_empty() {
        filter.insert("placed_at", placed);
    }
    match &query.search {
        None => {}
        Some(Search::Email(email)) => {
            let customer = db.collection::<Customer>(CUSTOMERS).find_one(doc! { "email": email }).await?;
            let Some(customer) = customer else { return Ok(None) };
            // Their orders, in the regions holding them.
            filter.extend(CustomerRecords::of(&customer).theirs());
        }
        Some(Search::IdOrTracking(text)) => {
            let ids: Vec<Bson> = vec![text.clone().into(), text.to_uppercase().into()];
            filter.insert("$or", vec![doc! { "_id": text }, doc! { "delivery.tracking_number": { "$in": ids } }]);
        }
    }
    Ok(Some(filter))
}

/// One order as the admin sees it, or None for an unknown id.
pub async fn order(db: &Database, order_id: &str, capacity: u32) -> mongodb::error::Result<Option<DeskOrderPage>> {
    let Some(order) = db.collection::<Order>(ORDERS).find_one(doc! { "_id": order_id }).await? else {
        return Ok(None);
    };
    // Customers usually live in the region their orders go to.
    let customer_email = crate::server::accounts::find_customer(db, &order.customer_id, order.region.as_deref())
        .await?
        .map(|customer| customer.email);
    let partner = match order.delivery.as_ref().and_then(|delivery| delivery.partner_id.as_ref()) {
        Some(partner_id) => db.collection::<Partner>(PARTNERS).find_one(doc! { "_id": partner_id }).await?.map(brief),
        None => None,
    };
    let candidates = if DeskOrderPage::can_assign_status(order.status) {
        db.collection::<Partner>(PARTNERS)
            .find(super::partners::with_room(capacity, order.region.as_deref()))
            .sort(doc! { "load": 1, "name": 1 })
            .limit(50)
            .await?
            .try_collect::<Vec<Partner>>()
            .await?
            .into_iter()
            .map(brief)
            .collect()
    } else {
        Vec::new()
    };
    let audit = super::audit::for_order(db, order_id).await?;
    Ok(Some(DeskOrderPage { order, customer_email, partner, candidates, audit }))
}

/// Every partner, active first, then by name.
pub async fn partners(db: &Database, capacity: u32) -> mongodb::error::Result<PartnersPage> {
    let partners: Vec<Partner> = db
        .collection::<Partner>(PARTNERS)
        .find(doc! {})
        .sort(doc! { "active": -1, "name": 1 })
        .await?
        .try_collect()
        .await?;
    Ok(PartnersPage { capacity, partners: partners.into_iter().map(brief).collect() })
}

fn brief(partner: Partner) -> PartnerBrief {
    PartnerBrief {
        id: partner.id,
        name: partner.name,
        email: partner.email,
        active: partner.active,
        load: partner.load,
        deliveries: partner.deliveries,
        rating: partner.rating,
    }
}
