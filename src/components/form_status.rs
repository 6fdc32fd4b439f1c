//! What a form says after it was sent: the server's refusal in the shopper's words, announced to screen readers.

use leptos::prelude::*;
use leptos::server_fn::error::ServerFnError;

/// The message a shopper should read for a failed server function.
pub fn error_message(err: &ServerFnError) -> String {
    match err {
        ServerFnError::ServerError(message) => message.clone(),
        ServerFnError::Request(_) | ServerFnError::Response(_) => {
            "The store could not be reached. Check your connection and try again.".to_string()
        }
        _ => "Something went wrong. Please try again.".to_string(),
    }
}

/// The error of an action's last run, if it failed.
#[component]
pub fn FormError<T: Clone + Send + Sync + 'static>(
    #[prop(into)] value: Signal<Option<Result<T, ServerFnError>>>,
) -> impl IntoView {
    move || {
        value
            .get()
            .and_then(Result::err)
            .map(|err| view! { <p class="form-error" role="alert">{error_message(&err)}</p> })
    }
}
