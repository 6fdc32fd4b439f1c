//! The product page's "Add to cart": quantity, and for fresh food the store to take it from (nearest by default).

use leptos::form::ActionForm;
use leptos::prelude::*;

use crate::api::cart::AddToCart;
use crate::components::FormError;
use crate::model::cart::MAX_LINE_QUANTITY;
use crate::model::catalogue::StoreStockView;

#[component]
pub fn AddToCartForm(product_id: String, stores: Vec<StoreStockView>, available: bool) -> impl IntoView {
    // A visitor with no session yet is given the id their first cart will take (see guest_cart_cookie).
    #[cfg(feature = "ssr")]
    crate::server::http::guest_cart_cookie::offer();
    let add = ServerAction::<AddToCart>::new();
    let value = add.value();
    let added = move || {
        value.get().and_then(Result::ok).map(|units| {
            let items = if units == 1 { "1 item".to_string() } else { format!("{units} items") };
            view! {
                <p class="form-ok" role="status">"Added. Your cart holds " {items} ". " <a href="/cart">"View cart"</a></p>
            }
        })
    };
    let store_choice = (!stores.is_empty()).then(|| {
        view! {
            <label for="store_id">"From"</label>
            <select id="store_id" name="store_id">
                <option value="">"The nearest store with stock"</option>
                {stores
                    .into_iter()
                    .filter(|store| store.quantity > 0)
                    .map(|store| view! { <option value=store.store_id>{format!("{}, {}", store.store, store.address)}</option> })
                    .collect_view()}
            </select>
        }
    });
    view! {
        <ActionForm action=add attr:class="add-to-cart">
            <input type="hidden" name="product_id" value=product_id/>
            <label for="quantity">"Quantity"</label>
            <input id="quantity" name="quantity" type="number" min="1" max=MAX_LINE_QUANTITY value="1" inputmode="numeric"/>
            {store_choice}
            <button type="submit" disabled=move || !available || add.pending().get()>"Add to cart"</button>
        </ActionForm>
        <FormError value/>
        {added}
    }
}
