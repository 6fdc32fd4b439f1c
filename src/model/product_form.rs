//! The back office's product form: every field of a product of each kind as typed, read into a product's details
//! with each refusal in words (money exactly, an ISBN's check digit, an appliance's EAN if given, a fresh product's
//! weight or quantity with its unit). One form for creating and for editing.

use serde::{Deserialize, Serialize};

use super::back_office::ProductEdit;
use super::category::{Category, Department};
use super::desk::short;
use super::product::{Appliance, Book, Cd, Fresh, Phone, Product, ProductDetails};
use super::product_codes::{is_ean, isbn, weight_or_quantity};

/// The form's fields, all as typed (a browser sends text). Fields of other kinds are ignored.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ProductFields {
    /// `book`, `cd`, `phone`, `appliance` or `fresh`.
    pub kind: String,
    /// The category's slug; only fresh food chooses (books are books).
    pub category: String,
    pub name: String,
    pub description: String,
    /// In pounds; blank: not sold in the UK.
    pub price: String,
    /// Blank: not sold in the euro countries.
    pub price_eur: String,
    pub cost: String,
    // Books
    pub author: String,
    pub publisher: String,
    pub year: String,
    pub isbn: String,
    // CDs (and `publisher`)
    pub artist: String,
    pub tracks: String,
    pub playing_time_min: String,
    // Phones and appliances
    pub brand: String,
    pub model: String,
    pub colour: String,
    /// Phones: comma-separated.
    pub features: String,
    pub voltage: String,
    pub style: String,
    pub ean: String,
    // Fresh food
    pub country_of_origin: String,
    pub weight_or_quantity: String,
    pub shelf_life_days: String,
}

/// The kinds an admin may create, with their labels.
pub const KINDS: [(&str, &str); 5] = [
    ("book", "Book"),
    ("cd", "CD"),
    ("phone", "Mobile phone"),
    ("appliance", "Home appliance"),
    ("fresh", "Fresh food"),
];

/// A product's form, read and checked: the common details, the category and the kind's details.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProductDraft {
    pub common: ProductEdit,
    pub category: Category,
    pub details: ProductDetails,
}

/// Longest text in a short field (an author, a brand, a colour).
const MAX_FIELD_CHARS: usize = 100;

impl ProductFields {
    /// The form filled in with `product` as it is, for editing.
    pub fn of(product: &Product) -> ProductFields {
        let amount = |money: super::Money| format!("{}.{:02}", money.0 / 100, money.0 % 100);
        let mut fields = ProductFields {
            kind: product.details.kind().to_string(),
            category: product.category.slug().to_string(),
            name: product.name.clone(),
            description: product.description.clone(),
            price: product.prices.gbp.map(amount).unwrap_or_default(),
            price_eur: product.prices.eur.map(amount).unwrap_or_default(),
            cost: amount(product.cost),
            ..ProductFields::default()
        };
        match &product.details {
            ProductDetails::Book(book) => {
                fields.author = book.author.clone();
                fields.publisher = book.publisher.clone();
                fields.year = book.year.to_string();
                fields.isbn = book.isbn.clone();
            }
            ProductDetails::Cd(cd) => {
                fields.artist = cd.artist.clone();
                fields.publisher = cd.publisher.clone().unwrap_or_default();
                fields.tracks = cd.tracks.to_string();
                fields.playing_time_min = cd.playing_time_min.to_string();
            }
            ProductDetails::Phone(phone) => {
                fields.brand = phone.brand.clone();
                fields.model = phone.model.clone();
                fields.colour = phone.colour.clone();
                fields.features = phone.features.join(", ");
            }
            ProductDetails::Appliance(appliance) => {
                fields.brand = appliance.brand.clone().unwrap_or_default();
                fields.model = appliance.model.clone().unwrap_or_default();
                fields.colour = appliance.colour.clone().unwrap_or_default();
                fields.voltage = appliance.voltage.clone();
                fields.style = appliance.style.clone();
                fields.ean = appliance.ean.clone().unwrap_or_default();
            }
            ProductDetails::Fresh(fresh) => {
                fields.country_of_origin = fresh.country_of_origin.clone();
                fields.weight_or_quantity = fresh.weight_or_quantity.clone();
                fields.shelf_life_days = fresh.shelf_life_days.map(|days| days.to_string()).unwrap_or_default();
            }
        }
        fields
    }
}

impl ProductDraft {
    /// A new product's form as typed; the first refusal names its field and says what it should be.
    pub fn parse(fields: &ProductFields) -> Result<ProductDraft, String> {
        ProductDraft::parse_edit(fields, None)
    }

    /// An edit of a product whose form was `stored`: a checked field (ISBN, EAN, weight) left as it was is kept as it
    /// was, so that an imported product with a malformed ISBN can still have its price changed.
    pub fn parse_edit(fields: &ProductFields, stored: Option<&ProductFields>) -> Result<ProductDraft, String> {
        let unchanged = |typed: &str, field: fn(&ProductFields) -> &String| {
            stored.map(field).filter(|stored| !stored.is_empty() && stored.as_str() == typed.trim()).cloned()
        };
        let checked = Checked {
            isbn: unchanged(&fields.isbn, |f| &f.isbn),
            ean: unchanged(&fields.ean, |f| &f.ean),
            weight_or_quantity: unchanged(&fields.weight_or_quantity, |f| &f.weight_or_quantity),
        };
        let common =
            ProductEdit::parse(&fields.name, &fields.description, &fields.price, &fields.price_eur, &fields.cost)?;
        let (category, details) = match fields.kind.trim() {
            "book" => (Category::Books, ProductDetails::Book(book(fields, &checked)?)),
            "cd" => (Category::Cds, ProductDetails::Cd(cd(fields)?)),
            "phone" => (Category::MobilePhones, ProductDetails::Phone(phone(fields)?)),
            "appliance" => (Category::HomeAppliances, ProductDetails::Appliance(appliance(fields, &checked)?)),
            "fresh" => {
                let category = Category::from_slug(fields.category.trim())
                    .filter(|category| category.department() == Department::Fresh)
                    .ok_or("Choose the fresh food category: fruit and vegetables, drinks or bakery.")?;
                (category, ProductDetails::Fresh(fresh(fields, &checked)?))
            }
            other => return Err(format!("\"{}\" is not a kind of product.", short(other))),
        };
        Ok(ProductDraft { common, category, details })
    }
}

/// Checked fields an edit left as they were stored: kept without checking again.
struct Checked {
    isbn: Option<String>,
    ean: Option<String>,
    weight_or_quantity: Option<String>,
}

/// A required short text: trimmed, 1 to `MAX_FIELD_CHARS` characters.
fn required(value: &str, field: &str) -> Result<String, String> {
    let value = value.trim();
    if value.is_empty() {
        return Err(format!("Enter the {field}."));
    }
    optional(value, field).map(|value| value.unwrap_or_default())
}

/// An optional short text: None when empty.
fn optional(value: &str, field: &str) -> Result<Option<String>, String> {
    let value = value.trim();
    if value.chars().count() > MAX_FIELD_CHARS {
        return Err(format!("The {field} must be at most {MAX_FIELD_CHARS} characters."));
    }
    Ok((!value.is_empty()).then(|| value.to_string()))
}

/// A whole number in `range`, or a sentence saying what it should be.
fn whole<T: std::str::FromStr + PartialOrd + std::fmt::Display>(
    value: &str,
    field: &str,
    range: std::ops::RangeInclusive<T>,
) -> Result<T, String> {
    value.trim().parse::<T>().ok().filter(|n| range.contains(n)).ok_or_else(|| {
        format!(
            "The {field} \"{}\" is not right: enter a whole number from {} to {}.",
            short(value),
            range.start(),
            range.end()
        )
    })
}

fn book(fields: &ProductFields, kept: &Checked) -> Result<Book, String> {
    Ok(Book {
        author: required(&fields.author, "author")?,
        publisher: required(&fields.publisher, "publisher")?,
        year: whole(&fields.year, "year", 1450..=2100)?,
        isbn: match &kept.isbn {
            Some(stored) => stored.clone(),
            None => isbn(&fields.isbn)?,
        },
    })
}

fn cd(fields: &ProductFields) -> Result<Cd, String> {
    let minutes = fields.playing_time_min.trim();
    let playing_time_min =
        minutes.parse::<f64>().ok().filter(|m| m.is_finite() && *m > 0.0 && *m <= 1_000.0).ok_or_else(|| {
            format!("The playing time \"{}\" is not right: enter minutes, like 42.5.", short(minutes))
        })?;
    Ok(Cd {
        artist: required(&fields.artist, "artist")?,
        publisher: optional(&fields.publisher, "label")?,
        tracks: whole(&fields.tracks, "number of tracks", 1..=999)?,
        playing_time_min,
    })
}

fn phone(fields: &ProductFields) -> Result<Phone, String> {
    let features: Vec<String> =
        fields.features.split(',').map(|feature| feature.trim().to_string()).filter(|f| !f.is_empty()).collect();
    if features.iter().any(|feature| feature.chars().count() > MAX_FIELD_CHARS) || features.len() > 30 {
        return Err(format!("List at most 30 features, each at most {MAX_FIELD_CHARS} characters."));
    }
    Ok(Phone {
        brand: required(&fields.brand, "brand")?,
        model: required(&fields.model, "model")?,
        features,
        colour: required(&fields.colour, "colour")?,
    })
}

fn appliance(fields: &ProductFields, kept: &Checked) -> Result<Appliance, String> {
    let voltage = fields.voltage.trim().trim_end_matches(['V', 'v', ' ']);
    let volts = whole::<u32>(voltage, "voltage", 1..=1_000)?;
    let ean = fields.ean.trim().replace([' ', '-'], "");
    if kept.ean.is_none() && !ean.is_empty() && !is_ean(&ean) {
        return Err(format!(
            "The EAN \"{}\" is not right: 8 or 13 digits whose last is the check digit (leave it empty if unknown).",
            short(&fields.ean)
        ));
    }
    Ok(Appliance {
        brand: optional(&fields.brand, "brand")?,
        model: optional(&fields.model, "model")?,
        voltage: format!("{volts} V"),
        style: required(&fields.style, "style")?,
        colour: optional(&fields.colour, "colour")?,
        ean: (!ean.is_empty()).then_some(ean),
    })
}

fn fresh(fields: &ProductFields, kept: &Checked) -> Result<Fresh, String> {
    let shelf_life = fields.shelf_life_days.trim();
    Ok(Fresh {
        country_of_origin: required(&fields.country_of_origin, "country of origin")?,
        weight_or_quantity: match &kept.weight_or_quantity {
            Some(stored) => stored.clone(),
            None => weight_or_quantity(&fields.weight_or_quantity)?,
        },
        shelf_life_days: if shelf_life.is_empty() {
            None
        } else {
            Some(whole(shelf_life, "shelf life in days", 1..=365)?)
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn book_fields(isbn: &str) -> ProductFields {
        ProductFields {
            kind: "book".into(),
            name: "The Sea".into(),
            price: "8.99".into(),
            cost: "4".into(),
            author: "Iris Wave".into(),
            publisher: "Tide Press".into(),
            year: "2024".into(),
            isbn: isbn.into(),
            ..ProductFields::default()
        }
    }

    #[test]
    fn a_form_becomes_a_product_of_its_kind_or_a_refusal_that_names_the_field() {
        let draft = ProductDraft::parse(&book_fields("9780306406157")).unwrap();
        assert_eq!(draft.category, Category::Books);
        assert!(
            matches!(&draft.details, ProductDetails::Book(book) if book.year == 2024 && book.author == "Iris Wave")
        );

        let fresh = ProductFields {
            kind: "fresh".into(),
            category: "bakery".into(),
            name: "Seeded Loaf".into(),
            price: "2.10".into(),
            cost: "0.90".into(),
            country_of_origin: "United Kingdom".into(),
            weight_or_quantity: "800 g".into(),
            shelf_life_days: "4".into(),
            ..ProductFields::default()
        };
        let draft = ProductDraft::parse(&fresh).unwrap();
        assert_eq!(draft.category, Category::Bakery);
        assert!(
            matches!(&draft.details, ProductDetails::Fresh(f) if f.shelf_life_days == Some(4) && f.weight_or_quantity == "800g")
        );
        let not_fresh = ProductFields { category: "books".into(), ..fresh.clone() };
        assert!(ProductDraft::parse(&not_fresh).unwrap_err().contains("fresh food category"));

        for (fields, says) in [
            (book_fields("9780306406158"), "check digit"),
            (ProductFields { year: "20x4".into(), ..book_fields("9780306406157") }, "year \"20x4\""),
            (ProductFields { author: " ".into(), ..book_fields("9780306406157") }, "Enter the author"),
            (ProductFields { price: "-2".into(), ..book_fields("9780306406157") }, "not an amount of money"),
            (ProductFields { kind: "toy".into(), ..book_fields("9780306406157") }, "not a kind"),
        ] {
            let refused = ProductDraft::parse(&fields).unwrap_err();
            assert!(refused.contains(says), "{refused}");
        }
        let appliance = ProductFields {
            kind: "appliance".into(),
            name: "Kettle".into(),
            price: "29.99".into(),
            cost: "12".into(),
            voltage: "230V".into(),
            style: "Kettle".into(),
            ean: "4006381333932".into(),
            ..ProductFields::default()
        };
        assert!(ProductDraft::parse(&appliance).unwrap_err().contains("EAN"));
        let draft = ProductDraft::parse(&ProductFields { ean: String::new(), ..appliance }).unwrap();
        assert!(matches!(&draft.details, ProductDetails::Appliance(a) if a.voltage == "230 V" && a.ean.is_none()));
    }

    #[test]
    fn an_edit_keeps_a_malformed_imported_isbn_it_did_not_touch_but_checks_a_new_one() {
        let stored = book_fields("195024559-5");
        let edit = ProductFields { price: "9.49".into(), ..stored.clone() };
        let draft = ProductDraft::parse_edit(&edit, Some(&stored)).unwrap();
        assert!(matches!(&draft.details, ProductDetails::Book(book) if book.isbn == "195024559-5"));
        let retyped = ProductFields { isbn: "195024559-6".into(), ..stored.clone() };
        assert!(ProductDraft::parse_edit(&retyped, Some(&stored)).unwrap_err().contains("check digit"));
        assert!(ProductDraft::parse(&stored).unwrap_err().contains("check digit"), "a new product is checked");
    }

    #[test]
    fn a_products_form_reads_back_as_the_same_details() {
        let draft = ProductDraft::parse(&book_fields("0-306-40615-2")).unwrap();
        let product = Product {
            id: "p".into(),
            legacy_id: None,
            name: draft.common.name.clone(),
            description: String::new(),
            category: draft.category,
            prices: draft.common.prices,
            cost: draft.common.cost,
            dimensions_cm: None,
            shipping_weight_g: None,
            rating: Default::default(),
            in_stock: false,
            created_at: super::super::Timestamp(0),
            details: draft.details.clone(),
            pictures: Vec::new(),
            retired_at: None,
        };
        assert_eq!(ProductDraft::parse(&ProductFields::of(&product)).unwrap(), draft);
    }
}
