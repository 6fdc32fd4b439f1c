//! Finding products for the admin: by words of the name (the shop's text index), by id, by category and stock, a
//! page at a time, alphabetically (or by relevance when searching).

use futures::TryStreamExt;
use mongodb::bson::{doc, Document};
use mongodb::Database;

use crate::model::back_office::{ProductList, ProductQuery, ProductRow, SaleFilter, StockFilter, PRODUCTS_PER_PAGE};
use crate::model::catalogue::is_plausible_id;
use crate::model::picture::Picture;
use crate::model::product::Product;
use crate::model::{Category, Prices};
use crate::server::collections::PRODUCTS;
use crate::server::listing::literal_terms;
use crate::server::suggest::name_collation;

pub async fn list(db: &Database, query: ProductQuery) -> mongodb::error::Result<ProductList> {
    let products = db.collection::<Document>(PRODUCTS);
    let mut filter = Document::new();
    if let Some(category) = query.category {
        filter.insert("category", category.slug());
    }
    match query.stock {
        StockFilter::Any => {}
        StockFilter::InStock => {
            filter.insert("in_stock", true);
        }
        StockFilter::OutOfStock => {
            filter.insert("in_stock", doc! { "$ne": true });
        }
    }
    match query.sale {
        SaleFilter::Any => {}
        SaleFilter::OnSale => filter.extend(crate::server::catalogue::on_sale()),
        SaleFilter::Retired => {
            filter.insert("retired_at", doc! { "$exists": true });
        }
    }
    let fields =
        doc! { "name": 1, "category": 1, "prices": 1, "in_stock": 1, "retired_at": 1, "pictures": { "$slice": 1 } };
    let skip = u64::from(query.page - 1) * u64::from(PRODUCTS_PER_PAGE);
    let limit = i64::from(PRODUCTS_PER_PAGE) + 1;
    let search = query.search.as_deref().map(literal_terms).filter(|terms| !terms.is_empty());
    let documents: Vec<Document> = match search {
        // An id pasted from an address finds that product.
        Some(text) if is_plausible_id(&text) && products.count_documents(doc! { "_id": &text }).await? > 0 => {
            products.find(doc! { "_id": &text }).projection(fields).await?.try_collect().await?
        }
        Some(text) => {
            filter.insert("$text", doc! { "$search": text });
            let mut fields = fields;
            fields.insert("score", doc! { "$meta": "textScore" });
            let sort = doc! { "score": { "$meta": "textScore" }, "_id": 1 };
            products.find(filter).projection(fields).sort(sort).skip(skip).limit(limit).await?.try_collect().await?
        }
        // Alphabetical, as the suggestions index orders names (case and accents aside).
        None => {
            products
                .find(filter)
                .projection(fields)
                .sort(doc! { "name": 1, "_id": 1 })
                .collation(name_collation())
                .skip(skip)
                .limit(limit)
                .await?
                .try_collect()
                .await?
        }
    };
    let has_more = documents.len() > PRODUCTS_PER_PAGE as usize;
    let rows = documents.into_iter().take(PRODUCTS_PER_PAGE as usize).map(row).collect::<Result<_, _>>()?;
    Ok(ProductList { query, rows, has_more })
}

fn row(document: Document) -> mongodb::error::Result<ProductRow> {
    #[derive(serde::Deserialize)]
    struct Projected {
        #[serde(rename = "_id")]
        id: String,
        name: String,
        category: Category,
        prices: Prices,
        #[serde(default)]
        in_stock: bool,
        #[serde(default)]
        pictures: Vec<Picture>,
        #[serde(default)]
        retired_at: Option<crate::model::Timestamp>,
    }
    let p: Projected = mongodb::bson::from_document(document)?;
    Ok(ProductRow {
        id: p.id,
        name: p.name,
        category: p.category,
        prices: p.prices,
        in_stock: p.in_stock,
        retired: p.retired_at.is_some(),
        picture: p.pictures.into_iter().next(),
    })
}

/// One product as the back office shows it, or None.
pub async fn product(db: &Database, id: &str) -> mongodb::error::Result<Option<Product>> {
    if !is_plausible_id(id) {
        return Ok(None);
    }
    db.collection::<Product>(PRODUCTS).find_one(doc! { "_id": id }).await
}
