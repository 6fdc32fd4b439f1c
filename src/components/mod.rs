//! Pieces of page shared between pages.

mod add_to_cart;
mod address_fields;
mod category_grid;
mod footer;
mod form_status;
mod get_form;
mod header;
mod listing;
pub mod maintenance;
pub mod product_card;
mod product_picture;
mod recommended;
mod script_json;
mod search_box;
pub mod session_state;

pub use add_to_cart::AddToCartForm;
pub use address_fields::AddressFields;
pub use category_grid::CategoryGrid;
pub use footer::Footer;
pub use form_status::{error_message, FormError};
pub use get_form::GetForm;
pub use header::Header;
pub use listing::ListingView;
pub use product_picture::ProductPicture;
pub use recommended::RecommendedShelf;
pub use script_json::script_json;
