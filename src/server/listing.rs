//! Category pages and searches: the shopper's filters as one `$match` (on a category's indexes, or on the text
//! index), then one `$facet` that returns the page, the total and every facet's counts for the current results.

use futures::TryStreamExt;
use mongodb::bson::{doc, Bson, Document};
use mongodb::Database;

use crate::model::listing::{FacetCount, Listing, ListingQuery, ProductCard, Sort, PAGE_SIZE};
use crate::model::{Category, Currency};
use crate::server::catalogue::{price_field, sold_in};
use crate::server::collections::PRODUCTS;

/// The filter for `query`, without its category (see `category_match`). Every value is bound as data (typed
/// numbers, plain strings compared for equality, search words with the `$text` syntax taken out), never spliced into
/// an operator.
fn filter(query: &ListingQuery) -> Document {
    let mut filter = sold_in(query.currency);
    if let Some(text) = &query.search {
        filter.insert("$text", doc! { "$search": literal_terms(text) });
    }
    let mut price = Document::new();
    if let Some(min) = query.price_min {
        price.insert("$gte", min.0);
    }
    if let Some(max) = query.price_max {
        price.insert("$lte", max.0);
    }
    if !price.is_empty() {
        filter.insert(price_field(query.currency), price);
    }
    if let Some(stars) = query.min_rating {
        filter.insert("rating.average", doc! { "$gte": f64::from(stars) });
    }
    if query.in_stock {
        filter.insert("in_stock", true);
    }
    if let (Some(creator), Some((_, field, _))) = (&query.creator, query.category.and_then(|c| c.creator_facet())) {
        filter.insert(field, doc! { "$eq": creator.as_str() });
    }
    filter
}

/// `$text` reads `"…"` as a phrase and a leading `-` as "without"; a shopper's text means neither, so both go.
pub fn literal_terms(text: &str) -> String {
    text.split(|c: char| c.is_whitespace() || c == '"')
        .map(|word| word.trim_start_matches('-'))
        .filter(|word| !word.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

fn category_match(query: &ListingQuery) -> Option<Document> {
    query.category.map(|category| doc! { "category": category.slug() })
}

/// The order, always ending on `_id` so that pages never overlap or skip. On a category page each matches a
/// `category_*` index; relevance is the text score `$text` computed.
fn sort(sort: Sort, currency: Currency) -> Document {
    let price = price_field(currency);
    match sort {
        // `score` is the text score, kept by the `$project` stage.
        Sort::Relevance => doc! { "score": -1, "rating.count": -1, "_id": 1 },
        Sort::Rating => doc! { "rating.average": -1, "rating.count": -1, "_id": 1 },
        Sort::PriceAsc => doc! { price: 1, "_id": 1 },
        Sort::PriceDesc => doc! { price: -1, "_id": 1 },
        Sort::Newest => doc! { "created_at": -1, "_id": 1 },
    }
}

/// What a product card needs, so the facets carry no descriptions.
pub fn card_fields(searching: bool) -> Document {
    let mut fields = doc! {
        "name": 1, "category": 1, "prices": 1, "rating": 1, "in_stock": 1, "created_at": 1,
        "details.author": 1, "details.artist": 1, "details.brand": 1, "details.weight_or_quantity": 1,
        // A product has a few pictures at most; the card shows the first.
        "pictures": 1,
    };
    if searching {
        fields.insert("score", doc! { "$meta": "textScore" });
    }
    fields
}

pub async fn list_products(
    db: &Database,
    query: ListingQuery,
    mut notices: Vec<String>,
) -> mongodb::error::Result<Listing> {
    if query.search.as_deref().is_some_and(|text| literal_terms(text).is_empty()) {
        // Nothing to search for (an empty box, only quotes): no results, and the popular products instead.
        let popular = popular_products(db, POPULAR_LIMIT, query.currency).await?;
        return Ok(Listing::empty(query, notices, popular));
    }
    let mut listing = query_once(db, query.clone(), notices.clone()).await?;
    if listing.items.is_empty() && query.page > listing.page_count {
        // A page past the end (an old link, a typed address): show the last page and say so.
        notices.push(format!("There are only {} pages, so this is the last one.", listing.page_count));
        listing = query_once(db, query.with_page(listing.page_count), notices).await?;
    }
    if listing.total == 0 && listing.query.is_search() {
        listing.popular = popular_products(db, POPULAR_LIMIT, listing.query.currency).await?;
    }
    Ok(listing)
}

/// Products offered when a search finds nothing.
const POPULAR_LIMIT: i64 = 8;

/// The most rated products, best average first: the `popular` index, read in order.
pub async fn popular_products(
    db: &Database,
    limit: i64,
    currency: Currency,
) -> mongodb::error::Result<Vec<ProductCard>> {
    let found = db
        .collection::<Document>(PRODUCTS)
        .find(sold_in(currency))
        .sort(doc! { "rating.count": -1, "rating.average": -1 })
        .projection(card_fields(false))
        .limit(limit)
        .await?;
    cards(found, currency).await
}

/// The cards of a cursor over documents projected with `card_fields`, priced in `currency`.
pub async fn cards(cursor: mongodb::Cursor<Document>, currency: Currency) -> mongodb::error::Result<Vec<ProductCard>> {
    let documents: Vec<Document> = cursor.try_collect().await?;
    documents.into_iter().filter_map(|document| card_from_document(document, currency).transpose()).collect()
}

/// The one aggregation behind a listing page: match, keep the card fields, then every facet at once. Public so
/// that a test can `explain` it.
pub fn pipeline(query: &ListingQuery) -> Vec<Document> {
    let skip = i64::from(query.page - 1) * i64::from(PAGE_SIZE);
    let searching = query.is_search();
    let mut first_match = filter(query);
    // A category page filters on the category first, so the `category_*` indexes answer. A search matches on the
    // text index, and applies the category inside each facet but the category counts: those show every category.
    let mut in_category: Vec<Document> = Vec::new();
    match (searching, category_match(query)) {
        (false, Some(category)) => first_match.extend(category),
        (true, Some(category)) => in_category.push(doc! { "$match": category }),
        (_, None) => {}
    }
    let within = |stages: Vec<Document>| -> Vec<Document> { in_category.iter().cloned().chain(stages).collect() };
    let mut facets = doc! {
        "items": within(vec![
            doc! { "$sort": sort(query.sort, query.currency) }, doc! { "$skip": skip }, doc! { "$limit": i64::from(PAGE_SIZE) },
        ]),
        "total": within(vec![doc! { "$count": "n" }]),
        "stars": within(vec![doc! { "$group": { "_id": { "$floor": "$rating.average" }, "count": { "$sum": 1 } } }]),
        "in_stock": within(vec![doc! { "$match": { "in_stock": true } }, doc! { "$count": "n" }]),
    };
    // Only kinds with a creator get that facet (fresh food has none; an empty sub-pipeline is not allowed).
    if let Some((_, field, _)) = query.category.and_then(|c| c.creator_facet()) {
        facets.insert(
            "creators",
            within(vec![
                doc! { "$group": { "_id": format!("${field}"), "count": { "$sum": 1 } } },
                doc! { "$match": { "_id": { "$type": "string" } } },
                doc! { "$sort": { "count": -1, "_id": 1 } },
                doc! { "$limit": 20 },
            ]),
        );
    }
    if searching {
        facets.insert("categories", vec![doc! { "$group": { "_id": "$category", "count": { "$sum": 1 } } }]);
    }
    vec![doc! { "$match": first_match }, doc! { "$project": card_fields(searching) }, doc! { "$facet": facets }]
}

async fn query_once(db: &Database, query: ListingQuery, notices: Vec<String>) -> mongodb::error::Result<Listing> {
    let pipeline = pipeline(&query);
    let result: Vec<Document> = db.collection::<Document>(PRODUCTS).aggregate(pipeline).await?.try_collect().await?;
    let facets = result.into_iter().next().unwrap_or_default();
    let array = |name: &str| facets.get_array(name).cloned().unwrap_or_default();
    let count_of = |name: &str| array(name).first().and_then(|d| d.as_document().map(count)).unwrap_or(0);

    let mut items = Vec::new();
    for item in array("items") {
        if let Bson::Document(document) = item {
            items.extend(card_from_document(document, query.currency)?);
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
    let category_counts = array("categories");
    let categories = Category::ALL
        .into_iter()
        .filter_map(|category| {
            let found = category_counts
                .iter()
                .filter_map(Bson::as_document)
                .find(|group| group.get_str("_id") == Ok(category.slug()))
                .map(count);
            // The chosen category stays listed even with nothing in it, so the form still shows the choice.
            match found {
                Some(n) => Some((category, n)),
                None => (query.category == Some(category)).then_some((category, 0)),
            }
        })
        .collect();
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
        categories,
        at_least_stars,
        in_stock: count_of("in_stock"),
        popular: Vec::new(),
        query,
    })
}

fn count(document: &Document) -> u64 {
    let value = document.get("count").or_else(|| document.get("n"));
    value.and_then(|v| v.as_i64().or_else(|| v.as_i32().map(i64::from))).unwrap_or(0).max(0) as u64
}

/// A card from the projected fields `card_fields` keeps, at its price in `currency`; None for a product without one
/// (the reads filter those out with `sold_in`; a card is never shown at 0).
fn card_from_document(document: Document, currency: Currency) -> mongodb::error::Result<Option<ProductCard>> {
    #[derive(serde::Deserialize)]
    struct Projected {
        #[serde(rename = "_id")]
        id: String,
        name: String,
        prices: crate::model::Prices,
        rating: crate::model::rating::RatingSummary,
        in_stock: bool,
        #[serde(default)]
        details: ProjectedDetails,
        #[serde(default)]
        pictures: Vec<crate::model::picture::Picture>,
    }
    #[derive(serde::Deserialize, Default)]
    struct ProjectedDetails {
        author: Option<String>,
        artist: Option<String>,
        brand: Option<String>,
        weight_or_quantity: Option<String>,
    }
    let p: Projected = mongodb::bson::from_document(document)?;
    let Some(price) = p.prices.get(currency) else { return Ok(None) };
    let d = p.details;
    Ok(Some(ProductCard {
        id: p.id,
        name: p.name,
        byline: d.author.or(d.artist).or(d.brand).or(d.weight_or_quantity).unwrap_or_default(),
        price,
        currency,
        rating: p.rating,
        in_stock: p.in_stock,
        picture: p.pictures.into_iter().next(),
    }))
}

#[cfg(test)]
mod tests {
    use super::literal_terms;

    #[test]
    fn search_syntax_is_taken_out_of_the_shoppers_text() {
        assert_eq!(literal_terms("\"red apple\" -green"), "red apple green");
        assert_eq!(literal_terms("sugar-free  cola"), "sugar-free cola");
        assert_eq!(literal_terms("{\"$gt\": \"\"} $where .*"), "{ $gt : } $where .*");
        assert_eq!(literal_terms(" \" -- \" "), "");
    }
}
