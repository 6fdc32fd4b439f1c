//! Every page but the home page, each behind a lazy route: in a split build (`cargo leptos build --split`) each is a
//! wasm chunk of its own, fetched when the page is first opened, so that a visit downloads the shell (header, router,
//! home page) and the page it opens, never the shopper's own pages, signing in or the admin area unless it goes
//! there. Without `--split` they are ordinary routes.

use leptos::prelude::*;
use leptos_router::{lazy_route, LazyRoute};

use super::{
    AccountPage, AdminCustomersPage, AdminNewProductPage, AdminOrderPage, AdminOrdersPage, AdminPage,
    AdminPartnersPage, AdminProductPage, AdminProductsPage, CartPage, CategoryPage, CheckoutPage, DeliveriesPage,
    OrderDetailPage, OrdersPage, ProductPage, SearchPage, SignInPage, SignUpPage,
};

/// A route struct whose view is `$page`, loaded lazily; the page fetches its own data, so `data` holds nothing.
macro_rules! lazy_page {
    ($route:ident, $page:ident) => {
        pub struct $route;

        #[lazy_route]
        impl LazyRoute for $route {
            fn data() -> Self {
                $route
            }

            fn view(this: Self) -> AnyView {
                let _ = this;
                crate::app::mark_hydrated();
                view! { <$page/> }.into_any()
            }
        }
    };
}

lazy_page!(ProductRoute, ProductPage);
lazy_page!(CategoryRoute, CategoryPage);
lazy_page!(SearchRoute, SearchPage);
lazy_page!(CartRoute, CartPage);
lazy_page!(CheckoutRoute, CheckoutPage);
lazy_page!(OrdersRoute, OrdersPage);
lazy_page!(OrderDetailRoute, OrderDetailPage);
lazy_page!(AccountRoute, AccountPage);
lazy_page!(DeliveriesRoute, DeliveriesPage);
lazy_page!(AdminRoute, AdminPage);
lazy_page!(AdminOrdersRoute, AdminOrdersPage);
lazy_page!(AdminOrderRoute, AdminOrderPage);
lazy_page!(AdminPartnersRoute, AdminPartnersPage);
lazy_page!(AdminCustomersRoute, AdminCustomersPage);
lazy_page!(AdminProductsRoute, AdminProductsPage);
lazy_page!(AdminProductRoute, AdminProductPage);
lazy_page!(AdminNewProductRoute, AdminNewProductPage);
lazy_page!(SignInRoute, SignInPage);
lazy_page!(SignUpRoute, SignUpPage);
