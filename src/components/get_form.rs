//! A GET form whose address holds only the fields that have a value. Without JavaScript it is a plain form; once
//! hydrated it navigates inside the app. (The router's `Form` would also write the unnamed submit button as `&=`.)

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::wasm_bindgen::JsCast;
use leptos::web_sys::{FormData, HtmlFormElement, UrlSearchParams};
use leptos_router::hooks::use_navigate;

#[component]
pub fn GetForm(
    action: String,
    #[prop(optional)] class: &'static str,
    #[prop(optional)] role: Option<&'static str>,
    children: Children,
) -> impl IntoView {
    let navigate = use_navigate();
    let target = action.clone();
    let on_submit = move |ev: SubmitEvent| {
        let Some(form) = ev.target().map(|target| target.unchecked_into::<HtmlFormElement>()) else { return };
        let Ok(query) = FormData::new_with_form(&form)
            .and_then(|data| UrlSearchParams::new_with_str_sequence_sequence(&data))
            .map(|params| String::from(params.to_string()))
        else {
            // The browser's own submission still works.
            return;
        };
        ev.prevent_default();
        let query = filled_fields(&query);
        let href = if query.is_empty() { target.clone() } else { format!("{target}?{query}") };
        navigate(&href, Default::default());
    };
    view! {
        <form method="get" action=action class=class role=role on:submit=on_submit>
            {children()}
        </form>
    }
}

/// The pairs of an encoded query string that have both a name and a value.
fn filled_fields(query: &str) -> String {
    query
        .split('&')
        .filter(|pair| matches!(pair.split_once('='), Some((name, value)) if !name.is_empty() && !value.is_empty()))
        .collect::<Vec<_>>()
        .join("&")
}

#[cfg(test)]
mod tests {
    use super::filled_fields;

    #[test]
    fn only_fields_with_a_name_and_a_value_stay() {
        assert_eq!(filled_fields("q=apple+pie&price_min=&price_max=5&="), "q=apple+pie&price_max=5");
        assert_eq!(filled_fields("="), "");
        assert_eq!(filled_fields("q=%26%3D"), "q=%26%3D");
    }
}
