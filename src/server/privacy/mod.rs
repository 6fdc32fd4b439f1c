//! Customers' data rights: a copy of everything stored about them, and erasure of their personal data. Either is
//! asked for by the customer (with their password) or by an admin on their behalf, and both are audit-logged.

pub mod erase;
pub mod export;

pub use erase::{erase_customer, Erased};
pub use export::export_customer;

/// Who asked, as the audit log records it.
#[derive(Debug, Clone, PartialEq)]
pub enum Requester {
    /// The customer themselves, signed in.
    Customer,
    /// An admin acting on the customer's request: their email.
    Admin(String),
}

impl Requester {
    pub fn describe(&self) -> String {
        match self {
            Requester::Customer => "the customer".to_string(),
            Requester::Admin(email) => email.clone(),
        }
    }
}

use mongodb::bson::doc;
use mongodb::Database;

use crate::model::privacy::CustomerRecord;
use crate::server::collections::{CUSTOMERS, ORDERS};

/// The customer with this (lower-cased) email.
pub async fn find_by_email(db: &Database, email: &str) -> mongodb::error::Result<Option<CustomerRecord>> {
    find(db, doc! { "email": email }).await
}

pub async fn find_by_id(db: &Database, customer_id: &str) -> mongodb::error::Result<Option<CustomerRecord>> {
    find(db, crate::server::accounts::in_any_region(customer_id, None)).await
}

async fn find(db: &Database, filter: mongodb::bson::Document) -> mongodb::error::Result<Option<CustomerRecord>> {
    let Some(customer) = db.collection::<crate::model::customer::Customer>(CUSTOMERS).find_one(filter).await? else {
        return Ok(None);
    };
    let orders =
        db.collection::<mongodb::bson::Document>(ORDERS).count_documents(doc! { "customer_id": &customer.id }).await?;
    Ok(Some(CustomerRecord {
        id: customer.id,
        name: customer.name,
        email: customer.email,
        created_at: customer.created_at,
        orders,
    }))
}
