//! Customers' ratings of products and of the delivery partners who brought their orders.

use serde::{Deserialize, Serialize};

use super::time::Timestamp;

/// A rating from 1 to 5 stars; nothing else can be built or deserialized.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "i64", into = "i64")]
pub struct Stars(u8);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("a rating is 1 to 5 stars, not {0}")]
pub struct StarsError(pub i64);

impl Stars {
    pub fn new(value: i64) -> Result<Stars, StarsError> {
        Stars::try_from(value)
    }

    pub fn get(self) -> u8 {
        self.0
    }
}

impl TryFrom<i64> for Stars {
    type Error = StarsError;
    fn try_from(value: i64) -> Result<Stars, StarsError> {
        if (1..=5).contains(&value) {
            Ok(Stars(value as u8))
        } else {
            Err(StarsError(value))
        }
    }
}

impl From<Stars> for i64 {
    fn from(stars: Stars) -> i64 {
        i64::from(stars.0)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProductRating {
    #[serde(rename = "_id")]
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub legacy_id: Option<i64>,
    /// The region owning this document (`uk`, `eu`; see `[regions]`): the future shard-key prefix. Absent only on
    /// documents from before regions, until the `regions` migration stamps them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    pub product_id: String,
    pub customer_id: String,
    pub stars: Stars,
    pub rated_at: Timestamp,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PartnerRating {
    #[serde(rename = "_id")]
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub legacy_id: Option<i64>,
    /// The region owning this document (`uk`, `eu`; see `[regions]`): the future shard-key prefix. Absent only on
    /// documents from before regions, until the `regions` migration stamps them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    pub partner_id: String,
    pub customer_id: String,
    pub order_id: String,
    pub stars: Stars,
    pub rated_at: Timestamp,
}

/// A product's (or a delivery partner's) ratings in brief, kept on it so that listings need no aggregation.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub struct RatingSummary {
    /// Mean stars, 1.0 to 5.0; 0.0 while unrated.
    pub average: f64,
    pub count: u32,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stars_are_one_to_five() {
        assert_eq!(Stars::new(1).unwrap().get(), 1);
        assert_eq!(Stars::new(5).unwrap().get(), 5);
        assert_eq!(Stars::new(0), Err(StarsError(0)));
        assert_eq!(Stars::new(6), Err(StarsError(6)));
        assert!(serde_json::from_str::<Stars>("6").is_err());
        assert_eq!(serde_json::from_str::<Stars>("4").unwrap().get(), 4);
    }
}
