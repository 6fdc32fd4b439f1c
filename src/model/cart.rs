//! Shopping carts: one active cart per customer (or per anonymous cookie), with where each unit is reserved.

use serde::{Deserialize, Serialize};

use super::batches::Batch;
use super::category::Category;
use super::location::StockLocation;
use super::money::{Currency, Money};
use super::time::Timestamp;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Cart {
    #[serde(rename = "_id")]
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub legacy_id: Option<i64>,
    /// The region owning this document (`uk`, `eu`; see `[regions]`): the future shard-key prefix. Absent only on
    /// documents from before regions, until the `regions` migration stamps them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    /// The signed-in owner; None for an anonymous shopper's cart.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customer_id: Option<String>,
    /// The client address a guest's cart was started from, so that what guests from one address may reserve is
    /// bounded (`carts.guest_units_per_address`). None for customers' carts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub guest_address: Option<String>,
    pub status: CartStatus,
    pub currency: Currency,
    pub items: Vec<CartItem>,
    /// What the store changed in the cart without the shopper asking (re-priced in another currency when they moved
    /// country), shown on the cart page until their next change.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notice: Option<String>,
    pub created_at: Timestamp,
    /// The last time the shopper changed the cart; expiry counts from here.
    pub updated_at: Timestamp,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CartStatus {
    Active,
    CheckedOut,
}

/// A line of the cart: a copy of what the shopper saw (an extended reference) and where its units are reserved.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CartItem {
    pub product_id: String,
    pub name: String,
    pub category: Category,
    pub price: Money,
    pub quantity: u32,
    /// None for imported carts whose reservations the original never recorded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reserved_from: Option<StockLocation>,
    /// Fresh food: the batches its units were taken from, earliest first (empty for other goods, and for lines
    /// reserved before batches were recorded).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub batches: Vec<Batch>,
    pub added_at: Timestamp,
}

/// Most units of one product one cart line may hold: more is a typo (or a bot), not a shopping list.
pub const MAX_LINE_QUANTITY: u32 = 50;

impl CartItem {
    /// Identifies a line in forms: the product and where its units are reserved (one product can be reserved in two
    /// stores, as two lines).
    pub fn key(&self) -> String {
        line_key(&self.product_id, self.reserved_from.as_ref())
    }
}

pub fn line_key(product_id: &str, from: Option<&StockLocation>) -> String {
    match from {
        Some(StockLocation::Store(id)) => format!("{product_id}@store:{id}"),
        Some(StockLocation::Warehouse(id)) => format!("{product_id}@warehouse:{id}"),
        None => format!("{product_id}@unreserved"),
    }
}

/// What the shopper asked for, checked: a whole number from 1 to `MAX_LINE_QUANTITY` (0 only where it means
/// "remove").
pub fn parse_quantity(text: &str, zero_allowed: bool) -> Result<u32, CartError> {
    let trimmed = text.trim();
    match trimmed.parse::<i64>() {
        Ok(0) if zero_allowed => Ok(0),
        Ok(n) if (1..=i64::from(MAX_LINE_QUANTITY)).contains(&n) => Ok(n as u32),
        _ => Err(CartError::BadQuantity(trimmed.chars().take(20).collect())),
    }
}

/// Why a cart change or a checkout was refused; each says what to do.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum CartError {
    #[error("\"{0}\" is not a quantity: enter a whole number from 1 to {MAX_LINE_QUANTITY}.")]
    BadQuantity(String),
    #[error("A cart line holds at most {MAX_LINE_QUANTITY} units of a product.")]
    TooMany,
    #[error("That product does not exist (it may have been withdrawn).")]
    UnknownProduct,
    #[error("{name} is no longer sold.")]
    Retired { name: String },
    /// The product has no price in the shopper's currency: it is not sold in their region.
    #[error("{name} is not sold where you are delivered to.")]
    NotSoldThere { name: String },
    /// Checkout found lines whose products stopped being sold in the cart's currency since they were added.
    #[error("Not sold where you are delivered to: {names}. Remove it from your cart to place your order.")]
    NotSoldHere { names: String },
    /// Checkout found the cart priced in another currency than the address's country pays in: it is now re-priced.
    #[error("{notice} Check your cart and place your order again.")]
    CurrencyChanged { notice: String },
    /// Checkout found lines whose products were withdrawn from sale since they were added.
    #[error("No longer sold: {names}. Remove it from your cart to place your order.")]
    RetiredInCart { names: String },
    /// Checkout found lines holding units past their best-before date (a cart kept for days).
    #[error("Past its best-before date: {names}. Remove it from your cart and add it again to get units from a fresher batch.")]
    PastBestBefore { names: String },
    #[error("That store does not stock this product. Pick one of the stores listed on the product page.")]
    UnknownStore,
    /// Fresh food only travels from stores in the shopper's country, within the delivery radius of their address.
    #[error("Fresh food is not delivered to {to} from there: it comes only from our stores nearby. Other goods are delivered everywhere we deliver.")]
    NotDelivered { to: String },
    /// Checkout found fresh lines reserved in stores that do not reach the address the order goes to.
    #[error("Not delivered to {to}: {names} would come from a store too far from there. Remove them from your cart and add them again to get them from a store near that address.")]
    OutOfReach { to: String, names: String },
    #[error("Sorry, only {available} left where this would come from. Choose fewer, or another store.")]
    OutOfStock { available: i64 },
    #[error("A guest's cart holds at most {limit} items. Sign in or create an account to add more.")]
    GuestLimit { limit: u32 },
    #[error(
        "Guests from your network already hold {limit} items in their carts. Sign in or create an account to add more."
    )]
    AddressLimit { limit: u32 },
    #[error("That item is no longer in your cart.")]
    NotInCart,
    #[error(
        "Your cart is empty. Carts left untouched for a while are emptied and their items go back on the shelves."
    )]
    Empty,
    /// Checkout found no customer document where the cart's region says it is: the account was erased, or its
    /// address moved it to another region on another device, while this checkout ran.
    #[error("Your account changed while you were checking out. Please sign in again and check your order.")]
    AccountChanged,
    /// Checkout found prices changed since the lines were added; the cart now shows the new ones.
    #[error("Prices changed since you added them: {changes}. Your cart now shows the new prices: check them and place your order again.")]
    PricesChanged { changes: String },
}

/// The cart as the cart and checkout pages show it: lines with where each comes from, and the totals.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct CartView {
    /// None until the shopper adds something.
    pub cart_id: Option<String>,
    pub currency: Currency,
    pub lines: Vec<CartLineView>,
    pub units: u32,
    pub total: Money,
    pub updated_at: Timestamp,
    /// See `Cart::notice`.
    #[serde(default)]
    pub notice: Option<String>,
    /// The VAT `total` includes at the destination country's rates (`CartView::with_vat`).
    #[serde(default)]
    pub vat_total: Money,
}

impl CartView {
    /// The view with each line's VAT and the total VAT at `rates`, the destination country's.
    pub fn with_vat(mut self, rates: &super::vat::VatRates) -> CartView {
        for line in &mut self.lines {
            line.vat = Some(rates.line(line.category, line.line_total));
        }
        self.vat_total = self.lines.iter().filter_map(|line| line.vat).map(|vat| vat.vat).sum();
        self
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CartLineView {
    pub key: String,
    pub product_id: String,
    pub name: String,
    pub category: Category,
    pub unit_price: Money,
    pub quantity: u32,
    pub line_total: Money,
    /// "Morrisons, Churchill Way, Salford" or "Our warehouse, …".
    pub source: String,
    /// The product's main picture.
    #[serde(default)]
    pub picture: Option<super::picture::Picture>,
    /// Withdrawn from sale since it was added: checkout refuses until the line is removed.
    #[serde(default)]
    pub retired: bool,
    /// Fresh food: the earliest best-before date of the units it holds.
    #[serde(default)]
    pub best_before: Option<Timestamp>,
    /// Some of its units went past their date while the cart waited: checkout refuses until the line is added again.
    #[serde(default)]
    pub past_best_before: bool,
    /// The VAT in `line_total` where the shopper is delivered to.
    #[serde(default)]
    pub vat: Option<super::vat::LineVat>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantities_are_whole_numbers_in_range() {
        assert_eq!(parse_quantity(" 3 ", false), Ok(3));
        assert_eq!(parse_quantity("50", false), Ok(50));
        assert_eq!(parse_quantity("0", true), Ok(0));
        for bad in ["0", "-1", "51", "1e9", "2.5", "", "three", "99999999999999999999"] {
            assert!(matches!(parse_quantity(bad, false), Err(CartError::BadQuantity(_))), "{bad}");
        }
    }

    #[test]
    fn a_line_key_names_the_product_and_where_it_is_reserved() {
        assert_eq!(line_key("p1", Some(&StockLocation::Store("s1".into()))), "p1@store:s1");
        assert_eq!(line_key("p1", Some(&StockLocation::Warehouse("w".into()))), "p1@warehouse:w");
        assert_eq!(line_key("p1", None), "p1@unreserved");
    }
}

/// What the checkout page shows: the cart to review and the address to deliver to (the customer's, editable).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CheckoutDetails {
    pub cart: CartView,
    pub name: String,
    pub address: super::address::Address,
}
