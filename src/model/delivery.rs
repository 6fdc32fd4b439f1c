//! What a delivery partner sees: the orders they carry now, each with where it goes and what to hand over.

use serde::{Deserialize, Serialize};

use super::address::Address;
use super::money::{Currency, Money};
use super::time::Timestamp;

/// One order in a partner's round.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Stop {
    pub order_id: String,
    pub tracking_number: String,
    pub customer_name: String,
    pub address: Option<Address>,
    pub placed_at: Timestamp,
    /// "2 × Glazed Donut", in the order's order.
    pub items: Vec<String>,
    /// Where to collect the goods: each store or warehouse once, "Morrisons, Churchill Way, Salford".
    pub pick_up: Vec<String>,
    /// To take at the door: orders are paid on delivery.
    pub to_collect: Money,
    pub currency: Currency,
}

/// `/deliveries`: the signed-in partner's round.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Round {
    pub partner_name: String,
    /// Orders the partner may carry at once.
    pub capacity: u32,
    pub stops: Vec<Stop>,
    pub delivered: u32,
}

impl Round {
    /// The line above the round. A partner may carry more than the capacity (orders from before it was set, or the
    /// setting lowered since): they keep them, and are told no new order comes until they are below it.
    pub fn summary(&self) -> String {
        let carrying = self.stops.len();
        let load = if carrying as u32 > self.capacity {
            format!(
                "carrying {carrying} orders, more than the {} a partner takes at once: no new order comes to you until you are below it",
                self.capacity
            )
        } else {
            format!("carrying {carrying} of up to {} orders", self.capacity)
        };
        format!("{}: {load} · {} delivered so far.", self.partner_name, self.delivered)
    }
}

/// The reasons offered when a delivery fails; any other short text is accepted too.
pub const FAILURE_REASONS: [&str; 4] = [
    "Nobody was home",
    "Could not find the address",
    "Could not get in (gate, buzzer, building)",
    "The customer refused it",
];

/// Longest reason kept in an order's history.
pub const MAX_REASON_CHARS: usize = 200;

/// A failed delivery's reason, trimmed; refused in words when empty or too long.
pub fn parse_failure_reason(text: &str) -> Result<String, String> {
    let reason = text.trim();
    match reason.chars().count() {
        0 => Err("Please say why the order could not be delivered.".into()),
        n if n > MAX_REASON_CHARS => Err(format!("Please keep the reason under {MAX_REASON_CHARS} characters.")),
        _ => Ok(reason.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_summary_says_when_a_partner_carries_more_than_the_capacity() {
        let stop = Stop {
            order_id: "o".into(),
            tracking_number: "AMZ-1".into(),
            customer_name: "C".into(),
            address: None,
            placed_at: Timestamp(0),
            items: vec![],
            pick_up: vec![],
            to_collect: Money(0),
            currency: Currency::GBP,
        };
        let round = |carrying: usize| Round {
            partner_name: "Sandra".into(),
            capacity: 3,
            stops: vec![stop.clone(); carrying],
            delivered: 12,
        };
        assert_eq!(round(2).summary(), "Sandra: carrying 2 of up to 3 orders · 12 delivered so far.");
        assert_eq!(
            round(8).summary(),
            "Sandra: carrying 8 orders, more than the 3 a partner takes at once: no new order comes to you until you \
             are below it · 12 delivered so far."
        );
    }

    #[test]
    fn a_reason_is_needed_and_kept_short() {
        assert_eq!(parse_failure_reason("  Nobody was home "), Ok("Nobody was home".to_string()));
        assert!(parse_failure_reason("   ").is_err());
        assert!(parse_failure_reason(&"x".repeat(MAX_REASON_CHARS + 1)).is_err());
        assert!(FAILURE_REASONS.iter().all(|reason| parse_failure_reason(reason).is_ok()));
    }
}
