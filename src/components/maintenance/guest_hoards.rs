use leptos::prelude::*;

use crate::model::maintenance::GuestHoard;

/// Guest carts from one address that hold the same product: someone keeping it off the shelf with fresh sessions.
/// Nothing is shown while there are none.
#[component]
pub fn GuestHoards(hoards: Vec<GuestHoard>) -> impl IntoView {
    (!hoards.is_empty()).then(|| {
        view! {
            <section class="guest-hoards" aria-labelledby="guest-hoards-title">
                <h2 id="guest-hoards-title">"Guests holding one product in several carts"</h2>
                <p class="stat-note">
                    "Each row is one client address whose guest carts all hold the product. Their units come back when the carts expire."
                </p>
                <div class="table-scroll">
                    <table class="run-history">
                        <thead>
                            <tr><th>"Address"</th><th>"Product"</th><th>"Carts"</th><th>"Units"</th></tr>
                        </thead>
                        <tbody>
                            {hoards
                                .into_iter()
                                .map(|hoard| {
                                    view! {
                                        <tr>
                                            <td>{hoard.address}</td>
                                            <td><a href=format!("/p/{}", hoard.product_id)>{hoard.product_name}</a></td>
                                            <td>{hoard.carts}</td>
                                            <td>{hoard.units}</td>
                                        </tr>
                                    }
                                })
                                .collect_view()}
                        </tbody>
                    </table>
                </div>
            </section>
        }
    })
}
