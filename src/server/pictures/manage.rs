//! An admin changing a product's pictures: adding an upload, choosing the main one, removing one. Each change is
//! one transaction with its audit entry, guarded by the list it read, so two admins at once both land or one is
//! told. Removing a picture takes it off the product only: its file stays, so any page or order that showed it
//! still can.

use mongodb::bson::{doc, to_bson};
use mongodb::Database;

use crate::model::picture::Picture;
use crate::model::product::Product;
use crate::server::collections::PRODUCTS;
use crate::server::orders::audit;

/// Most pictures one product keeps.
pub const MAX_PICTURES: usize = 12;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// An uploaded picture, first (the main one) or last.
    Add {
        picture: Picture,
        main: bool,
    },
    MakeMain(String),
    Remove(String),
}

/// Why a change was refused, in words for the admin.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    #[error("There is no such product.")]
    UnknownProduct,
    #[error("That picture is not one of this product's (it may have just been removed).")]
    UnknownPicture,
    #[error("A product keeps at least one picture: upload another before removing this one.")]
    LastPicture,
    #[error("A product keeps at most {MAX_PICTURES} pictures: remove one before adding another.")]
    TooMany,
}

#[derive(Debug, thiserror::Error)]
pub enum ManageError {
    #[error("{0}")]
    Refused(Refusal),
    #[error("the database failed: {0}")]
    Database(mongodb::error::Error),
}

impl From<mongodb::error::Error> for ManageError {
    fn from(err: mongodb::error::Error) -> Self {
        match err.get_custom::<Refusal>() {
            Some(refusal) => ManageError::Refused(refusal.clone()),
            None => ManageError::Database(err),
        }
    }
}

fn refuse(refusal: Refusal) -> mongodb::error::Error {
    mongodb::error::Error::custom(refusal)
}

/// The pictures after `change`; the main picture is the first. Adding a picture the product already has only
/// moves it first if asked.
pub fn apply(pictures: &[Picture], change: &Change) -> Result<Vec<Picture>, Refusal> {
    let mut after: Vec<Picture> = pictures.to_vec();
    let position = |id: &str| pictures.iter().position(|picture| picture.id == id);
    match change {
        Change::Add { picture, main } => match position(&picture.id) {
            Some(at) if *main => {
                let existing = after.remove(at);
                after.insert(0, existing);
            }
            Some(_) => {}
            None if pictures.len() >= MAX_PICTURES => return Err(Refusal::TooMany),
            None if *main => after.insert(0, picture.clone()),
            None => after.push(picture.clone()),
        },
        Change::MakeMain(id) => {
            let at = position(id).ok_or(Refusal::UnknownPicture)?;
            let chosen = after.remove(at);
            after.insert(0, chosen);
        }
        Change::Remove(id) => {
            let at = position(id).ok_or(Refusal::UnknownPicture)?;
            if pictures.len() == 1 {
                return Err(Refusal::LastPicture);
            }
            after.remove(at);
        }
    }
    Ok(after)
}

/// Applies `change` to the product's pictures and records it in the audit log, in one transaction.
pub async fn change(db: &Database, product_id: &str, change: Change, by: &str) -> Result<Vec<Picture>, ManageError> {
    let (db_in, product_id, by) = (db.clone(), product_id.to_string(), by.to_string());
    let mut session = db.client().start_session().await?;
    session
        .start_transaction()
        .and_run2(async move |session| {
            let products = db_in.collection::<Product>(PRODUCTS);
            let product = products
                .find_one(doc! { "_id": &product_id })
                .session(&mut *session)
                .await?
                .ok_or_else(|| refuse(Refusal::UnknownProduct))?;
            let after = apply(&product.pictures, &change).map_err(refuse)?;
            if after == product.pictures {
                return Ok(after);
            }
            let (before_list, after_list) = (to_bson(&product.pictures)?, to_bson(&after)?);
            let guarded = doc! { "_id": &product_id, "pictures": before_list };
            let updated = products
                .update_one(guarded, doc! { "$set": { "pictures": after_list } })
                .session(&mut *session)
                .await?;
            if updated.matched_count == 0 {
                // Not reachable inside the transaction (a concurrent change conflicts and retries), kept as a guard.
                return Err(refuse(Refusal::UnknownPicture));
            }
            let (action, note) = match &change {
                Change::Add { picture, .. } => ("add picture", picture.id.clone()),
                Change::MakeMain(id) => ("make picture main", id.clone()),
                Change::Remove(id) => ("remove picture", id.clone()),
            };
            let entry = audit::Action {
                by: &by,
                action,
                order_id: None,
                partner_id: None,
                product_id: Some(&product_id),
                before: describe(&product.pictures),
                after: describe(&after),
                note: Some(note),
            };
            audit::record(&db_in, session, entry).await?;
            Ok(after)
        })
        .await
        .map_err(ManageError::from)
}

/// "3 pictures, main 7daf3213…" as the audit log words a list.
fn describe(pictures: &[Picture]) -> String {
    match pictures.first() {
        Some(main) => {
            format!("{} picture{}, main {}", pictures.len(), if pictures.len() == 1 { "" } else { "s" }, main.id)
        }
        None => "no pictures".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn picture(id: &str) -> Picture {
        Picture { id: id.repeat(32), width: 400, height: 400 }
    }

    #[test]
    fn the_main_picture_is_the_first_and_can_be_chosen() {
        let (a, b, c) = (picture("a"), picture("b"), picture("c"));
        let list = vec![a.clone(), b.clone()];
        assert_eq!(
            apply(&list, &Change::Add { picture: c.clone(), main: false }).unwrap(),
            [a.clone(), b.clone(), c.clone()]
        );
        assert_eq!(
            apply(&list, &Change::Add { picture: c.clone(), main: true }).unwrap(),
            [c.clone(), a.clone(), b.clone()]
        );
        assert_eq!(apply(&list, &Change::MakeMain(b.id.clone())).unwrap(), [b.clone(), a.clone()]);
        assert_eq!(apply(&list, &Change::Add { picture: b.clone(), main: false }).unwrap(), list, "already there");
        assert_eq!(apply(&list, &Change::Add { picture: b.clone(), main: true }).unwrap(), [b.clone(), a.clone()]);
        assert_eq!(apply(&list, &Change::Remove(a.id.clone())).unwrap(), vec![b.clone()]);
    }

    #[test]
    fn the_last_picture_stays_and_unknown_ones_are_named() {
        let one = vec![picture("a")];
        assert!(matches!(apply(&one, &Change::Remove(picture("a").id)), Err(Refusal::LastPicture)));
        assert!(matches!(apply(&one, &Change::Remove(picture("z").id)), Err(Refusal::UnknownPicture)));
        assert!(matches!(apply(&one, &Change::MakeMain(picture("z").id)), Err(Refusal::UnknownPicture)));
        let full: Vec<Picture> = (0..MAX_PICTURES).map(|n| picture(&format!("{n:x}"))).collect();
        assert!(matches!(apply(&full, &Change::Add { picture: picture("z"), main: false }), Err(Refusal::TooMany)));
    }
}
