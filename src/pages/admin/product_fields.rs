//! The inputs of a product's form, shared by creating and editing: the common details, then the fields of its
//! kind. Every input is named `fields[…]`, the `ProductFields` the server functions take.

use leptos::prelude::*;

use crate::model::product_form::ProductFields;
use crate::model::Category;

/// The inputs for `fields` (whose `kind` chooses which ones), prefilled.
#[component]
pub fn ProductFieldInputs(fields: ProductFields) -> impl IntoView {
    let kind = fields.kind.clone();
    let blank_means = "blank: not sold there";
    view! {
        <input type="hidden" name="fields[kind]" value=kind.clone()/>
        <Text label="Name" name="name" value=fields.name.clone() required=true/>
        <label>"Description"
            <textarea name="fields[description]" rows="4" maxlength="5000">{fields.description.clone()}</textarea>
        </label>
        <div class="edit-money">
            <Text label="Price in the UK (£)" name="price" value=fields.price.clone() inputmode="decimal" hint=blank_means/>
            <Text label="Price in the EU (€)" name="price_eur" value=fields.price_eur.clone() inputmode="decimal" hint=blank_means/>
            <Text label="Cost (£)" name="cost" value=fields.cost.clone() required=true inputmode="decimal"/>
        </div>
        {kind_inputs(&kind, fields)}
    }
}

fn kind_inputs(kind: &str, f: ProductFields) -> AnyView {
    match kind {
        "book" => view! {
            <Text label="Author" name="author" value=f.author required=true/>
            <Text label="Publisher" name="publisher" value=f.publisher required=true/>
            <div class="edit-pair">
                <Text label="Year" name="year" value=f.year required=true inputmode="numeric"/>
                <Text label="ISBN" name="isbn" value=f.isbn required=true hint="10 or 13 digits, hyphens allowed"/>
            </div>
        }
        .into_any(),
        "cd" => view! {
            <Text label="Artist" name="artist" value=f.artist required=true/>
            <Text label="Label" name="publisher" value=f.publisher/>
            <div class="edit-pair">
                <Text label="Tracks" name="tracks" value=f.tracks required=true inputmode="numeric"/>
                <Text label="Playing time (minutes)" name="playing_time_min" value=f.playing_time_min required=true inputmode="decimal"/>
            </div>
        }
        .into_any(),
        "phone" => view! {
            <Text label="Brand" name="brand" value=f.brand required=true/>
            <Text label="Model" name="model" value=f.model required=true/>
            <Text label="Colour" name="colour" value=f.colour required=true/>
            <Text label="Features" name="features" value=f.features hint="separated by commas: 5G, Dual SIM"/>
        }
        .into_any(),
        "appliance" => view! {
            <Text label="Brand" name="brand" value=f.brand/>
            <Text label="Model" name="model" value=f.model/>
            <Text label="Style" name="style" value=f.style required=true hint="Kettle, Toaster, Washing machine…"/>
            <Text label="Colour" name="colour" value=f.colour/>
            <div class="edit-pair">
                <Text label="Voltage" name="voltage" value=f.voltage required=true hint="230 V"/>
                <Text label="EAN (barcode)" name="ean" value=f.ean inputmode="numeric" hint="optional, 8 or 13 digits"/>
            </div>
        }
        .into_any(),
        _ => {
            let chosen = f.category.clone();
            view! {
                <label>"Category"
                    <select name="fields[category]">
                        {Category::ALL.iter().filter(|c| c.department() == crate::model::category::Department::Fresh).map(|category| {
                            let slug = category.slug();
                            view! { <option value=slug selected={chosen == slug}>{category.label()}</option> }
                        }).collect_view()}
                    </select>
                </label>
                <Text label="Country of origin" name="country_of_origin" value=f.country_of_origin required=true/>
                <div class="edit-pair">
                    <Text label="Weight or quantity" name="weight_or_quantity" value=f.weight_or_quantity required=true hint="500g, 1.5kg, 330ml, 6 pack"/>
                    <Text label="Shelf life (days)" name="shelf_life_days" value=f.shelf_life_days inputmode="numeric" hint="from arrival to best before"/>
                </div>
            }
            .into_any()
        }
    }
}

/// One labelled text input named `fields[<name>]`.
#[component]
fn Text(
    #[prop(into)] label: String,
    name: &'static str,
    value: String,
    #[prop(optional)] required: bool,
    #[prop(optional)] inputmode: Option<&'static str>,
    #[prop(optional)] hint: Option<&'static str>,
) -> impl IntoView {
    view! {
        <label>{label}
            <input name=format!("fields[{name}]") value=value required=required maxlength="200" inputmode=inputmode placeholder=hint/>
        </label>
    }
}
