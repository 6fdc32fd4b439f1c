//! The catalogue's back office: what admins see and change of the products.

pub mod create;
pub mod edit;
pub mod products;
pub mod retire;
pub mod stock;
