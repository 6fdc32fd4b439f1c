//! Types shared by the browser and the server: serde only, no server crates (the `ssr`-only parts are BSON forms).

pub mod account;
pub mod address;
pub mod back_office;
pub mod batches;
pub mod cart;
pub mod catalogue;
pub mod category;
pub mod customer;
pub mod delivery;
pub mod desk;
pub mod listing;
pub mod location;
pub mod maintenance;
pub mod money;
pub mod order;
pub mod partner;
pub mod picture;
pub mod prices;
pub mod privacy;
pub mod product;
pub mod product_codes;
pub mod product_form;
pub mod rating;
pub mod region;
pub mod stock;
pub mod time;
pub mod vat;

pub use category::{Category, CategoryCount, Department};
pub use money::{Currency, Money};
pub use prices::Prices;
pub use time::Timestamp;
