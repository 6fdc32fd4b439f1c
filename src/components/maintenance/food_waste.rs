use leptos::prelude::*;

use crate::model::maintenance::StoreWaste;

/// Fresh food wasted per store: written off in the last days, and past its date on the shelf now (what the next
/// "Write off expired food" removes).
#[component]
pub fn FoodWaste(waste: Vec<StoreWaste>, days: u32) -> impl IntoView {
    let body = if waste.is_empty() {
        view! { <p class="stat-note">{format!("No fresh food was written off in the last {days} days, and none on the shelves is past its date.")}</p> }
            .into_any()
    } else {
        view! {
            <div class="table-scroll">
                <table class="run-history">
                    <thead>
                        <tr>
                            <th>"Store"</th>
                            <th>{format!("Written off, last {days} days")}</th>
                            <th>"Past its date on the shelf"</th>
                        </tr>
                    </thead>
                    <tbody>
                        {waste
                            .into_iter()
                            .map(|store| view! {
                                <tr>
                                    <td>{store.store}</td>
                                    <td>{format!("{} units", store.wasted)}</td>
                                    <td>{format!("{} units", store.past_date_on_shelf)}</td>
                                </tr>
                            })
                            .collect_view()}
                    </tbody>
                </table>
            </div>
        }
        .into_any()
    };
    view! {
        <section class="food-waste" aria-labelledby="food-waste-title">
            <h2 id="food-waste-title">"Food waste by store"</h2>
            {body}
        </section>
    }
}
