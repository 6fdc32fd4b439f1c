//! The catalogue's products: common details plus the fields of their kind (a polymorphic collection).

use serde::{Deserialize, Serialize};

use super::category::Category;
use super::money::Money;
use super::picture::Picture;
use super::prices::Prices;
use super::rating::RatingSummary;
use super::time::Timestamp;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Product {
    #[serde(rename = "_id")]
    pub id: String,
    /// The original database's `Product_id`, kept so that old orders and ratings resolve.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub legacy_id: Option<i64>,
    pub name: String,
    pub description: String,
    pub category: Category,
    /// The shelf price in each currency (`prices.GBP`, `prices.EUR`); the listing indexes hold each.
    pub prices: Prices,
    /// What a unit costs the shop, in pounds (the company's books are kept in pounds).
    pub cost: Money,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dimensions_cm: Option<Dimensions>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shipping_weight_g: Option<f64>,
    pub rating: RatingSummary,
    /// Whether any store or the warehouse holds a unit: a copy of the stock collections, kept so that listings can
    /// filter on it through an index. Refreshed by `server::stock::refresh_in_stock` whenever stock changes.
    #[serde(default)]
    pub in_stock: bool,
    pub created_at: Timestamp,
    pub details: ProductDetails,
    /// The main picture first. Every product gets a drawn one when it is created (`server::pictures`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub pictures: Vec<Picture>,
    /// When an admin withdrew it from sale: gone from listings, search, suggestions and recommendations, its page
    /// says so and no cart takes it; its orders and ratings keep it. Absent while it is sold.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retired_at: Option<Timestamp>,
}

impl Product {
    pub fn is_retired(&self) -> bool {
        self.retired_at.is_some()
    }

    pub fn main_picture(&self) -> Option<&Picture> {
        self.pictures.first()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Dimensions {
    pub length: f64,
    pub width: f64,
    pub height: f64,
}

/// The fields of each kind of product. Stored as a subdocument tagged by `kind`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ProductDetails {
    Book(Book),
    Cd(Cd),
    Phone(Phone),
    Appliance(Appliance),
    Fresh(Fresh),
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Book {
    pub author: String,
    pub publisher: String,
    pub year: i32,
    pub isbn: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Cd {
    pub artist: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub publisher: Option<String>,
    pub tracks: u32,
    /// Total playing time in minutes.
    pub playing_time_min: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Phone {
    pub brand: String,
    pub model: String,
    pub features: Vec<String>,
    pub colour: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Appliance {
    /// Unknown for the original's appliances, which recorded neither.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub brand: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub model: Option<String>,
    pub voltage: String,
    pub style: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub colour: Option<String>,
    /// The barcode (EAN-8 or EAN-13, check digit checked), when the admin knows it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ean: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Fresh {
    pub country_of_origin: String,
    /// As sold: `1kg`, `6 pack`, `500ml`.
    pub weight_or_quantity: String,
    /// Days from arrival to best-before, for stock received from now on; unknown for the original's products.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shelf_life_days: Option<u32>,
}

impl ProductDetails {
    /// The stable name of the kind: `book`, `cd`, `phone`, `appliance`, `fresh`.
    pub fn kind(&self) -> &'static str {
        match self {
            ProductDetails::Book(_) => "book",
            ProductDetails::Cd(_) => "cd",
            ProductDetails::Phone(_) => "phone",
            ProductDetails::Appliance(_) => "appliance",
            ProductDetails::Fresh(_) => "fresh",
        }
    }

    /// Whether `category` fits this kind: books are books, fresh food is one of the fresh categories.
    pub fn fits(&self, category: Category) -> bool {
        match self {
            ProductDetails::Book(_) => category == Category::Books,
            ProductDetails::Cd(_) => category == Category::Cds,
            ProductDetails::Phone(_) => category == Category::MobilePhones,
            ProductDetails::Appliance(_) => category == Category::HomeAppliances,
            ProductDetails::Fresh(_) => category.department() == super::category::Department::Fresh,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn details_are_tagged_by_kind() {
        let book = ProductDetails::Book(Book {
            author: "Tú Motherwell".into(),
            publisher: "Lehner".into(),
            year: 2008,
            isbn: "195024559-4".into(),
        });
        let json = serde_json::to_value(&book).unwrap();
        assert_eq!(json["kind"], "book");
        assert_eq!(json["author"], "Tú Motherwell");
        assert_eq!(serde_json::from_value::<ProductDetails>(json).unwrap(), book);
        assert!(book.fits(Category::Books));
        assert!(!book.fits(Category::Bakery));
    }
}
