//! Regions and where a shopper's goods go: the UK and the EU each own their countries and currency, and a shopper
//! is delivered to one country (a customer's shipping address, or the country a guest picked).

use serde::{Deserialize, Serialize};

use super::address::{GeoPoint, DELIVERY_COUNTRIES};
use super::money::Currency;
use super::vat::VatRates;

/// One region as the settings describe it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Region {
    /// `uk`, `eu`: stored on the region's documents (the future shard-key prefix).
    pub code: String,
    pub name: String,
    pub currency: Currency,
    /// How much of `currency` one pound buys: imported products' prices in this currency are converted from pounds
    /// at this rate, then rounded to a shelf price (`prices::retail_price`). 1 for the pound itself.
    #[serde(default = "one")]
    pub exchange_rate: f64,
    /// ISO 3166-1 alpha-2 codes, each in exactly one region.
    pub countries: Vec<String>,
}

/// Every region, and the country a guest is delivered to until they pick another. In the settings: `[regions]` with
/// one `[[regions.region]]` table per region.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Regions {
    #[serde(rename = "region")]
    pub regions: Vec<Region>,
    pub default_country: String,
    /// Fresh food comes only from stores this close to a customer's shipping address (kilometres).
    pub fresh_radius_km: f64,
    /// Each delivery country's VAT rates: one `[[regions.vat]]` table per country.
    pub vat: Vec<VatRates>,
}

fn one() -> f64 {
    1.0
}

impl Default for Regions {
    fn default() -> Regions {
        let region = |code: &str, name: &str, currency, exchange_rate, countries: &[&str]| Region {
            code: code.into(),
            name: name.into(),
            currency,
            exchange_rate,
            countries: countries.iter().map(|c| c.to_string()).collect(),
        };
        Regions {
            regions: vec![
                region("uk", "United Kingdom", Currency::GBP, 1.0, &["GB"]),
                region("eu", "European Union", Currency::EUR, 1.17, &["IE", "FR", "DE", "NL", "ES"]),
            ],
            default_country: "GB".into(),
            fresh_radius_km: 50.0,
            vat: [
                ("GB", 20.0, 0.0, 0.0),
                ("IE", 23.0, 0.0, 0.0),
                ("FR", 20.0, 5.5, 5.5),
                ("DE", 19.0, 7.0, 7.0),
                ("NL", 21.0, 9.0, 9.0),
                ("ES", 21.0, 10.0, 4.0),
            ]
            .into_iter()
            .map(|(country, standard, food, books)| VatRates { country: country.into(), standard, food, books })
            .collect(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RegionError {
    #[error("We deliver to {list}; \"{0}\" is not one of them.", list = supported_list())]
    UnsupportedCountry(String),
}

/// "the United Kingdom, Ireland, France, Germany, the Netherlands and Spain": every country a shopper may pick.
pub fn supported_list() -> String {
    let names: Vec<&str> = DELIVERY_COUNTRIES.iter().map(|(_, name)| *name).collect();
    match names.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
        _ => names.join(""),
    }
}

/// A country's name for pages: `France`.
pub fn country_name(code: &str) -> Option<&'static str> {
    DELIVERY_COUNTRIES.iter().find(|(c, _)| *c == code).map(|(_, name)| *name)
}

/// A country code from a form, checked: upper-cased, and one the store delivers to.
pub fn parse_country(text: &str) -> Result<String, RegionError> {
    let code = text.trim().to_ascii_uppercase();
    match country_name(&code) {
        Some(_) => Ok(code),
        None => Err(RegionError::UnsupportedCountry(text.trim().chars().take(20).collect())),
    }
}

impl Regions {
    /// The region owning `country`.
    pub fn of_country(&self, country: &str) -> Option<&Region> {
        self.regions.iter().find(|region| region.countries.iter().any(|c| c == country))
    }

    /// The currency the shoppers of `country` pay in (the default country's for a country in no region).
    pub fn currency_of(&self, country: &str) -> Currency {
        self.of_country(country)
            .or_else(|| self.of_country(&self.default_country))
            .map_or(Currency::GBP, |r| r.currency)
    }

    /// How much of `currency` one pound buys, from the first region paying in it (1 for a currency no region uses).
    pub fn exchange_rate(&self, currency: Currency) -> f64 {
        self.regions.iter().find(|region| region.currency == currency).map_or(1.0, |region| region.exchange_rate)
    }

    /// `country`'s VAT rates (the default country's for a country without any, which `check` refuses).
    pub fn vat_rates(&self, country: &str) -> VatRates {
        let find = |code: &str| self.vat.iter().find(|rates| rates.country == code);
        find(country).or_else(|| find(&self.default_country)).cloned().unwrap_or_else(|| VatRates {
            country: country.to_string(),
            standard: 0.0,
            food: 0.0,
            books: 0.0,
        })
    }

    /// The code of the region owning `country`; the default country's for a country in none (data from before a
    /// country was configured), so that every document has a region.
    pub fn code_of(&self, country: &str) -> String {
        self.of_country(country)
            .or_else(|| self.of_country(&self.default_country))
            .map_or_else(String::new, |r| r.code.clone())
    }

    /// What is wrong with these settings, if anything: every delivery country in exactly one region, and the
    /// default country among them.
    pub fn check(&self) -> Result<(), String> {
        for (code, name) in DELIVERY_COUNTRIES {
            let owners = self.regions.iter().filter(|r| r.countries.iter().any(|c| c == code)).count();
            if owners != 1 {
                return Err(format!("{name} ({code}) must be in exactly one region, not {owners}"));
            }
        }
        for region in &self.regions {
            if let Some(unknown) = region.countries.iter().find(|c| country_name(c).is_none()) {
                return Err(format!(
                    "region {} lists {unknown}, which is not a country the store delivers to",
                    region.code
                ));
            }
        }
        if self.of_country(&self.default_country).is_none() {
            return Err(format!("the default country {} is in no region", self.default_country));
        }
        for region in &self.regions {
            let rate = region.exchange_rate;
            if !(rate.is_finite() && rate > 0.0) || (region.currency == Currency::GBP && rate != 1.0) {
                return Err(format!(
                    "region {}: exchange_rate must be above 0 (and 1 for pounds), not {rate}",
                    region.code
                ));
            }
        }
        for (code, name) in DELIVERY_COUNTRIES {
            match self.vat.iter().filter(|rates| rates.country == *code).count() {
                1 => {}
                n => return Err(format!("{name} ({code}) must have exactly one [[regions.vat]] table, not {n}")),
            }
        }
        self.vat.iter().try_for_each(VatRates::check)?;
        if self.fresh_radius_km.is_nan() || self.fresh_radius_km <= 0.0 {
            return Err("fresh_radius_km must be above 0".into());
        }
        Ok(())
    }
}

/// Where a shopper's order goes: the country always, the point when their address is known (a customer's).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Destination {
    pub country: String,
    /// The region owning the country.
    #[serde(default)]
    pub region: String,
    #[serde(default)]
    pub point: Option<GeoPoint>,
    /// The city of the address, for "not delivered to Bristol".
    #[serde(default)]
    pub city: Option<String>,
}

impl Destination {
    /// The currency this shopper pays in.
    pub fn currency(&self, regions: &Regions) -> Currency {
        regions.currency_of(&self.country)
    }

    pub fn country_only(country: &str, regions: &Regions) -> Destination {
        Destination { country: country.to_string(), region: regions.code_of(country), point: None, city: None }
    }

    /// "Bristol" for an address, "France" for a country.
    pub fn describe(&self) -> String {
        match &self.city {
            Some(city) => city.clone(),
            None => country_name(&self.country).unwrap_or(&self.country).to_string(),
        }
    }
}

/// Who fresh food must reach, and from how far it may come.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FreshReach {
    pub destination: Destination,
    pub radius_km: f64,
}

/// Fresh food cannot reach the shopper: no store in their country (within the radius of their address). Names the
/// nearest store that has the product, so the page can say how far it is.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NotDelivered {
    /// "Bristol", "France".
    pub to: String,
    pub radius_km: Option<f64>,
    /// Name and city of the nearest store holding the product, and how far it is (when the address is known).
    pub nearest: Option<(String, String, Option<f64>)>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_regions_cover_every_delivery_country_once() {
        let regions = Regions::default();
        assert_eq!(regions.check(), Ok(()));
        assert_eq!(regions.of_country("FR").unwrap().code, "eu");
        assert_eq!(regions.of_country("GB").unwrap().currency, Currency::GBP);
        assert!(regions.of_country("US").is_none());
    }

    #[test]
    fn a_country_left_out_or_listed_twice_is_refused() {
        let mut regions = Regions::default();
        regions.regions[1].countries.retain(|c| c != "ES");
        assert!(regions.check().unwrap_err().contains("Spain"));
        let mut regions = Regions::default();
        regions.regions[0].countries.push("FR".into());
        assert!(regions.check().unwrap_err().contains("France"));
    }

    #[test]
    fn an_unsupported_country_is_refused_naming_the_supported_ones() {
        assert_eq!(parse_country(" fr "), Ok("FR".to_string()));
        let message = parse_country("US").unwrap_err().to_string();
        assert!(
            message.contains("United Kingdom") && message.contains("Spain") && message.contains("\"US\""),
            "{message}"
        );
    }
}
