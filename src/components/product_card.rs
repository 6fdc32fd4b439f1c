//! A product as listings and shelves show it: a real link with name, byline, rating, price and stock.

use leptos::prelude::*;

use crate::model::listing::ProductCard;

#[component]
pub fn ProductCardView(card: ProductCard) -> impl IntoView {
    let href = format!("/p/{}", card.id);
    let rating = if card.rating.count == 0 {
        "Not rated yet".to_string()
    } else {
        format!("★ {:.1} ({})", card.rating.average, card.rating.count)
    };
    view! {
        <li class="product-card">
            <a href=href>
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
            {cards.into_iter().map(|card| view! { <ProductCardView card/> }).collect_view()}
        </ul>
    }
}
