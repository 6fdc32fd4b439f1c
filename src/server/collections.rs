//! Collection names, in one place so that services and tests agree.

pub const PRODUCTS: &str = "products";
