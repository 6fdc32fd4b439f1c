//! Orders, past and current: what was bought at which price, where it left from, and its delivery.

use serde::{Deserialize, Serialize};

use super::address::Address;
use super::batches::Batch;
use super::location::StockLocation;
use super::money::{Currency, Money};
use super::time::Timestamp;
use super::vat::LineVat;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Order {
    #[serde(rename = "_id")]
    pub id: String,
    /// The original's `Order_ID`, unique together with `legacy_source` (past and current orders were numbered apart).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub legacy_id: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub legacy_source: Option<String>,
    /// The region owning this document (`uk`, `eu`; see `[regions]`): the future shard-key prefix. Absent only on
    /// documents from before regions, until the `regions` migration stamps them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    pub customer_id: String,
    pub customer_name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shipping_address: Option<Address>,
    pub placed_at: Timestamp,
    pub currency: Currency,
    pub lines: Vec<OrderLine>,
    pub total_price: Money,
    /// The VAT `total_price` includes: the lines' VAT summed. Absent on orders placed before VAT was recorded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vat_total: Option<Money>,
    /// In pounds, like every cost.
    pub total_cost: Money,
    pub status: OrderStatus,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delivery: Option<Delivery>,
    /// Every change of state after placing, oldest first (orders placed before it was kept have none).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub history: Vec<OrderEvent>,
}

/// One step of an order's life: the state it entered, when, and who moved it there.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OrderEvent {
    pub status: OrderStatus,
    pub at: Timestamp,
    /// "customer", "admin <email>", "partner <id>" or "store" (checkout's and the assignment's own moves).
    pub by: String,
    /// Why, when someone said (a cancellation's reason, a failed delivery's).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// A line as bought: a copy of the name and price at purchase, and where the goods left from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OrderLine {
    pub product_id: String,
    pub name: String,
    pub kind: String,
    pub unit_price: Money,
    pub quantity: u32,
    pub source: StockLocation,
    /// Fresh food: the batches delivered, as the cart line held them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub batches: Vec<Batch>,
    /// The line's VAT at the destination country's rate for its kind, of `unit_price × quantity`. Absent on orders
    /// placed before VAT was recorded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vat: Option<LineVat>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OrderStatus {
    /// Placed, but no delivery partner was free; it is assigned one as soon as one is.
    AwaitingPartner,
    /// A partner is bringing it.
    OutForDelivery,
    Delivered,
    /// Cancelled before delivery: its units went back to where they left from.
    Cancelled,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Delivery {
    /// None when the partner is unknown: an imported order whose partner was missing from the export.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub partner_id: Option<String>,
    pub tracking_number: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub estimated_days: Option<u32>,
}

impl OrderStatus {
    /// What the customer reads on the orders pages.
    pub fn label(self) -> &'static str {
        match self {
            OrderStatus::AwaitingPartner => "Placed: waiting for a delivery partner",
            OrderStatus::OutForDelivery => "Out for delivery",
            OrderStatus::Delivered => "Delivered",
            OrderStatus::Cancelled => "Cancelled",
        }
    }

    /// The order's life, in one place: waiting -> out for delivery (a partner is assigned), back to waiting (the
    /// partner could not deliver, or was taken off), -> delivered; cancelled from any state before delivered.
    /// Delivered and cancelled are final. The server enforces it with updates guarded by the state they leave.
    pub fn can_become(self, next: OrderStatus) -> bool {
        use OrderStatus::*;
        matches!(
            (self, next),
            (AwaitingPartner, OutForDelivery)
                | (OutForDelivery, AwaitingPartner)
                | (OutForDelivery, Delivered)
                | (AwaitingPartner, Cancelled)
                | (OutForDelivery, Cancelled)
        )
    }

    /// As stored (`out_for_delivery`), for queries guarded by the state.
    pub fn as_str(self) -> &'static str {
        match self {
            OrderStatus::AwaitingPartner => "awaiting_partner",
            OrderStatus::OutForDelivery => "out_for_delivery",
            OrderStatus::Delivered => "delivered",
            OrderStatus::Cancelled => "cancelled",
        }
    }
}

impl Order {
    /// Whether its customer may still cancel it at `now`: while it waits for a partner, or within `window_minutes`
    /// of placing it (the goods are still being picked and packed). The server enforces it; pages offer the button.
    pub fn customer_may_cancel(&self, now: Timestamp, window_minutes: u32) -> bool {
        match self.status {
            OrderStatus::AwaitingPartner => true,
            OrderStatus::OutForDelivery => now.millis() - self.placed_at.millis() < i64::from(window_minutes) * 60_000,
            OrderStatus::Delivered | OrderStatus::Cancelled => false,
        }
    }
}

/// One order in the customer's list of orders.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OrderSummary {
    pub id: String,
    pub placed_at: Timestamp,
    pub status: OrderStatus,
    pub currency: Currency,
    pub total_price: Money,
    pub units: u32,
    /// "Crème Brûlée and 2 more".
    pub headline: String,
}

impl OrderSummary {
    pub fn of(order: &Order) -> OrderSummary {
        let first = order.lines.first().map(|line| line.name.clone()).unwrap_or_default();
        let headline = match order.lines.len() {
            0 | 1 => first,
            n => format!("{first} and {} more", n - 1),
        };
        OrderSummary {
            id: order.id.clone(),
            placed_at: order.placed_at,
            status: order.status,
            currency: order.currency,
            total_price: order.total_price,
            units: order.lines.iter().map(|line| line.quantity).sum(),
            headline,
        }
    }
}

/// An order's own page: the order, who brings it, where each line leaves from, and the customer's ratings so far.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OrderPage {
    pub order: Order,
    pub partner_name: Option<String>,
    /// Per line, in order: "Morrisons, Churchill Way, Salford".
    pub sources: Vec<String>,
    /// Per line, in order: the stars this customer gave the product, if any.
    pub product_stars: Vec<Option<u8>>,
    pub partner_stars: Option<u8>,
    /// Per line, in order: the product's main picture.
    #[serde(default)]
    pub pictures: Vec<Option<super::picture::Picture>>,
    /// Whether the customer may cancel it now (see `Order::customer_may_cancel`).
    pub can_cancel: bool,
}

#[cfg(test)]
mod tests {
    use super::OrderStatus::{self, *};

    const ALL: [OrderStatus; 4] = [AwaitingPartner, OutForDelivery, Delivered, Cancelled];

    #[test]
    fn delivered_and_cancelled_are_final_and_cancel_is_possible_until_delivery() {
        for next in ALL {
            assert!(!Delivered.can_become(next) && !Cancelled.can_become(next), "{next:?}");
        }
        assert!(AwaitingPartner.can_become(Cancelled) && OutForDelivery.can_become(Cancelled));
        assert!(!AwaitingPartner.can_become(Delivered), "an order is delivered by the partner who carries it");
        assert!(OutForDelivery.can_become(AwaitingPartner), "a failed delivery waits for a partner again");
        assert!(ALL.iter().all(|state| !state.can_become(*state)));
    }

    #[test]
    fn a_customer_may_cancel_while_it_waits_or_soon_after_ordering() {
        use crate::model::money::{Currency, Money};
        use crate::model::time::Timestamp;
        let order = |status, placed_at| super::Order {
            id: "o".into(),
            legacy_id: None,
            legacy_source: None,
            region: None,
            customer_id: "c".into(),
            customer_name: "C".into(),
            shipping_address: None,
            placed_at: Timestamp(placed_at),
            currency: Currency::GBP,
            lines: Vec::new(),
            total_price: Money::ZERO,
            vat_total: None,
            total_cost: Money::ZERO,
            status,
            delivery: None,
            history: Vec::new(),
        };
        let now = Timestamp(100 * 60_000);
        assert!(order(AwaitingPartner, 0).customer_may_cancel(now, 30), "waiting: always");
        assert!(order(OutForDelivery, 80 * 60_000).customer_may_cancel(now, 30), "20 minutes in");
        assert!(!order(OutForDelivery, 60 * 60_000).customer_may_cancel(now, 30), "40 minutes in");
        assert!(!order(OutForDelivery, now.0).customer_may_cancel(now, 0), "no window");
        assert!(
            !order(Delivered, now.0).customer_may_cancel(now, 30)
                && !order(Cancelled, now.0).customer_may_cancel(now, 30)
        );
    }

    #[test]
    fn stored_names_match_serde() {
        for state in ALL {
            assert_eq!(serde_json::to_value(state).unwrap(), state.as_str());
        }
    }
}
