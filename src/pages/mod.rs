//! One module per page. Pages call server functions from `crate::api`; they never touch the database.

mod category;
mod home;
mod not_found;
mod product;
mod search;

pub use category::CategoryPage;
pub use home::HomePage;
pub use not_found::NotFoundPage;
pub use product::ProductPage;
pub use search::SearchPage;
