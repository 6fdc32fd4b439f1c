//! `/orders` and `/orders/<id>`: the customer's orders with their tracking, one order's lines and delivery, and
//! ratings for what was bought and for the partner who brought it.

use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use crate::api::orders::{my_orders, order_page, CancelOrder, RatePartner, RateProduct};
use crate::components::{error_message, FormError, ProductPicture};
use crate::model::order::{Order, OrderPage, OrderStatus};
use crate::pages::NotFoundPage;

#[component]
pub fn OrdersPage() -> impl IntoView {
    let orders = Resource::new(|| (), |_| my_orders());
    view! {
        <Title text="Your orders"/>
        <section class="orders-page">
            <h1>"Your orders"</h1>
            <Suspense fallback=|| view! { <p class="loading">"Loading your orders…"</p> }>
                {move || Suspend::new(async move {
                    match orders.await {
                        Ok(orders) if orders.is_empty() => view! { <p>"No orders yet. " <a href="/">"Start shopping"</a></p> }.into_any(),
                        Ok(orders) => view! {
                            <ul class="order-list">
                                {orders.into_iter().map(|order| view! {
                                    <li>
                                        <a href=format!("/orders/{}", order.id)>{order.headline.clone()}</a>
                                        <span>"Placed " {order.placed_at.date_string()}</span>
                                        <span class=status_class(order.status)>{order.status.label()}</span>
                                        <span>{order.total_price.display(order.currency)}</span>
                                    </li>
                                }).collect_view()}
                            </ul>
                        }.into_any(),
                        Err(err) => signed_out_or_error(err).into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

fn signed_out_or_error(err: ServerFnError) -> impl IntoView {
    view! {
        <p class="notice" role="alert">{error_message(&err)}</p>
        <p><a class="button" href="/sign-in?next=/orders">"Sign in"</a></p>
    }
}

/// The status badge's classes (its colour says waiting, moving, done or cancelled).
pub(crate) fn status_class(status: OrderStatus) -> &'static str {
    match status {
        OrderStatus::AwaitingPartner => "order-status waiting",
        OrderStatus::OutForDelivery => "order-status moving",
        OrderStatus::Delivered => "order-status done",
        OrderStatus::Cancelled => "order-status cancelled",
    }
}

#[component]
pub fn OrderDetailPage() -> impl IntoView {
    let params = use_params_map();
    // A cancellation reloads the order, so the page shows its new state and timeline.
    let cancel = ServerAction::<CancelOrder>::new();
    let page = Resource::new(
        move || (params.read().get("id").unwrap_or_default(), cancel.version().get()),
        |(id, _)| order_page(id),
    );
    view! {
        <Suspense fallback=|| view! { <p class="loading">"Loading the order…"</p> }>
            {move || Suspend::new(async move {
                match page.await {
                    Ok(Some(page)) => view! { <OrderView page cancel/> }.into_any(),
                    Ok(None) => view! { <NotFoundPage/> }.into_any(),
                    Err(err) => signed_out_or_error(err).into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn OrderView(page: OrderPage, cancel: ServerAction<CancelOrder>) -> impl IntoView {
    let order = page.order;
    let currency = order.currency;
    let delivered = order.status == OrderStatus::Delivered;
    let cancellable = page.can_cancel;
    const WAITING: &str = "Every delivery partner is busy: the first one free will bring it.";
    let tracking = match (&order.delivery, &page.partner_name) {
        _ if order.status == OrderStatus::Cancelled => "Cancelled: nothing will be delivered or charged.".to_string(),
        (Some(delivery), _) if order.status == OrderStatus::AwaitingPartner => {
            format!("Tracking number {}. {WAITING}", delivery.tracking_number)
        }
        (Some(delivery), partner) => format!(
            "Tracking number {}. Brought by {}{}.",
            delivery.tracking_number,
            partner.clone().unwrap_or_else(|| "our delivery partner".into()),
            delivery
                .estimated_days
                .map(|d| format!(", within {d} day{}", if d == 1 { "" } else { "s" }))
                .unwrap_or_default()
        ),
        (None, _) => WAITING.to_string(),
    };
    let address = order
        .shipping_address
        .as_ref()
        .filter(|_| order.status != OrderStatus::Cancelled)
        .map(|a| view! { <p>"Delivering to " {a.one_line()}</p> });
    view! {
        <Title text="Your order"/>
        <section class="order-page">
            <h1>"Order placed " {order.placed_at.date_string()}</h1>
            <p class=status_class(order.status)>{order.status.label()}</p>
            <p class="tracking">{tracking}</p>
            {address}
            <ul class="order-lines">
                {order.lines.iter().zip(page.sources.iter()).zip(page.product_stars.iter()).enumerate().map(|(n, ((line, source), stars))| view! {
                    <li>
                        <ProductPicture picture=page.pictures.get(n).cloned().flatten() alt=line.name.clone() class="line-picture" lazy=true/>
                        <a href=format!("/p/{}", line.product_id)>{line.quantity} " × " {line.name.clone()}</a>
                        <span class="cart-line-source">"From " {source.clone()}</span>
                        <span>{line.unit_price.times(line.quantity).display(currency)}</span>
                        {line.vat.map(|vat| view! { <span class="line-vat">{format!("incl. VAT {}", vat.rate_label())}</span> })}
                        <RateProductForm product_id=line.product_id.clone() name=line.name.clone() stars=*stars/>
                    </li>
                }).collect_view()}
            </ul>
            <p class="cart-total">"Total: " <strong>{order.total_price.display(currency)}</strong> " · pay on delivery"</p>
            {order.vat_total.map(|vat| view! { <p class="vat-total">"Includes VAT of " <span class="vat">{vat.display(currency)}</span></p> })}
            <Timeline order=order.clone()/>
            {cancellable.then(|| view! { <CancelOrderForm order_id=order.id.clone() cancel/> })}
            {delivered.then(|| view! { <RatePartnerForm order_id=order.id.clone() stars=page.partner_stars/> })}
        </section>
    }
}

/// The order's life so far: placed, then every change of state with when and by whom.
#[component]
fn Timeline(order: Order) -> impl IntoView {
    let who = |by: &str| match by.split_once(' ') {
        Some(("admin", _)) => " by our staff",
        Some(("partner", _)) => " by your delivery partner",
        _ if by == "customer" => " by you",
        _ => "",
    };
    view! {
        <section class="order-timeline" aria-labelledby="timeline-title">
            <h2 id="timeline-title">"Progress"</h2>
            <ol>
                <li><span>"Placed"</span> " " <time>{order.placed_at.minute_string()}</time></li>
                {order.history.iter().filter(|event| event.status != OrderStatus::AwaitingPartner || event.by != "store").map(|event| {
                    // Back to waiting after checkout means a delivery that did not happen.
                    let what = match (event.status, &event.note) {
                        (OrderStatus::AwaitingPartner, note) => format!(
                            "Not delivered{}{}: waiting for a partner again",
                            note.as_ref().map(|why| format!(" ({why})")).unwrap_or_default(),
                            who(&event.by),
                        ),
                        (status, Some(note)) => format!("{}{} ({note})", status.label(), who(&event.by)),
                        (status, None) => format!("{}{}", status.label(), who(&event.by)),
                    };
                    view! {
                        <li>
                            <span>{what}</span>
                            " "
                            <time>{event.at.minute_string()}</time>
                        </li>
                    }
                }).collect_view()}
                // Orders from before the history was kept show where they are now, without a time.
                {(order.history.is_empty() && order.status != OrderStatus::AwaitingPartner)
                    .then(|| view! { <li><span>{order.status.label()}</span></li> })}
            </ol>
        </section>
    }
}

/// While no partner has it, or soon after ordering, the customer may cancel; the items go back on the shelves.
#[component]
fn CancelOrderForm(order_id: String, cancel: ServerAction<CancelOrder>) -> impl IntoView {
    let value = cancel.value();
    view! {
        <ActionForm action=cancel attr:class="cancel-order">
            <input type="hidden" name="order_id" value=order_id/>
            <button type="submit">"Cancel this order"</button>
        </ActionForm>
        <FormError value/>
    }
}

/// 1 to 5 stars as a select: one control, keyboard friendly, and a value the server checks again.
fn star_select(label: String, current: Option<u8>) -> impl IntoView {
    view! {
        <select name="stars" aria-label=label>
            <option value="" selected=current.is_none()>"Your stars…"</option>
            {(1..=5u8).rev().map(|n| view! {
                <option value=n.to_string() selected=current == Some(n)>{"★".repeat(n as usize)} " " {n}</option>
            }).collect_view()}
        </select>
    }
}

#[component]
fn RateProductForm(product_id: String, name: String, stars: Option<u8>) -> impl IntoView {
    let rate = ServerAction::<RateProduct>::new();
    let value = rate.value();
    let saved = move || value.get().is_some_and(|r| r.is_ok()).then(|| view! { <span role="status">"Thanks!"</span> });
    view! {
        <ActionForm action=rate attr:class="rate-form">
            <input type="hidden" name="product_id" value=product_id/>
            {star_select(format!("Your rating of {name}"), stars)}
            <button type="submit">{if stars.is_some() { "Change rating" } else { "Rate" }}</button>
            {saved}
        </ActionForm>
        <FormError value/>
    }
}

#[component]
fn RatePartnerForm(order_id: String, stars: Option<u8>) -> impl IntoView {
    let rate = ServerAction::<RatePartner>::new();
    let value = rate.value();
    let saved = move || {
        value
            .get()
            .is_some_and(|r| r.is_ok())
            .then(|| view! { <span role="status">"Thanks for rating your delivery!"</span> })
    };
    view! {
        <section class="rate-delivery">
            <h2>"How was the delivery?"</h2>
            <ActionForm action=rate attr:class="rate-form">
                <input type="hidden" name="order_id" value=order_id/>
                {star_select("Your rating of the delivery".to_string(), stars)}
                <button type="submit">{if stars.is_some() { "Change rating" } else { "Rate delivery" }}</button>
                {saved}
            </ActionForm>
            <FormError value/>
        </section>
    }
}
