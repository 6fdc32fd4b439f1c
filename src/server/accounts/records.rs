//! Where a customer's documents are, once collections are sharded by region: their customer document in their own
//! region; their orders in the regions they have ordered in (`Customer::order_regions`); ratings with the order or
//! the customer they were stamped from. Every read of a customer's own data names these regions, so it reaches only
//! the shards holding it.

use mongodb::bson::{doc, Bson, Document};

use crate::model::customer::Customer;

/// A signed-in customer's id and the regions holding their data.
#[derive(Debug, Clone, PartialEq)]
pub struct CustomerRecords {
    pub id: String,
    /// Their own region; none for a document not yet stamped.
    pub region: Option<String>,
    /// The regions known to hold their orders.
    pub order_regions: Vec<String>,
    /// Some of their documents may have no region yet: theirs has none, or their orders' regions were never
    /// computed (both only before the `regions` and `order_regions` stampings have run).
    pub maybe_unstamped: bool,
}

impl CustomerRecords {
    pub fn of(customer: &Customer) -> CustomerRecords {
        CustomerRecords {
            id: customer.id.clone(),
            region: customer.region.clone(),
            order_regions: customer.order_regions.clone().unwrap_or_default(),
            maybe_unstamped: customer.region.is_none() || customer.order_regions.is_none(),
        }
    }

    /// They just ordered in `region` (checkout added it to their document with the order).
    pub fn ordered_in(&mut self, region: String) {
        if !self.order_regions.contains(&region) {
            self.order_regions.push(region);
        }
    }

    /// Their customer document: its shard key (`null` for a document not yet stamped).
    pub fn document(&self) -> Document {
        doc! { "region": self.region.as_deref(), "_id": &self.id }
    }

    /// Their orders and ratings (`customer_id`), in the regions that hold them: where they ordered, their own
    /// (ratings stamped from the customer), and none (`null`) while some may not be stamped.
    pub fn theirs(&self) -> Document {
        let mut regions: Vec<Bson> = self.order_regions.iter().map(|region| Bson::from(region.as_str())).collect();
        let own = self.region.as_deref().map(Bson::from);
        let unstamped = self.maybe_unstamped.then_some(Bson::Null);
        for region in own.into_iter().chain(unstamped) {
            if !regions.contains(&region) {
                regions.push(region);
            }
        }
        doc! { "region": { "$in": regions }, "customer_id": &self.id }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::address::Address;
    use crate::model::Timestamp;

    fn records(region: Option<&str>, order_regions: Option<&[&str]>) -> CustomerRecords {
        let address = Address {
            line1: "1 Park Row".into(),
            line2: None,
            city: "Leeds".into(),
            postcode: "LS1 5AB".into(),
            country: "GB".into(),
        };
        let customer = Customer {
            id: "c1".into(),
            legacy_id: None,
            region: region.map(str::to_string),
            name: "Cleo".into(),
            email: "cleo@example.com".into(),
            age: None,
            gender: None,
            billing_address: address.clone(),
            shipping_address: address,
            recommended_products: Vec::new(),
            recommended_at: None,
            created_at: Timestamp(0),
            order_regions: order_regions.map(|list| list.iter().map(|region| region.to_string()).collect()),
        };
        CustomerRecords::of(&customer)
    }

    #[test]
    fn their_orders_are_read_where_they_ordered_and_in_their_own_region() {
        let present_abroad = records(Some("uk"), Some(&["eu"]));
        assert_eq!(present_abroad.theirs(), doc! { "region": { "$in": ["eu", "uk"] }, "customer_id": "c1" });
        assert_eq!(present_abroad.document(), doc! { "region": "uk", "_id": "c1" });
        let mut at_home = records(Some("uk"), Some(&["uk"]));
        assert_eq!(at_home.theirs(), doc! { "region": { "$in": ["uk"] }, "customer_id": "c1" });
        at_home.ordered_in("eu".into());
        at_home.ordered_in("eu".into());
        assert_eq!(at_home.theirs(), doc! { "region": { "$in": ["uk", "eu"] }, "customer_id": "c1" });
    }

    #[test]
    fn documents_not_yet_stamped_are_read_too_until_the_stamping_has_run() {
        assert_eq!(records(None, Some(&[])).document(), doc! { "region": null, "_id": "c1" });
        assert_eq!(
            records(None, Some(&["uk"])).theirs(),
            doc! { "region": { "$in": ["uk", null] }, "customer_id": "c1" }
        );
        // Moved before their orders' regions were computed.
        assert_eq!(records(Some("eu"), None).theirs(), doc! { "region": { "$in": ["eu", null] }, "customer_id": "c1" });
    }
}
