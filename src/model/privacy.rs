//! Customers' data rights, as the admin's customer lookup shows them.

use serde::{Deserialize, Serialize};

use super::time::Timestamp;

/// A customer found by email, for an admin acting on their request (download their data, erase it).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CustomerRecord {
    pub id: String,
    pub name: String,
    pub email: String,
    pub created_at: Timestamp,
    pub orders: u64,
}
