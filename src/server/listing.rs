//! Category listings: the shopper's filters as one `$match` on the category's indexes, then one `$facet` that
//! returns the page, the total and every facet's counts for the current results.

use futures::TryStreamExt;
use mongodb::bson::{doc, Bson, Document};
use mongodb::Database;

use crate::model::listing::{FacetCount, Listing, ListingQuery, ProductCard, Sort, PAGE_SIZE};
use crate::model::product::{Product, ProductDetails};
use crate::server::collections::PRODUCTS;

/// The filter for `query`. Every value is bound as data (typed numbers, a plain string compared for equality),
/// never spliced into an operator.
fn filter(query: &ListingQuery) -> Document {
    let mut filter = doc! { "category": query.category.slug() };
    let mut price = Document::new();
    if let Some(min) = query.price_min {
        price.insert("$gte", min.0);
    }
    if let Some(max) = query.price_max {
        price.insert("$lte", max.0);
    }
    if !price.is_empty() {
        filter.insert("price", price);
    }
    if let Some(stars) = query.min_rating {
        filter.insert("rating.average", doc! { "$gte": f64::from(stars) });
    }
    if query.in_stock {
        filter.insert("in_stock", true);
    }
    if let (Some(creator), Some((_, field, _))) = (&query.creator, query.category.creator_facet()) {
        filter.insert(field, doc! { "$eq": creator.as_str() });
    }
    filter
}

/// The order, always ending on `_id` so that pages never overlap or skip. Each matches a `category_*` index.
fn sort(sort: Sort) -> Document {
    match sort {
        Sort::Rating => doc! { "rating.average": -1, "rating.count": -1, "_id": 1 },
        Sort::PriceAsc => doc! { "price": 1, "_id": 1 },
        Sort::PriceDesc => doc! { "price": -1, "_id": 1 },
        Sort::Newest => doc! { "created_at": -1, "_id": 1 },
    }
}

pub async fn list_products(
    db: &Database,
    query: ListingQuery,
    mut notices: Vec<String>,
) -> mongodb::error::Result<Listing> {
    let listing = query_once(db, query.clone(), notices.clone()).await?;
    if listing.items.is_empty() && query.page > listing.page_count {
        // A page past the end (an old link, a typed address): show the last page and say so.
        notices.push(format!("There are only {} pages, so this is the last one.", listing.page_count));
        return query_once(db, query.with_page(listing.page_count), notices).await;
    }
    Ok(listing)
}

async fn query_once(db: &Database, query: ListingQuery, notices: Vec<String>) -> mongodb::error::Result<Listing> {
    let skip = i64::from(query.page - 1) * i64::from(PAGE_SIZE);
    let mut facets = doc! {
        "items": [ { "$sort": sort(query.sort) }, { "$skip": skip }, { "$limit": i64::from(PAGE_SIZE) } ],
        "total": [ { "$count": "n" } ],
        "stars": [ { "$group": { "_id": { "$floor": "$rating.average" }, "count": { "$sum": 1 } } } ],
        "in_stock": [ { "$match": { "in_stock": true } }, { "$count": "n" } ],
    };
    // Only kinds with a creator get that facet (fresh food has none; an empty sub-pipeline is not allowed).
    if let Some((_, field, _)) = query.category.creator_facet() {
        let creators = [
            doc! { "$group": { "_id": format!("${field}"), "count": { "$sum": 1 } } },
            doc! { "$match": { "_id": { "$type": "string" } } },
            doc! { "$sort": { "count": -1, "_id": 1 } },
            doc! { "$limit": 20 },
        ];
        facets.insert("creators", creators.to_vec());
    }
    let pipeline = [doc! { "$match": filter(&query) }, doc! { "$facet": facets }];
    let result: Vec<Document> = db.collection::<Document>(PRODUCTS).aggregate(pipeline).await?.try_collect().await?;
    let facets = result.into_iter().next().unwrap_or_default();
    let array = |name: &str| facets.get_array(name).cloned().unwrap_or_default();
    let count_of = |name: &str| array(name).first().and_then(|d| d.as_document().map(count)).unwrap_or(0);

    let mut items = Vec::new();
    for item in array("items") {
        if let Bson::Document(document) = item {
            let product: Product = mongodb::bson::from_document(document)?;
            items.push(card(product));
        }
    }
    let total = count_of("total");
    let mut at_least_stars = [0u64; 4];
    for group in array("stars").iter().filter_map(Bson::as_document) {
        let floor = group.get_f64("_id").unwrap_or(0.0) as usize;
        for (index, threshold) in (1..=4).rev().enumerate() {
            if floor >= threshold {
                at_least_stars[index] += count(group);
            }
        }
    }
    Ok(Listing {
        notices,
        items,
        total,
        page_count: (total.div_ceil(u64::from(PAGE_SIZE)) as u32).max(1),
        creators: array("creators")
            .iter()
            .filter_map(Bson::as_document)
            .filter_map(|d| Some(FacetCount { value: d.get_str("_id").ok()?.to_owned(), count: count(d) }))
            .collect(),
        at_least_stars,
        in_stock: count_of("in_stock"),
        query,
    })
}

fn count(document: &Document) -> u64 {
    let value = document.get("count").or_else(|| document.get("n"));
    value.and_then(|v| v.as_i64().or_else(|| v.as_i32().map(i64::from))).unwrap_or(0).max(0) as u64
}

fn card(product: Product) -> ProductCard {
    let byline = match &product.details {
        ProductDetails::Book(book) => book.author.clone(),
        ProductDetails::Cd(cd) => cd.artist.clone(),
        ProductDetails::Phone(phone) => phone.brand.clone(),
        ProductDetails::Appliance(appliance) => appliance.brand.clone().unwrap_or_default(),
        ProductDetails::Fresh(fresh) => fresh.weight_or_quantity.clone(),
    };
    ProductCard {
        id: product.id,
        name: product.name,
        byline,
        price: product.price,
        currency: product.currency,
        rating: product.rating,
        in_stock: product.in_stock,
    }
}
