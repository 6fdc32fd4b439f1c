//! Recommendations: what each customer has not bought or rated, learned from everyone's ratings (item-to-item
//! similarity, SAR-style), and the offline evaluation that measures it against a popularity baseline.
//!
//! Everything but `live` (which reads the database's ratings) is pure computation over dense indices.

pub mod evaluate;
pub mod interactions;
pub mod live;
pub mod metrics;
pub mod movielens;
pub mod popularity;
pub mod similarity;
pub mod split;
