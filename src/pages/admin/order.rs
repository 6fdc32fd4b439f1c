//! `/admin/orders/<id>`: one order as the admin sees it: lines, customer, partner, its history and the audit log,
//! and the actions its state allows (give it to a partner, mark delivered or not delivered, cancel).

use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use super::{AdminNav, AdminRefusal};
use crate::api::deliveries::{CouldNotDeliver, MarkDelivered};
use crate::api::desk::{desk_order, AssignPartner};
use crate::api::orders::CancelOrder;
use crate::components::FormError;
use crate::model::delivery::FAILURE_REASONS;
use crate::model::desk::{DeskOrderPage, PartnerBrief};
use crate::pages::{status_class, NotFoundPage};

/// Every action the page offers; any of them reloads the order.
#[derive(Clone, Copy)]
struct Actions {
    assign: ServerAction<AssignPartner>,
    deliver: ServerAction<MarkDelivered>,
    fail: ServerAction<CouldNotDeliver>,
    cancel: ServerAction<CancelOrder>,
}

#[component]
pub fn AdminOrderPage() -> impl IntoView {
    let params = use_params_map();
    let actions = Actions {
        assign: ServerAction::new(),
        deliver: ServerAction::new(),
        fail: ServerAction::new(),
        cancel: ServerAction::new(),
    };
    let page = Resource::new(
        move || {
            let id = params.read().get("id").unwrap_or_default();
            let versions = (
                actions.assign.version().get(),
                actions.deliver.version().get(),
                actions.fail.version().get(),
                actions.cancel.version().get(),
            );
            (id, versions)
        },
        |(id, _)| desk_order(id),
    );
    view! {
        <Title text="Order"/>
        <section class="admin-page desk-order">
            <AdminNav/>
            <FormError value=actions.assign.value()/>
            <FormError value=actions.deliver.value()/>
            <FormError value=actions.fail.value()/>
            <FormError value=actions.cancel.value()/>
            <Transition fallback=|| view! { <p class="loading">"Loading the order…"</p> }>
                {move || Suspend::new(async move {
                    match page.await {
                        Ok(Some(page)) => view! { <OrderDesk page actions/> }.into_any(),
                        Ok(None) => view! { <NotFoundPage/> }.into_any(),
                        Err(err) => view! { <AdminRefusal err/> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn OrderDesk(page: DeskOrderPage, actions: Actions) -> impl IntoView {
    let (can_assign, can_deliver, can_cancel) = (page.can_assign(), page.can_deliver(), page.can_cancel());
    let order = page.order;
    let currency = order.currency;
    let tracking = order.delivery.as_ref().map(|delivery| delivery.tracking_number.clone()).unwrap_or_default();
    let address = order.shipping_address.as_ref().map(|a| a.one_line()).unwrap_or_else(|| "No address".into());
    let customer =
        format!("{} <{}>", order.customer_name, page.customer_email.unwrap_or_else(|| "email unknown".into()));
    let partner = page.partner.as_ref().map(describe).unwrap_or_else(|| "No partner".into());
    let order_id = order.id.clone();
    view! {
        <h1>"Order " {tracking}</h1>
        <p class=status_class(order.status)>{order.status.label()}</p>
        <dl class="desk-facts">
            <dt>"Order id"</dt><dd>{order.id.clone()}</dd>
            <dt>"Placed"</dt><dd>{order.placed_at.minute_string()}</dd>
            <dt>"Customer"</dt><dd class="desk-customer">{customer}</dd>
            <dt>"Deliver to"</dt><dd>{address}</dd>
            <dt>"Partner"</dt><dd class="desk-partner">{partner}</dd>
            <dt>"Total"</dt><dd>{order.total_price.display(currency)}</dd>
            <dt>"VAT"</dt><dd class="desk-vat">{order.vat_total.map_or_else(|| "not recorded".to_string(), |vat| vat.display(currency))}</dd>
        </dl>
        <ul class="order-lines">
            {order.lines.iter().map(|line| view! {
                <li><span>{line.quantity} " × " {line.name.clone()}</span><span>{line.unit_price.times(line.quantity).display(currency)}</span></li>
            }).collect_view()}
        </ul>
        <div class="desk-actions">
            {can_assign.then(|| view! { <AssignForm order_id=order_id.clone() candidates=page.candidates action=actions.assign/> })}
            {can_deliver.then(|| view! { <DeliverForms order_id=order_id.clone() actions/> })}
            {can_cancel.then(|| view! {
                <ActionForm action=actions.cancel attr:class="cancel-order">
                    <input type="hidden" name="order_id" value=order_id.clone()/>
                    <button type="submit">"Cancel the order"</button>
                </ActionForm>
            })}
        </div>
        <h2>"History"</h2>
        <table class="desk-table desk-history">
            <thead><tr><th>"When"</th><th>"State"</th><th>"By"</th><th>"Note"</th></tr></thead>
            <tbody>
                <tr><td>{order.placed_at.minute_string()}</td><td>"Placed"</td><td>"customer"</td><td></td></tr>
                {order.history.into_iter().map(|event| view! {
                    <tr>
                        <td>{event.at.minute_string()}</td>
                        <td>{event.status.label()}</td>
                        <td>{event.by}</td>
                        <td>{event.note.unwrap_or_default()}</td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
        <h2>"Audit log"</h2>
        {if page.audit.is_empty() {
            view! { <p>"No admin has acted on this order."</p> }.into_any()
        } else {
            view! {
                <table class="desk-table desk-audit">
                    <thead><tr><th>"When"</th><th>"Admin"</th><th>"Action"</th><th>"Before"</th><th>"After"</th></tr></thead>
                    <tbody>
                        {page.audit.into_iter().map(|entry| view! {
                            <tr>
                                <td>{entry.at.minute_string()}</td>
                                <td>{entry.by}</td>
                                <td>{entry.action}{entry.note.map(|note| format!(" ({note})"))}</td>
                                <td>{entry.before}</td>
                                <td>{entry.after}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            }.into_any()
        }}
    }
}

/// "Sandra Robinson <sandra@…> · carrying 2 · 4.5★ (12)".
fn describe(partner: &PartnerBrief) -> String {
    let rating = match partner.rating.count {
        0 => "not rated yet".to_string(),
        count => format!("{:.1}★ ({count})", partner.rating.average),
    };
    let duty = if partner.active { "" } else { " · off duty" };
    format!("{} <{}> · carrying {} · {rating}{duty}", partner.name, partner.email, partner.load)
}

#[component]
fn AssignForm(order_id: String, candidates: Vec<PartnerBrief>, action: ServerAction<AssignPartner>) -> impl IntoView {
    if candidates.is_empty() {
        return view! { <p class="desk-note">"Every partner on duty is full: the order goes to the first with room."</p> }
            .into_any();
    }
    view! {
        <ActionForm action attr:class="assign-form">
            <input type="hidden" name="order_id" value=order_id/>
            <label>"Give to "
                <select name="partner_id">
                    {candidates.iter().map(|partner| view! { <option value=partner.id.clone()>{describe(partner)}</option> }).collect_view()}
                </select>
            </label>
            <button type="submit" class="button">"Assign"</button>
        </ActionForm>
    }
    .into_any()
}

#[component]
fn DeliverForms(order_id: String, actions: Actions) -> impl IntoView {
    let (deliver_id, fail_id) = (order_id.clone(), order_id);
    view! {
        <ActionForm action=actions.deliver attr:class="deliver-form">
            <input type="hidden" name="order_id" value=deliver_id/>
            <button type="submit" class="button">"Mark delivered"</button>
        </ActionForm>
        <ActionForm action=actions.fail attr:class="not-delivered-form">
            <input type="hidden" name="order_id" value=fail_id/>
            <select name="reason" aria-label="Why it could not be delivered">
                {FAILURE_REASONS.iter().map(|reason| view! { <option value=*reason>{*reason}</option> }).collect_view()}
            </select>
            <button type="submit">"Not delivered"</button>
        </ActionForm>
    }
}
