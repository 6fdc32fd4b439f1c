//! The catalogue's back office: what admins see and change of the products.

pub mod edit;
pub mod products;
pub mod retire;
pub mod stock;
