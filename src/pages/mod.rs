//! One module per page. Pages call server functions from `crate::api`; they never touch the database.

mod account;
mod admin;
mod cart;
mod category;
mod checkout;
mod deliveries;
mod home;
mod lazy_pages;
mod not_found;
mod orders;
mod product;
mod search;
mod sign_in;

pub use account::AccountPage;
pub use admin::{
    AdminCustomersPage, AdminNewProductPage, AdminOrderPage, AdminOrdersPage, AdminPage, AdminPartnersPage,
    AdminProductPage, AdminProductsPage,
};
pub use cart::CartPage;
pub use category::CategoryPage;
pub use checkout::CheckoutPage;
pub use deliveries::DeliveriesPage;
pub use home::HomePage;
pub use lazy_pages::{
    AccountRoute, AdminCustomersRoute, AdminNewProductRoute, AdminOrderRoute, AdminOrdersRoute, AdminPartnersRoute,
    AdminProductRoute, AdminProductsRoute, AdminRoute, CartRoute, CategoryRoute, CheckoutRoute, DeliveriesRoute,
    OrderDetailRoute, OrdersRoute, ProductRoute, SearchRoute, SignInRoute, SignUpRoute,
};
pub use not_found::NotFoundPage;
pub(crate) use orders::status_class;
pub use orders::{OrderDetailPage, OrdersPage};
pub use product::ProductPage;
pub use search::SearchPage;
pub use sign_in::{SignInPage, SignUpPage};
