//! A product's prices, one per currency the store sells in, and how a price in pounds becomes a shelf price in
//! another currency (converted, then rounded up to a retail ending, as a shop would mark it).

use serde::{Deserialize, Serialize};

use super::money::{Currency, Money};

/// What a product costs in each currency, VAT included (the price on the shelf). A currency without a price means
/// the product is not sold in the regions paying in it: never shown there at 0, never put in their carts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Prices {
    #[serde(rename = "GBP", default, skip_serializing_if = "Option::is_none")]
    pub gbp: Option<Money>,
    #[serde(rename = "EUR", default, skip_serializing_if = "Option::is_none")]
    pub eur: Option<Money>,
}

impl Prices {
    pub fn get(&self, currency: Currency) -> Option<Money> {
        match currency {
            Currency::GBP => self.gbp,
            Currency::EUR => self.eur,
        }
    }

    pub fn set(&mut self, currency: Currency, price: Option<Money>) {
        match currency {
            Currency::GBP => self.gbp = price,
            Currency::EUR => self.eur = price,
        }
    }

    /// A price in pounds and the other currencies' prices converted from it at `rate_of` each (units of the currency
    /// one pound buys), rounded up to a retail ending: what a product imported with one price gets.
    /// A price of 0 (an export's placeholder) is no price: the product is not sold until an admin prices it.
    pub fn from_pounds(pounds: Money, rate_of: impl Fn(Currency) -> f64) -> Prices {
        let mut prices = Prices::default();
        if pounds <= Money::ZERO {
            return prices;
        }
        for currency in Currency::ALL {
            let price =
                if currency == Currency::GBP { pounds } else { retail_price(convert(pounds, rate_of(currency))) };
            prices.set(currency, Some(price));
        }
        prices
    }

    /// Every price, for the back office: `£10.99 · €12.99`, a missing one as `no € price`.
    pub fn describe(&self) -> String {
        let each: Vec<String> = Currency::ALL
            .into_iter()
            .map(|currency| self.display(currency).unwrap_or_else(|| format!("no {} price", currency.symbol())))
            .collect();
        each.join(" · ")
    }

    /// The price for showing, `£10.99`, or None when the product is not sold in that currency.
    pub fn display(&self, currency: Currency) -> Option<String> {
        self.get(currency).map(|price| price.display(currency))
    }
}

/// `amount` at `rate` (units of the other currency per unit of this one), to the nearest minor unit.
pub fn convert(amount: Money, rate: f64) -> Money {
    Money((amount.minor_units() as f64 * rate).round() as i64)
}

/// Rounded up to the price a shop would mark: under 10 to the next ending in 9 (1.23 -> 1.29), under 100 to the next
/// .49 or .99 (12.30 -> 12.49, 12.60 -> 12.99), above to the next .99 (123.40 -> 123.99). Never lower than `amount`.
pub fn retail_price(amount: Money) -> Money {
    let minor = amount.minor_units().max(1);
    let step = if minor < 1_000 {
        10
    } else if minor < 10_000 {
        50
    } else {
        100
    };
    Money((minor + step) / step * step - 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shelf_prices_end_like_a_shops() {
        for (raw, shelf) in [
            (123, 129),
            (240, 249),
            (249, 249),
            (1, 9),
            (1_230, 1_249),
            (1_250, 1_299),
            (1_299, 1_299),
            (12_340, 12_399),
            (999, 999),
            (1_000, 1_049),
        ] {
            assert_eq!(retail_price(Money(raw)), Money(shelf), "{raw}");
        }
    }

    #[test]
    fn a_pound_price_gives_a_rounded_euro_price_and_keeps_itself() {
        let prices = Prices::from_pounds(Money(1_099), |_| 1.17);
        assert_eq!(prices.gbp, Some(Money(1_099)));
        // 10.99 x 1.17 = 12.86 -> 12.99
        assert_eq!(prices.eur, Some(Money(1_299)));
        assert_eq!(prices.display(Currency::EUR).as_deref(), Some("€12.99"));
        assert_eq!(Prices::from_pounds(Money::ZERO, |_| 1.17), Prices::default(), "0 is not a price");
    }

    #[test]
    fn a_missing_price_is_not_sold_and_stored_as_absent() {
        let prices = Prices { gbp: Some(Money(500)), eur: None };
        assert_eq!(prices.get(Currency::EUR), None);
        assert_eq!(serde_json::to_value(prices).unwrap(), serde_json::json!({ "GBP": 500 }));
        assert_eq!(prices.describe(), "£5.00 · no € price");
    }
}
