//! A product's picture wherever a product appears: its size set so the page keeps its room before the picture
//! arrives, its name as the alternative text, and lazily loaded when it starts below the fold.

use leptos::prelude::*;

use crate::model::picture::Picture;

/// `lazy`: the browser may wait until it nears the screen. A product without a picture keeps the same room, blank.
#[component]
pub fn ProductPicture(
    picture: Option<Picture>,
    alt: String,
    #[prop(into)] class: String,
    #[prop(optional)] lazy: bool,
) -> impl IntoView {
    match picture {
        Some(picture) => view! {
            <img
                class=class
                src=picture.src()
                width=picture.width
                height=picture.height
                alt=alt
                loading=if lazy { "lazy" } else { "eager" }
                decoding="async"
            />
        }
        .into_any(),
        None => view! { <span class=format!("{class} picture-missing") role="img" aria-label=alt></span> }.into_any(),
    }
}
