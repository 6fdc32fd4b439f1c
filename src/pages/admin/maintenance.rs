//! `/admin`: the maintenance dashboard for admins (anyone else gets 403). While a job runs, the page looks again
//! every second, so its progress moves and its result appears without a reload.

use std::time::Duration;

use leptos::prelude::*;
use leptos_meta::Title;

use super::{AdminNav, AdminRefusal};
use crate::api::admin::{admin_dashboard, StartJob};
use crate::components::maintenance::{CartStats, FoodWaste, GuestHoards, JobCard, RunHistory, UnderAttack};
use crate::components::FormError;

/// How often a running job's progress is fetched.
const POLL: Duration = Duration::from_secs(1);

#[component]
pub fn AdminPage() -> impl IntoView {
    let start = ServerAction::<StartJob>::new();
    let poll = RwSignal::new(0u64);
    let dashboard = Resource::new(move || (poll.get(), start.version().get()), |_| admin_dashboard());
    Effect::new(move |_| {
        if dashboard.get().is_some_and(|loaded| loaded.is_ok_and(|dashboard| dashboard.any_running())) {
            set_timeout(move || poll.update(|n| *n += 1), POLL);
        }
    });
    view! {
        <Title text="Maintenance"/>
        <Transition fallback=|| view! { <p class="loading">"Loading the dashboard…"</p> }>
            {move || Suspend::new(async move {
                match dashboard.await {
                    Ok(dashboard) => view! {
                        <section class="admin-page">
                            <AdminNav/>
                            <h1>"Maintenance"</h1>
                            <FormError value=start.value()/>
                            <CartStats dashboard=dashboard.clone()/>
                            <GuestHoards hoards=dashboard.guest_hoards.clone()/>
                            <UnderAttack throttled=dashboard.under_attack.clone()/>
                            <FoodWaste waste=dashboard.waste.clone() days=dashboard.waste_days/>
                            <h2>"Jobs"</h2>
                            <ul class="job-cards">
                                {dashboard.jobs.into_iter().map(|panel| view! { <JobCard panel start/> }).collect_view()}
                            </ul>
                            <RunHistory runs=dashboard.history/>
                        </section>
                    }.into_any(),
                    Err(err) => view! { <AdminRefusal err/> }.into_any(),
                }
            })}
        </Transition>
    }
}
