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

    #[test]
    fn points_are_longitude_first_and_on_the_globe() {
        let manchester = GeoPoint::new(-2.2426, 53.4808).unwrap();
        assert_eq!(manchester.coordinates, [-2.2426, 53.4808]);
        assert_eq!(serde_json::to_value(manchester).unwrap()["type"], "Point");
        assert!(GeoPoint::new(53.4808, -200.0).is_none());
        assert!(GeoPoint::new(0.0, 91.0).is_none());
    }
}
