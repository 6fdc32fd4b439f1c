//! The indexes each collection needs, each beside the query that uses it.

use mongodb::bson::doc;
use mongodb::options::IndexOptions;
use mongodb::IndexModel;

use crate::server::collections::*;
use crate::server::pictures::store::{CHUNKS, FILES};

fn index(keys: mongodb::bson::Document, name: &str) -> IndexModel {
    IndexModel::builder().keys(keys).options(IndexOptions::builder().name(name.to_string()).build()).build()
}

/// MongoDB deletes each document once its `expires_at` has passed.
fn expires_at_ttl() -> IndexModel {
    let options = IndexOptions::builder().name("expires_at_ttl".to_string()).expire_after(std::time::Duration::ZERO);
    IndexModel::builder().keys(doc! { "expires_at": 1 }).options(options.build()).build()
}

fn unique(keys: mongodb::bson::Document, name: &str) -> IndexModel {
    IndexModel::builder()
        .keys(keys)
        .options(IndexOptions::builder().name(name.to_string()).unique(true).build())
        .build()
}

/// Unique where present: the original database's numeric id, kept on imported documents only.
/// Used by the importer's upserts (`{legacy_id: n}`) and by resolving old references.
fn legacy_id() -> IndexModel {
    IndexModel::builder()
        .keys(doc! { "legacy_id": 1 })
        .options(
            IndexOptions::builder()
                .name("legacy_id_unique".to_string())
                .unique(true)
                .partial_filter_expression(doc! { "legacy_id": { "$exists": true } })
                .build(),
        )
        .build()
}

/// The same lookup in a collection sharded by region, where the id is kept unique by its claim
/// (`cluster::unique_keys`) instead: a unique index there could only be unique per shard.
fn legacy_id_lookup() -> IndexModel {
    partial(doc! { "legacy_id": 1 }, "legacy_id", doc! { "legacy_id": { "$exists": true } })
}

/// Indexes replaced by others, as (collection, name): dropped before the indexes are built, so that a replacement
/// may reuse their keys. Unique indexes that the sharding plan could not keep (`cluster::compatibility`) became
/// claims or gained the shard key in front.
pub const REPLACED_INDEXES: &[(&str, &str)] = &[
    (CUSTOMERS, "legacy_id_unique"),
    (CUSTOMERS, "email_unique"),
    (CARTS, "legacy_id_unique"),
    (CARTS, "active_cart_per_customer"),
    (ORDERS, "legacy_order_unique"),
    (PRODUCT_RATINGS, "legacy_id_unique"),
    (PRODUCT_RATINGS, "customer_product_unique"),
    (PARTNER_RATINGS, "legacy_id_unique"),
    (PARTNER_RATINGS, "customer_order_unique"),
    (FRESH_STOCK, "product_region_unique"),
    (WAREHOUSE_STOCK, "product_warehouse_unique"),
];

/// Unique only among the documents matching `partial`.
fn unique_where(keys: mongodb::bson::Document, name: &str, partial: mongodb::bson::Document) -> IndexModel {
    IndexModel::builder()
        .keys(keys)
        .options(IndexOptions::builder().name(name.to_string()).unique(true).partial_filter_expression(partial).build())
        .build()
}

fn partial(keys: mongodb::bson::Document, name: &str, partial: mongodb::bson::Document) -> IndexModel {
    IndexModel::builder()
        .keys(keys)
        .options(IndexOptions::builder().name(name.to_string()).partial_filter_expression(partial).build())
        .build()
}

/// A customer's active cart (guests' carts have no customer).
fn active_customer_cart() -> mongodb::bson::Document {
    doc! { "status": "active", "customer_id": { "$exists": true } }
}

pub fn indexes(collection: &str) -> Vec<IndexModel> {
    match collection {
        PRODUCTS => vec![
            legacy_id(),
            // Category pages: `{category}` filtered, sorted by the shopper's currency's price (and the home page's
            // per-category counts).
            index(doc! { "category": 1, "prices.GBP": 1 }, "category_price_gbp"),
            index(doc! { "category": 1, "prices.EUR": 1 }, "category_price_eur"),
            // Home page "top rated" per category: `{category}` sorted by `rating.average` descending.
            index(doc! { "category": 1, "rating.average": -1 }, "category_rating"),
            // Home page "new" per category: `{category}` sorted by `created_at` descending.
            index(doc! { "category": 1, "created_at": -1 }, "category_newest"),
            // Retired products (`{retired_at: {$exists: true}}`), few: jobs that walk the stock skip them, and the
            // back office lists them.
            IndexModel::builder()
                .keys(doc! { "retired_at": -1 })
                .options(
                    IndexOptions::builder()
                        .name("retired".to_string())
                        .partial_filter_expression(doc! { "retired_at": { "$exists": true } })
                        .build(),
                )
                .build(),
            // Searches that find nothing offer the most rated products: sorted by `rating.count`, then average.
            index(doc! { "rating.count": -1, "rating.average": -1 }, "popular"),
            // Suggestions while typing: `{name: {$gte: prefix, $lt: prefix + U+FFFF}}` under the same collation,
            // which ignores case and accents ("creme" finds "Crème Brûlée").
            IndexModel::builder()
                .keys(doc! { "name": 1 })
                .options(
                    IndexOptions::builder()
                        .name("name_prefix".to_string())
                        .collation(crate::server::suggest::name_collation())
                        .build(),
                )
                .build(),
            // Catalogue search: `$text` over names, descriptions, authors, artists, brands and models, by relevance.
            IndexModel::builder()
                .keys(doc! {
                    "name": "text", "description": "text", "details.author": "text", "details.artist": "text",
                    "details.brand": "text", "details.model": "text",
                })
                .options(
                    IndexOptions::builder()
                        .name("catalogue_text".to_string())
                        .weights(doc! {
                            "name": 10, "details.author": 6, "details.artist": 6, "details.brand": 6,
                            "details.model": 4, "description": 1,
                        })
                        .default_language("english".to_string())
                        .build(),
                )
                .build(),
        ],
        CUSTOMERS => vec![
            legacy_id_lookup(),
            // The order desk and privacy requests find a customer by `{email}` (stored lower-cased); one customer
            // per address is kept by the email's claim and by the accounts' unique index.
            index(doc! { "email": 1 }, "email"),
        ],
        CARTS => vec![
            legacy_id_lookup(),
            // A customer's active cart: `{customer_id, status: "active"}`.
            partial(doc! { "customer_id": 1 }, "active_cart_by_customer", active_customer_cart()),
            // At most one per customer, behind the region: the shard key's prefix, so that the cluster can keep it.
            unique_where(
                doc! { "region": 1, "customer_id": 1 },
                "one_active_cart_per_customer",
                active_customer_cart(),
            ),
            // Cart expiry: `{status: "active", updated_at: {$lt: cutoff}}`, oldest first.
            index(doc! { "status": 1, "updated_at": 1 }, "status_last_activity"),
            // Units of a product in shoppers' carts (the back office's stock): active carts holding the product.
            IndexModel::builder()
                .keys(doc! { "items.product_id": 1 })
                .options(
                    IndexOptions::builder()
                        .name("active_carts_by_product".to_string())
                        .partial_filter_expression(doc! { "status": "active" })
                        .build(),
                )
                .build(),
            // What guests from one address hold: `{guest_address, status: "active"}` (only guests' carts have one).
            IndexModel::builder()
                .keys(doc! { "guest_address": 1, "status": 1 })
                .options(
                    IndexOptions::builder()
                        .name("guest_carts_by_address".to_string())
                        .partial_filter_expression(doc! { "guest_address": { "$exists": true } })
                        .build(),
                )
                .build(),
        ],
        ORDERS => vec![
            // Importer lookups: past and current orders were numbered separately in the original (kept unique by
            // their claims).
            partial(
                doc! { "legacy_source": 1, "legacy_id": 1 },
                "legacy_order",
                doc! { "legacy_id": { "$exists": true } },
            ),
            // Every order list sorts by `placed_at` then `_id` (orders placed in the same millisecond keep one order
            // across pages), so each index ends in both: the sort then reads the index in order and stops at the
            // page, where an index without `_id` sorts every matching order in memory first.
            // A customer's orders page: `{customer_id}` sorted by `placed_at` descending.
            index(doc! { "customer_id": 1, "placed_at": -1, "_id": -1 }, "customer_orders_newest_id"),
            // A freed partner takes one of the oldest waiting orders: `{status: "awaiting_partner"}` sorted by
            // `placed_at` then `_id` (without `_id` here, each delivery sorted the whole backlog: a backlog then
            // slowed deliveries and grew).
            index(doc! { "status": 1, "placed_at": 1, "_id": 1 }, "status_placed_id"),
            // A partner's orders in a state (`/deliveries`: theirs out for delivery; counting loads).
            index(doc! { "delivery.partner_id": 1, "status": 1 }, "partner_status"),
            // Finding an order by the number on its parcel.
            index(doc! { "delivery.tracking_number": 1 }, "tracking_number"),
            // The admin's desk: every order newest first, or those to one country.
            index(doc! { "placed_at": -1, "_id": -1 }, "placed_newest_id"),
            index(doc! { "shipping_address.country": 1, "placed_at": -1, "_id": -1 }, "country_placed_id"),
        ],
        STORES => vec![
            legacy_id(),
            // Nearest store with stock to a shipping address: `$geoNear` on `location`.
            index(doc! { "location": "2dsphere" }, "location_2dsphere"),
        ],
        WAREHOUSES => vec![legacy_id()],
        PARTNERS => vec![
            legacy_id(),
            // Checkout's partner assignment: `$geoNear` on `location` with `{active: true, load: {$lt: capacity}}`.
            index(doc! { "location": "2dsphere" }, "location_2dsphere"),
        ],
        PRODUCT_RATINGS => vec![
            legacy_id_lookup(),
            // A customer's rating of a product (changeable: upsert on `{customer_id, product_id}`); also a
            // customer's ratings (`{customer_id}`), which the recommender reads per customer.
            index(doc! { "customer_id": 1, "product_id": 1 }, "customer_product"),
            // One per customer and product, behind the region (the shard key's prefix).
            unique(doc! { "region": 1, "customer_id": 1, "product_id": 1 }, "region_customer_product_unique"),
            // A product's ratings: its average, count and distribution (`{product_id}` grouped by stars).
            index(doc! { "product_id": 1, "stars": 1 }, "product_stars"),
        ],
        PARTNER_RATINGS => vec![
            legacy_id_lookup(),
            // A rating of an order by its customer: upsert on `{customer_id, order_id}`.
            index(doc! { "customer_id": 1, "order_id": 1 }, "customer_order"),
            // One per order, behind the region (the shard key's prefix).
            unique(doc! { "region": 1, "customer_id": 1, "order_id": 1 }, "region_customer_order_unique"),
            // A partner's ratings: `{partner_id}` for the partner's average.
            index(doc! { "partner_id": 1 }, "partner"),
        ],
        // Availability: `{product_id, region}`, one document per fresh product and region (the region missing until
        // split); reservations: `{product_id, stores.store_id}`, the store's region's document.
        FRESH_STOCK => vec![
            unique(doc! { "region": 1, "product_id": 1 }, "region_product_unique"),
            // Reserving in a store: `{product_id, stores.store_id}`.
            index(doc! { "product_id": 1, "stores.store_id": 1 }, "product_store"),
            // Writing off expired food: `{stores.batches.best_before: {$lt: today}}`.
            index(doc! { "stores.batches.best_before": 1 }, "batches_best_before"),
        ],
        WAREHOUSE_STOCK => vec![
            // Reservations and availability: `{product_id, warehouse_id}`.
            index(doc! { "product_id": 1, "warehouse_id": 1 }, "product_warehouse"),
            // One per product and warehouse, behind the warehouse's region (the shard key's prefix).
            unique(doc! { "region": 1, "product_id": 1, "warehouse_id": 1 }, "region_product_warehouse_unique"),
        ],
        // Recording a day's level: upsert on `{product_id, location.id, month}`, one bucket each.
        INVENTORY_LEVELS => vec![
            unique(doc! { "product_id": 1, "location.id": 1, "month": 1 }, "product_location_month_unique"),
            // The dashboard's waste per store: only buckets with a write-off are in it.
            IndexModel::builder()
                .keys(doc! { "measurements.wasted": 1 })
                .options(IndexOptions::builder().name("measurements_wasted".to_string()).sparse(true).build())
                .build(),
        ],
        // Sign-in: `{email}` (lower-cased), one account per address.
        ACCOUNTS => vec![unique(doc! { "email": 1 }, "email_unique")],
        // Sessions are looked up by `_id`; MongoDB deletes each once its `expires_at` has passed.
        SESSIONS => vec![
            expires_at_ttl(),
            // A customer's sessions, for their data export and erasure; guests' sessions are not indexed.
            partial(
                doc! { "data.signed_in.customer_id": 1 },
                "signed_in_customer",
                doc! { "data.signed_in.customer_id": { "$exists": true } },
            ),
        ],
        // Read by `_id` (a customer's rated and bought products); after a run, `{computed_at: {$lt: run start}}`
        // finds the lists it did not rewrite, to drop them.
        SIMILAR_PRODUCTS => vec![index(doc! { "computed_at": 1 }, "computed_at")],
        JOB_RUNS => vec![
            // The admin page: the history (`{started_at: -1}`) and each job's last run (`{job, started_at: -1}`).
            index(doc! { "started_at": -1 }, "started_at"),
            index(doc! { "job": 1, "started_at": -1 }, "job_started_at"),
            // A scheduled occurrence runs once, whichever server fires it: the second insert is refused.
            IndexModel::builder()
                .keys(doc! { "job": 1, "trigger.occurrence": 1 })
                .options(
                    IndexOptions::builder()
                        .name("scheduled_occurrence_unique".to_string())
                        .unique(true)
                        .partial_filter_expression(doc! { "trigger.kind": "schedule" })
                        .build(),
                )
                .build(),
        ],
        // Found by `_id`; MongoDB deletes each an hour after its last failure; the dashboard reads the largest.
        SIGN_IN_FAILURES => vec![expires_at_ttl(), index(doc! { "failures": -1 }, "failures")],
        // An order's or a partner's entries, newest first.
        AUDIT_LOG => vec![
            index(doc! { "order_id": 1, "at": -1 }, "order_at"),
            index(doc! { "partner_id": 1, "at": -1 }, "partner_at"),
            index(doc! { "product_id": 1, "at": -1 }, "product_at"),
        ],
        // Claims are found by `_id` (the value); an erased customer's by `{collection, holder}`.
        UNIQUE_KEYS => vec![index(doc! { "collection": 1, "holder": 1 }, "collection_holder")],
        // Leases are found by `_id` (the job's name) only; so are counters.
        // Folded oldest first by `_id` (an ObjectId's hex, in the order written).
        JOB_LEASES | COUNTERS | APPLIED_MIGRATIONS | EXPIRED_UNITS | RETURNED_UNITS => vec![],
        // GridFS's own, with the names and keys the driver gives them (so that its own check finds them).
        CHUNKS => vec![IndexModel::builder()
            .keys(doc! { "files_id": 1, "n": 1 })
            .options(IndexOptions::builder().unique(true).build())
            .build()],
        FILES => vec![
            IndexModel::builder().keys(doc! { "filename": 1, "uploadDate": 1 }).build(),
            // One file per picture id: the name is the hash of the bytes.
            unique(doc! { "filename": 1 }, "filename_unique"),
        ],
        other => unreachable!("no indexes for collection {other}"),
    }
}
