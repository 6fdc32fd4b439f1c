//! Exact money: integer minor units (pence, cents), never binary floating point.

use std::fmt;

use serde::{Deserialize, Serialize};

/// The currencies the store prices in: the UK first, then the EU.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
pub enum Currency {
    #[default]
    GBP,
    EUR,
}

impl Currency {
    pub const ALL: [Currency; 2] = [Currency::GBP, Currency::EUR];

    /// As stored and in prices' field names: `GBP`.
    pub fn code(self) -> &'static str {
        match self {
            Currency::GBP => "GBP",
            Currency::EUR => "EUR",
        }
    }

    /// "pounds", "euros": for telling a shopper their cart changed currency.
    pub fn name(self) -> &'static str {
        match self {
            Currency::GBP => "pounds",
            Currency::EUR => "euros",
        }
    }

    pub fn symbol(self) -> &'static str {
        match self {
            Currency::GBP => "£",
            Currency::EUR => "€",
        }
    }
}

/// An amount in minor units of its document's currency. Stored and sent as a plain integer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Money(pub i64);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MoneyError {
    #[error("{0} is not an amount of money")]
    NotANumber(String),
    #[error("{0} has more than two decimal places")]
    TooPrecise(String),
    #[error("{0} is negative")]
    Negative(String),
}

impl Money {
    pub const ZERO: Money = Money(0);

    pub fn minor_units(self) -> i64 {
        self.0
    }

    /// Parses a decimal such as `10.99` or `915` exactly, from its text (never through a float).
    pub fn parse_decimal(text: &str) -> Result<Money, MoneyError> {
        let text = text.trim();
        let (whole, fraction) = text.split_once('.').unwrap_or((text, ""));
        if whole.starts_with('-') {
            return Err(MoneyError::Negative(text.into()));
        }
        let digits = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit());
        if !digits(whole) || (!fraction.is_empty() && !digits(fraction)) {
            return Err(MoneyError::NotANumber(text.into()));
        }
        let fraction = fraction.trim_end_matches('0');
        if fraction.len() > 2 {
            return Err(MoneyError::TooPrecise(text.into()));
        }
        let whole: i64 = whole.parse().map_err(|_| MoneyError::NotANumber(text.into()))?;
        let cents: i64 = format!("{fraction:0<2}").parse().unwrap_or(0);
        whole.checked_mul(100).and_then(|w| w.checked_add(cents)).map(Money).ok_or(MoneyError::NotANumber(text.into()))
    }

    pub fn times(self, quantity: u32) -> Money {
        Money(self.0 * i64::from(quantity))
    }

    /// `£10.99`, `€0.40`.
    pub fn display(self, currency: Currency) -> String {
        format!("{}{}", currency.symbol(), self)
    }
}

/// The amount without a symbol: `10.99`.
impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.0 < 0 { "-" } else { "" };
        write!(f, "{sign}{}.{:02}", self.0.abs() / 100, self.0.abs() % 100)
    }
}

impl std::ops::Add for Money {
    type Output = Money;
    fn add(self, other: Money) -> Money {
        Money(self.0 + other.0)
    }
}

impl std::iter::Sum for Money {
    fn sum<I: Iterator<Item = Money>>(iter: I) -> Money {
        iter.fold(Money::ZERO, |a, b| a + b)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimals_parse_exactly() {
        assert_eq!(Money::parse_decimal("10.99"), Ok(Money(1099)));
        assert_eq!(Money::parse_decimal("0.4"), Ok(Money(40)));
        assert_eq!(Money::parse_decimal("915"), Ok(Money(91500)));
        assert_eq!(Money::parse_decimal("1.90"), Ok(Money(190)));
        assert_eq!(Money::parse_decimal("0.10000"), Ok(Money(10)));
    }

    #[test]
    fn bad_amounts_are_refused_with_a_reason() {
        assert!(matches!(Money::parse_decimal("1.999"), Err(MoneyError::TooPrecise(_))));
        assert!(matches!(Money::parse_decimal("-1"), Err(MoneyError::Negative(_))));
        assert!(matches!(Money::parse_decimal("ten"), Err(MoneyError::NotANumber(_))));
        assert!(matches!(Money::parse_decimal(""), Err(MoneyError::NotANumber(_))));
        assert!(matches!(Money::parse_decimal("1e3"), Err(MoneyError::NotANumber(_))));
    }

    #[test]
    fn sums_are_exact_where_floats_are_not() {
        let total: Money = [Money(10), Money(20)].into_iter().sum();
        assert_eq!(total, Money(30));
        assert_ne!(0.1_f64 + 0.2, 0.3);
        assert_eq!(Money(1099).times(7), Money(7693));
    }

    #[test]
    fn amounts_display_with_two_decimals() {
        assert_eq!(Money(1099).display(Currency::GBP), "£10.99");
        assert_eq!(Money(40).display(Currency::EUR), "€0.40");
        assert_eq!(Money(-5).to_string(), "-0.05");
    }
}
