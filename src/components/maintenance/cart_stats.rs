use leptos::prelude::*;

use crate::model::maintenance::Dashboard;

/// What maintenance is about right now: carts in use, carts waiting to expire, stock below its threshold.
#[component]
pub fn CartStats(dashboard: Dashboard) -> impl IntoView {
    let stale_note = format!("untouched for over {}", dashboard.cart_lifetime);
    view! {
        <dl class="admin-stats">
            <div><dt>"Active carts"</dt><dd data-stat="active-carts">{dashboard.active_carts}</dd></div>
            <div>
                <dt>"Stale carts awaiting expiry"</dt>
                <dd data-stat="stale-carts">{dashboard.stale_carts}</dd>
                <dd class="stat-note">{stale_note}</dd>
            </div>
            <div>
                <dt>"Products below their restock threshold"</dt>
                <dd data-stat="low-stock">{dashboard.products_below_threshold}</dd>
            </div>
        </dl>
    }
}
