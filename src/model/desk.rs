//! The admin's order desk: finding orders (filters, search, pages), one order with the actions its state allows,
//! the delivery partners, and the audit log of what admins did.

use serde::{Deserialize, Serialize};

use super::address::DELIVERY_COUNTRIES;
use super::money::{Currency, Money};
use super::order::{Order, OrderStatus};
use super::rating::RatingSummary;
use super::time::Timestamp;

/// Orders per page of the desk.
pub const DESK_PAGE_SIZE: usize = 25;

/// What the desk is asked for, checked: every field optional, as typed into the filter form.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct DeskQuery {
    pub status: Option<OrderStatus>,
    /// The shipping address's country (ISO code): the region of the address until regions exist.
    pub country: Option<String>,
    /// Placed on or after this day (midnight UTC)...
    pub from: Option<Timestamp>,
    /// ... and before the end of this day.
    pub to: Option<Timestamp>,
    pub search: Option<Search>,
    /// From 1.
    pub page: u32,
}

/// What the search box holds: an email finds the customer's orders; anything else an order id or tracking number.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Search {
    Email(String),
    IdOrTracking(String),
}

impl Search {
    pub fn parse(text: &str) -> Option<Search> {
        let text: String = text.trim().chars().take(254).collect();
        match text {
            text if text.is_empty() => None,
            text if text.contains('@') => Some(Search::Email(text.to_lowercase())),
            text => Some(Search::IdOrTracking(text)),
        }
    }

    pub fn text(&self) -> &str {
        match self {
            Search::Email(text) | Search::IdOrTracking(text) => text,
        }
    }
}

impl DeskQuery {
    /// The form's fields as typed; a refusal names the field and says what it should be.
    pub fn parse(
        status: &str,
        country: &str,
        from: &str,
        to: &str,
        search: &str,
        page: &str,
    ) -> Result<DeskQuery, String> {
        let status = match status.trim() {
            "" => None,
            text => {
                Some(parse_status(text).ok_or_else(|| format!("There is no order state called \"{}\".", short(text)))?)
            }
        };
        let country = match country.trim().to_uppercase() {
            text if text.is_empty() => None,
            text if DELIVERY_COUNTRIES.iter().any(|(code, _)| *code == text) => Some(text),
            text => return Err(format!("We do not deliver to \"{}\": choose a country from the list.", short(&text))),
        };
        let day = |text: &str, name: &str| -> Result<Option<Timestamp>, String> {
            match text.trim() {
                "" => Ok(None),
                text => parse_day(text).map(Some).ok_or_else(|| {
                    format!("The {name} date \"{}\" is not a date: write it as 2026-12-01.", short(text))
                }),
            }
        };
        let (from, to) = (day(from, "from")?, day(to, "to")?);
        if let (Some(from), Some(to)) = (from, to) {
            if from > to {
                return Err("The from date is after the to date.".into());
            }
        }
        let page = parse_page(page)?;
        Ok(DeskQuery { status, country, from, to, search: Search::parse(search), page })
    }

    /// The query as the desk's address holds it (for the page links), fields with a value only.
    pub fn to_query_string(&self, page: u32) -> String {
        let mut pairs: Vec<(String, String)> = Vec::new();
        if let Some(status) = self.status {
            pairs.push(("status".into(), status.as_str().into()));
        }
        if let Some(country) = &self.country {
            pairs.push(("country".into(), country.clone()));
        }
        if let Some(from) = self.from {
            pairs.push(("from".into(), from.date_string()));
        }
        if let Some(to) = self.to {
            pairs.push(("to".into(), to.date_string()));
        }
        if let Some(search) = &self.search {
            pairs.push(("q".into(), search.text().to_string()));
        }
        if page > 1 {
            pairs.push(("page".into(), page.to_string()));
        }
        pairs.iter().map(|(key, value)| format!("{key}={}", encode(value))).collect::<Vec<_>>().join("&")
    }
}

fn parse_status(text: &str) -> Option<OrderStatus> {
    use OrderStatus::*;
    [AwaitingPartner, OutForDelivery, Delivered, Cancelled].into_iter().find(|status| status.as_str() == text)
}

fn parse_day(text: &str) -> Option<Timestamp> {
    let mut parts = text.splitn(3, '-');
    let year = parts.next()?.parse().ok()?;
    let month = parts.next()?.parse().ok()?;
    let day = parts.next()?.parse().ok()?;
    Timestamp::from_ymd(year, month, day)
}

/// A list's page number from its address: empty is the first page.
pub(crate) fn parse_page(text: &str) -> Result<u32, String> {
    match text.trim() {
        "" => Ok(1),
        text => text
            .parse::<u32>()
            .ok()
            .filter(|page| (1..=10_000).contains(page))
            .ok_or_else(|| format!("\"{}\" is not a page number.", short(text))),
    }
}

pub(crate) fn short(text: &str) -> String {
    text.chars().take(40).collect()
}

/// Percent-encodes what a query value cannot hold as it is.
pub(crate) fn encode(value: &str) -> String {
    value
        .bytes()
        .map(|byte| match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'@' => (byte as char).to_string(),
            other => format!("%{other:02X}"),
        })
        .collect()
}

/// One order on the desk.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DeskRow {
    pub id: String,
    pub tracking_number: Option<String>,
    pub placed_at: Timestamp,
    pub customer_name: String,
    pub country: Option<String>,
    pub status: OrderStatus,
    pub total_price: Money,
    pub currency: Currency,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DeskPage {
    pub query: DeskQuery,
    pub rows: Vec<DeskRow>,
    pub has_more: bool,
}

/// A delivery partner as the admin sees them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PartnerBrief {
    pub id: String,
    pub name: String,
    pub email: String,
    pub active: bool,
    pub load: u32,
    pub deliveries: u32,
    pub rating: RatingSummary,
}

/// `/admin/partners`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PartnersPage {
    pub capacity: u32,
    pub partners: Vec<PartnerBrief>,
}

/// One thing an admin did, with the state before and after.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AuditEntry {
    #[serde(rename = "_id")]
    pub id: String,
    pub at: Timestamp,
    /// The admin's email.
    pub by: String,
    /// "cancel", "deliver", "not delivered", "assign", "deactivate partner", "activate partner", "add picture",
    /// "make picture main", "remove picture".
    pub action: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub order_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub partner_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub product_id: Option<String>,
    /// "out for delivery with partner 63bb…", as it was and as it became.
    pub before: String,
    pub after: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// `/admin/orders/<id>`: the order, who it is for and with, and what can be done to it now.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DeskOrderPage {
    pub order: Order,
    pub customer_email: Option<String>,
    pub partner: Option<PartnerBrief>,
    /// Active partners with room, least loaded first: who the order can be given to.
    pub candidates: Vec<PartnerBrief>,
    pub audit: Vec<AuditEntry>,
}

impl DeskOrderPage {
    /// A partner can be given (or changed) until the order is delivered or cancelled.
    pub fn can_assign_status(status: OrderStatus) -> bool {
        matches!(status, OrderStatus::AwaitingPartner | OrderStatus::OutForDelivery)
    }

    pub fn can_assign(&self) -> bool {
        Self::can_assign_status(self.order.status)
    }

    pub fn can_deliver(&self) -> bool {
        self.order.status == OrderStatus::OutForDelivery
    }

    pub fn can_cancel(&self) -> bool {
        self.order.status.can_become(OrderStatus::Cancelled)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_filter_form_is_checked_field_by_field() {
        let query = DeskQuery::parse("out_for_delivery", "gb", "2026-11-01", "2026-11-30", " Tracey@Example.com ", "2")
            .unwrap();
        assert_eq!(query.status, Some(OrderStatus::OutForDelivery));
        assert_eq!(query.country.as_deref(), Some("GB"));
        assert_eq!(query.from.unwrap().date_string(), "2026-11-01");
        assert_eq!(query.search, Some(Search::Email("tracey@example.com".into())));
        assert_eq!(query.page, 2);
        assert_eq!(DeskQuery::parse("", "", "", "", "", "").unwrap(), DeskQuery { page: 1, ..Default::default() });
        assert!(DeskQuery::parse("lost", "", "", "", "", "").unwrap_err().contains("lost"));
        assert!(DeskQuery::parse("", "US", "", "", "", "").unwrap_err().contains("US"));
        assert!(DeskQuery::parse("", "", "2026-02-30", "", "", "").unwrap_err().contains("2026-02-30"));
        assert!(DeskQuery::parse("", "", "2026-12-02", "2026-12-01", "", "").is_err());
        assert!(DeskQuery::parse("", "", "", "", "", "0").is_err());
    }

    #[test]
    fn a_search_is_an_email_or_an_id_or_tracking_number() {
        assert_eq!(Search::parse("  "), None);
        assert_eq!(Search::parse("AMZ-00000012"), Some(Search::IdOrTracking("AMZ-00000012".into())));
        assert_eq!(Search::parse("A@B.C"), Some(Search::Email("a@b.c".into())));
    }

    #[test]
    fn page_links_keep_the_filters() {
        let query = DeskQuery::parse("delivered", "FR", "", "", "a b@x.fr", "").unwrap();
        assert_eq!(query.to_query_string(3), "status=delivered&country=FR&q=a%20b@x.fr&page=3");
        assert_eq!(query.to_query_string(1), "status=delivered&country=FR&q=a%20b@x.fr");
    }
}
