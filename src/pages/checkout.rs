//! `/checkout`: review the cart, confirm the delivery address, place the order (pay on delivery).

use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;

use crate::api::orders::{checkout_details, PlaceOrder};
use crate::components::{error_message, AddressFields, FormError, ProductPicture};
use crate::model::cart::CheckoutDetails;

#[component]
pub fn CheckoutPage() -> impl IntoView {
    let place = ServerAction::<PlaceOrder>::new();
    // A refused order (prices changed, too few left) may have changed the cart: read it again, keeping the message.
    let refusals = RwSignal::new(0u32);
    Effect::new(move |_| {
        if matches!(place.value().get(), Some(Err(_))) {
            refusals.update(|n| *n += 1);
        }
    });
    let details = Resource::new(move || refusals.get(), |_| checkout_details());
    view! {
        <Title text="Checkout"/>
        <section class="checkout-page">
            <h1>"Checkout"</h1>
            <Transition fallback=|| view! { <p class="loading">"Loading…"</p> }>
                {move || Suspend::new(async move {
                    match details.await {
                        Ok(details) if details.cart.lines.is_empty() => view! {
                            <p class="empty-cart">"Your cart is empty. " <a href="/">"Find something you like"</a></p>
                        }.into_any(),
                        Ok(details) => view! { <Review details place/> }.into_any(),
                        Err(err) => view! {
                            <p class="notice" role="alert">{error_message(&err)}</p>
                            <p><a class="button" href="/sign-in?next=/checkout">"Sign in to check out"</a></p>
                        }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn Review(details: CheckoutDetails, place: ServerAction<PlaceOrder>) -> impl IntoView {
    let value = place.value();
    let cart = details.cart;
    let currency = cart.currency;
    view! {
        <super::cart::CartNotice notice=cart.notice.clone()/>
        <h2>"Your items"</h2>
        <ul class="review-lines">
            {cart.lines.iter().map(|line| view! {
                <li>
                    <ProductPicture picture=line.picture.clone() alt=line.name.clone() class="line-picture" lazy=true/>
                    <span>{line.quantity} " × " {line.name.clone()}</span>
                    {if line.retired {
                        view! { <span class="cart-line-retired">"No longer sold: remove it from your cart"</span> }.into_any()
                    } else {
                        view! { <span class="cart-line-source">"From " {line.source.clone()}</span> }.into_any()
                    }}
                    <span>{line.line_total.display(currency)}</span>
                </li>
            }).collect_view()}
        </ul>
        <p class="cart-total">"Total: " <strong class="total">{cart.total.display(currency)}</strong></p>
        <p class="vat-total">"Includes VAT of " <span class="vat">{cart.vat_total.display(currency)}</span> " at the rates of the country you deliver to"</p>
        <ActionForm action=place attr:class="checkout-form">
            <input type="hidden" name="cart_id" value=cart.cart_id.clone().unwrap_or_default()/>
            <p>"Delivering to " {details.name.clone()} ":"</p>
            <AddressFields address=details.address.clone()/>
            <p class="pay-note">"You pay the delivery partner when your order arrives (cash or card). Nothing is charged now."</p>
            <button type="submit" disabled=move || place.pending().get()>"Place order"</button>
        </ActionForm>
        <FormError value/>
    }
}
