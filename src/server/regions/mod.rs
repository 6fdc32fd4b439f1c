//! Regions: where a shopper is delivered to, and which stores can send them fresh food. The settings
//! (`model::region::Regions`) name each region's countries and currency.

mod destination;
mod fresh_reach;
pub(crate) mod fresh_split;
mod order_regions;
mod stamp;

pub use destination::{destination, of_address};
pub use fresh_reach::{not_delivered, reachable_stores};
pub use order_regions::fill_order_regions;
pub use stamp::stamp_missing;
