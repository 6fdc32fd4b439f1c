//! `/p/<id>`: a product with the fields of its kind, its ratings and where it can be had. Rendered completely on the
//! server (title, description, canonical address and JSON-LD in the head for search engines); unknown ids answer 404.

use leptos::prelude::*;
use leptos_meta::{Link, Meta, Title};
use leptos_router::hooks::use_params_map;

use crate::api::catalogue::product_page;
use crate::components::{AddToCartForm, ProductPicture};
use crate::model::catalogue::{Availability, ProductPage};
use crate::model::product::{Product, ProductDetails};
use crate::model::region::NotDelivered;
use crate::pages::NotFoundPage;

#[component]
pub fn ProductPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.read().get("id").unwrap_or_default();
    let page = Resource::new(id, product_page);

    view! {
        <Suspense fallback=|| view! { <p class="loading">"Loading the product…"</p> }>
            {move || Suspend::new(async move {
                match page.await {
                    Ok(Some(page)) => view! { <ProductView page/> }.into_any(),
                    Ok(None) => view! { <NotFoundPage/> }.into_any(),
                    Err(_) => view! {
                        <p class="notice" role="alert">"This product can't be shown right now. Please try again in a moment."</p>
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn ProductView(page: ProductPage) -> impl IntoView {
    let product = page.product.clone();
    let price = page.price().map(|price| price.display(page.currency));
    let category = product.category;
    let description = match &price {
        Some(price) => format!("{} – {}. {}", product.name, price, product.description),
        None => format!("{}. {}", product.name, product.description),
    };
    let json_ld = json_ld(&page);
    let stores = match &page.availability {
        Availability::Stores(stores) => stores.clone(),
        _ => Vec::new(),
    };
    let available = page.availability.total() > 0;
    let retired = product.is_retired();

    view! {
        <Title text=product.name.clone()/>
        <Meta name="description" content=description/>
        <Link rel="canonical" href=format!("/p/{}", product.id)/>
        <script type="application/ld+json" inner_html=json_ld></script>
        <nav class="breadcrumbs" aria-label="Breadcrumb">
            <a href="/">"Home"</a>
            <span aria-hidden="true">" › "</span>
            <a href=category.href()>{category.label()}</a>
        </nav>
        <article class="product" data-kind=product.details.kind()>
            <div class="product-picture-box">
                <ProductPicture picture=product.main_picture().cloned() alt=product.name.clone() class="product-picture"/>
            </div>
            <header class="product-header">
                <h1>{product.name.clone()}</h1>
                <p class="product-byline">{byline(&product)}</p>
                <Stars average=product.rating.average count=product.rating.count/>
            </header>
            {if retired {
                // Orders and ratings still link here: say what happened instead of offering it.
                view! {
                    <section class="buy-box retired" aria-label="Availability">
                        <p class="stock out">"No longer sold"</p>
                        <p>"We have stopped selling this product. Your past orders and ratings of it are kept."</p>
                        <p><a href=category.href()>{format!("See what else is in {}", category.label())}</a></p>
                    </section>
                }.into_any()
            } else if let Some(price) = price {
                view! {
                    <section class="buy-box" aria-label="Price and availability">
                        <p class="price">{price}</p>
                        <AvailabilitySummary availability=page.availability.clone() not_delivered=page.not_delivered.clone()/>
                        <AddToCartForm product_id=product.id.clone() stores=stores available/>
                        <p class="pay-note">"Pay on delivery."</p>
                    </section>
                }.into_any()
            } else {
                // No price in the shopper's currency: not sold in their region, never shown at 0.
                view! {
                    <section class="buy-box not-sold" aria-label="Availability">
                        <p class="stock out">"Not sold where you are delivered to"</p>
                        <p>"We sell this product only in other countries. Your delivery country is in the header."</p>
                    </section>
                }.into_any()
            }}
            <section class="product-description">
                <h2>"About this product"</h2>
                <p>{product.description.clone()}</p>
                <KindFields product=product.clone()/>
            </section>
            <section class="product-ratings">
                <h2>"Customer ratings"</h2>
                <RatingHistogram histogram=page.stars_histogram/>
            </section>
            {(!retired).then(|| view! { <AvailabilityDetails availability=page.availability/> })}
        </article>
    }
}

fn byline(product: &Product) -> String {
    match &product.details {
        ProductDetails::Book(book) => format!("by {}", book.author),
        ProductDetails::Cd(cd) => format!("by {}", cd.artist),
        ProductDetails::Phone(phone) => phone.brand.clone(),
        ProductDetails::Appliance(appliance) => appliance.brand.clone().unwrap_or_default(),
        ProductDetails::Fresh(fresh) => format!("Origin: {}", fresh.country_of_origin),
    }
}

#[component]
fn Stars(average: f64, count: u32) -> impl IntoView {
    let label = if count == 0 {
        "Not rated yet".to_string()
    } else {
        format!("Rated {average:.1} out of 5 by {count} customer{}", if count == 1 { "" } else { "s" })
    };
    let filled = average.round().clamp(0.0, 5.0) as usize;
    view! {
        <p class="stars">
            <span class="stars-glyphs" aria-hidden="true">{"★".repeat(filled)}{"☆".repeat(5 - filled)}</span>
            <span class="stars-text">{label}</span>
        </p>
    }
}

/// The fields of the product's kind, as a definition list.
#[component]
fn KindFields(product: Product) -> impl IntoView {
    let rows: Vec<(&'static str, String)> = match product.details {
        ProductDetails::Book(book) => vec![
            ("Author", book.author),
            ("Publisher", book.publisher),
            ("Year", book.year.to_string()),
            ("ISBN", book.isbn),
        ],
        ProductDetails::Cd(cd) => {
            let mut rows = vec![
                ("Artist", cd.artist),
                ("Tracks", cd.tracks.to_string()),
                ("Playing time", format!("{} min", cd.playing_time_min)),
            ];
            rows.extend(cd.publisher.map(|label| ("Label", label)));
            rows
        }
        ProductDetails::Phone(phone) => vec![
            ("Brand", phone.brand),
            ("Model", phone.model),
            ("Colour", phone.colour),
            ("Features", phone.features.join(", ")),
        ],
        ProductDetails::Appliance(appliance) => [
            appliance.brand.map(|brand| ("Brand", brand)),
            appliance.model.map(|model| ("Model", model)),
            Some(("Voltage", appliance.voltage)),
            Some(("Style", appliance.style)),
            appliance.colour.map(|colour| ("Colour", colour)),
        ]
        .into_iter()
        .flatten()
        .collect(),
        // Best-before dates belong to batches, not the product: the buy box and the store list show them.
        ProductDetails::Fresh(fresh) => vec![
            ("Country of origin", fresh.country_of_origin),
            ("Weight or quantity", fresh.weight_or_quantity),
            ("Shelf life", fresh.shelf_life_days.map(|days| format!("{days} days from arrival")).unwrap_or_default()),
        ]
        .into_iter()
        .filter(|(_, value)| !value.is_empty())
        .collect(),
    };
    view! {
        <dl class="kind-fields">
            {rows.into_iter().map(|(term, value)| view! { <dt>{term}</dt><dd>{value}</dd> }).collect_view()}
        </dl>
    }
}

#[component]
fn RatingHistogram(histogram: [u32; 5]) -> impl IntoView {
    let total: u32 = histogram.iter().sum();
    if total == 0 {
        return view! { <p class="muted">"No ratings yet. Customers who buy it can rate it."</p> }.into_any();
    }
    view! {
        <table class="histogram">
            <caption class="visually-hidden">"How many customers gave each number of stars"</caption>
            <tbody>
                {(1..=5).rev().map(|stars| {
                    let count = histogram[stars - 1];
                    let percent = count * 100 / total;
                    view! {
                        <tr>
                            <th scope="row">{format!("{stars} star{}", if stars == 1 { "" } else { "s" })}</th>
                            // A meter, not a styled span: the page's CSP allows no inline styles.
                            <td class="bar"><meter min="0" max="100" value=percent aria-hidden="true"></meter></td>
                            <td class="count">{count}</td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}

#[component]
fn AvailabilitySummary(availability: Availability, not_delivered: Option<NotDelivered>) -> impl IntoView {
    if let Some(far) = not_delivered {
        return view! { <NotDeliveredNotice far/> }.into_any();
    }
    let (class, text) = match (&availability, availability.total()) {
        (_, 0) => ("stock out", "Out of stock".to_string()),
        (Availability::Stores(stores), _) => {
            let open = stores.iter().filter(|s| s.quantity > 0).count();
            ("stock in", format!("In stock in {open} store{}", if open == 1 { "" } else { "s" }))
        }
        (_, total) if total < 10 => ("stock low", format!("Only {total} left in our warehouse")),
        _ => ("stock in", "In stock in our warehouse".to_string()),
    };
    let best_before = availability.next_best_before().map(|(date, store)| {
        view! {
            <p class="best-before">
                "Best before " <time datetime=date.date_string()>{date.date_string()}</time>
                <span class="muted">{format!(" (from {store})")}</span>
            </p>
        }
    });
    view! { <p class=class>{text}</p> {best_before} }.into_any()
}

/// Fresh food whose stores are all out of the shopper's reach: says so, and how far the nearest is.
#[component]
fn NotDeliveredNotice(far: NotDelivered) -> impl IntoView {
    let reach = match far.radius_km {
        Some(km) => format!("Fresh food comes from our stores within {km:.0} km of your address"),
        None => format!("Fresh food comes from our stores in {}", far.to),
    };
    let nearest = match far.nearest {
        Some((store, city, Some(km))) => {
            format!("; the nearest with this product is {store} in {city}, {km:.0} km away.")
        }
        Some((store, city, None)) => format!("; the nearest with this product is {store} in {city}."),
        None => ", and none there has this product.".to_string(),
    };
    view! {
        <p class="stock out">{format!("Not delivered to {}", far.to)}</p>
        <p class="not-delivered muted">{reach}{nearest}</p>
    }
}

/// Fresh food: each store's stock, nearest first when the shopper's address is known (with the distance), else best
/// stocked first.
#[component]
fn AvailabilityDetails(availability: Availability) -> impl IntoView {
    let Availability::Stores(stores) = availability else {
        return ().into_any();
    };
    // No store reaching the shopper: the buy box says so, and an empty list would only repeat it.
    if stores.is_empty() {
        return ().into_any();
    }
    view! {
        <section class="store-stock">
            <h2>"Stock in our stores"</h2>
            <ul>
                {stores.into_iter().map(|s| {
                    let distance = s.distance_km.map(|km| format!(" ({km:.1} km away)")).unwrap_or_default();
                    let best_before = match s.best_before {
                        Some(date) if s.quantity > 0 => format!(", best before {}", date.date_string()),
                        _ => String::new(),
                    };
                    view! {
                        <li>
                            <span>{format!("{}, {}{distance}", s.store, s.address)}</span>
                            <span class="count">{format!("{} in stock{best_before}", s.quantity)}</span>
                        </li>
                    }
                }).collect_view()}
            </ul>
        </section>
    }
    .into_any()
}

/// schema.org Product data for search engines, escaped so that no text can close the script element.
fn json_ld(page: &ProductPage) -> String {
    let product = &page.product;
    let mut data = serde_json::json!({
        "@context": "https://schema.org",
        "@type": "Product",
        "name": product.name,
        "description": product.description,
        "sku": product.id,
        "category": product.category.label(),
    });
    if let Some(price) = page.price() {
        data["offers"] = serde_json::json!({
            "@type": "Offer",
            "price": price.to_string(),
            "priceCurrency": page.currency.code(),
            "availability": if product.is_retired() {
                "https://schema.org/Discontinued"
            } else if page.availability.total() > 0 {
                "https://schema.org/InStock"
            } else {
                "https://schema.org/OutOfStock"
            },
        });
    }
    if !product.pictures.is_empty() {
        // Site-relative, as the page's own links are; search engines resolve them against the page.
        data["image"] = product.pictures.iter().map(|picture| picture.src()).collect();
    }
    if product.rating.count > 0 {
        data["aggregateRating"] = serde_json::json!({
            "@type": "AggregateRating",
            "ratingValue": product.rating.average,
            "reviewCount": product.rating.count,
        });
    }
    crate::components::script_json(&data)
}
