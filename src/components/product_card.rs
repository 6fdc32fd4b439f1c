//! A product as listings and shelves show it: a real link with name, byline, rating, price and stock.

use leptos::prelude::*;

use super::ProductPicture;
use crate::model::listing::ProductCard;

/// Cards a grid shows before its pictures load lazily: about the first row on a wide screen.
const EAGER_CARDS: usize = 4;

/// `lazy`: the card starts below the fold, so its picture may wait.
#[component]
pub fn ProductCardView(card: ProductCard, #[prop(optional)] lazy: bool) -> impl IntoView {
    let href = format!("/p/{}", card.id);
    let rating = if card.rating.count == 0 {
        "Not rated yet".to_string()
    } else {
        format!("★ {:.1} ({})", card.rating.average, card.rating.count)
    };
    view! {
        <li class="product-card">
            <a href=href>
                <ProductPicture picture=card.picture alt=card.name.clone() class="product-card-picture" lazy=lazy/>
                <span class="product-card-name">{card.name}</span>
                <span class="product-card-byline">{card.byline}</span>
                <span class="product-card-rating">{rating}</span>
                <span class="product-card-price">{card.price.display(card.currency)}</span>
                {(!card.in_stock).then(|| view! { <span class="product-card-stock">"Out of stock"</span> })}
            </a>
        </li>
    }
}

/// Cards in a responsive grid.
#[component]
pub fn ProductGrid(cards: Vec<ProductCard>, #[prop(optional)] class: &'static str) -> impl IntoView {
    view! {
        <ul class=format!("product-grid {class}")>
            {cards
                .into_iter()
                .enumerate()
                .map(|(n, card)| view! { <ProductCardView card lazy={n >= EAGER_CARDS}/> })
                .collect_view()}
        </ul>
    }
}
