//! The catalogue as every shopper sees it (listings, product pages, the home page's sections), kept in memory for
//! `catalogue.cache_secs`. A busy page then costs one database read per period, not one per shopper: a category
//! page's facets read every product of the category, which no index can avoid. Concurrent misses for one key wait for
//! a single read (moka coalesces them), and errors are never kept. Each server has its own cache, so what a shopper
//! sees may lag a change by at most the period; buying reads the database itself, so a stale page never oversells.

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use moka::future::Cache;

use crate::model::catalogue::{CategoryShelves, ProductPage};
use crate::model::listing::Listing;
use crate::model::CategoryCount;

/// Entries kept at most: enough for every category page and the popular searches, bounded memory.
const MAX_LISTINGS: u64 = 20_000;
const MAX_PRODUCT_PAGES: u64 = 50_000;

#[derive(Clone)]
pub struct CatalogueCache {
    enabled: bool,
    listings: Cache<String, Arc<Listing>>,
    product_pages: Cache<String, Arc<Option<ProductPage>>>,
    counts: Cache<(), Arc<Vec<CategoryCount>>>,
    shelves: Cache<(), Arc<Vec<CategoryShelves>>>,
}

pub type Loaded<T> = Result<Arc<T>, Arc<mongodb::error::Error>>;

impl CatalogueCache {
    /// A cache whose entries live `ttl`; a zero `ttl` turns it off (every call reads the database).
    pub fn new(ttl: Duration) -> CatalogueCache {
        fn cache<K, V>(capacity: u64, ttl: Duration) -> Cache<K, V>
        where
            K: std::hash::Hash + Eq + Send + Sync + 'static,
            V: Clone + Send + Sync + 'static,
        {
            Cache::builder().max_capacity(capacity).time_to_live(ttl.max(Duration::from_millis(1))).build()
        }
        CatalogueCache {
            enabled: !ttl.is_zero(),
            listings: cache(MAX_LISTINGS, ttl),
            product_pages: cache(MAX_PRODUCT_PAGES, ttl),
            counts: cache(1, ttl),
            shelves: cache(1, ttl),
        }
    }

    /// A listing by its normalised address (`ListingQuery::href`).
    pub async fn listing(
        &self,
        key: String,
        load: impl Future<Output = mongodb::error::Result<Listing>>,
    ) -> Loaded<Listing> {
        self.get(&self.listings, key, load).await
    }

    pub async fn product_page(
        &self,
        id: String,
        load: impl Future<Output = mongodb::error::Result<Option<ProductPage>>>,
    ) -> Loaded<Option<ProductPage>> {
        self.get(&self.product_pages, id, load).await
    }

    pub async fn category_counts(
        &self,
        load: impl Future<Output = mongodb::error::Result<Vec<CategoryCount>>>,
    ) -> Loaded<Vec<CategoryCount>> {
        self.get(&self.counts, (), load).await
    }

    pub async fn category_shelves(
        &self,
        load: impl Future<Output = mongodb::error::Result<Vec<CategoryShelves>>>,
    ) -> Loaded<Vec<CategoryShelves>> {
        self.get(&self.shelves, (), load).await
    }

    /// Forgets everything, for a change that must show at once (an admin's restock, say) on this server.
    pub fn clear(&self) {
        self.listings.invalidate_all();
        self.product_pages.invalidate_all();
        self.counts.invalidate_all();
        self.shelves.invalidate_all();
    }

    async fn get<K, V>(
        &self,
        cache: &Cache<K, Arc<V>>,
        key: K,
        load: impl Future<Output = mongodb::error::Result<V>>,
    ) -> Loaded<V>
    where
        K: std::hash::Hash + Eq + Send + Sync + 'static,
        V: Send + Sync + 'static,
    {
        if !self.enabled {
            return load.await.map(Arc::new).map_err(Arc::new);
        }
        cache.try_get_with(key, async { load.await.map(Arc::new) }).await
    }
}
