//! VAT: shelf prices include it, at the destination country's rate for the kind of goods (standard, or the reduced
//! rates many countries charge on food and books). What a line's price holds of VAT is worked out from the price, so
//! the shopper pays the price they saw wherever it goes; each order line records its rate, net and VAT.

use serde::{Deserialize, Serialize};

use super::category::{Category, Department};
use super::money::Money;

/// Which of a country's rates applies to a product.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum VatClass {
    Standard,
    Food,
    Books,
}

impl VatClass {
    pub fn of(category: Category) -> VatClass {
        match category {
            Category::Books => VatClass::Books,
            _ if category.department() == Department::Fresh => VatClass::Food,
            _ => VatClass::Standard,
        }
    }
}

/// One country's rates, in percent, as the settings give them (`[[regions.vat]]`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VatRates {
    pub country: String,
    pub standard: f64,
    pub food: f64,
    pub books: f64,
}

impl VatRates {
    pub fn rate(&self, class: VatClass) -> f64 {
        match class {
            VatClass::Standard => self.standard,
            VatClass::Food => self.food,
            VatClass::Books => self.books,
        }
    }

    /// The VAT a line of `category` at `gross` (VAT included) holds in this country.
    pub fn line(&self, category: Category, gross: Money) -> LineVat {
        LineVat::of(gross, self.rate(VatClass::of(category)))
    }

    /// What is wrong with these rates, if anything: each from 0 to 50 percent, in hundredths at most.
    pub fn check(&self) -> Result<(), String> {
        for (name, rate) in [("standard", self.standard), ("food", self.food), ("books", self.books)] {
            if !(0.0..=50.0).contains(&rate) || (rate * 100.0 - (rate * 100.0).round()).abs() > 1e-6 {
                return Err(format!("VAT for {}: the {name} rate must be 0 to 50 percent, not {rate}", self.country));
            }
        }
        Ok(())
    }
}

/// The VAT in a price: its rate (percent), the price without VAT, and the VAT. `net + vat` is the price.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct LineVat {
    pub rate: f64,
    pub net: Money,
    pub vat: Money,
}

impl LineVat {
    /// Splits `gross` at `rate` percent, the net rounded to the nearest minor unit (half up) and the VAT the rest,
    /// so that the two always add up to what the shopper pays. Worked in hundredths of a percent, never floats.
    pub fn of(gross: Money, rate: f64) -> LineVat {
        let hundredths = (rate * 100.0).round() as i64;
        let divisor = 10_000 + hundredths;
        let net = (gross.minor_units() * 10_000 + divisor / 2) / divisor;
        LineVat { rate, net: Money(net), vat: Money(gross.minor_units() - net) }
    }

    /// "20%", "5.5%".
    pub fn rate_label(&self) -> String {
        format!("{}%", self.rate)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn france() -> VatRates {
        VatRates { country: "FR".into(), standard: 20.0, food: 5.5, books: 5.5 }
    }

    #[test]
    fn a_price_splits_into_net_and_vat_that_add_up_to_it() {
        assert_eq!(LineVat::of(Money(1200), 20.0), LineVat { rate: 20.0, net: Money(1000), vat: Money(200) });
        // 12.99 / 1.055 = 12.3128...: 12.31 net, 0.68 VAT.
        assert_eq!(LineVat::of(Money(1299), 5.5), LineVat { rate: 5.5, net: Money(1231), vat: Money(68) });
        assert_eq!(LineVat::of(Money(999), 0.0).vat, Money::ZERO);
        for gross in [1, 9, 99, 1_049, 99_999] {
            let line = LineVat::of(Money(gross), 21.0);
            assert_eq!(line.net.minor_units() + line.vat.minor_units(), gross);
        }
        assert_eq!(LineVat::of(Money(1), 5.5).rate_label(), "5.5%");
    }

    #[test]
    fn food_and_books_take_the_reduced_rates_and_other_goods_the_standard() {
        let rates = france();
        assert_eq!(rates.line(Category::Bakery, Money(211)).rate, 5.5);
        assert_eq!(rates.line(Category::Books, Money(211)).rate, 5.5);
        assert_eq!(rates.line(Category::MobilePhones, Money(120)).vat, Money(20));
        assert_eq!(VatClass::of(Category::Cds), VatClass::Standard);
    }

    #[test]
    fn rates_outside_zero_to_fifty_or_finer_than_hundredths_are_refused() {
        assert_eq!(france().check(), Ok(()));
        assert!(VatRates { standard: 60.0, ..france() }.check().unwrap_err().contains("standard"));
        assert!(VatRates { food: 5.555, ..france() }.check().unwrap_err().contains("food"));
    }
}
