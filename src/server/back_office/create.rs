//! An admin creating a product of any kind: its drawn picture is stored first, then the product and its audit entry
//! are written in one transaction, so a product never exists without a picture. The form carries the new product's
//! id, so sending it twice (a double click, a retry after a timeout) creates one product.

use mongodb::bson::doc;
use mongodb::Database;

use crate::model::product::Product;
use crate::model::product_form::ProductDraft;
use crate::model::rating::RatingSummary;
use crate::model::Timestamp;
use crate::server::collections::PRODUCTS;
use crate::server::orders::audit;

#[derive(Debug, thiserror::Error)]
pub enum CreateError {
    #[error("Another product already has this id; reload the page to start a new one.")]
    IdTaken,
    #[error("the database failed: {0}")]
    Database(#[from] mongodb::error::Error),
}

/// Creates the product under `id` (a fresh ObjectId the form was given); returns whether it was created now (false:
/// it already was, by an earlier send of the same form).
pub async fn create(db: &Database, id: &str, draft: ProductDraft, by: &str) -> Result<bool, CreateError> {
    let products = db.collection::<Product>(PRODUCTS);
    if let Some(existing) = products.find_one(doc! { "_id": id }).await? {
        return if existing.name == draft.common.name { Ok(false) } else { Err(CreateError::IdTaken) };
    }
    let mut product = Product {
        id: id.to_string(),
        legacy_id: None,
        name: draft.common.name,
        description: draft.common.description,
        category: draft.category,
        prices: draft.common.prices,
        cost: draft.common.cost,
        dimensions_cm: None,
        shipping_weight_g: None,
        rating: RatingSummary::default(),
        // Nothing is held yet: stock arrives through the product's stock adjustments.
        in_stock: false,
        created_at: Timestamp::now(),
        details: draft.details,
        pictures: Vec::new(),
        retired_at: None,
    };
    product.pictures = vec![crate::server::pictures::draw_and_store(db, &product).await?];
    let after = format!(
        "{} \"{}\" in {} at {}",
        product.details.kind(),
        product.name,
        product.category.label(),
        product.prices.describe()
    );
    let (db_in, by) = (db.clone(), by.to_string());
    let mut session = db.client().start_session().await?;
    let inserted = session
        .start_transaction()
        .and_run2(async move |session| {
            db_in.collection::<Product>(PRODUCTS).insert_one(&product).session(&mut *session).await?;
            let entry = audit::Action {
                by: &by,
                action: "create product",
                order_id: None,
                partner_id: None,
                product_id: Some(&product.id),
                before: "none".to_string(),
                after: after.clone(),
                note: None,
            };
            audit::record(&db_in, session, entry).await
        })
        .await;
    match inserted {
        Ok(()) => Ok(true),
        // Two sends of one form at the same moment: the unique `_id` lets one in; the other finds it.
        Err(err) if crate::server::mongo::is_duplicate_key(&err) => Ok(false),
        Err(err) => Err(err.into()),
    }
}
