use leptos::prelude::*;

use crate::model::CategoryCount;

/// How many products each category holds, every category listed (zero included), in navigation order.
#[server]
pub async fn category_counts() -> Result<Vec<CategoryCount>, ServerFnError> {
    let db = crate::server::context::database()?;
    crate::server::catalogue::category_counts(&db).await.map_err(|err| {
        tracing::error!(error = %err, "category counts failed");
        ServerFnError::new("The catalogue is unavailable right now. Please try again in a moment.")
    })
}
