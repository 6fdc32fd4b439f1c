//! The catalogue as every shopper sees it (listings, product pages, the home page's sections), kept in memory for
//! `catalogue.cache_secs`. A busy page then costs one database read per period, not one per shopper: a category
//! page's facets read every product of the category, which no index can avoid.
//!
//! Stale while revalidating: once an entry is older than the period, the next request still gets it at once and
//! starts one reload in the background, so busy pages never make shoppers wait for the database; an entry nobody
//! asked for in two periods is dropped, so nothing is ever more than two periods old. A missing entry is loaded once
//! however many shoppers ask at the same moment (moka coalesces them), and errors are never kept. Each server has its
//! own cache; buying reads the database itself, so a stale page never oversells.

use std::future::Future;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use moka::future::Cache;

use crate::model::catalogue::{CategoryShelves, ProductPage};
use crate::model::customer::RecommendationShelf;
use crate::model::listing::Listing;
use crate::model::{CategoryCount, Currency};

/// Entries kept at most: enough for every category page and the popular searches, bounded memory.
const MAX_LISTINGS: u64 = 20_000;
const MAX_PRODUCT_PAGES: u64 = 50_000;
const CURRENCIES: u64 = Currency::ALL.len() as u64;
/// More than any store configures.
const MAX_REGIONS: u64 = 32;

#[derive(Clone)]
pub struct CatalogueCache {
    /// Zero: off.
    period: Duration,
    listings: Cache<String, Arc<Entry<Listing>>>,
    product_pages: Cache<String, Arc<Entry<Option<ProductPage>>>>,
    // Per currency: a product is listed, counted and priced only where it has a price.
    counts: Cache<Currency, Arc<Entry<Vec<CategoryCount>>>>,
    shelves: Cache<Currency, Arc<Entry<Vec<CategoryShelves>>>>,
    /// By region: what it sells and can reach differs.
    popular: Cache<String, Arc<Entry<RecommendationShelf>>>,
    /// How many times it was cleared: what was built from it before a clear (a kept page) is stale after.
    generation: Arc<AtomicU64>,
}

/// A value, when it was read, and whether a reload is already on its way.
struct Entry<V> {
    value: Arc<V>,
    loaded: Instant,
    reloading: AtomicBool,
}

impl<V> Entry<V> {
    fn new(value: V) -> Arc<Entry<V>> {
        Arc::new(Entry { value: Arc::new(value), loaded: Instant::now(), reloading: AtomicBool::new(false) })
    }
}

pub type Loaded<T> = Result<Arc<T>, Arc<mongodb::error::Error>>;

impl CatalogueCache {
    /// A cache whose entries are reloaded after `period`; a zero `period` turns it off (every call reads the
    /// database).
    pub fn new(period: Duration) -> CatalogueCache {
        fn cache<K, V>(capacity: u64, period: Duration) -> Cache<K, V>
        where
            K: std::hash::Hash + Eq + Send + Sync + 'static,
            V: Clone + Send + Sync + 'static,
        {
            let lifetime = (period * 2).max(Duration::from_millis(1));
            Cache::builder().max_capacity(capacity).time_to_live(lifetime).build()
        }
        CatalogueCache {
            period,
            listings: cache(MAX_LISTINGS, period),
            product_pages: cache(MAX_PRODUCT_PAGES, period),
            counts: cache(CURRENCIES, period),
            shelves: cache(CURRENCIES, period),
            popular: cache(MAX_REGIONS, period),
            generation: Arc::new(AtomicU64::new(0)),
        }
    }

    /// How long an entry is served before it is read again; zero when the cache is off.
    pub fn period(&self) -> Duration {
        self.period
    }

    /// Changes each time the cache is cleared.
    pub fn generation(&self) -> u64 {
        self.generation.load(Ordering::Acquire)
    }

    /// A listing by its normalised address and currency (`ListingQuery::cache_key`).
    pub async fn listing<F>(&self, key: String, load: impl FnOnce() -> F) -> Loaded<Listing>
    where
        F: Future<Output = mongodb::error::Result<Listing>> + Send + 'static,
    {
        self.get(&self.listings, key, load).await
    }

    pub async fn product_page<F>(&self, id: String, load: impl FnOnce() -> F) -> Loaded<Option<ProductPage>>
    where
        F: Future<Output = mongodb::error::Result<Option<ProductPage>>> + Send + 'static,
    {
        self.get(&self.product_pages, id, load).await
    }

    pub async fn category_counts<F>(&self, currency: Currency, load: impl FnOnce() -> F) -> Loaded<Vec<CategoryCount>>
    where
        F: Future<Output = mongodb::error::Result<Vec<CategoryCount>>> + Send + 'static,
    {
        self.get(&self.counts, currency, load).await
    }

    pub async fn category_shelves<F>(
        &self,
        currency: Currency,
        load: impl FnOnce() -> F,
    ) -> Loaded<Vec<CategoryShelves>>
    where
        F: Future<Output = mongodb::error::Result<Vec<CategoryShelves>>> + Send + 'static,
    {
        self.get(&self.shelves, currency, load).await
    }

    /// The popular products shown to shoppers of `region` without a list of their own, with their pictures.
    pub async fn popular<F>(&self, region: String, load: impl FnOnce() -> F) -> Loaded<RecommendationShelf>
    where
        F: Future<Output = mongodb::error::Result<RecommendationShelf>> + Send + 'static,
    {
        self.get(&self.popular, region, load).await
    }

    /// Forgets everything, for a change that must show at once (an admin's restock, say) on this server.
    pub fn clear(&self) {
        self.generation.fetch_add(1, Ordering::AcqRel);
        self.listings.invalidate_all();
        self.product_pages.invalidate_all();
        self.counts.invalidate_all();
        self.shelves.invalidate_all();
        self.popular.invalidate_all();
    }

    async fn get<K, V, F>(&self, cache: &Cache<K, Arc<Entry<V>>>, key: K, load: impl FnOnce() -> F) -> Loaded<V>
    where
        K: std::hash::Hash + Eq + Clone + std::fmt::Debug + Send + Sync + 'static,
        V: Send + Sync + 'static,
        F: Future<Output = mongodb::error::Result<V>> + Send + 'static,
    {
        if self.period.is_zero() {
            return load().await.map(Arc::new).map_err(Arc::new);
        }
        if let Some(entry) = cache.get(&key).await {
            if entry.loaded.elapsed() >= self.period && !entry.reloading.swap(true, Ordering::AcqRel) {
                let (cache, reload, stale) = (cache.clone(), load(), entry.clone());
                tokio::spawn(async move {
                    match reload.await {
                        Ok(value) => cache.insert(key, Entry::new(value)).await,
                        Err(err) => {
                            // The old value stays until its lifetime ends; the next request tries again.
                            tracing::warn!(error = %err, key = ?key, "catalogue cache reload failed");
                            stale.reloading.store(false, Ordering::Release);
                        }
                    }
                });
            }
            return Ok(entry.value.clone());
        }
        let entry = cache.try_get_with(key, async move { load().await.map(Entry::new) }).await?;
        Ok(entry.value.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::AtomicUsize;

    /// A loader that counts its calls and returns the call number as the product count.
    fn counting(
        calls: &Arc<AtomicUsize>,
    ) -> impl FnOnce() -> std::future::Ready<mongodb::error::Result<Vec<CategoryCount>>> {
        let calls = calls.clone();
        move || {
            let n = calls.fetch_add(1, Ordering::SeqCst) as u64 + 1;
            std::future::ready(Ok(vec![CategoryCount { category: crate::model::Category::Books, products: n }]))
        }
    }

    fn products(loaded: Loaded<Vec<CategoryCount>>) -> u64 {
        loaded.unwrap()[0].products
    }

    #[tokio::test]
    async fn a_fresh_entry_is_served_from_memory_and_a_stale_one_is_served_while_it_reloads() {
        let cache = CatalogueCache::new(Duration::from_millis(200));
        let calls = Arc::new(AtomicUsize::new(0));
        assert_eq!(products(cache.category_counts(Currency::GBP, counting(&calls)).await), 1);
        assert_eq!(products(cache.category_counts(Currency::GBP, counting(&calls)).await), 1);
        assert_eq!(calls.load(Ordering::SeqCst), 1, "fresh: no second read");

        tokio::time::sleep(Duration::from_millis(250)).await;
        // Stale: the old value at once, and one reload behind it however many ask.
        assert_eq!(products(cache.category_counts(Currency::GBP, counting(&calls)).await), 1);
        assert_eq!(products(cache.category_counts(Currency::GBP, counting(&calls)).await), 1);
        for _ in 0..100 {
            if calls.load(Ordering::SeqCst) == 2
                && products(cache.category_counts(Currency::GBP, counting(&calls)).await) == 2
            {
                break;
            }
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        assert_eq!(calls.load(Ordering::SeqCst), 2, "exactly one reload");
        assert_eq!(products(cache.category_counts(Currency::GBP, counting(&calls)).await), 2);

        cache.clear();
        assert_eq!(products(cache.category_counts(Currency::GBP, counting(&calls)).await), 3, "cleared: read again");
    }

    #[tokio::test]
    async fn a_zero_period_reads_every_time() {
        let cache = CatalogueCache::new(Duration::ZERO);
        let calls = Arc::new(AtomicUsize::new(0));
        for expected in 1..=3 {
            assert_eq!(products(cache.category_counts(Currency::GBP, counting(&calls)).await), expected);
        }
    }
}
