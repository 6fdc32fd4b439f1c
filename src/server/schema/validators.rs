//! The `$jsonSchema` validator of every collection: MongoDB itself refuses a document that breaks one, whoever
//! writes it (the app, the importer, a shell).

use mongodb::bson::{doc, Bson, Document};

use crate::model::Category;
use crate::server::collections::*;

/// The validator for `collection`.
pub fn validator(collection: &str) -> Document {
    let schema = match collection {
        PRODUCTS => product(),
        CUSTOMERS => customer(),
        CARTS => cart(),
        ORDERS => order(),
        STORES | WAREHOUSES => location(),
        PARTNERS => partner(),
        PRODUCT_RATINGS => object(
            &["_id", "product_id", "customer_id", "stars", "rated_at"],
            doc! {
                "_id": id(), "legacy_id": integer(), "region": region(), "product_id": id(), "customer_id": id(), "stars": stars(),
                "rated_at": date(),
            },
        ),
        PARTNER_RATINGS => object(
            &["_id", "partner_id", "customer_id", "order_id", "stars", "rated_at"],
            doc! {
                "_id": id(), "legacy_id": integer(), "region": region(), "partner_id": id(), "customer_id": id(), "order_id": id(),
                "stars": stars(), "rated_at": date(),
            },
        ),
        FRESH_STOCK => object(
            &["_id", "product_id", "stores", "total"],
            doc! {
                "_id": id(), "region": region(), "product_id": id(), "total": count(),
                // `batches` is not required, so that a server not yet upgraded can still write (the migration adds it).
                "stores": array_of(object(&["store_id", "quantity"], doc! {
                    "store_id": id(), "quantity": count(), "batches": batches(),
                })),
            },
        ),
        WAREHOUSE_STOCK => object(
            &["_id", "product_id", "warehouse_id", "quantity"],
            doc! {
                "_id": id(), "region": region(), "product_id": id(), "warehouse_id": id(), "quantity": count(),
            },
        ),
        INVENTORY_LEVELS => object(
            &["_id", "product_id", "location", "month", "measurements"],
            doc! {
                "_id": id(), "product_id": id(), "location": stock_location(),
                "month": { "bsonType": "string", "pattern": "^[0-9]{4}-[0-9]{2}$" },
                // `returned` and `restocked`: the units expiry and restocking added that day; `received`, `damaged`
                // and `corrected` (signed): the admins' adjustments; `wasted`: units written off past their date.
                "measurements": array_of(object(&["day", "quantity"], doc! {
                    "day": date(), "quantity": count(), "returned": count(), "restocked": count(),
                    "received": count(), "damaged": count(), "corrected": integer(), "wasted": count(),
                })),
            },
        ),
        // One expiry batch's units, taken from the carts it deleted, until its run puts them back in stock.
        EXPIRED_UNITS => object(
            &["_id", "units"],
            doc! {
                "_id": id(),
                "units": array_of(object(&["product_id", "location", "quantity"], doc! {
                    "product_id": id(), "location": stock_location(), "quantity": quantity(), "batches": batches(),
                })),
            },
        ),
        // Units put back in stock, until the run folds them into the inventory levels.
        RETURNED_UNITS => object(
            &["_id", "day", "returns"],
            doc! {
                "_id": id(), "day": date(),
                "returns": array_of(object(&["product_id", "location", "units"], doc! {
                    "product_id": id(), "location": stock_location(), "units": quantity(),
                })),
            },
        ),
        AUDIT_LOG => object(
            &["_id", "at", "by", "action", "before", "after"],
            doc! {
                "_id": id(), "at": date(), "by": text(), "action": text(), "order_id": id(), "partner_id": id(),
                "product_id": id(),
                "before": text(), "after": text(), "note": text(),
            },
        ),
        SIGN_IN_FAILURES => object(
            &["_id", "failures", "last_at", "expires_at"],
            doc! { "_id": id(), "failures": count(), "last_at": date(), "expires_at": date(), "blocked_until": date() },
        ),
        // `next`: the number the sequence hands out next.
        COUNTERS => object(&["_id", "next"], doc! { "_id": id(), "next": count() }),
        // Each product's most similar products, written by the recommendations job.
        SIMILAR_PRODUCTS => object(
            &["_id", "neighbours", "computed_at"],
            doc! {
                "_id": id(), "computed_at": date(),
                "neighbours": array_of(object(&["product_id", "similarity"], doc! {
                    "product_id": id(), "similarity": { "bsonType": "double", "minimum": 0, "maximum": 1 },
                })),
            },
        ),
        // One run of a maintenance job: who started it, how far it got, what it changed. The job names come from
        // the one list of jobs, so that a new job cannot be forgotten here.
        JOB_RUNS => object(
            &["_id", "job", "trigger", "status", "started_at", "holder"],
            doc! {
                "_id": id(), "holder": text(), "started_at": date(), "finished_at": date(),
                "job": { "enum": crate::model::maintenance::Job::ALL.map(|job| Bson::from(job.name())).to_vec() },
                "status": { "enum": ["running", "succeeded", "failed", "interrupted"] },
                "trigger": object(&["kind"], doc! { "kind": { "enum": ["admin", "schedule", "command"] } }),
            },
        ),
        // Who runs a job right now, until when (renewed while it runs; a dead holder's lease simply expires).
        JOB_LEASES => object(
            &["_id", "holder", "run_id", "expires_at"],
            doc! { "_id": id(), "holder": text(), "run_id": id(), "expires_at": date() },
        ),
        // Sign-in details, apart from `customers` so that a password hash never travels with a customer document.
        ACCOUNTS => object(
            &["_id", "email", "password_hash", "role", "created_at"],
            doc! {
                "_id": id(), "email": text(), "password_hash": text(), "customer_id": id(), "partner_id": id(),
                "role": { "enum": ["customer", "partner", "admin"] }, "created_at": date(),
            },
        ),
        // One migration applied to this database (`_id` its version): when, by which server, changing how much.
        APPLIED_MIGRATIONS => object(
            &["_id", "name", "applied_at", "changed", "by"],
            doc! {
                "_id": integer(), "name": text(), "applied_at": date(), "seconds": { "bsonType": "double" },
                "changed": count(), "by": text(),
            },
        ),
        // A value unique across regions, held by one document of `collection` (`cluster::unique_keys`).
        UNIQUE_KEYS => object(&["_id", "collection", "holder"], doc! { "_id": text(), "collection": text() }),
        SESSIONS => object(&["_id", "data", "expires_at"], doc! { "_id": id(), "expires_at": date() }),
        other => unreachable!("no validator for collection {other}"),
    };
    doc! { "$jsonSchema": schema }
}

fn product() -> Document {
    let categories: Vec<Bson> = Category::ALL.iter().map(|c| Bson::from(c.slug())).collect();
    // A price is at least a minor unit: a product without one in a currency has none there, never 0.
    let price = doc! { "bsonType": ["int", "long"], "minimum": 1 };
    let mut schema = object(
        &["_id", "name", "description", "category", "cost", "rating", "created_at", "details"],
        doc! {
            "_id": id(), "legacy_id": integer(), "name": text(), "description": { "bsonType": "string" },
            "category": { "enum": categories }, "cost": money(),
            "prices": { "bsonType": "object", "additionalProperties": false, "properties": { "GBP": price.clone(), "EUR": price } },
            // The one price in pounds of products from before regional prices (a restored backup), until the
            // `regional_prices` migration rewrites them.
            "price": money(), "currency": currency(),
            "created_at": date(), "in_stock": { "bsonType": "bool" }, "retired_at": date(),
            "rating": rating_summary(),
            "pictures": array_of(object(&["id", "width", "height"], doc! {
                "id": { "bsonType": "string", "pattern": "^[0-9a-f]{32}$" },
                "width": { "bsonType": ["int", "long"], "minimum": 1 },
                "height": { "bsonType": ["int", "long"], "minimum": 1 },
            })),
            "details": {
                "bsonType": "object",
                "required": ["kind"],
                "properties": { "kind": { "enum": ["book", "cd", "phone", "appliance", "fresh"] } },
            },
        },
    );
    schema.insert("anyOf", vec![doc! { "required": ["prices"] }, doc! { "required": ["price", "currency"] }]);
    schema
}

fn customer() -> Document {
    object(
        &["_id", "name", "email", "billing_address", "shipping_address", "Recommended_Products", "created_at"],
        doc! {
            "_id": id(), "legacy_id": integer(), "region": region(), "name": text(), "created_at": date(),
            "email": { "bsonType": "string", "pattern": "^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$" },
            "age": { "bsonType": ["int", "long"], "minimum": 0, "maximum": 130 },
            "billing_address": address(), "shipping_address": address(), "recommended_at": date(),
            "recommended_digest": { "bsonType": "long" },
            "Recommended_Products": array_of(object(&["Product_ID", "Name", "Average_customer_rating", "Price"], doc! {
                "Product_ID": id(), "Name": text(), "Average_customer_rating": { "bsonType": "number" }, "Price": money(),
            })),
        },
    )
}

fn cart() -> Document {
    object(
        &["_id", "status", "currency", "items", "created_at", "updated_at"],
        doc! {
            "_id": id(), "legacy_id": integer(), "region": region(), "customer_id": id(), "guest_address": text(), "currency": currency(),
            "status": { "enum": ["active", "checked_out"] }, "created_at": date(), "updated_at": date(),
            "items": array_of(object(&["product_id", "name", "category", "price", "quantity", "added_at"], doc! {
                "product_id": id(), "name": text(), "price": money(), "quantity": quantity(), "added_at": date(),
                "reserved_from": stock_location(), "batches": batches(),
            })),
        },
    )
}

fn order() -> Document {
    let mut lines = array_of(object(
        &["product_id", "name", "kind", "unit_price", "quantity", "source"],
        doc! {
            "product_id": id(), "name": { "bsonType": "string" }, "kind": text(), "unit_price": money(),
            "quantity": quantity(), "source": stock_location(), "batches": batches(),
            "vat": object(&["rate", "net", "vat"], doc! {
                "rate": { "bsonType": "number", "minimum": 0, "maximum": 50 }, "net": money(), "vat": money(),
            }),
        },
    ));
    lines.insert("minItems", 1);
    object(
        &[
            "_id",
            "customer_id",
            "customer_name",
            "placed_at",
            "currency",
            "lines",
            "total_price",
            "total_cost",
            "status",
        ],
        doc! {
            "_id": id(), "legacy_id": integer(), "region": region(), "customer_id": id(), "customer_name": { "bsonType": "string" },
            "shipping_address": address(), "placed_at": date(), "currency": currency(), "lines": lines,
            "total_price": money(), "vat_total": money(), "total_cost": money(),
            "status": { "enum": ["awaiting_partner", "out_for_delivery", "delivered", "cancelled"] },
            "history": array_of(object(&["status", "at", "by"], doc! {
                "status": { "enum": ["awaiting_partner", "out_for_delivery", "delivered", "cancelled"] },
                "at": date(), "by": text(),
            })),
            "delivery": object(&["tracking_number"], doc! {
                "partner_id": id(), "tracking_number": text(),
            }),
        },
    )
}

fn location() -> Document {
    object(
        &["_id", "name", "address", "location"],
        doc! {
            "_id": id(), "legacy_id": integer(), "region": region(), "name": text(), "address": address(), "location": geo_point(),
        },
    )
}

fn rating_summary() -> Document {
    object(
        &["average", "count"],
        doc! { "average": { "bsonType": "number", "minimum": 0, "maximum": 5 }, "count": count() },
    )
}

fn partner() -> Document {
    object(
        &["_id", "name", "email", "location", "active", "load", "deliveries", "hours_worked"],
        doc! {
            "_id": id(), "legacy_id": integer(), "region": region(), "name": text(), "email": text(), "location": geo_point(),
            "active": { "bsonType": "bool" }, "load": count(), "deliveries": count(),
            "hours_worked": { "bsonType": "number", "minimum": 0 }, "rating": rating_summary(),
        },
    )
}

fn object(required: &[&str], properties: Document) -> Document {
    doc! { "bsonType": "object", "required": required, "properties": properties }
}

fn array_of(items: Document) -> Document {
    doc! { "bsonType": "array", "items": items }
}

fn id() -> Document {
    doc! { "bsonType": "string", "minLength": 1 }
}

/// A region's code (`uk`, `eu`): which codes exist is the settings' business, the shape is the schema's.
fn region() -> Document {
    doc! { "bsonType": "string", "pattern": "^[a-z]{2,8}$" }
}

fn text() -> Document {
    doc! { "bsonType": "string", "minLength": 1 }
}

fn integer() -> Document {
    doc! { "bsonType": ["int", "long"] }
}

fn count() -> Document {
    doc! { "bsonType": ["int", "long"], "minimum": 0 }
}

fn quantity() -> Document {
    doc! { "bsonType": ["int", "long"], "minimum": 1 }
}

fn money() -> Document {
    doc! { "bsonType": ["int", "long"], "minimum": 0 }
}

fn stars() -> Document {
    doc! { "bsonType": ["int", "long"], "minimum": 1, "maximum": 5 }
}

fn date() -> Document {
    doc! { "bsonType": "date" }
}

fn currency() -> Document {
    doc! { "enum": ["GBP", "EUR"] }
}

fn address() -> Document {
    object(
        &["line1", "city", "postcode", "country"],
        doc! {
            "line1": text(), "city": text(), "postcode": text(),
            "country": { "bsonType": "string", "pattern": "^[A-Z]{2}$" },
        },
    )
}

fn geo_point() -> Document {
    object(
        &["type", "coordinates"],
        doc! {
            "type": { "enum": ["Point"] },
            "coordinates": { "bsonType": "array", "minItems": 2, "maxItems": 2, "items": { "bsonType": "number" } },
        },
    )
}

/// Fresh food's batches: units by best-before date.
fn batches() -> Document {
    array_of(object(&["best_before", "quantity"], doc! { "best_before": date(), "quantity": count() }))
}

fn stock_location() -> Document {
    object(&["kind", "id"], doc! { "kind": { "enum": ["store", "warehouse"] }, "id": id() })
}
