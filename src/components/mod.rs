//! Pieces of page shared between pages.

mod category_grid;
mod footer;
mod header;

pub use category_grid::CategoryGrid;
pub use footer::Footer;
pub use header::Header;
