//! `/deliveries`: a delivery partner's round. Each order they carry, with where to collect it, where it goes, what
//! to hand over and what to collect at the door; "Delivered" or "Could not deliver" (with a reason) for each.

use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;

use crate::api::deliveries::{my_deliveries, CouldNotDeliver, MarkDelivered};
use crate::components::{error_message, FormError};
use crate::model::delivery::{Round, Stop, FAILURE_REASONS};

#[component]
pub fn DeliveriesPage() -> impl IntoView {
    let delivered = ServerAction::<MarkDelivered>::new();
    let failed = ServerAction::<CouldNotDeliver>::new();
    // Either answer reloads the round: the order leaves it, and a waiting order may join it.
    let round = Resource::new(move || (delivered.version().get(), failed.version().get()), |_| my_deliveries());
    view! {
        <Title text="Your deliveries"/>
        <section class="deliveries-page">
            <h1>"Your deliveries"</h1>
            <FormError value=delivered.value()/>
            <FormError value=failed.value()/>
            <Suspense fallback=|| view! { <p class="loading">"Loading your round…"</p> }>
                {move || Suspend::new(async move {
                    match round.await {
                        Ok(round) => view! { <RoundView round delivered failed/> }.into_any(),
                        Err(err) => view! {
                            <p class="notice" role="alert">{error_message(&err)}</p>
                            <p><a class="button" href="/sign-in?next=/deliveries">"Sign in"</a></p>
                        }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn RoundView(
    round: Round,
    delivered: ServerAction<MarkDelivered>,
    failed: ServerAction<CouldNotDeliver>,
) -> impl IntoView {
    let summary = round.summary();
    let empty = round.stops.is_empty().then(|| {
        view! { <p class="round-empty">"Nothing to deliver right now. New orders appear here as soon as they are placed."</p> }
    });
    view! {
        <p class="round-summary">{summary}</p>
        {empty}
        <ol class="round">
            {round.stops.into_iter().map(|stop| view! { <StopCard stop delivered failed/> }).collect_view()}
        </ol>
    }
}

#[component]
fn StopCard(
    stop: Stop,
    delivered: ServerAction<MarkDelivered>,
    failed: ServerAction<CouldNotDeliver>,
) -> impl IntoView {
    let address = stop.address.as_ref().map(|a| a.one_line()).unwrap_or_else(|| "No address on the order".into());
    let to_collect = format!("Collect {} at the door (pay on delivery).", stop.to_collect.display(stop.currency));
    let pick_up = stop.pick_up.join("; ");
    // Each form's children are a closure of their own, which takes its own copy.
    let (order_id, deliver_id, fail_id) = (stop.order_id.clone(), stop.order_id.clone(), stop.order_id.clone());
    view! {
        <li class="stop" data-order=order_id>
            <h2>{stop.customer_name.clone()} " · " <span class="stop-tracking">{stop.tracking_number.clone()}</span></h2>
            <p class="stop-address">{address}</p>
            <p>"Collect from " {pick_up}</p>
            <ul class="stop-items">{stop.items.iter().map(|item| view! { <li>{item.clone()}</li> }).collect_view()}</ul>
            <p class="stop-collect">{to_collect}</p>
            <div class="stop-actions">
                <ActionForm action=delivered attr:class="deliver-form">
                    <input type="hidden" name="order_id" value=deliver_id/>
                    <button type="submit" class="button">"Delivered"</button>
                </ActionForm>
                <ActionForm action=failed attr:class="not-delivered-form">
                    <input type="hidden" name="order_id" value=fail_id/>
                    <select name="reason" aria-label="Why it could not be delivered">
                        {FAILURE_REASONS.iter().map(|reason| view! { <option value=*reason>{*reason}</option> }).collect_view()}
                    </select>
                    <button type="submit">"Could not deliver"</button>
                </ActionForm>
            </div>
        </li>
    }
}
