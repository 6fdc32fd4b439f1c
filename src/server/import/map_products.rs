//! Products: the original kept some common fields in `Details`, some in `Detail`, some at the top level.

use crate::model::product::{Appliance, Book, Cd, Dimensions, Fresh, Phone, Product, ProductDetails};
use crate::model::rating::RatingSummary;
use crate::model::region::Regions;
use crate::model::{Category, Prices, Timestamp};

use super::record::Record;

fn normalise(text: &str) -> String {
    text.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect()
}

/// Reads a field from `Details` when it is there, else from the top of the record.
struct Fields<'a> {
    top: Record<'a>,
    details: Record<'a>,
}

impl<'a> Fields<'a> {
    fn at(&self, names: &[&str]) -> &Record<'a> {
        if self.details.get(names).is_some() {
            &self.details
        } else {
            &self.top
        }
    }
}

pub fn product(top: Record, now: Timestamp, regions: &Regions, notes: &mut Vec<String>) -> Result<Product, String> {
    let legacy = top.integer(&["Product_id", "Product_ID"])?;
    let fields = Fields { details: top.record(&["Details", "Detail"])?, top };
    let kind = fields.at(&["Type"]).string(&["Type"])?;
    let name = fields.at(&["Name"]).string(&["Name"])?;
    let (category, details) = details(&fields, &kind)?;

    if let Some(rating) = fields.at(&["Average_Customer_Rating"]).get(&["Average_Customer_Rating"]) {
        if rating.as_f64().is_some_and(|r| !(0.0..=5.0).contains(&r)) {
            notes.push(format!(
                "Average_Customer_Rating {rating} is outside 1-5; recomputed from the product's ratings"
            ));
        }
    }
    let dimensions = match fields.at(&["Dimensions"]).get(&["Dimensions"]) {
        Some(_) => {
            let d = fields.at(&["Dimensions"]).record(&["Dimensions"])?;
            Some(Dimensions {
                length: d.float(&["Length"])?,
                width: d.float(&["Width"])?,
                height: d.float(&["Height"])?,
            })
        }
        None => None,
    };
    let weight = fields.at(&["Shipping_Weight"]);
    Ok(Product {
        id: fields.top.object_id().unwrap_or_else(|| format!("product-{legacy}")),
        legacy_id: Some(legacy),
        description: fields.at(&["Description"]).optional_string(&["Description"])?.unwrap_or_default(),
        name,
        category,
        // The original sold in pounds only; each other currency's shelf price is converted and rounded.
        prices: Prices::from_pounds(fields.at(&["Price"]).money(&["Price"])?, |c| regions.exchange_rate(c)),
        cost: fields.at(&["Cost"]).money(&["Cost"])?,
        dimensions_cm: dimensions,
        shipping_weight_g: weight.get(&["Shipping_Weight"]).map(|_| weight.float(&["Shipping_Weight"])).transpose()?,
        // Recomputed from product_ratings once they are imported: the original's averages run up to 7.
        rating: RatingSummary::default(),
        // Set from the stock exports once they are imported.
        in_stock: false,
        created_at: now,
        details,
        // Drawn once the products are stored (`pictures::draw_missing`).
        pictures: Vec::new(),
        retired_at: None,
    })
}

fn details(fields: &Fields, kind: &str) -> Result<(Category, ProductDetails), String> {
    let text = |names: &[&str]| fields.at(names).string(names);
    let optional = |names: &[&str]| fields.at(names).optional_string(names);
    Ok(match normalise(kind).as_str() {
        "book" | "books" => (
            Category::Books,
            ProductDetails::Book(Book {
                author: text(&["Author_name", "Author"])?,
                publisher: text(&["Publisher"])?,
                year: i32::try_from(fields.at(&["Publication_Year"]).integer(&["Publication_Year"])?)
                    .map_err(|_| "Publication_Year is out of range")?,
                isbn: text(&["ISBN"])?,
            }),
        ),
        "cd" | "cds" => (
            Category::Cds,
            ProductDetails::Cd(Cd {
                artist: text(&["Artist_Name", "Aritst_Name", "Artist"])?,
                publisher: optional(&["Publisher"])?,
                tracks: u32::try_from(fields.at(&["Number_of_Tracks"]).integer(&["Number_of_Tracks"])?)
                    .map_err(|_| "Number_of_Tracks is negative")?,
                playing_time_min: fields.at(&["Total_playing_Time"]).float(&["Total_playing_Time"])?,
            }),
        ),
        "mobilephone" | "mobilephones" | "phone" => (
            Category::MobilePhones,
            ProductDetails::Phone(Phone {
                brand: text(&["Brand"])?,
                model: text(&["Model"])?,
                features: text(&["Features"])?
                    .split(',')
                    .map(|f| f.trim().to_string())
                    .filter(|f| !f.is_empty())
                    .collect(),
                colour: text(&["Colour", "Color"])?,
            }),
        ),
        "homeappliance" | "homeappliances" | "appliance" => (
            Category::HomeAppliances,
            ProductDetails::Appliance(Appliance {
                brand: optional(&["Brand"])?,
                model: optional(&["Model"])?,
                voltage: format!("{} V", text(&["Voltage"])?.trim_end_matches(['V', 'v', ' '])),
                style: text(&["Style"])?,
                colour: optional(&["Colour", "Color"])?,
                ean: None,
            }),
        ),
        "freshproduct" | "fresh" => {
            let category_text = text(&["Category"])?;
            let category = match normalise(&category_text).as_str() {
                "fruitsandvegetables" | "fruitandvegetables" | "fruitandveg" => Category::FruitsAndVegetables,
                "drinks" | "drink" | "beverages" => Category::Drinks,
                "bakery" => Category::Bakery,
                _ => return Err(format!("Category {category_text:?} is not a fresh food category")),
            };
            (
                category,
                ProductDetails::Fresh(Fresh {
                    country_of_origin: text(&["Country_Of_Origin"])?,
                    weight_or_quantity: text(&["Weight/Quantity", "Weight", "Quantity"])?,
                    // The original recorded one expiry date per product (of its own day, long past), not a shelf
                    // life: imported stock is dated from the day of the import (see `map_stock`).
                    shelf_life_days: None,
                }),
            )
        }
        _ => return Err(format!("Type {kind:?} is not a kind of product the store sells")),
    })
}
