//! Postal addresses and map positions. Every address carries its country: the store grows from the UK into the EU.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Address {
    /// House number and street, as written on an envelope: `80 Lincoln Square`.
    pub line1: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line2: Option<String>,
    pub city: String,
    pub postcode: String,
    /// ISO 3166-1 alpha-2: `GB`, `IE`, `FR`, `DE`...
    pub country: String,
}

/// The countries the store delivers to, with their names for forms: the UK first, then the EU.
pub const DELIVERY_COUNTRIES: [(&str, &str); 6] = [
    ("GB", "United Kingdom"),
    ("IE", "Ireland"),
    ("FR", "France"),
    ("DE", "Germany"),
    ("NL", "Netherlands"),
    ("ES", "Spain"),
];

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AddressError {
    #[error("Please enter the house number and street.")]
    MissingLine1,
    #[error("Please enter the town or city.")]
    MissingCity,
    #[error("Each address line holds at most 100 characters.")]
    TooLong,
    #[error("We deliver to the United Kingdom, Ireland, France, Germany, the Netherlands and Spain, not \"{0}\".")]
    Country(String),
    #[error("\"{postcode}\" is not a postcode of {country}: it should look like {example}.")]
    Postcode { postcode: String, country: &'static str, example: &'static str },
}

/// Postcode shapes per country (`@` a letter, `#` a digit, `*` either), with an example for the message.
fn postcode_shapes(country: &str) -> Option<(&'static str, &'static [&'static str], &'static str)> {
    Some(match country {
        // Outward code (area, district, optional sub-district letter), a space, inward code.
        "GB" => (
            "the United Kingdom",
            &["@# #@@", "@## #@@", "@@# #@@", "@@## #@@", "@#@ #@@", "@@#@ #@@"],
            "M7Z 5HU or SW1A 1AA",
        ),
        // Eircode: routing key (a letter and two digits, or D6W), a space, four letters or digits.
        "IE" => ("Ireland", &["@## ****", "@#@ ****"], "D02 X285"),
        "FR" => ("France", &["#####"], "75008"),
        "DE" => ("Germany", &["#####"], "10115"),
        "ES" => ("Spain", &["#####"], "28013"),
        "NL" => ("the Netherlands", &["#### @@"], "1012 AB"),
        _ => return None,
    })
}

fn fits(text: &str, shape: &str) -> bool {
    text.len() == shape.len()
        && text.chars().zip(shape.chars()).all(|(c, s)| match s {
            '@' => c.is_ascii_uppercase(),
            '#' => c.is_ascii_digit(),
            '*' => c.is_ascii_uppercase() || c.is_ascii_digit(),
            other => c == other,
        })
}

/// Upper-cases a postcode and puts its one space where the country writes it (`m7z5hu` is `M7Z 5HU`).
fn normalise_postcode(country: &str, postcode: &str) -> String {
    let compact: String = postcode.chars().filter(|c| !c.is_whitespace()).flat_map(char::to_uppercase).collect();
    let split_from_end = match country {
        "GB" => 3,
        "IE" => 4,
        "NL" => 2,
        _ => return compact,
    };
    if compact.len() > split_from_end && compact.is_ascii() {
        let (outward, inward) = compact.split_at(compact.len() - split_from_end);
        format!("{outward} {inward}")
    } else {
        compact
    }
}

impl Address {
    /// Trims every line, upper-cases the country, normalises the postcode, and checks the postcode's shape for the
    /// country: what a shipping address must pass before an order is placed.
    pub fn validated(self) -> Result<Address, AddressError> {
        let line1 = self.line1.trim().to_string();
        let line2 = self.line2.map(|l| l.trim().to_string()).filter(|l| !l.is_empty());
        let city = self.city.trim().to_string();
        let country = self.country.trim().to_uppercase();
        if line1.is_empty() {
            return Err(AddressError::MissingLine1);
        }
        if city.is_empty() {
            return Err(AddressError::MissingCity);
        }
        if [&line1, &city].iter().any(|l| l.chars().count() > 100)
            || line2.as_ref().is_some_and(|l| l.chars().count() > 100)
        {
            return Err(AddressError::TooLong);
        }
        let Some((country_name, shapes, example)) = postcode_shapes(&country) else {
            return Err(AddressError::Country(country.chars().take(20).collect()));
        };
        let postcode = normalise_postcode(&country, &self.postcode);
        if !shapes.iter().any(|shape| fits(&postcode, shape)) {
            return Err(AddressError::Postcode {
                postcode: self.postcode.trim().chars().take(20).collect(),
                country: country_name,
                example,
            });
        }
        Ok(Address { line1, line2, city, postcode, country })
    }

    /// One line, for order pages: `80 Lincoln Square, Manchester M7Z 5HU, GB`.
    pub fn one_line(&self) -> String {
        let line2 = self.line2.as_deref().map(|l| format!(", {l}")).unwrap_or_default();
        format!("{}{line2}, {} {}, {}", self.line1, self.city, self.postcode, self.country)
    }
}

/// A GeoJSON point, as MongoDB's 2dsphere indexes want it: `[longitude, latitude]`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct GeoPoint {
    #[serde(rename = "type")]
    pub kind: GeoPointKind,
    pub coordinates: [f64; 2],
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum GeoPointKind {
    Point,
}

impl GeoPoint {
    /// None when the coordinates are off the globe.
    pub fn new(longitude: f64, latitude: f64) -> Option<GeoPoint> {
        ((-180.0..=180.0).contains(&longitude) && (-90.0..=90.0).contains(&latitude))
            .then_some(GeoPoint { kind: GeoPointKind::Point, coordinates: [longitude, latitude] })
    }

    pub fn longitude(&self) -> f64 {
        self.coordinates[0]
    }

    pub fn latitude(&self) -> f64 {
        self.coordinates[1]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn address(postcode: &str, country: &str) -> Address {
        Address {
            line1: " 1 High Street ".into(),
            line2: Some(" ".into()),
            city: "Town".into(),
            postcode: postcode.into(),
            country: country.into(),
        }
    }

    #[test]
    fn postcodes_of_every_delivery_country_are_normalised_and_accepted() {
        for (given, country, expected) in [
            ("m7z5hu", "gb", "M7Z 5HU"),
            ("SW1A 1AA", "GB", "SW1A 1AA"),
            ("ls1  4ap", "GB", "LS1 4AP"),
            ("EC1A1BB", "GB", "EC1A 1BB"),
            ("d02x285", "IE", "D02 X285"),
            ("D6W 1234", "IE", "D6W 1234"),
            ("75008", "FR", "75008"),
            ("10115", "DE", "10115"),
            ("28013", "ES", "28013"),
            ("1012ab", "NL", "1012 AB"),
        ] {
            let valid = address(given, country).validated().unwrap_or_else(|e| panic!("{given}: {e}"));
            assert_eq!(valid.postcode, expected);
            assert_eq!(valid.country, country.to_uppercase());
            assert_eq!(valid.line1, "1 High Street");
            assert_eq!(valid.line2, None);
        }
    }

    #[test]
    fn wrong_postcodes_name_the_country_and_an_example() {
        for (given, country) in
            [("12345", "GB"), ("M7Z", "GB"), ("1012", "NL"), ("7500", "FR"), ("ABCDE", "DE"), ("", "ES")]
        {
            let err = address(given, country).validated().unwrap_err();
            assert!(matches!(err, AddressError::Postcode { .. }), "{given} {country}: {err}");
        }
        let err = address("M7Z 5HU", "US").validated().unwrap_err();
        assert_eq!(err, AddressError::Country("US".into()));
        assert!(address("12345", "GB").validated().unwrap_err().to_string().contains("M7Z 5HU"));
        assert_eq!(
            Address { line1: " ".into(), ..address("75008", "FR") }.validated(),
            Err(AddressError::MissingLine1)
        );
        assert_eq!(Address { city: "".into(), ..address("75008", "FR") }.validated(), Err(AddressError::MissingCity));
    }

    #[test]
    fn points_are_longitude_first_and_on_the_globe() {
        let manchester = GeoPoint::new(-2.2426, 53.4808).unwrap();
        assert_eq!(manchester.coordinates, [-2.2426, 53.4808]);
        assert_eq!(serde_json::to_value(manchester).unwrap()["type"], "Point");
        assert!(GeoPoint::new(53.4808, -200.0).is_none());
        assert!(GeoPoint::new(0.0, 91.0).is_none());
    }
}
