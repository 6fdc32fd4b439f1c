//! The catalogue's back office (`/admin/products`): finding products, and one product with its pictures.

use serde::{Deserialize, Serialize};

use super::category::Category;
use super::desk::{encode, parse_page, short};
use super::location::StockLocation;
use super::money::{Currency, Money};
use super::picture::Picture;
use super::prices::Prices;
use super::product::Product;

/// A choice among a few named values, as a form's `<select>` offers it: its value in the address and its label.
pub trait Choice: Copy + PartialEq + Send + Sync + 'static {
    const ALL: &'static [Self];
    fn as_str(self) -> &'static str;
    fn label(self) -> &'static str;

    /// The choice whose value is `text` (spaces aside).
    fn parse(text: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|choice| choice.as_str() == text.trim())
    }
}

/// Products per page of the list.
pub const PRODUCTS_PER_PAGE: u32 = 50;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum StockFilter {
    Any,
    InStock,
    OutOfStock,
}

impl Choice for StockFilter {
    const ALL: &'static [StockFilter] = &[StockFilter::Any, StockFilter::InStock, StockFilter::OutOfStock];

    fn as_str(self) -> &'static str {
        match self {
            StockFilter::Any => "",
            StockFilter::InStock => "in",
            StockFilter::OutOfStock => "out",
        }
    }

    fn label(self) -> &'static str {
        match self {
            StockFilter::Any => "Any",
            StockFilter::InStock => "In stock",
            StockFilter::OutOfStock => "Out of stock",
        }
    }
}

/// On sale, retired, or both.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum SaleFilter {
    Any,
    OnSale,
    Retired,
}

impl Choice for SaleFilter {
    const ALL: &'static [SaleFilter] = &[SaleFilter::Any, SaleFilter::OnSale, SaleFilter::Retired];

    fn as_str(self) -> &'static str {
        match self {
            SaleFilter::Any => "",
            SaleFilter::OnSale => "on",
            SaleFilter::Retired => "retired",
        }
    }

    fn label(self) -> &'static str {
        match self {
            SaleFilter::Any => "Any",
            SaleFilter::OnSale => "On sale",
            SaleFilter::Retired => "Retired",
        }
    }
}

/// The list's filters, as the address carries them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProductQuery {
    /// Words of the name (the shop's text search), or a product id.
    pub search: Option<String>,
    pub category: Option<Category>,
    pub stock: StockFilter,
    pub sale: SaleFilter,
    pub page: u32,
}

impl ProductQuery {
    /// The form's fields as typed; a refusal names the field and says what it should be.
    pub fn parse(search: &str, category: &str, stock: &str, sale: &str, page: &str) -> Result<ProductQuery, String> {
        let search: String = search.trim().chars().take(100).collect();
        let category = match category.trim() {
            "" => None,
            slug => Some(
                Category::from_slug(slug).ok_or_else(|| format!("There is no category called \"{}\".", short(slug)))?,
            ),
        };
        let stock = StockFilter::parse(stock)
            .ok_or_else(|| format!("\"{}\" is not a stock filter: choose in, out or any.", short(stock)))?;
        let sale = SaleFilter::parse(sale)
            .ok_or_else(|| format!("\"{}\" is not a sale filter: choose on, retired or any.", short(sale)))?;
        let page = parse_page(page)?;
        Ok(ProductQuery { search: (!search.is_empty()).then_some(search), category, stock, sale, page })
    }

    /// The address of `page` of the same list.
    pub fn to_query_string(&self, page: u32) -> String {
        let mut pairs: Vec<(&str, String)> = Vec::new();
        if let Some(search) = &self.search {
            pairs.push(("q", encode(search)));
        }
        if let Some(category) = self.category {
            pairs.push(("category", category.slug().to_string()));
        }
        if self.stock != StockFilter::Any {
            pairs.push(("stock", self.stock.as_str().to_string()));
        }
        if self.sale != SaleFilter::Any {
            pairs.push(("sale", self.sale.as_str().to_string()));
        }
        pairs.push(("page", page.to_string()));
        pairs.iter().map(|(name, value)| format!("{name}={value}")).collect::<Vec<_>>().join("&")
    }
}

/// One row of the list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProductRow {
    pub id: String,
    pub name: String,
    pub category: Category,
    pub prices: Prices,
    pub in_stock: bool,
    pub retired: bool,
    pub picture: Option<Picture>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProductList {
    pub query: ProductQuery,
    pub rows: Vec<ProductRow>,
    pub has_more: bool,
}

/// The longest name and description a product may have.
pub const MAX_NAME_CHARS: usize = 200;
pub const MAX_DESCRIPTION_CHARS: usize = 5_000;

/// An admin's edit of a product's common details, checked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProductEdit {
    pub name: String,
    pub description: String,
    /// One per currency; a blank price means the product is not sold in the regions paying in that currency.
    pub prices: Prices,
    /// In pounds, like every cost.
    pub cost: Money,
}

impl ProductEdit {
    /// The form's fields as typed; a refusal names the field and says what it should be.
    pub fn parse(
        name: &str,
        description: &str,
        price_gbp: &str,
        price_eur: &str,
        cost: &str,
    ) -> Result<ProductEdit, String> {
        let name = name.trim();
        if name.is_empty() || name.chars().count() > MAX_NAME_CHARS {
            return Err(format!("The name must be 1 to {MAX_NAME_CHARS} characters."));
        }
        let description = description.trim();
        if description.chars().count() > MAX_DESCRIPTION_CHARS {
            return Err(format!("The description must be at most {MAX_DESCRIPTION_CHARS} characters."));
        }
        let money = |text: &str, field: &str| {
            let text = text.trim().trim_start_matches(['£', '€']);
            Money::parse_decimal(text)
                .map_err(|_| format!("The {field} \"{}\" is not an amount of money: write it like 10.99.", short(text)))
        };
        let mut prices = Prices::default();
        for (currency, typed) in [(Currency::GBP, price_gbp), (Currency::EUR, price_eur)] {
            if typed.trim().is_empty() {
                continue;
            }
            let price = money(typed, &format!("price in {}", currency.name()))?;
            if price == Money::ZERO {
                return Err(format!(
                    "The price in {} must be more than 0 (leave it blank to not sell it there).",
                    currency.name()
                ));
            }
            prices.set(currency, Some(price));
        }
        if prices == Prices::default() {
            return Err("Give a price in pounds or in euros: without one the product is not sold anywhere.".into());
        }
        let cost = money(cost, "cost")?;
        Ok(ProductEdit { name: name.to_string(), description: description.to_string(), prices, cost })
    }

    /// Said to the admin after saving: allowed, but rarely meant (costs are in pounds, so the pound price is compared).
    pub fn warning(&self) -> Option<&'static str> {
        let losing = self.prices.gbp.is_some_and(|price| self.cost > price);
        losing.then_some("Saved. Note: the cost is above the price, so each sale loses money.")
    }
}

/// Most units one adjustment may move: more is a typo.
pub const MAX_ADJUSTMENT: i64 = 100_000;

/// What an adjustment does to the units on the shelf.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum StockChange {
    /// The units counted at the location, shoppers' carts included.
    Set(i64),
    Add(i64),
    Remove(i64),
}

/// Why, as the daily inventory level records it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum StockReason {
    CountCorrection,
    Damaged,
    Received,
}

impl Choice for StockReason {
    const ALL: &'static [StockReason] = &[StockReason::CountCorrection, StockReason::Damaged, StockReason::Received];

    fn as_str(self) -> &'static str {
        match self {
            StockReason::CountCorrection => "count-correction",
            StockReason::Damaged => "damaged",
            StockReason::Received => "received",
        }
    }

    fn label(self) -> &'static str {
        match self {
            StockReason::CountCorrection => "Count correction",
            StockReason::Damaged => "Damaged",
            StockReason::Received => "Received",
        }
    }
}

/// One adjustment of one product's stock at one store or warehouse, checked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StockAdjustment {
    pub location: StockLocation,
    pub change: StockChange,
    pub reason: StockReason,
}

impl StockAdjustment {
    /// The form's fields as typed: `location` `store:<id>` or `warehouse:<id>`, `action` set, add or remove,
    /// `units` a whole number, `reason` one of `StockReason`. Received goods are added, damaged ones removed.
    pub fn parse(location: &str, action: &str, units: &str, reason: &str) -> Result<StockAdjustment, String> {
        let location = match location.trim().split_once(':') {
            Some(("store", id)) if super::catalogue::is_plausible_id(id) => StockLocation::Store(id.to_string()),
            Some(("warehouse", id)) if super::catalogue::is_plausible_id(id) => {
                StockLocation::Warehouse(id.to_string())
            }
            _ => return Err("Choose the store or warehouse to adjust.".into()),
        };
        let units =
            units.trim().parse::<i64>().ok().filter(|units| (0..=MAX_ADJUSTMENT).contains(units)).ok_or_else(|| {
                format!(
                    "\"{}\" is not a number of units: enter a whole number from 0 to {MAX_ADJUSTMENT}.",
                    short(units)
                )
            })?;
        let change = match action.trim() {
            "set" => StockChange::Set(units),
            "add" | "remove" if units == 0 => return Err("Enter how many units, at least 1.".into()),
            "add" => StockChange::Add(units),
            "remove" => StockChange::Remove(units),
            other => return Err(format!("\"{}\" is not an adjustment: set, add or remove.", short(other))),
        };
        let reason = StockReason::parse(reason)
            .ok_or_else(|| "Choose why: a count correction, damaged goods or goods received.".to_string())?;
        match (change, reason) {
            (StockChange::Add(_), StockReason::Damaged) => Err("Damaged goods are removed, not added.".into()),
            (StockChange::Remove(_), StockReason::Received) => Err("Received goods are added, not removed.".into()),
            (StockChange::Set(_), StockReason::Damaged | StockReason::Received) => {
                Err("Setting the count is a count correction; add received goods, remove damaged ones.".into())
            }
            _ => Ok(StockAdjustment { location, change, reason }),
        }
    }
}

/// A product's stock at one store or warehouse, as the back office shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LocationStock {
    pub location: StockLocation,
    /// "Morrisons, Churchill Way, Salford" or "Our warehouse, Manchester".
    pub name: String,
    /// Units free to sell.
    pub on_shelf: i64,
    /// Units in shoppers' carts: still at the location, no longer for sale.
    pub in_carts: i64,
}

/// `/admin/products/<id>`: the product and what an admin may do with its pictures.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BackOfficeProduct {
    pub product: Product,
    /// The largest upload accepted, in MB, for the form to say.
    pub max_upload_mb: u64,
    /// Where it is held, and how many units.
    pub stock: Vec<LocationStock>,
    /// What admins did to it, newest first.
    pub audit: Vec<super::desk::AuditEntry>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_filters_are_read_from_the_address_and_written_back() {
        let query = ProductQuery::parse(" mini bagels ", "bakery", "in", "retired", "2").unwrap();
        assert_eq!(query.search.as_deref(), Some("mini bagels"));
        assert_eq!((query.category, query.stock, query.page), (Some(Category::Bakery), StockFilter::InStock, 2));
        assert_eq!(query.sale, SaleFilter::Retired);
        assert_eq!(query.to_query_string(3), "q=mini%20bagels&category=bakery&stock=in&sale=retired&page=3");
        let all = ProductQuery::parse("", "", "", "", "").unwrap();
        assert_eq!((all.search, all.category, all.stock, all.page), (None, None, StockFilter::Any, 1));
        assert_eq!(all.sale, SaleFilter::Any);
    }

    #[test]
    fn an_adjustment_is_read_from_its_form_and_its_reason_must_fit() {
        let received = StockAdjustment::parse("store:s1", "add", " 12 ", "received").unwrap();
        assert_eq!(received.location, StockLocation::Store("s1".into()));
        assert_eq!((received.change, received.reason), (StockChange::Add(12), StockReason::Received));
        let counted = StockAdjustment::parse("warehouse:w1", "set", "0", "count-correction").unwrap();
        assert_eq!(counted.change, StockChange::Set(0));
        for (location, action, units, reason, says) in [
            ("shelf:s1", "add", "1", "received", "store or warehouse"),
            ("store:s1", "add", "-3", "received", "not a number of units"),
            ("store:s1", "add", "1.5", "received", "not a number of units"),
            ("store:s1", "add", "0", "received", "at least 1"),
            ("store:s1", "double", "1", "received", "set, add or remove"),
            ("store:s1", "add", "1", "stolen", "Choose why"),
            ("store:s1", "add", "1", "damaged", "removed, not added"),
            ("store:s1", "remove", "1", "received", "added, not removed"),
            ("store:s1", "set", "1", "damaged", "count correction"),
        ] {
            let refused = StockAdjustment::parse(location, action, units, reason).unwrap_err();
            assert!(refused.contains(says), "{location} {action} {units} {reason}: {refused}");
        }
    }

    #[test]
    fn an_edit_is_read_in_words_and_money_exactly() {
        let edit = ProductEdit::parse(" Aerified ", "A book.", "£12.99", "€14.49", "7.5").unwrap();
        assert_eq!((edit.name.as_str(), edit.cost), ("Aerified", Money(750)));
        assert_eq!(edit.prices, Prices { gbp: Some(Money(1299)), eur: Some(Money(1449)) });
        assert_eq!(edit.warning(), None);
        let losing = ProductEdit::parse("Aerified", "", "5", "", "6").unwrap();
        assert!(losing.warning().unwrap().contains("cost is above the price"));
        assert_eq!(losing.prices.eur, None, "a blank price: not sold in euros");
        for (name, price, eur, cost, says) in [
            ("", "1", "", "1", "name must be"),
            ("Aerified", "-1", "", "1", "price in pounds \"-1\" is not an amount"),
            ("Aerified", "0", "", "1", "more than 0"),
            ("Aerified", "10.999", "", "1", "not an amount"),
            ("Aerified", "1", "ten", "1", "price in euros \"ten\" is not an amount"),
            ("Aerified", "", " ", "1", "not sold anywhere"),
            ("Aerified", "1", "", "", "cost \"\" is not an amount"),
        ] {
            let refused = ProductEdit::parse(name, "", price, eur, cost).unwrap_err();
            assert!(refused.contains(says), "{name} {price} {eur} {cost}: {refused}");
        }
    }

    #[test]
    fn a_wrong_filter_is_named() {
        assert_eq!(ProductQuery::parse("", "toys", "", "", "").unwrap_err(), "There is no category called \"toys\".");
        assert!(ProductQuery::parse("", "", "some", "", "").unwrap_err().contains("stock filter"));
        assert!(ProductQuery::parse("", "", "", "gone", "").unwrap_err().contains("sale filter"));
        assert!(ProductQuery::parse("", "", "", "", "0").unwrap_err().contains("page number"));
    }
}
