//! A product listing (a category page or a search): what the shopper asked for, read from the address, and what
//! they get.

use serde::{Deserialize, Serialize};

mod sort;

use super::category::Category;
use super::money::{Currency, Money};
use super::rating::RatingSummary;
pub use sort::Sort;

/// Products per page.
pub const PAGE_SIZE: u32 = 24;
/// The last page anyone may ask for; deeper pages are clamped (and skipping further would cost the database).
pub const MAX_PAGE: u32 = 400;

/// Longest search text taken; longer text is cut (with a notice).
pub const MAX_SEARCH_CHARS: usize = 200;

/// Everything a listing's address can say: a category page (`category` set, no `search`) or a search (`search`
/// set, `category` an optional filter). The constructors never fail: bad values are dropped or clamped, and each
/// correction becomes a notice for the shopper.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ListingQuery {
    /// The search text, as the shopper typed it (trimmed, cut to `MAX_SEARCH_CHARS`).
    pub search: Option<String>,
    pub category: Option<Category>,
    pub price_min: Option<Money>,
    pub price_max: Option<Money>,
    /// Minimum average stars, 1 to 4.
    pub min_rating: Option<u8>,
    pub in_stock: bool,
    /// An author, artist or brand, for the kinds that have one (so only with a category).
    pub creator: Option<String>,
    pub sort: Sort,
    /// From 1.
    pub page: u32,
    /// What the shopper pays in: prices, price filters and the products listed are this currency's. Set by the
    /// server from where the shopper is delivered to, never from the address (not in `href`).
    #[serde(default)]
    pub currency: Currency,
}

impl Category {
    /// The URL parameter, product field and label of this category's creator facet, if its kind has one.
    pub fn creator_facet(self) -> Option<(&'static str, &'static str, &'static str)> {
        match self {
            Category::Books => Some(("author", "details.author", "Author")),
            Category::Cds => Some(("artist", "details.artist", "Artist")),
            Category::MobilePhones | Category::HomeAppliances => Some(("brand", "details.brand", "Brand")),
            // Fresh food is sold by what it is, not by who made it.
            _ => None,
        }
    }
}

impl ListingQuery {
    /// A category page with no filters.
    pub fn new(category: Category) -> ListingQuery {
        ListingQuery::blank(None, Some(category))
    }

    /// A search with no filters.
    pub fn search(text: &str) -> ListingQuery {
        ListingQuery::blank(Some(text.to_string()), None)
    }

    fn blank(search: Option<String>, category: Option<Category>) -> ListingQuery {
        ListingQuery {
            sort: Sort::default_for(search.is_some()),
            search,
            category,
            price_min: None,
            price_max: None,
            min_rating: None,
            in_stock: false,
            creator: None,
            page: 1,
            currency: Currency::default(),
        }
    }

    pub fn is_search(&self) -> bool {
        self.search.is_some()
    }

    /// A category page's address parameters (`get` looks one up); returns the query and the notices.
    pub fn from_params(category: Category, get: impl Fn(&str) -> Option<String>) -> (ListingQuery, Vec<String>) {
        let mut notices = Vec::new();
        let query = ListingQuery::new(category).read_filters(&get, &mut notices);
        (query, notices)
    }

    /// A search page's address parameters: `q`, an optional `category`, then the same filters as a category page.
    pub fn from_search_params(get: impl Fn(&str) -> Option<String>) -> (ListingQuery, Vec<String>) {
        let mut notices = Vec::new();
        let mut text: String = get("q").unwrap_or_default().split_whitespace().collect::<Vec<_>>().join(" ");
        if text.chars().count() > MAX_SEARCH_CHARS {
            text = text.chars().take(MAX_SEARCH_CHARS).collect();
            notices.push(format!("Searches are limited to {MAX_SEARCH_CHARS} characters, so yours was shortened."));
        }
        let mut query = ListingQuery::search(&text);
        if let Some(slug) = get("category").map(|v| v.trim().to_string()).filter(|v| !v.is_empty()) {
            match Category::from_slug(&slug) {
                Some(category) => query.category = Some(category),
                None => notices
                    .push(format!("The category \"{}\" is unknown, so every category is searched.", short(&slug))),
            }
        }
        let query = query.read_filters(&get, &mut notices);
        (query, notices)
    }

    /// The filters, sort and page every listing shares.
    fn read_filters(mut self, get: &impl Fn(&str) -> Option<String>, notices: &mut Vec<String>) -> ListingQuery {
        let text = |name: &str| get(name).map(|v| v.trim().to_string()).filter(|v| !v.is_empty());
        let mut price = |name: &str, label: &str| match text(name) {
            None => None,
            Some(value) => match Money::parse_decimal(&value) {
                Ok(money) if money.0 <= 100_000_000 => Some(money),
                _ => {
                    notices.push(format!(
                        "The {label} price \"{}\" was ignored: give an amount such as 12.50.",
                        short(&value)
                    ));
                    None
                }
            },
        };
        self.price_min = price("price_min", "lowest");
        self.price_max = price("price_max", "highest");
        if let (Some(min), Some(max)) = (self.price_min, self.price_max) {
            if min > max {
                self.price_min = Some(max);
                self.price_max = Some(min);
                notices.push("The lowest and highest prices were the wrong way round, so they were swapped.".into());
            }
        }
        if let Some(value) = text("rating") {
            match value.parse::<i64>() {
                Ok(stars) if (1..=4).contains(&stars) => self.min_rating = Some(stars as u8),
                Ok(stars) if stars > 4 => {
                    self.min_rating = Some(4);
                    notices.push("The minimum rating goes up to 4 stars and up.".into());
                }
                _ => notices.push(format!("The rating \"{}\" was ignored: choose 1 to 4 stars.", short(&value))),
            }
        }
        self.in_stock = matches!(text("in_stock").as_deref(), Some("1" | "true" | "on" | "yes"));
        if let Some((param, _, _)) = self.category.and_then(Category::creator_facet) {
            self.creator = text(param).map(|v| v.chars().take(100).collect());
        }
        if let Some(value) = text("sort") {
            match Sort::choices(self.is_search()).find(|sort| sort.param() == value) {
                Some(sort) => self.sort = sort,
                None => notices.push(format!(
                    "The order \"{}\" is unknown here, so {} come first.",
                    short(&value),
                    if self.is_search() { "the best matches" } else { "the best rated" }
                )),
            }
        }
        if let Some(value) = text("page") {
            match value.parse::<i64>() {
                Ok(page) if (1..=i64::from(MAX_PAGE)).contains(&page) => self.page = page as u32,
                Ok(page) if page > i64::from(MAX_PAGE) => {
                    self.page = MAX_PAGE;
                    notices.push(format!("Pages go up to {MAX_PAGE}."));
                }
                _ => notices.push(format!("The page \"{}\" was ignored: pages are numbered from 1.", short(&value))),
            }
        }
        self
    }

    /// Where this listing lives without any filter: the search for the same text, or the category page.
    pub fn base_href(&self) -> String {
        match (&self.search, self.category) {
            (Some(text), _) => format!("/search?q={}", encode(text)),
            (None, Some(category)) => category.href(),
            (None, None) => "/search".to_string(),
        }
    }

    /// The address of this listing, for links: only the parameters that differ from the defaults.
    pub fn href(&self) -> String {
        let mut params: Vec<(String, String)> = Vec::new();
        if let (true, Some(category)) = (self.is_search(), self.category) {
            params.push(("category".into(), category.slug().into()));
        }
        if let Some(min) = self.price_min {
            params.push(("price_min".into(), min.to_string()));
        }
        if let Some(max) = self.price_max {
            params.push(("price_max".into(), max.to_string()));
        }
        if let Some(stars) = self.min_rating {
            params.push(("rating".into(), stars.to_string()));
        }
        if self.in_stock {
            params.push(("in_stock".into(), "1".into()));
        }
        if let (Some(creator), Some((param, _, _))) = (&self.creator, self.category.and_then(Category::creator_facet)) {
            params.push((param.into(), creator.clone()));
        }
        if self.sort != Sort::default_for(self.is_search()) {
            params.push(("sort".into(), self.sort.param().into()));
        }
        if self.page > 1 {
            params.push(("page".into(), self.page.to_string()));
        }
        let base = self.base_href();
        let query: Vec<String> = params.iter().map(|(k, v)| format!("{k}={}", encode(v))).collect();
        match (query.is_empty(), base.contains('?')) {
            (true, _) => base,
            (false, true) => format!("{base}&{}", query.join("&")),
            (false, false) => format!("{base}?{}", query.join("&")),
        }
    }

    /// The same listing on another page.
    /// What a listing is cached under: its address and the currency it is priced in.
    pub fn cache_key(&self) -> String {
        format!("{} {}", self.href(), self.currency.code())
    }

    pub fn with_page(&self, page: u32) -> ListingQuery {
        ListingQuery { page, ..self.clone() }
    }

    /// The same search narrowed to one category (or widened to all), from its first page, without the creator
    /// filter (which belongs to one category).
    pub fn with_category(&self, category: Option<Category>) -> ListingQuery {
        ListingQuery { category, creator: None, page: 1, ..self.clone() }
    }
}

fn short(value: &str) -> String {
    value.chars().take(40).collect()
}

/// Percent-encodes a query value (RFC 3986 unreserved characters pass through).
fn encode(value: &str) -> String {
    value
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => (b as char).to_string(),
            b' ' => "+".to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// A product as a listing shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProductCard {
    pub id: String,
    pub name: String,
    pub byline: String,
    pub price: Money,
    pub currency: Currency,
    pub rating: RatingSummary,
    pub in_stock: bool,
    /// The product's main picture.
    #[serde(default)]
    pub picture: Option<crate::model::picture::Picture>,
}

/// A facet value and how many of the current results have it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FacetCount {
    pub value: String,
    pub count: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Listing {
    pub query: ListingQuery,
    pub notices: Vec<String>,
    pub items: Vec<ProductCard>,
    pub total: u64,
    pub page_count: u32,
    /// Authors, artists or brands among the results, most common first.
    pub creators: Vec<FacetCount>,
    /// Searches only: how many results each category has (ignoring the category filter, so the shopper sees where
    /// else the text is found), in navigation order, empty categories left out.
    pub categories: Vec<(Category, u64)>,
    /// How many results have at least 4, 3, 2 and 1 stars on average.
    pub at_least_stars: [u64; 4],
    pub in_stock: u64,
    /// When a search finds nothing: popular products to offer instead.
    pub popular: Vec<ProductCard>,
}

impl Listing {
    /// A listing with no results (and `popular` to offer instead).
    pub fn empty(query: ListingQuery, notices: Vec<String>, popular: Vec<ProductCard>) -> Listing {
        Listing {
            query,
            notices,
            items: Vec::new(),
            total: 0,
            page_count: 1,
            creators: Vec::new(),
            categories: Vec::new(),
            at_least_stars: [0; 4],
            in_stock: 0,
            popular,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn parse(category: Category, pairs: &[(&str, &str)]) -> (ListingQuery, Vec<String>) {
        let map: HashMap<String, String> = pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        ListingQuery::from_params(category, |name| map.get(name).cloned())
    }

    #[test]
    fn a_full_query_is_read_and_written_back() {
        let pairs = [
            ("price_min", "5"),
            ("price_max", "20.50"),
            ("rating", "4"),
            ("in_stock", "1"),
            ("author", "Ada Writer"),
            ("sort", "price_desc"),
            ("page", "3"),
        ];
        let (query, notices) = parse(Category::Books, &pairs);
        assert!(notices.is_empty(), "{notices:?}");
        assert_eq!(query.price_min, Some(Money(500)));
        assert_eq!(query.price_max, Some(Money(2050)));
        assert_eq!(query.min_rating, Some(4));
        assert!(query.in_stock);
        assert_eq!(query.creator.as_deref(), Some("Ada Writer"));
        assert_eq!(query.sort, Sort::PriceDesc);
        assert_eq!(query.page, 3);
        assert_eq!(
            query.href(),
            "/c/books?price_min=5.00&price_max=20.50&rating=4&in_stock=1&author=Ada+Writer&sort=price_desc&page=3"
        );
    }

    #[test]
    fn bad_values_are_clamped_or_dropped_with_a_notice() {
        let pairs =
            [("price_min", "30"), ("price_max", "abc"), ("rating", "9"), ("sort", "{\"$gt\":\"\"}"), ("page", "-2")];
        let (query, notices) = parse(Category::Bakery, &pairs);
        assert_eq!(query.price_min, Some(Money(3000)));
        assert_eq!(query.price_max, None);
        assert_eq!(query.min_rating, Some(4));
        assert_eq!(query.sort, Sort::Rating);
        assert_eq!(query.page, 1);
        assert_eq!(notices.len(), 4, "{notices:?}");
        let (query, notices) = parse(Category::Bakery, &[("price_min", "9"), ("price_max", "3"), ("page", "100000")]);
        assert_eq!((query.price_min, query.price_max), (Some(Money(300)), Some(Money(900))));
        assert_eq!(query.page, MAX_PAGE);
        assert_eq!(notices.len(), 2);
    }

    #[test]
    fn only_kinds_with_creators_take_a_creator() {
        let (query, _) = parse(Category::Bakery, &[("author", "x"), ("brand", "y")]);
        assert_eq!(query.creator, None);
        let (query, _) = parse(Category::MobilePhones, &[("brand", "Sony")]);
        assert_eq!(query.creator.as_deref(), Some("Sony"));
    }

    fn search(pairs: &[(&str, &str)]) -> (ListingQuery, Vec<String>) {
        let map: HashMap<String, String> = pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        ListingQuery::from_search_params(|name| map.get(name).cloned())
    }

    #[test]
    fn a_search_reads_its_text_category_and_filters_and_writes_them_back() {
        let (query, notices) =
            search(&[("q", "  green   tea & honey "), ("category", "drinks"), ("rating", "3"), ("sort", "price_asc")]);
        assert!(notices.is_empty(), "{notices:?}");
        assert_eq!(query.search.as_deref(), Some("green tea & honey"));
        assert_eq!(query.category, Some(Category::Drinks));
        assert_eq!(query.href(), "/search?q=green+tea+%26+honey&category=drinks&rating=3&sort=price_asc");
        assert_eq!(query.base_href(), "/search?q=green+tea+%26+honey");
        assert_eq!(query.with_category(None).href(), "/search?q=green+tea+%26+honey&rating=3&sort=price_asc");
    }

    #[test]
    fn searches_default_to_relevance_and_category_pages_refuse_it() {
        let (query, _) = search(&[("q", "apple")]);
        assert_eq!(query.sort, Sort::Relevance);
        assert_eq!(query.href(), "/search?q=apple");
        let (query, notices) = parse(Category::Books, &[("sort", "relevance")]);
        assert_eq!(query.sort, Sort::Rating);
        assert_eq!(notices.len(), 1);
        assert!(!Sort::choices(false).any(|sort| sort == Sort::Relevance));
    }

    #[test]
    fn hostile_search_text_is_kept_as_text_and_cut_to_length() {
        let (query, notices) = search(&[("q", "{\"$gt\": \"\"}"), ("category", "$where")]);
        assert_eq!(query.search.as_deref(), Some("{\"$gt\": \"\"}"));
        assert_eq!(query.category, None);
        assert_eq!(notices.len(), 1, "{notices:?}");
        let (query, notices) = search(&[("q", &"a".repeat(5000))]);
        assert_eq!(query.search.unwrap().len(), MAX_SEARCH_CHARS);
        assert_eq!(notices.len(), 1);
    }

    #[test]
    fn a_creator_needs_a_category_that_has_one() {
        let (query, _) = search(&[("q", "x"), ("author", "Ada")]);
        assert_eq!(query.creator, None);
        let (query, _) = search(&[("q", "x"), ("category", "books"), ("author", "Ada")]);
        assert_eq!(query.creator.as_deref(), Some("Ada"));
        assert_eq!(query.with_category(Some(Category::Cds)).creator, None);
    }
}
