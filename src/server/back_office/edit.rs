//! An admin editing a product's name, description, price and cost: one transaction with its audit entry. A new
//! price applies to lines added from now on; carts keep the price they showed until checkout says it changed
//! (`cart::reprice`).

use mongodb::bson::doc;
use mongodb::Database;

use crate::model::back_office::ProductEdit;
use crate::model::product::Product;
use crate::server::collections::PRODUCTS;
use crate::server::orders::audit;

#[derive(Debug, thiserror::Error)]
pub enum EditError {
    #[error("There is no such product.")]
    UnknownProduct,
    #[error("the database failed: {0}")]
    Database(#[from] mongodb::error::Error),
}

const UNKNOWN: &str = "unknown product";

/// Saves the edit; returns whether anything changed.
pub async fn edit(db: &Database, product_id: &str, edit: ProductEdit, by: &str) -> Result<bool, EditError> {
    let (db_in, product_id, by) = (db.clone(), product_id.to_string(), by.to_string());
    let mut session = db.client().start_session().await?;
    let changed = session
        .start_transaction()
        .and_run2(async move |session| {
            let products = db_in.collection::<Product>(PRODUCTS);
            let Some(product) = products.find_one(doc! { "_id": &product_id }).session(&mut *session).await? else {
                return Err(mongodb::error::Error::custom(UNKNOWN));
            };
            let changes = describe_changes(&product, &edit);
            if changes.is_empty() {
                return Ok(false);
            }
            let set = doc! {
                "name": &edit.name, "description": &edit.description,
                "price": edit.price.minor_units(), "cost": edit.cost.minor_units(),
            };
            products.update_one(doc! { "_id": &product_id }, doc! { "$set": set }).session(&mut *session).await?;
            let (before, after): (Vec<String>, Vec<String>) = changes.into_iter().unzip();
            let entry = audit::Action {
                by: &by,
                action: "edit product",
                order_id: None,
                partner_id: None,
                product_id: Some(&product_id),
                before: before.join("; "),
                after: after.join("; "),
                note: None,
            };
            audit::record(&db_in, session, entry).await?;
            Ok(true)
        })
        .await;
    match changed {
        Err(err) if err.get_custom::<&str>() == Some(&UNKNOWN) => Err(EditError::UnknownProduct),
        changed => Ok(changed?),
    }
}

/// Each changed field as (before, after), in words for the audit log; long texts by length.
fn describe_changes(product: &Product, edit: &ProductEdit) -> Vec<(String, String)> {
    let currency = product.currency;
    let mut changes = Vec::new();
    if product.name != edit.name {
        changes.push((format!("name {}", product.name), format!("name {}", edit.name)));
    }
    if product.description != edit.description {
        let chars = |text: &str| format!("description of {} characters", text.chars().count());
        changes.push((chars(&product.description), chars(&edit.description)));
    }
    if product.price != edit.price {
        changes.push((
            format!("price {}", product.price.display(currency)),
            format!("price {}", edit.price.display(currency)),
        ));
    }
    if product.cost != edit.cost {
        changes.push((
            format!("cost {}", product.cost.display(currency)),
            format!("cost {}", edit.cost.display(currency)),
        ));
    }
    changes
}
