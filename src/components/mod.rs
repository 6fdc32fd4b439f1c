//! Pieces of page shared between pages.

mod category_grid;
mod footer;
mod get_form;
mod header;
mod listing;
pub mod product_card;
mod search_box;

pub use category_grid::CategoryGrid;
pub use footer::Footer;
pub use get_form::GetForm;
pub use header::Header;
pub use listing::ListingView;
