//! `amazone import DIR`: reads the original database's exports, maps every variant of a field onto the clean schema,
//! and writes what it can. It never stops at the first problem: every record or field it cannot take is reported by
//! file, record index and reason. Importing the same files again changes nothing. A folder written by
//! `amazone export` is restored as it is instead (see `backup`).

mod extended_json;
mod map_orders;
mod map_people;
mod map_places;
mod map_products;
mod map_stock;
mod record;
mod refs;
mod report;
mod source;
mod writer;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use mongodb::bson::{doc, Document};
use mongodb::Database;
use serde::Serialize;

use crate::model::region::Regions;
use crate::model::Timestamp;
use crate::server::collections::*;
use crate::server::ratings::refresh_summaries;
use crate::server::stock::refresh_in_stock;

use map_orders::OrderSource;
use record::Record;
use refs::Refs;
pub use report::{Counts, ImportReport, Problem, Severity};
use writer::{insert_if_absent, refusal, Outcome};

/// The original exports, in the order their references need.
pub const FILES: [&str; 13] = [
    "Store.json",
    "Warehouse.json",
    "Partners.json",
    "Products.json",
    "Customer_json_new.json",
    "Past_order_ISO_json.txt",
    "Current_order_ISO_json.txt",
    "Product_rating_Json.txt",
    "Partner_rating.json",
    "Carts.json",
    "Fresh_Product_Tracker.json",
    "Other_Product_Warehouse_Storage.json",
    "Daily_inventory_Json.txt",
];

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("cannot read the folder {0}: {1}. Check the path")]
    Folder(PathBuf, std::io::Error),
    #[error(
        "the database failed during the import ({0}); what was written is complete and a rerun continues from there"
    )]
    Database(#[from] mongodb::error::Error),
}

struct Importer<'a> {
    db: &'a Database,
    /// Products are priced in pounds in the exports; the other currencies' prices come from the regions' rates.
    regions: &'a Regions,
    dir: PathBuf,
    now: Timestamp,
    report: ImportReport,
}

/// Imports every export found in `dir`: the original database's files, or a folder written by `amazone export`.
pub async fn import_dir(db: &Database, dir: &Path, regions: &Regions) -> Result<ImportReport, ImportError> {
    std::fs::read_dir(dir).map_err(|err| ImportError::Folder(dir.to_path_buf(), err))?;
    let report = if crate::server::backup::is_export(dir) {
        crate::server::backup::restore_dir(db, dir).await?
    } else {
        let mut importer =
            Importer { db, regions, dir: dir.to_path_buf(), now: Timestamp::now(), report: ImportReport::default() };
        importer.run().await?;
        importer.report
    };
    // Imported products (and those of a backup made before pictures) have none yet.
    crate::server::pictures::draw_missing(db).await?;
    Ok(report)
}

impl Importer<'_> {
    async fn run(&mut self) -> Result<(), ImportError> {
        let (now, regions) = (self.now, self.regions);
        let stores = self.map_file("Store.json", STORES, |r, _| map_places::store(&r));
        self.write_all("Store.json", STORES, stores).await?;
        let warehouses = self.map_file("Warehouse.json", WAREHOUSES, |r, _| map_places::warehouse(&r));
        self.write_all("Warehouse.json", WAREHOUSES, warehouses).await?;
        let partners = self.map_file("Partners.json", PARTNERS, |r, _| map_places::partner(&r));
        self.write_all("Partners.json", PARTNERS, partners).await?;
        let products =
            self.map_file("Products.json", PRODUCTS, |r, notes| map_products::product(r, now, regions, notes));
        self.write_all("Products.json", PRODUCTS, products).await?;
        let customers = self.map_file("Customer_json_new.json", CUSTOMERS, |r, _| map_people::customer(r, now));
        self.write_all("Customer_json_new.json", CUSTOMERS, customers).await?;

        let refs = Refs::load(self.db).await?;
        for (file, source) in
            [("Past_order_ISO_json.txt", OrderSource::Past), ("Current_order_ISO_json.txt", OrderSource::Current)]
        {
            let orders = self.map_file(file, ORDERS, |r, notes| map_orders::order(r, source, &refs, notes));
            self.write_all(file, ORDERS, orders).await?;
        }
        let refs = Refs::load(self.db).await?;

        let file = "Product_rating_Json.txt";
        let ratings = self.map_file(file, PRODUCT_RATINGS, |r, notes| map_people::product_rating(r, &refs, notes));
        let ratings = self.latest_only(
            file,
            PRODUCT_RATINGS,
            ratings,
            |r| (r.customer_id.clone(), r.product_id.clone()),
            |r| r.rated_at,
        );
        self.write_all(file, PRODUCT_RATINGS, ratings).await?;
        let file = "Partner_rating.json";
        let ratings = self.map_file(file, PARTNER_RATINGS, |r, notes| map_people::partner_rating(r, &refs, notes));
        let ratings = self.latest_only(
            file,
            PARTNER_RATINGS,
            ratings,
            |r| (r.customer_id.clone(), r.order_id.clone()),
            |r| r.rated_at,
        );
        self.write_all(file, PARTNER_RATINGS, ratings).await?;

        let carts = self.map_file("Carts.json", CARTS, |r, notes| map_orders::cart(r, &refs, notes));
        self.write_all("Carts.json", CARTS, carts).await?;
        let stock = self.map_file("Fresh_Product_Tracker.json", FRESH_STOCK, |r, notes| {
            map_stock::fresh_stock(r, &refs, now, notes)
        });
        self.write_all("Fresh_Product_Tracker.json", FRESH_STOCK, stock).await?;
        let file = "Other_Product_Warehouse_Storage.json";
        let stock = self.map_file(file, WAREHOUSE_STOCK, |r, _| map_stock::warehouse_stock(r, &refs));
        self.write_all(file, WAREHOUSE_STOCK, stock).await?;
        self.import_inventory(&refs).await?;

        refresh_summaries(self.db).await?;
        crate::server::orders::partners::recount_loads(self.db, false).await?;
        refresh_in_stock(self.db).await?;
        Ok(())
    }

    /// Reads and maps one file's records, reporting the ones that cannot be mapped and the corrections made.
    fn map_file<T>(
        &mut self,
        file: &str,
        collection: &'static str,
        mut map: impl FnMut(Record, &mut Vec<String>) -> Result<T, String>,
    ) -> Vec<(usize, T)> {
        let records = match source::read_records(&self.dir.join(file)) {
            Ok(records) => records,
            Err(reason) => {
                self.report.file_failed(file, format!("{reason}; none of its records were imported"));
                return Vec::new();
            }
        };
        let mut mapped = Vec::with_capacity(records.len());
        for (index, record) in records.iter().enumerate() {
            let mut notes = Vec::new();
            match record.as_ref().map_err(String::clone).and_then(|value| map(Record::new(value)?, &mut notes)) {
                Ok(document) => {
                    notes.into_iter().for_each(|note| self.report.corrected(file, index, note));
                    mapped.push((index, document));
                }
                Err(reason) => self.report.refused(file, index, collection, reason),
            }
        }
        mapped
    }

    async fn write_all<T: Serialize>(
        &mut self,
        file: &str,
        collection: &'static str,
        documents: Vec<(usize, T)>,
    ) -> Result<(), ImportError> {
        for (index, document) in documents {
            match insert_if_absent(self.db, collection, &document).await? {
                Outcome::Inserted => self.report.written(collection, true),
                Outcome::AlreadyPresent => self.report.written(collection, false),
                Outcome::Refused(reason) => self.report.refused(file, index, collection, reason),
            }
        }
        Ok(())
    }

    /// One rating per customer and product (or order): the original has repeats; the latest stands.
    fn latest_only<T, K: std::hash::Hash + Eq>(
        &mut self,
        file: &str,
        collection: &'static str,
        ratings: Vec<(usize, T)>,
        key: impl Fn(&T) -> K,
        date: impl Fn(&T) -> Timestamp,
    ) -> Vec<(usize, T)> {
        let mut latest: HashMap<K, usize> = HashMap::new();
        for (position, (_, rating)) in ratings.iter().enumerate() {
            let slot = latest.entry(key(rating)).or_insert(position);
            if date(rating) >= date(&ratings[*slot].1) {
                *slot = position;
            }
        }
        let keep: HashMap<usize, usize> = latest.values().map(|&position| (position, ratings[position].0)).collect();
        let mut kept = Vec::new();
        for (position, (index, rating)) in ratings.into_iter().enumerate() {
            if keep.contains_key(&position) {
                kept.push((index, rating));
            } else {
                let winner = latest.get(&key(&rating)).map(|&p| keep[&p]).unwrap_or_default();
                self.report.refused(
                    file,
                    index,
                    collection,
                    format!("superseded by the same customer's later rating in record {winner}"),
                );
            }
        }
        kept
    }

    /// Daily levels go into monthly buckets: a measurement is added unless its day is already recorded.
    async fn import_inventory(&mut self, refs: &Refs) -> Result<(), ImportError> {
        let file = "Daily_inventory_Json.txt";
        let levels = self.map_file(file, INVENTORY_LEVELS, |r, notes| map_stock::inventory_level(r, refs, notes));
        let buckets = self.db.collection::<Document>(INVENTORY_LEVELS);
        for (index, (bucket, reading)) in levels {
            let reading = mongodb::bson::to_document(&reading).map_err(mongodb::error::Error::from)?;
            let location = mongodb::bson::to_bson(&bucket.location).map_err(mongodb::error::Error::from)?;
            let result = buckets
                .update_one(
                    doc! { "_id": &bucket.id, "measurements.day": { "$ne": reading.get("day") } },
                    doc! {
                        "$setOnInsert": { "product_id": &bucket.product_id, "location": location, "month": &bucket.month },
                        "$push": { "measurements": reading },
                    },
                )
                .upsert(true)
                .await;
            match result {
                Ok(_) => self.report.written(INVENTORY_LEVELS, true),
                // The bucket exists and already has this day: the upsert's insert collides with its _id.
                Err(err) if err.to_string().contains("E11000") => self.report.written(INVENTORY_LEVELS, false),
                Err(err) => match refusal(&err) {
                    Some(reason) => self.report.refused(file, index, INVENTORY_LEVELS, reason),
                    None => return Err(err.into()),
                },
            }
        }
        Ok(())
    }
}
