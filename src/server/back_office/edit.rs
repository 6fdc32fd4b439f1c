//! An admin editing a product (its name, description, price, cost, category and the fields of its kind): one
//! transaction with its audit entry. A product keeps its kind: a book stays a book. A new
//! price applies to lines added from now on; carts keep the price they showed until checkout says it changed
//! (`cart::reprice`).

use mongodb::bson::doc;
use mongodb::Database;

use crate::model::product::Product;
use crate::model::product_form::{ProductDraft, ProductFields};
use crate::server::collections::PRODUCTS;
use crate::server::orders::audit;

#[derive(Debug, thiserror::Error)]
pub enum EditError {
    #[error("There is no such product.")]
    UnknownProduct,
    #[error("A {0} stays a {0}: create a new product for another kind.")]
    OtherKind(&'static str),
    #[error("{0}")]
    Invalid(String),
    #[error("the database failed: {0}")]
    Database(#[from] mongodb::error::Error),
}

#[derive(Debug, Clone)]
enum Refusal {
    Unknown,
    OtherKind(&'static str),
    Invalid(String),
}

/// Checks the form against the product as stored (`ProductDraft::parse_edit`) and saves it; returns the draft, and
/// whether anything changed.
pub async fn edit(
    db: &Database,
    product_id: &str,
    fields: ProductFields,
    by: &str,
) -> Result<(ProductDraft, bool), EditError> {
    let (db_in, product_id, by) = (db.clone(), product_id.to_string(), by.to_string());
    let mut session = db.client().start_session().await?;
    let changed = session
        .start_transaction()
        .and_run2(async move |session| {
            let products = db_in.collection::<Product>(PRODUCTS);
            let Some(product) = products.find_one(doc! { "_id": &product_id }).session(&mut *session).await? else {
                return Err(mongodb::error::Error::custom(Refusal::Unknown));
            };
            let stored = ProductFields::of(&product);
            let edit = ProductDraft::parse_edit(&fields, Some(&stored))
                .map_err(|why| mongodb::error::Error::custom(Refusal::Invalid(why)))?;
            if product.details.kind() != edit.details.kind() {
                return Err(mongodb::error::Error::custom(Refusal::OtherKind(product.details.kind())));
            }
            let changes = describe_changes(&product, &edit);
            if changes.is_empty() {
                return Ok((edit, false));
            }
            let common = &edit.common;
            let set = doc! {
                "name": &common.name, "description": &common.description,
                "prices": mongodb::bson::to_bson(&common.prices)?, "cost": common.cost.minor_units(),
                "category": edit.category.slug(),
                "details": mongodb::bson::to_bson(&edit.details)?,
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
            Ok((edit, true))
        })
        .await;
    match changed {
        Err(err) => match err.get_custom::<Refusal>() {
            Some(Refusal::Unknown) => Err(EditError::UnknownProduct),
            Some(Refusal::OtherKind(kind)) => Err(EditError::OtherKind(kind)),
            Some(Refusal::Invalid(why)) => Err(EditError::Invalid(why.clone())),
            None => Err(err.into()),
        },
        Ok(changed) => Ok(changed),
    }
}

/// Each changed field as (before, after), in words for the audit log; long texts by length.
fn describe_changes(product: &Product, draft: &ProductDraft) -> Vec<(String, String)> {
    // Costs are in pounds, like the company's books.
    let currency = crate::model::Currency::GBP;
    let edit = &draft.common;
    let mut changes = Vec::new();
    if product.name != edit.name {
        changes.push((format!("name {}", product.name), format!("name {}", edit.name)));
    }
    if product.description != edit.description {
        let chars = |text: &str| format!("description of {} characters", text.chars().count());
        changes.push((chars(&product.description), chars(&edit.description)));
    }
    if product.prices != edit.prices {
        changes.push((format!("prices {}", product.prices.describe()), format!("prices {}", edit.prices.describe())));
    }
    if product.cost != edit.cost {
        changes.push((
            format!("cost {}", product.cost.display(currency)),
            format!("cost {}", edit.cost.display(currency)),
        ));
    }
    if product.category != draft.category {
        changes
            .push((format!("category {}", product.category.label()), format!("category {}", draft.category.label())));
    }
    changes.extend(kind_field_changes(product, draft));
    changes
}

/// The fields of the kind that changed, by their form names: `isbn 0306406152`.
fn kind_field_changes(product: &Product, draft: &ProductDraft) -> Vec<(String, String)> {
    let as_map = |fields: ProductFields| match serde_json::to_value(fields) {
        Ok(serde_json::Value::Object(map)) => map,
        _ => serde_json::Map::new(),
    };
    let before = as_map(ProductFields::of(product));
    let mut edited = product.clone();
    edited.details = draft.details.clone();
    let after = as_map(ProductFields::of(&edited));
    before
        .iter()
        .filter(|(name, value)| {
            !["kind", "category", "name", "description", "price", "price_eur", "cost"].contains(&name.as_str())
                && after.get(*name) != Some(*value)
        })
        .map(|(name, value)| {
            let text = |value: Option<&serde_json::Value>| value.and_then(|v| v.as_str()).unwrap_or("").to_string();
            (format!("{name} {}", text(Some(value))), format!("{name} {}", text(after.get(name))))
        })
        .collect()
}
