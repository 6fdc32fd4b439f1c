//! The catalogue's back office (`/admin/products`): finding products, and one product with its pictures.

use serde::{Deserialize, Serialize};

use super::category::Category;
use super::desk::{encode, short};
use super::money::{Currency, Money};
use super::picture::Picture;
use super::product::Product;

/// Products per page of the list.
pub const PRODUCTS_PER_PAGE: u32 = 50;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum StockFilter {
    Any,
    InStock,
    OutOfStock,
}

impl StockFilter {
    pub const ALL: [StockFilter; 3] = [StockFilter::Any, StockFilter::InStock, StockFilter::OutOfStock];

    pub fn as_str(self) -> &'static str {
        match self {
            StockFilter::Any => "",
            StockFilter::InStock => "in",
            StockFilter::OutOfStock => "out",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            StockFilter::Any => "Any",
            StockFilter::InStock => "In stock",
            StockFilter::OutOfStock => "Out of stock",
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
    pub page: u32,
}

impl ProductQuery {
    /// The form's fields as typed; a refusal names the field and says what it should be.
    pub fn parse(search: &str, category: &str, stock: &str, page: &str) -> Result<ProductQuery, String> {
        let search: String = search.trim().chars().take(100).collect();
        let category = match category.trim() {
            "" => None,
            slug => Some(
                Category::from_slug(slug).ok_or_else(|| format!("There is no category called \"{}\".", short(slug)))?,
            ),
        };
        let stock = StockFilter::ALL
            .into_iter()
            .find(|filter| filter.as_str() == stock.trim())
            .ok_or_else(|| format!("\"{}\" is not a stock filter: choose in, out or any.", short(stock)))?;
        let page = match page.trim() {
            "" => 1,
            text => text
                .parse::<u32>()
                .ok()
                .filter(|page| (1..=10_000).contains(page))
                .ok_or_else(|| format!("\"{}\" is not a page number.", short(text)))?,
        };
        Ok(ProductQuery { search: (!search.is_empty()).then_some(search), category, stock, page })
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
    pub price: Money,
    pub currency: Currency,
    pub in_stock: bool,
    pub picture: Option<Picture>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProductList {
    pub query: ProductQuery,
    pub rows: Vec<ProductRow>,
    pub has_more: bool,
}

/// `/admin/products/<id>`: the product and what an admin may do with its pictures.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BackOfficeProduct {
    pub product: Product,
    /// The largest upload accepted, in MB, for the form to say.
    pub max_upload_mb: u64,
    /// What admins did to it, newest first.
    pub audit: Vec<super::desk::AuditEntry>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_filters_are_read_from_the_address_and_written_back() {
        let query = ProductQuery::parse(" mini bagels ", "bakery", "in", "2").unwrap();
        assert_eq!(query.search.as_deref(), Some("mini bagels"));
        assert_eq!((query.category, query.stock, query.page), (Some(Category::Bakery), StockFilter::InStock, 2));
        assert_eq!(query.to_query_string(3), "q=mini%20bagels&category=bakery&stock=in&page=3");
        let all = ProductQuery::parse("", "", "", "").unwrap();
        assert_eq!((all.search, all.category, all.stock, all.page), (None, None, StockFilter::Any, 1));
    }

    #[test]
    fn a_wrong_filter_is_named() {
        assert_eq!(ProductQuery::parse("", "toys", "", "").unwrap_err(), "There is no category called \"toys\".");
        assert!(ProductQuery::parse("", "", "some", "").unwrap_err().contains("stock filter"));
        assert!(ProductQuery::parse("", "", "", "0").unwrap_err().contains("page number"));
    }
}
