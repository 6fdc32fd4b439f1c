//! `/cart`: the lines with where each comes from, quantities to change, totals, and the way to checkout.

use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;

use crate::api::cart::{cart_view, RemoveCartLine, UpdateCartLine};
use crate::components::{error_message, FormError, ProductPicture};
use crate::model::cart::{CartLineView, CartView, MAX_LINE_QUANTITY};
use crate::model::Currency;

#[component]
pub fn CartPage() -> impl IntoView {
    let update = ServerAction::<UpdateCartLine>::new();
    let remove = ServerAction::<RemoveCartLine>::new();
    let cart = Resource::new(move || (update.version().get(), remove.version().get()), |_| cart_view());
    let update_value = update.value();
    let remove_value = remove.value();
    view! {
        <Title text="Your cart"/>
        <section class="cart-page">
            <h1>"Your cart"</h1>
            <FormError value=update_value/>
            <FormError value=remove_value/>
            <Transition fallback=|| view! { <p class="loading">"Loading your cart…"</p> }>
                {move || Suspend::new(async move {
                    match cart.await {
                        Ok(cart) if cart.lines.is_empty() => view! {
                            <CartNotice notice=cart.notice.clone()/>
                            <p class="empty-cart">"Your cart is empty. " <a href="/">"Find something you like"</a></p>
                        }.into_any(),
                        Ok(cart) => view! { <CartNotice notice=cart.notice.clone()/> <CartLines cart update remove/> }.into_any(),
                        Err(err) => view! { <p class="notice" role="alert">{error_message(&err)}</p> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

/// What the store changed in the cart without the shopper asking (re-priced for another country), if anything.
#[component]
pub fn CartNotice(notice: Option<String>) -> impl IntoView {
    notice.map(|notice| view! { <p class="notice cart-notice" role="status">{notice}</p> })
}

#[component]
fn CartLines(
    cart: CartView,
    update: ServerAction<UpdateCartLine>,
    remove: ServerAction<RemoveCartLine>,
) -> impl IntoView {
    let currency = cart.currency;
    let total = cart.total.display(currency);
    let vat = cart.vat_total.display(currency);
    let units = cart.units;
    view! {
        <ul class="cart-lines">
            {cart.lines.into_iter().map(|line| view! { <CartLine line currency update remove/> }).collect_view()}
        </ul>
        <div class="cart-total">
            <p>{format!("Total ({units} item{}): ", if units == 1 { "" } else { "s" })} <strong class="total">{total}</strong></p>
            <p class="vat-total">"Includes VAT of " <span class="vat">{vat}</span></p>
            <p class="pay-note">"Pay on delivery: no card needed."</p>
            <a class="button" href="/checkout">"Check out"</a>
        </div>
    }
}

#[component]
fn CartLine(
    line: CartLineView,
    currency: Currency,
    update: ServerAction<UpdateCartLine>,
    remove: ServerAction<RemoveCartLine>,
) -> impl IntoView {
    let quantity_id = format!("quantity-{}", line.key);
    let (update_key, remove_key) = (line.key.clone(), line.key.clone());
    let remove_label = format!("Remove {}", line.name);
    view! {
        <li class="cart-line" data-product=line.product_id.clone()>
            <ProductPicture picture=line.picture.clone() alt=line.name.clone() class="line-picture" lazy=true/>
            <div class="cart-line-item">
                <a href=format!("/p/{}", line.product_id)>{line.name.clone()}</a>
                {if line.retired {
                    view! { <span class="cart-line-retired">"No longer sold: remove it to check out"</span> }.into_any()
                } else {
                    view! { <span class="cart-line-source">"From " {line.source.clone()}</span> }.into_any()
                }}
                {match (line.past_best_before, line.best_before) {
                    (true, _) => Some(view! {
                        <span class="cart-line-retired">"Past its best-before date: remove it and add it again for fresher units"</span>
                    }.into_any()),
                    (false, Some(date)) => Some(view! {
                        <span class="cart-line-best-before">"Best before " {date.date_string()}</span>
                    }.into_any()),
                    (false, None) => None,
                }}
                <span class="cart-line-price">{line.unit_price.display(currency)} " each"</span>
            </div>
            <ActionForm action=update attr:class="cart-line-quantity">
                <input type="hidden" name="key" value=update_key/>
                <label for=quantity_id.clone()>"Quantity"</label>
                <input id=quantity_id name="quantity" type="number" min="0" max=MAX_LINE_QUANTITY value=line.quantity inputmode="numeric"/>
                <button type="submit">"Update"</button>
            </ActionForm>
            <ActionForm action=remove attr:class="cart-line-remove">
                <input type="hidden" name="key" value=remove_key/>
                <button type="submit" class="link-button" aria-label=remove_label>"Remove"</button>
            </ActionForm>
            <span class="cart-line-total">{line.line_total.display(currency)}</span>
        </li>
    }
}
