//! `/admin/partners`: every delivery partner with their load, deliveries and rating; an admin takes one off duty
//! (their orders go back to waiting, then to partners with room) or back on.

use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;

use super::{AdminNav, AdminRefusal};
use crate::api::desk::{desk_partners, SetPartnerOnDuty};
use crate::components::FormError;
use crate::model::desk::PartnerBrief;

#[component]
pub fn AdminPartnersPage() -> impl IntoView {
    let duty = ServerAction::<SetPartnerOnDuty>::new();
    let page = Resource::new(move || duty.version().get(), |_| desk_partners());
    view! {
        <Title text="Delivery partners"/>
        <section class="admin-page desk-partners">
            <AdminNav/>
            <h1>"Delivery partners"</h1>
            <FormError value=duty.value()/>
            <Transition fallback=|| view! { <p class="loading">"Loading partners…"</p> }>
                {move || Suspend::new(async move {
                    match page.await {
                        Ok(page) => {
                            let capacity = page.capacity;
                            view! {
                                <p>"Each partner carries up to " {capacity} " orders at once."</p>
                                <table class="desk-table">
                                    <thead><tr><th>"Partner"</th><th>"Carrying"</th><th>"Delivered"</th><th>"Rating"</th><th>"Duty"</th></tr></thead>
                                    <tbody>{page.partners.into_iter().map(|partner| view! { <PartnerRow partner capacity duty/> }).collect_view()}</tbody>
                                </table>
                            }.into_any()
                        }
                        Err(err) => view! { <AdminRefusal err/> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn PartnerRow(partner: PartnerBrief, capacity: u32, duty: ServerAction<SetPartnerOnDuty>) -> impl IntoView {
    let rating = match partner.rating.count {
        0 => "—".to_string(),
        count => format!("{:.1}★ ({count})", partner.rating.average),
    };
    let (label, next) = if partner.active { ("Take off duty", "false") } else { ("Put on duty", "true") };
    view! {
        <tr class:off-duty=!partner.active>
            <td>{partner.name} <br/> <small>{partner.email}</small></td>
            <td>{partner.load} " / " {capacity}</td>
            <td>{partner.deliveries}</td>
            <td>{rating}</td>
            <td>
                <ActionForm action=duty attr:class="duty-form">
                    <input type="hidden" name="partner_id" value=partner.id/>
                    <input type="hidden" name="on_duty" value=next/>
                    <button type="submit">{label}</button>
                </ActionForm>
            </td>
        </tr>
    }
}
