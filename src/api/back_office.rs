//! The catalogue's back office: finding products, managing their pictures and adjusting their stock. Each function starts with
//! `context::admin()`: customers and partners are refused with 403 whatever the browser sends.

use leptos::prelude::*;
use leptos::server_fn::codec::{MultipartData, MultipartFormData};

#[cfg(feature = "ssr")]
use crate::api::answer::refuse;
#[cfg(feature = "ssr")]
use axum::http::StatusCode;

use crate::model::back_office::{BackOfficeProduct, ProductList};
use crate::model::picture::Picture;
#[cfg(feature = "ssr")]
use crate::model::product_form::ProductDraft;
use crate::model::product_form::ProductFields;

/// Products matching the filters, a page at a time. Every field as typed into the list's form.
#[server(endpoint = "admin_products")]
pub async fn admin_products(
    #[server(default)] q: String,
    #[server(default)] category: String,
    #[server(default)] stock: String,
    #[server(default)] sale: String,
    #[server(default)] page: String,
) -> Result<ProductList, ServerFnError> {
    crate::server::context::admin().await?;
    let query = crate::model::back_office::ProductQuery::parse(&q, &category, &stock, &sale, &page)
        .map_err(|why| refuse(StatusCode::UNPROCESSABLE_ENTITY, why))?;
    let db = crate::server::context::database()?;
    crate::server::back_office::products::list(&db, query).await.map_err(|err| failed(&err))
}

/// One product with what the back office may do with it; None for an unknown id.
#[server(endpoint = "admin_product")]
pub async fn admin_product(id: String) -> Result<Option<BackOfficeProduct>, ServerFnError> {
    crate::server::context::admin().await?;
    let db = crate::server::context::database()?;
    let max_upload_mb = crate::server::context::catalogue_settings()?.max_picture_mb.clamp(1, 100);
    let Some(product) = crate::server::back_office::products::product(&db, &id).await.map_err(|err| failed(&err))?
    else {
        return Ok(None);
    };
    let audit = crate::server::orders::audit::for_product(&db, &product.id).await.map_err(|err| failed(&err))?;
    let fresh = crate::server::back_office::stock::is_fresh(&product.details);
    let stock = crate::server::back_office::stock::stock_of(&db, &product.id, fresh).await.map_err(|e| failed(&e))?;
    Ok(Some(BackOfficeProduct { product, max_upload_mb, stock, audit }))
}

/// Adds an uploaded picture to a product: the form's `product_id`, `picture` (the file) and `main` ("on" to make it
/// the main picture). The file is checked by its content and re-encoded before it is stored.
#[server(endpoint = "upload_product_picture", input = MultipartFormData)]
pub async fn upload_product_picture(data: MultipartData) -> Result<Picture, ServerFnError> {
    use crate::server::pictures::{manage, store, upload};
    let admin = crate::server::context::admin().await?;
    let limit = crate::server::context::catalogue_settings()?.max_picture_bytes();
    let form = read_upload_form(data, limit).await?;
    let db = crate::server::context::database()?;
    if crate::server::back_office::products::product(&db, &form.product_id).await.map_err(|e| failed(&e))?.is_none() {
        return Err(refuse(StatusCode::NOT_FOUND, manage::Refusal::UnknownProduct));
    }
    // Decoding is CPU work: off the async threads (the body limit bounds how many run at once).
    let file = form.file;
    let prepared = tokio::task::spawn_blocking(move || upload::prepare(&file, limit))
        .await
        .map_err(|err| {
            crate::api::answer::bug(&format!("decoding a picture panicked: {err}"), "The picture could not be read.")
        })?
        .map_err(|refusal| {
            let status = match refusal {
                upload::UploadRefusal::TooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
                upload::UploadRefusal::NotAPicture => StatusCode::UNSUPPORTED_MEDIA_TYPE,
                _ => StatusCode::UNPROCESSABLE_ENTITY,
            };
            refuse(status, refusal)
        })?;
    let picture = store::store(&db, &prepared.bytes, prepared.content_type, prepared.width, prepared.height)
        .await
        .map_err(|err| failed(&err))?;
    let change = manage::Change::Add { picture: picture.clone(), main: form.main };
    manage::change(&db, &form.product_id, change, &admin.email).await.map_err(manage_failed)?;
    crate::server::context::catalogue_cache()?.clear();
    Ok(picture)
}

/// Makes one of a product's pictures its main one (shown on cards and first on its page).
#[server(endpoint = "set_main_picture")]
pub async fn set_main_picture(product_id: String, picture_id: String) -> Result<(), ServerFnError> {
    use crate::server::pictures::manage::{change, Change};
    let admin = crate::server::context::admin().await?;
    let db = crate::server::context::database()?;
    change(&db, &product_id, Change::MakeMain(picture_id), &admin.email).await.map_err(manage_failed)?;
    crate::server::context::catalogue_cache()?.clear();
    Ok(())
}

/// Takes a picture off a product (its file stays, so pages and orders that showed it still can).
#[server(endpoint = "remove_picture")]
pub async fn remove_picture(product_id: String, picture_id: String) -> Result<(), ServerFnError> {
    use crate::server::pictures::manage::{change, Change};
    let admin = crate::server::context::admin().await?;
    let db = crate::server::context::database()?;
    change(&db, &product_id, Change::Remove(picture_id), &admin.email).await.map_err(manage_failed)?;
    crate::server::context::catalogue_cache()?.clear();
    Ok(())
}

/// Saves a product's form (every field of its kind, as typed). Answers a note for the admin when the edit is
/// allowed but rarely meant (a cost above the price).
#[server(endpoint = "update_product")]
pub async fn update_product(product_id: String, fields: ProductFields) -> Result<Option<String>, ServerFnError> {
    use crate::server::back_office::edit::{edit, EditError};
    let admin = crate::server::context::admin().await?;
    let db = crate::server::context::database()?;
    let (draft, _) = edit(&db, &product_id, fields, &admin.email).await.map_err(|err| match err {
        EditError::UnknownProduct => refuse(StatusCode::NOT_FOUND, err),
        EditError::OtherKind(_) | EditError::Invalid(_) => refuse(StatusCode::UNPROCESSABLE_ENTITY, err),
        EditError::Database(err) => failed(&err),
    })?;
    crate::server::context::catalogue_cache()?.clear();
    Ok(draft.common.warning().map(str::to_string))
}

/// A fresh id for the new-product form: sending the form twice then creates one product.
#[server(endpoint = "new_product_id")]
pub async fn new_product_id() -> Result<String, ServerFnError> {
    crate::server::context::admin().await?;
    Ok(mongodb::bson::oid::ObjectId::new().to_hex())
}

/// Creates a product of the form's kind under `id` (from `new_product_id`); answers its id. A drawn picture comes
/// with it; it is in stock once units are added on its page.
#[server(endpoint = "create_product")]
pub async fn create_product(id: String, fields: ProductFields) -> Result<String, ServerFnError> {
    use crate::server::back_office::create::{create, CreateError};
    let admin = crate::server::context::admin().await?;
    if !crate::model::catalogue::is_plausible_id(&id) || id.len() != 24 {
        return Err(refuse(StatusCode::UNPROCESSABLE_ENTITY, "The form has lost its product id: reload the page."));
    }
    let draft = ProductDraft::parse(&fields).map_err(|why| refuse(StatusCode::UNPROCESSABLE_ENTITY, why))?;
    let db = crate::server::context::database()?;
    create(&db, &id, draft, &admin.email).await.map_err(|err| match err {
        CreateError::IdTaken => refuse(StatusCode::CONFLICT, err),
        CreateError::Database(err) => failed(&err),
    })?;
    crate::server::context::catalogue_cache()?.clear();
    Ok(id)
}

/// Withdraws a product from sale (`retire` "true") or puts it back ("false"). Guarded by the state it leaves: a
/// second click, or another admin's, is told what happened (409).
#[server(endpoint = "retire_product")]
pub async fn retire_product(product_id: String, retire: String) -> Result<(), ServerFnError> {
    use crate::server::back_office::retire::{set_retired, RetireError};
    let admin = crate::server::context::admin().await?;
    let retire = match retire.trim() {
        "true" => true,
        "false" => false,
        other => {
            let why =
                format!("\"{}\" is not a choice: retire is true or false.", other.chars().take(20).collect::<String>());
            return Err(refuse(StatusCode::UNPROCESSABLE_ENTITY, why));
        }
    };
    let db = crate::server::context::database()?;
    set_retired(&db, &product_id, retire, &admin.email).await.map_err(|err| match err {
        RetireError::UnknownProduct => refuse(StatusCode::NOT_FOUND, err),
        RetireError::AlreadyRetired(_) | RetireError::AlreadyOnSale(_) => refuse(StatusCode::CONFLICT, err),
        RetireError::Database(err) => failed(&err),
    })?;
    crate::server::context::catalogue_cache()?.clear();
    Ok(())
}

/// Adjusts a product's stock at one store or warehouse: `action` set (the units counted there, carts included), add
/// or remove, with a `reason` (count-correction, damaged, received).
#[server(endpoint = "adjust_stock")]
pub async fn adjust_stock(
    product_id: String,
    location: String,
    action: String,
    units: String,
    reason: String,
) -> Result<(), ServerFnError> {
    use crate::server::back_office::stock::{adjust, AdjustError, Refusal};
    let admin = crate::server::context::admin().await?;
    let adjustment = crate::model::back_office::StockAdjustment::parse(&location, &action, &units, &reason)
        .map_err(|why| refuse(StatusCode::UNPROCESSABLE_ENTITY, why))?;
    let db = crate::server::context::database()?;
    adjust(&db, &product_id, adjustment, &admin.email).await.map_err(|err| match err {
        AdjustError::Refused(refusal @ (Refusal::UnknownProduct | Refusal::UnknownLocation)) => {
            refuse(StatusCode::NOT_FOUND, refusal)
        }
        AdjustError::Refused(refusal) => refuse(StatusCode::CONFLICT, refusal),
        AdjustError::Database(err) => failed(&err),
    })?;
    crate::server::context::catalogue_cache()?.clear();
    Ok(())
}

#[cfg(feature = "ssr")]
struct UploadForm {
    product_id: String,
    main: bool,
    file: Vec<u8>,
}

/// The upload's fields; the file read up to one byte past `limit`, so that `prepare` can say it is too large.
#[cfg(feature = "ssr")]
async fn read_upload_form(data: MultipartData, limit: usize) -> Result<UploadForm, ServerFnError> {
    let unreadable = |err: &dyn std::fmt::Display| {
        refuse(StatusCode::BAD_REQUEST, format!("The upload could not be read ({err}). Please try again."))
    };
    let Some(mut multipart) = data.into_inner() else {
        return Err(crate::api::answer::bug(
            "a multipart form without its server half",
            "The upload could not be read.",
        ));
    };
    let mut form = UploadForm { product_id: String::new(), main: false, file: Vec::new() };
    while let Some(mut field) = multipart.next_field().await.map_err(|err| unreadable(&err))? {
        match field.name().unwrap_or_default() {
            "picture" => {
                while let Some(chunk) = field.chunk().await.map_err(|err| unreadable(&err))? {
                    if form.file.len() <= limit {
                        form.file.extend_from_slice(&chunk);
                    }
                }
            }
            name @ ("product_id" | "main") => {
                let name = name.to_string();
                let text: String =
                    field.text().await.map_err(|err| unreadable(&err))?.trim().chars().take(64).collect();
                if name == "product_id" {
                    form.product_id = text;
                } else {
                    form.main = matches!(text.as_str(), "on" | "true");
                }
            }
            _ => {}
        }
    }
    if !crate::model::catalogue::is_plausible_id(&form.product_id) {
        return Err(refuse(StatusCode::NOT_FOUND, crate::server::pictures::manage::Refusal::UnknownProduct));
    }
    Ok(form)
}

#[cfg(feature = "ssr")]
fn failed(err: &mongodb::error::Error) -> ServerFnError {
    crate::api::answer::database_failed(err, "the back office", "The catalogue cannot be reached just now; try again.")
}

#[cfg(feature = "ssr")]
fn manage_failed(err: crate::server::pictures::manage::ManageError) -> ServerFnError {
    use crate::server::pictures::manage::{ManageError, Refusal};
    match err {
        ManageError::Refused(refusal @ Refusal::UnknownProduct) => refuse(StatusCode::NOT_FOUND, refusal),
        ManageError::Refused(refusal @ Refusal::UnknownPicture) => refuse(StatusCode::CONFLICT, refusal),
        ManageError::Refused(refusal) => refuse(StatusCode::CONFLICT, refusal),
        ManageError::Database(err) => failed(&err),
    }
}
