//! The data export as a file download: `/account/my-data.json` for the signed-in customer, and
//! `/admin/customers/{id}/data.json` for an admin acting on a customer's request. A plain link, so it works without
//! JavaScript and the browser saves it like any download.

use axum::extract::{Path, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use tower_sessions::Session;

use crate::model::account::Role;
use crate::server::accounts::session::signed_in;
use crate::server::http::AppState;
use crate::server::privacy::{export_customer, Requester};

pub async fn own_data(State(state): State<AppState>, session: Session) -> Response {
    let Ok(Some(who)) = signed_in(&session).await else {
        return refuse(StatusCode::UNAUTHORIZED, "Sign in to download your data.");
    };
    let Some(customer_id) = who.customer_id else {
        return refuse(StatusCode::NOT_FOUND, "Staff accounts hold no customer data to download.");
    };
    download(&state, &customer_id, Requester::Customer).await
}

pub async fn customer_data(State(state): State<AppState>, session: Session, Path(id): Path<String>) -> Response {
    match signed_in(&session).await {
        Ok(Some(who)) if who.role == Role::Admin => download(&state, &id, Requester::Admin(who.email)).await,
        Ok(Some(_)) => refuse(StatusCode::FORBIDDEN, "Only admins may download a customer's data."),
        _ => refuse(StatusCode::UNAUTHORIZED, "Sign in as an admin to download a customer's data."),
    }
}

async fn download(state: &AppState, customer_id: &str, by: Requester) -> Response {
    match export_customer(&state.db, customer_id, &by).await {
        Ok(Some(data)) => {
            let body = serde_json::to_string_pretty(&data).unwrap_or_default();
            let disposition = format!("attachment; filename=\"amazone-data-{customer_id}.json\"");
            let headers = [
                (header::CONTENT_TYPE, "application/json; charset=utf-8".to_string()),
                (header::CONTENT_DISPOSITION, disposition),
                (header::CACHE_CONTROL, "no-store".to_string()),
            ];
            (headers, body).into_response()
        }
        Ok(None) => refuse(StatusCode::NOT_FOUND, "There is no such customer."),
        Err(err) => {
            tracing::error!(error = %err, "cannot export a customer's data");
            refuse(StatusCode::SERVICE_UNAVAILABLE, "Your data cannot be read right now. Please try again in a moment.")
        }
    }
}

fn refuse(status: StatusCode, message: &str) -> Response {
    (status, [(header::CACHE_CONTROL, "no-store")], message.to_string()).into_response()
}
