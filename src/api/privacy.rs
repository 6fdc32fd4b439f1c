//! Customers' data rights: deleting one's own account (with the password), and an admin finding a customer and
//! erasing their data on request. The data export is a download link (`server::http::data_export`).

use leptos::prelude::*;

use crate::model::privacy::CustomerRecord;

/// Erases the signed-in customer's personal data after checking their password, signs them out and goes home.
#[server(endpoint = "delete_account")]
pub async fn delete_account(password: String) -> Result<(), ServerFnError> {
    use crate::api::answer::refuse;
    use crate::server::accounts::AccountError;
    use axum::http::StatusCode;
    let (who, customer_id) = crate::server::context::customer().await?;
    let db = crate::server::context::database()?;
    // The same check as signing in, throttled the same way: the form must not become a way to guess passwords.
    match crate::server::accounts::sign_in(&db, &who.email, password).await {
        Ok(_) => {}
        Err(AccountError::Busy(busy)) => return Err(crate::api::answer::busy(busy, 1)),
        Err(AccountError::Database(err)) => return Err(failed(&err)),
        Err(_) => {
            return Err(refuse(StatusCode::FORBIDDEN, "That password is not right. Nothing was deleted."));
        }
    }
    erase(&db, &customer_id, crate::server::privacy::Requester::Customer).await?;
    let session = crate::server::context::session().await?;
    crate::server::accounts::session::forget(&session).await.map_err(crate::server::context::session_unavailable)?;
    leptos_axum::redirect("/?account=deleted");
    Ok(())
}

/// An admin finds a customer by their email.
#[server(endpoint = "admin_find_customer")]
pub async fn find_customer(email: String) -> Result<CustomerRecord, ServerFnError> {
    use crate::api::answer::refuse;
    use axum::http::StatusCode;
    crate::server::context::admin().await?;
    let db = crate::server::context::database()?;
    let email =
        crate::model::account::parse_email(&email).map_err(|err| refuse(StatusCode::UNPROCESSABLE_ENTITY, err))?;
    crate::server::privacy::find_by_email(&db, &email)
        .await
        .map_err(|err| failed(&err))?
        .ok_or_else(|| refuse(StatusCode::NOT_FOUND, format!("No customer has the email {email}.")))
}

/// An admin erases a customer's personal data on their request; `confirm_email` must repeat the customer's email.
#[server(endpoint = "admin_erase_customer")]
pub async fn erase_customer(customer_id: String, confirm_email: String) -> Result<String, ServerFnError> {
    use crate::api::answer::refuse;
    use axum::http::StatusCode;
    let admin = crate::server::context::admin().await?;
    let db = crate::server::context::database()?;
    let customer = crate::server::privacy::find_by_id(&db, &customer_id).await.map_err(|err| failed(&err))?;
    let Some(customer) = customer else {
        return Err(refuse(StatusCode::NOT_FOUND, "There is no such customer (perhaps already erased)."));
    };
    if !customer.email.eq_ignore_ascii_case(confirm_email.trim()) {
        return Err(refuse(
            StatusCode::UNPROCESSABLE_ENTITY,
            "Type the customer's email exactly to confirm. Nothing was erased.",
        ));
    }
    let erased = erase(&db, &customer_id, crate::server::privacy::Requester::Admin(admin.email)).await?;
    Ok(format!(
        "{}'s personal data was erased: {} orders and {} ratings kept without them, {} units put back on the shelves.",
        customer.name, erased.orders, erased.ratings, erased.units_returned
    ))
}

#[cfg(feature = "ssr")]
async fn erase(
    db: &mongodb::Database,
    customer_id: &str,
    by: crate::server::privacy::Requester,
) -> Result<crate::server::privacy::Erased, ServerFnError> {
    use crate::server::maintenance::MaintenanceError;
    const AGAIN: &str = "Erasing the account did not finish. Nothing is lost; please try again in a moment.";
    match crate::server::privacy::erase_customer(db, customer_id, &by).await {
        Ok(Some(erased)) => Ok(erased),
        Ok(None) => Err(crate::api::answer::refuse(axum::http::StatusCode::NOT_FOUND, "There is no such customer.")),
        Err(MaintenanceError::Database(err)) => {
            Err(crate::api::answer::database_failed(&err, "erasing a customer", AGAIN))
        }
        Err(err) => Err(crate::api::answer::bug(&format!("erasing a customer: {err}"), AGAIN)),
    }
}

#[cfg(feature = "ssr")]
fn failed(err: &mongodb::error::Error) -> ServerFnError {
    crate::api::answer::database_failed(
        err,
        "a customer data request",
        "This is unavailable right now. Please try again.",
    )
}
