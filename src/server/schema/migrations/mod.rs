//! Versioned changes to stored documents, so that a database created by an older Amazone keeps working. Each
//! migration is applied once per database, in version order, and recorded in the `migrations` collection; at start
//! every server applies what is not yet recorded, one server at a time (a lease, like the maintenance jobs).
//!
//! Every migration finds the documents still in the old shape and rewrites only those, so a migration killed halfway
//! is simply run again from the start and finishes the rest, and running one twice changes nothing more.

mod cart_regions;
mod fresh_batches;
mod ledger;
mod partners;
mod regional_prices;
mod replaced_indexes;

use futures::future::BoxFuture;
use mongodb::Database;

use crate::model::region::Regions;

pub use ledger::{describe, forget_all, run_pending, status, AppliedMigration, MigrationStatus};
pub use replaced_indexes::drop_indexes;

/// One change to stored documents. `apply` returns how many documents (or indexes) it changed.
pub struct Migration {
    /// Never reused or reordered: the ledger records versions.
    pub version: u32,
    pub name: &'static str,
    /// What it changes, for `amazone migrate --status`.
    pub about: &'static str,
    apply: for<'a> fn(&'a Database, &'a Regions) -> BoxFuture<'a, mongodb::error::Result<u64>>,
}

/// Every migration, oldest first. A new one goes at the end with the next version.
pub const MIGRATIONS: &[Migration] = &[
    Migration {
        version: 1,
        name: "partner_loads",
        about: "partners carry a load of orders up to a capacity, counted from their orders out for delivery",
        apply: |db, _| Box::pin(partners::partner_loads(db)),
    },
    Migration {
        version: 2,
        name: "partner_rating_summaries",
        about: "partners get a rating summary like products', computed from their ratings",
        apply: |db, _| Box::pin(partners::partner_rating_summaries(db)),
    },
    Migration {
        version: 3,
        name: "drop_replaced_indexes",
        about: "order indexes replaced by ones ending in _id are dropped",
        apply: |db, _| Box::pin(replaced_indexes::drop_replaced_indexes(db)),
    },
    Migration {
        version: 4,
        name: "fresh_stock_batches",
        about: "each store's fresh units become a batch with a best-before date; products lose expires_on",
        apply: |db, _| Box::pin(fresh_batches::fresh_stock_batches(db)),
    },
    Migration {
        version: 5,
        name: "regions",
        about: "stores, warehouses, customers, orders, partners, carts and ratings get the region they belong to",
        apply: |db, regions| Box::pin(crate::server::regions::stamp_missing(db, regions)),
    },
    Migration {
        version: 6,
        name: "regional_prices",
        about: "products get a price in each currency (euros converted from pounds and rounded); category_price goes",
        apply: |db, regions| Box::pin(regional_prices::regional_prices(db, regions)),
    },
    Migration {
        version: 7,
        name: "warehouse_stock_regions",
        about: "each warehouse's stock documents get the warehouse's region",
        apply: |db, regions| Box::pin(crate::server::regions::stamp_missing(db, regions)),
    },
    Migration {
        version: 8,
        name: "fresh_stock_regions",
        about: "each product's fresh stock becomes one document per region, holding that region's stores",
        apply: |db, regions| Box::pin(crate::server::regions::stamp_missing(db, regions)),
    },
    Migration {
        version: 9,
        name: "unique_keys",
        about: "legacy ids and customers' emails are claimed in unique_keys, unique across regions once sharded",
        apply: |db, _| Box::pin(crate::server::cluster::unique_keys::claim_stored(db)),
    },
    Migration {
        version: 10,
        name: "cart_regions",
        about: "active carts move to the region their shopper is delivered to, where they are now looked for",
        apply: |db, regions| Box::pin(cart_regions::carts_follow_shoppers(db, regions)),
    },
    Migration {
        version: 11,
        name: "order_regions",
        about: "customers list the regions holding their orders, where their orders and ratings are then read",
        apply: |db, regions| Box::pin(crate::server::regions::stamp_missing(db, regions)),
    },
];

#[cfg(test)]
mod tests {
    use super::MIGRATIONS;

    #[test]
    fn versions_count_up_from_one_and_names_are_unique() {
        for (index, migration) in MIGRATIONS.iter().enumerate() {
            assert_eq!(migration.version as usize, index + 1, "{} is out of order", migration.name);
        }
        let mut names: Vec<_> = MIGRATIONS.iter().map(|m| m.name).collect();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), MIGRATIONS.len());
    }
}
