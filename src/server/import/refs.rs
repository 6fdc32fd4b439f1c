//! The original's numeric ids, resolved to the documents imported for them. Loaded from the database (not from this
//! run's inserts), so that a second import, which inserts nothing, resolves just as well.

use std::collections::HashMap;

use futures::TryStreamExt;
use mongodb::bson::{doc, Document};
use mongodb::Database;

use crate::model::location::StockLocation;
use crate::model::product::Product;
use crate::server::collections::*;

#[derive(Default)]
pub struct Refs {
    pub stores: HashMap<i64, String>,
    pub warehouses: HashMap<i64, String>,
    pub partners: HashMap<i64, String>,
    pub customers: HashMap<i64, (String, String)>,
    pub products: HashMap<i64, Product>,
    /// Order number in the original's global numbering (past 1-100, current 101-140) to (id, customer id).
    pub orders: HashMap<i64, (String, String)>,
}

impl Refs {
    pub async fn load(db: &Database) -> mongodb::error::Result<Refs> {
        let mut refs = Refs::default();
        for (collection, map) in
            [(STORES, &mut refs.stores), (WAREHOUSES, &mut refs.warehouses), (PARTNERS, &mut refs.partners)]
        {
            for document in legacy_documents(db, collection).await? {
                if let (Ok(legacy), Ok(id)) = (legacy_id(&document), document.get_str("_id")) {
                    map.insert(legacy, id.to_owned());
                }
            }
        }
        for document in legacy_documents(db, CUSTOMERS).await? {
            if let (Ok(legacy), Ok(id), Ok(name)) =
                (legacy_id(&document), document.get_str("_id"), document.get_str("name"))
            {
                refs.customers.insert(legacy, (id.to_owned(), name.to_owned()));
            }
        }
        let products = db.collection::<Product>(PRODUCTS).find(doc! { "legacy_id": { "$exists": true } }).await?;
        for product in products.try_collect::<Vec<_>>().await? {
            refs.products.insert(product.legacy_id.unwrap_or_default(), product);
        }
        for document in legacy_documents(db, ORDERS).await? {
            let (Ok(legacy), Ok(id), Ok(customer)) =
                (legacy_id(&document), document.get_str("_id"), document.get_str("customer_id"))
            else {
                continue;
            };
            let number =
                if document.get_str("legacy_source") == Ok("current") { legacy + CURRENT_ORDER_OFFSET } else { legacy };
            refs.orders.insert(number, (id.to_owned(), customer.to_owned()));
        }
        Ok(refs)
    }

    /// The original numbered stores and the warehouse in one series (stores 1-5, warehouse 6).
    pub fn stock_location(&self, legacy: i64) -> Option<StockLocation> {
        if let Some(id) = self.warehouses.get(&legacy) {
            return Some(StockLocation::Warehouse(id.clone()));
        }
        self.stores.get(&legacy).map(|id| StockLocation::Store(id.clone()))
    }
}

/// Partner ratings refer to current orders as 100 + their number in the current-orders file: the customers of all
/// such ratings match the orders read that way.
pub const CURRENT_ORDER_OFFSET: i64 = 100;

async fn legacy_documents(db: &Database, collection: &str) -> mongodb::error::Result<Vec<Document>> {
    db.collection::<Document>(collection).find(doc! { "legacy_id": { "$exists": true } }).await?.try_collect().await
}

fn legacy_id(document: &Document) -> Result<i64, mongodb::bson::document::ValueAccessError> {
    document.get_i64("legacy_id").or_else(|_| document.get_i32("legacy_id").map(i64::from))
}
