//! Product pictures: stored in GridFS under the hash of their bytes, drawn for products nobody has photographed,
//! and served with headers that let browsers keep them.

pub mod draw;
pub mod manage;
pub mod products;
pub mod serve;
pub mod store;
pub mod upload;

pub use products::{draw_and_store, draw_for_new, draw_missing, main_pictures};
pub use serve::PictureCache;
