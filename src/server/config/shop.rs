//! The settings of the shop floor: accounts, carts, delivery, the catalogue cache and recommendations (the site,
//! MongoDB and seed settings, and reading them all, are in the parent module).

use serde::Deserialize;

/// The personalised lists the recommendations job embeds in customers.
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RecommendationSettings {
    /// Products in each customer's `Recommended_Products` (and in the popular list shown instead).
    pub list_size: usize,
    /// Most similar products kept per product: the model's size, and the reach of one purchase or rating.
    pub neighbours: usize,
    /// A rating or purchase counts half as much as one this many days newer.
    pub half_life_days: f64,
}

impl Default for RecommendationSettings {
    fn default() -> Self {
        RecommendationSettings { list_size: 8, neighbours: 50, half_life_days: 30.0 }
    }
}

impl RecommendationSettings {
    pub fn similarity(&self) -> crate::server::recommend::similarity::Settings {
        crate::server::recommend::similarity::Settings {
            max_neighbours: self.neighbours.max(1),
            half_life_days: (self.half_life_days > 0.0).then_some(self.half_life_days),
        }
    }

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
}

impl Default for CatalogueSettings {
    fn default() -> Self {
        CatalogueSettings { cache_secs: 10 }
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
