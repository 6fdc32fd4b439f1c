//! The header's search box: a GET form to `/search` (works without JavaScript), and once hydrated, suggestions by
//! name prefix as the shopper types, debounced, following the ARIA combobox pattern (arrows, Enter, Escape).

use std::time::Duration;

use leptos::ev::KeyboardEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::{use_navigate, use_query_map};

use crate::api::catalogue::search_suggestions;
use crate::components::GetForm;
use crate::model::catalogue::{Suggestion, SUGGEST_MIN_CHARS};

/// Quiet time after the last keystroke before asking the server.
const DEBOUNCE: Duration = Duration::from_millis(180);

#[component]
pub fn SearchBox() -> impl IntoView {
    let query = use_query_map();
    let current = move || query.read().get("q").unwrap_or_default();
    let suggestions = RwSignal::new(Vec::<Suggestion>::new());
    let active = RwSignal::new(None::<usize>);
    let pending = StoredValue::new(None::<TimeoutHandle>);
    // Each keystroke gets a number; an answer to an older keystroke is dropped, so answers arriving out of order
    // never show suggestions for text that is no longer in the box.
    let asked = StoredValue::new(0u64);

    let close = move || {
        suggestions.set(Vec::new());
        active.set(None);
    };
    let on_input = move |ev: leptos::ev::Event| {
        let typed = event_target_value(&ev);
        if let Some(handle) = pending.get_value() {
            handle.clear();
        }
        let number = asked.get_value() + 1;
        asked.set_value(number);
        if typed.trim().chars().count() < SUGGEST_MIN_CHARS {
            close();
            return;
        }
        let handle = set_timeout_with_handle(
            move || {
                spawn_local(async move {
                    let found = search_suggestions(typed).await.unwrap_or_default();
                    if asked.get_value() == number {
                        active.set(None);
                        suggestions.set(found);
                    }
                });
            },
            DEBOUNCE,
        );
        pending.set_value(handle.ok());
    };
    let navigate = use_navigate();
    let on_keydown = move |ev: KeyboardEvent| {
        let count = suggestions.with(Vec::len);
        match ev.key().as_str() {
            "ArrowDown" if count > 0 => {
                ev.prevent_default();
                active.update(|a| *a = Some(a.map_or(0, |i| (i + 1) % count)));
            }
            "ArrowUp" if count > 0 => {
                ev.prevent_default();
                active.update(|a| *a = Some(a.map_or(count - 1, |i| (i + count - 1) % count)));
            }
            // Open: Escape closes the list and keeps the text. Closed: the browser's own Escape clears the box.
            "Escape" if count > 0 => {
                ev.prevent_default();
                close();
            }
            "Enter" => {
                let chosen = active.get().and_then(|i| suggestions.with(|s| s.get(i).cloned()));
                if let Some(suggestion) = chosen {
                    ev.prevent_default();
                    close();
                    navigate(&format!("/p/{}", suggestion.id), Default::default());
                } else {
                    close();
                }
            }
            _ => {}
        }
    };
    let expanded = move || suggestions.with(|s| !s.is_empty());
    let active_id = move || active.get().map(|i| format!("suggestion-{i}"));

    view! {
        <GetForm action="/search".to_string() class="search" role="search">
            <label class="visually-hidden" for="search-q">"Search the catalogue"</label>
            <div class="search-field">
                <input
                    id="search-q"
                    type="search"
                    name="q"
                    placeholder="Search apples, books, phones…"
                    autocomplete="off"
                    maxlength="200"
                    required
                    role="combobox"
                    aria-autocomplete="list"
                    aria-controls="search-suggestions"
                    aria-expanded=move || expanded().to_string()
                    aria-activedescendant=active_id
                    value=current
                    prop:value=current
                    on:input=on_input
                    on:keydown=on_keydown
                    on:blur=move |_| close()
                />
                <ul
                    id="search-suggestions"
                    role="listbox"
                    aria-label="Suggestions"
                    class="suggestions"
                    hidden=move || !expanded()
                    // Keeps the focus in the box while a suggestion is clicked, so the click lands before the list closes.
                    on:mousedown=|ev| ev.prevent_default()
                >
                    <For
                        each=move || suggestions.get().into_iter().enumerate()
                        key=|(i, s)| (*i, s.id.clone())
                        children=move |(i, suggestion)| {
                            view! {
                                <li
                                    role="option"
                                    id=format!("suggestion-{i}")
                                    aria-selected=move || (active.get() == Some(i)).to_string()
                                >
                                    <a href=format!("/p/{}", suggestion.id) tabindex="-1" on:click=move |_| close()>
                                        <span class="suggestion-name">{suggestion.name.clone()}</span>
                                        <span class="suggestion-category">{suggestion.category.label()}</span>
                                    </a>
                                </li>
                            }
                        }
                    />
                </ul>
            </div>
            <button type="submit">"Search"</button>
        </GetForm>
    }
}
