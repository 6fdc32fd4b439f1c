//! `/admin/products/<id>`: one product as the back office sees it: its details, its pictures (upload another,
//! choose the main one, remove one) and what admins did to it.

use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use super::product_fields::ProductFieldInputs;
use super::{AdminNav, AdminRefusal};
use crate::api::back_office::{
    admin_product, upload_product_picture, AdjustStock, RemovePicture, RetireProduct, SetMainPicture, UpdateProduct,
};
use crate::components::{error_message, FormError};
use crate::model::back_office::{BackOfficeProduct, Choice, LocationStock, StockReason};
use crate::model::location::StockLocation;
use crate::model::picture::Picture;
use crate::model::product_form::ProductFields;
use crate::pages::NotFoundPage;

/// What the page can do; any of them reloads the product.
#[derive(Clone, Copy)]
struct Actions {
    main: ServerAction<SetMainPicture>,
    remove: ServerAction<RemovePicture>,
    adjust: ServerAction<AdjustStock>,
    edit: ServerAction<UpdateProduct>,
    retire: ServerAction<RetireProduct>,
    /// Local: a browser `FormData` cannot cross threads.
    upload: Action<UploadForm, Result<Picture, ServerFnError>>,
}

/// The upload form's data, as the browser sends it.
#[derive(Clone)]
struct UploadForm(send_wrapper::SendWrapper<web_sys::FormData>);

#[component]
pub fn AdminProductPage() -> impl IntoView {
    let params = use_params_map();
    let actions = Actions {
        main: ServerAction::new(),
        remove: ServerAction::new(),
        adjust: ServerAction::new(),
        edit: ServerAction::new(),
        retire: ServerAction::new(),
        upload: Action::new_local(|form: &UploadForm| upload_product_picture(form.0.clone().take().into())),
    };
    let page = Resource::new(
        move || {
            let id = params.read().get("id").unwrap_or_default();
            let versions = (
                actions.main.version().get(),
                actions.remove.version().get(),
                actions.adjust.version().get(),
                actions.edit.version().get(),
                actions.retire.version().get(),
                actions.upload.version().get(),
            );
            (id, versions)
        },
        |(id, _)| admin_product(id),
    );
    view! {
        <Title text="Product"/>
        <section class="admin-page back-office-product">
            <AdminNav/>
            <FormError value=actions.main.value()/>
            <FormError value=actions.remove.value()/>
            <FormError value=actions.adjust.value()/>
            <FormError value=actions.retire.value()/>
            <Transition fallback=|| view! { <p class="loading">"Loading the product…"</p> }>
                {move || Suspend::new(async move {
                    match page.await {
                        Ok(Some(page)) => view! { <ProductDesk page actions/> }.into_any(),
                        Ok(None) => view! { <NotFoundPage/> }.into_any(),
                        Err(err) => view! { <AdminRefusal err/> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn ProductDesk(page: BackOfficeProduct, actions: Actions) -> impl IntoView {
    let product = page.product;
    let product_id = product.id.clone();
    view! {
        <h1>{product.name.clone()}</h1>
        <p><a href=format!("/p/{}", product.id)>"See it in the shop"</a></p>
        <dl class="desk-facts">
            <dt>"Product id"</dt><dd>{product.id.clone()}</dd>
            <dt>"Kind"</dt><dd>{product.details.kind()}</dd>
            <dt>"Category"</dt><dd>{product.category.label()}</dd>
            <dt>"Prices"</dt><dd class="current-price">{product.prices.describe()}</dd>
            <dt>"Stock"</dt><dd>{if product.in_stock { "In stock" } else { "Out of stock" }}</dd>
            <dt>"Sale"</dt>
            <dd class="sale-state">{match product.retired_at {
                Some(at) => format!("Retired on {}: shoppers cannot find or buy it", at.date_string()),
                None => "On sale".to_string(),
            }}</dd>
        </dl>
        <RetireForm product_id=product_id.clone() retired=product.is_retired() action=actions.retire/>
        <EditDetails product=product.clone() action=actions.edit/>
        <h2 id="pictures">"Pictures"</h2>
        <p class="muted">"The first is the main picture: cards, carts and orders show it."</p>
        <ul class="picture-admin">
            {product.pictures.iter().enumerate().map(|(n, picture)| view! {
                <PictureTile
                    product_id=product_id.clone()
                    picture=picture.clone()
                    main={n == 0}
                    removable={product.pictures.len() > 1}
                    actions
                />
            }).collect_view()}
        </ul>
        <UploadPicture product_id=product_id.clone() max_mb=page.max_upload_mb action=actions.upload/>
        <h2 id="stock">"Stock"</h2>
        {if page.stock.is_empty() {
            view! { <p class="muted">"No store or warehouse holds this product."</p> }.into_any()
        } else {
            view! {
                <ul class="stock-admin">
                    {page.stock.into_iter().map(|held| view! {
                        <StockRow product_id=product_id.clone() held action=actions.adjust/>
                    }).collect_view()}
                </ul>
            }.into_any()
        }}
        <h2>"Changes"</h2>
        {if page.audit.is_empty() {
            view! { <p class="muted">"No admin has changed this product yet."</p> }.into_any()
        } else {
            view! {
                <table class="desk-table desk-audit">
                    <thead><tr><th>"When"</th><th>"Who"</th><th>"What"</th><th>"Before"</th><th>"After"</th></tr></thead>
                    <tbody>
                        {page.audit.into_iter().map(|entry| view! {
                            <tr>
                                <td>{entry.at.minute_string()}</td>
                                <td>{entry.by}</td>
                                <td>{entry.action}</td>
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

/// `removable`: not the product's only picture (a product keeps one).
#[component]
fn PictureTile(product_id: String, picture: Picture, main: bool, removable: bool, actions: Actions) -> impl IntoView {
    let size = format!("{} × {} px", picture.width, picture.height);
    let (src, id) = (picture.src(), picture.id.clone());
    let make_main = (!main).then(|| {
        let (product_id, id) = (product_id.clone(), id.clone());
        view! {
            <ActionForm action=actions.main>
                <input type="hidden" name="product_id" value=product_id/>
                <input type="hidden" name="picture_id" value=id/>
                <button type="submit">"Make main"</button>
            </ActionForm>
        }
    });
    let tile = id.clone();
    view! {
        <li class="picture-tile" data-picture=tile>
            <img src=src width=picture.width height=picture.height alt="" loading="lazy"/>
            <span class="picture-size">{size}</span>
            {main.then(|| view! { <strong class="picture-main">"Main picture"</strong> })}
            {make_main}
            {removable.then(|| view! {
                <ActionForm action=actions.remove>
                    <input type="hidden" name="product_id" value=product_id/>
                    <input type="hidden" name="picture_id" value=id/>
                    <button type="submit" class="secondary">"Remove"</button>
                </ActionForm>
            })}
        </li>
    }
}

/// Every field of the product's kind. A new price applies to lines added from now on; carts that hold the product
/// are told at checkout.
#[component]
fn EditDetails(product: crate::model::product::Product, action: ServerAction<UpdateProduct>) -> impl IntoView {
    let outcome = move || match action.value().get() {
        Some(Ok(Some(warning))) => Some(view! { <p class="notice" role="status">{warning}</p> }.into_any()),
        Some(Ok(None)) => Some(view! { <p class="notice" role="status">"Saved."</p> }.into_any()),
        Some(Err(err)) => Some(view! { <p class="form-error" role="alert">{error_message(&err)}</p> }.into_any()),
        None => None,
    };
    view! {
        <ActionForm action attr:class="edit-product">
            <h2>"Details"</h2>
            <input type="hidden" name="product_id" value=product.id.clone()/>
            <ProductFieldInputs fields=ProductFields::of(&product)/>
            <p class="muted">"A new price applies to what shoppers add from now on; carts that hold it are told at checkout."</p>
            <button type="submit">"Save"</button>
            {outcome}
        </ActionForm>
    }
}

/// One place's units, and the form that adjusts them.
#[component]
fn StockRow(product_id: String, held: LocationStock, action: ServerAction<AdjustStock>) -> impl IntoView {
    let location = match &held.location {
        StockLocation::Store(id) => format!("store:{id}"),
        StockLocation::Warehouse(id) => format!("warehouse:{id}"),
    };
    let (units_id, row) = (format!("units-{location}"), location.clone());
    view! {
        <li class="stock-row" data-location=row>
            <div>
                <strong>{held.name}</strong>
                <span class="stock-figures">
                    <span class="on-shelf">{held.on_shelf}</span>" for sale · "
                    <span class="in-carts">{held.in_carts}</span>" in carts"
                </span>
            </div>
            <ActionForm action attr:class="adjust-stock">
                <input type="hidden" name="product_id" value=product_id/>
                <input type="hidden" name="location" value=location/>
                <select name="action" aria-label="Adjustment">
                    <option value="add">"Add"</option>
                    <option value="remove">"Remove"</option>
                    <option value="set">"Set the count to"</option>
                </select>
                <label class="visually-hidden" for=units_id.clone()>"Units"</label>
                <input id=units_id type="number" name="units" min="0" step="1" required inputmode="numeric"/>
                <select name="reason" aria-label="Reason">
                    {StockReason::ALL.iter().map(|reason| view! { <option value=reason.as_str()>{reason.label()}</option> }).collect_view()}
                </select>
                <button type="submit">"Adjust"</button>
            </ActionForm>
        </li>
    }
}

/// A multipart form: with JavaScript it is sent in the background and the page shows the answer; without, the
/// browser posts it to the server function, which sends it back to this page.
#[component]
fn UploadPicture(
    product_id: String,
    max_mb: u64,
    action: Action<UploadForm, Result<Picture, ServerFnError>>,
) -> impl IntoView {
    let on_submit = move |event: leptos::ev::SubmitEvent| {
        use leptos::wasm_bindgen::JsCast;
        event.prevent_default();
        let Some(form) = event.target().and_then(|target| target.dyn_into::<web_sys::HtmlFormElement>().ok()) else {
            return;
        };
        if let Ok(data) = web_sys::FormData::new_with_form(&form) {
            action.dispatch_local(UploadForm(send_wrapper::SendWrapper::new(data)));
        }
    };
    let outcome = move || match action.value().get() {
        Some(Ok(_)) => Some(view! { <p class="notice" role="status">"The picture was added."</p> }.into_any()),
        Some(Err(err)) => Some(view! { <p class="form-error" role="alert">{error_message(&err)}</p> }.into_any()),
        None => None,
    };
    view! {
        <form
            class="upload-picture"
            method="post"
            action="/api/upload_product_picture"
            enctype="multipart/form-data"
            on:submit=on_submit
        >
            <h3>"Add a picture"</h3>
            <input type="hidden" name="product_id" value=product_id/>
            <label>
                {format!("JPEG, PNG or WebP, up to {max_mb} MB")}
                <input type="file" name="picture" accept="image/jpeg,image/png,image/webp" required/>
            </label>
            <label class="checkbox"><input type="checkbox" name="main"/>" Make it the main picture"</label>
            <button type="submit" disabled=move || action.pending().get()>
                {move || if action.pending().get() { "Uploading…" } else { "Upload" }}
            </button>
            {outcome}
        </form>
    }
}

/// Withdraws the product from sale, or puts it back.
#[component]
fn RetireForm(product_id: String, retired: bool, action: ServerAction<RetireProduct>) -> impl IntoView {
    let (retire, label, explained) = if retired {
        ("false", "Put back on sale", "Shoppers will find it again in listings, search and recommendations.")
    } else {
        (
            "true",
            "Retire this product",
            "It leaves listings, search, suggestions and recommendations, and no cart takes it; orders and ratings keep it.",
        )
    };
    view! {
        <ActionForm action attr:class="retire-form">
            <input type="hidden" name="product_id" value=product_id/>
            <input type="hidden" name="retire" value=retire/>
            <button type="submit" class="button secondary">{label}</button>
            <span class="muted">" " {explained}</span>
        </ActionForm>
    }
}
