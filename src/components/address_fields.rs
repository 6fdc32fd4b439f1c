//! The fields of a delivery address, shared by sign-up and checkout (names match the server functions' arguments).

use leptos::prelude::*;

use crate::model::address::{Address, DELIVERY_COUNTRIES};

/// `address` fills the fields; without one they are empty and the country is `country` (the one the shopper picked in
/// "Deliver to"), else the United Kingdom.
#[component]
pub fn AddressFields(
    #[prop(optional)] address: Option<Address>,
    #[prop(default = None)] country: Option<String>,
) -> impl IntoView {
    let address = address.unwrap_or(Address {
        line1: String::new(),
        line2: None,
        city: String::new(),
        postcode: String::new(),
        country: country.unwrap_or_else(|| "GB".into()),
    });
    let country = address.country.clone();
    view! {
        <fieldset class="address-fields">
            <legend>"Delivery address"</legend>
            <label>"House number and street"
                <input name="line1" required autocomplete="address-line1" value=address.line1.clone()/>
            </label>
            <label>"Flat, building (optional)"
                <input name="line2" autocomplete="address-line2" value=address.line2.clone().unwrap_or_default()/>
            </label>
            <label>"Town or city"
                <input name="city" required autocomplete="address-level2" value=address.city.clone()/>
            </label>
            <label>"Postcode"
                <input name="postcode" required autocomplete="postal-code" value=address.postcode.clone()/>
            </label>
            <label>"Country"
                <select name="country" autocomplete="country">
                    {DELIVERY_COUNTRIES
                        .iter()
                        .map(|(code, name)| view! { <option value=*code selected=country == *code>{*name}</option> })
                        .collect_view()}
                </select>
            </label>
        </fieldset>
    }
}
