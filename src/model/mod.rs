//! Types shared by the browser and the server: serde only, no server crates.

pub mod category;

pub use category::{Category, CategoryCount, Department};
