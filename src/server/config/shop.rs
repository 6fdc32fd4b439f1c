//! The settings of the shop floor: accounts, carts, delivery, the catalogue cache and recommendations (the site,
//! MongoDB and seed settings, and reading them all, are in the parent module).

use serde::Deserialize;

/// Which model the recommendations job learns (`recommend-eval` compares them).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RecommenderModel {
    /// EASE: a closed-form item-item model (the default: the better on every data set measured).
    Ease,
    /// SAR-style item similarity: Jaccard co-occurrence, stars decayed with age.
    Similarity,
}

/// The personalised lists the recommendations job embeds in customers.
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RecommendationSettings {
    /// Products in each customer's `Recommended_Products` (and in the popular list shown instead).
    pub list_size: usize,
    pub model: RecommenderModel,
    /// Neighbours kept per product: the stored model's size, and the reach of one purchase or rating.
    pub neighbours: usize,
    /// EASE's regularisation λ (tuned with `recommend-eval`).
    pub lambda: f64,
    /// EASE models this many of the most bought and rated products (its matrices hold this many squared).
    pub modelled_products: usize,
    /// Item similarity only: a rating or purchase counts half as much as one this many days newer.
    pub half_life_days: f64,
}

impl Default for RecommendationSettings {
    fn default() -> Self {
        RecommendationSettings {
            list_size: 8,
            model: RecommenderModel::Ease,
            neighbours: 50,
            lambda: 400.0,
            modelled_products: 3_000,
            half_life_days: 30.0,
        }
    }
}

impl RecommendationSettings {
    /// At least one product, at most 100: the list lives inside every customer document.
    pub fn list_size(&self) -> usize {
        self.list_size.clamp(1, 100)
    }
}

/// How the shop floor reads the catalogue.
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CatalogueSettings {
    /// How long a listing, a product page or the home page's sections may be served from memory before the
    /// database is asked again; 0 always asks.
    pub cache_secs: u64,
    /// Largest picture an admin may upload, in MB (it is re-encoded smaller before it is stored).
    pub max_picture_mb: u64,
}

impl CatalogueSettings {
    pub fn max_picture_bytes(&self) -> usize {
        (self.max_picture_mb.clamp(1, 100) * 1024 * 1024) as usize
    }
}

impl Default for CatalogueSettings {
    fn default() -> Self {
        CatalogueSettings { cache_secs: 10, max_picture_mb: 5 }
    }
}

/// What a shopper without an account may hold in carts: every unit in a cart is taken from the shelf for the cart's
/// lifetime, so without bounds a few anonymous requests could empty a product for hours.
#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CartSettings {
    /// Units one guest cart (one browser session) may hold.
    pub guest_units: u32,
    /// Units all guests' carts started from one client address may hold together.
    pub guest_units_per_address: u32,
}

impl Default for CartSettings {
    fn default() -> Self {
        CartSettings { guest_units: 20, guest_units_per_address: 60 }
    }
}

/// How orders reach the door.
#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct DeliverySettings {
    /// Orders one partner carries at once; an order waits for a partner only when every active one is this full.
    pub partner_capacity: u32,
    /// Minutes after placing an order during which its customer may still cancel it although a partner has it (the
    /// goods are being picked and packed); a waiting order can be cancelled until a partner has it.
    pub customer_cancel_minutes: u32,
}

impl Default for DeliverySettings {
    fn default() -> Self {
        DeliverySettings { partner_capacity: 3, customer_cancel_minutes: 30 }
    }
}

impl DeliverySettings {
    /// At least one order, or nobody would ever deliver anything.
    pub fn capacity(&self) -> u32 {
        self.partner_capacity.max(1)
    }
}

/// Sign-in: sessions, the admin account created at first start, and the demo customers' password.
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct AccountSettings {
    /// A session ends after this many days without a visit.
    pub session_days: i64,
    /// Mark the session cookie `Secure` (sent over HTTPS only). Turn on whenever the store is served over HTTPS.
    pub secure_cookies: bool,
    pub admin_email: String,
    /// Used only when the admin account is first created; change it by setting AMAZONE_ADMIN_PASSWORD before then.
    pub admin_password: String,
    /// Imported and generated customers and partners sign in with their email and this password.
    pub demo_password: String,
    /// Password hashes computed at once (each takes 19 MiB and tens of milliseconds); four times as many may wait,
    /// beyond that sign-ins are answered "busy". 0: one per core.
    pub password_workers: usize,
}

impl Default for AccountSettings {
    fn default() -> Self {
        AccountSettings {
            session_days: 14,
            secure_cookies: false,
            admin_email: "admin@amazone.test".into(),
            admin_password: "amazone-admin".into(),
            demo_password: "amazone-demo".into(),
            password_workers: 0,
        }
    }
}
