//! Collection names, in one place so that services, the schema and tests agree.

pub const PRODUCTS: &str = "products";
pub const CUSTOMERS: &str = "customers";
pub const CARTS: &str = "carts";
pub const ORDERS: &str = "orders";
pub const STORES: &str = "stores";
pub const WAREHOUSES: &str = "warehouses";
pub const PARTNERS: &str = "partners";
pub const PRODUCT_RATINGS: &str = "product_ratings";
pub const PARTNER_RATINGS: &str = "partner_ratings";
pub const FRESH_STOCK: &str = "fresh_stock";
pub const WAREHOUSE_STOCK: &str = "warehouse_stock";
pub const INVENTORY_LEVELS: &str = "inventory_levels";
/// Units expired carts gave back, noted per batch until their run folds them into `inventory_levels`.
pub const EXPIRED_UNITS: &str = "expired_units";
pub const RETURNED_UNITS: &str = "returned_units";
pub const ACCOUNTS: &str = "accounts";
pub const SESSIONS: &str = "sessions";
pub const SIMILAR_PRODUCTS: &str = "similar_products";
pub const JOB_RUNS: &str = "job_runs";
pub const JOB_LEASES: &str = "job_leases";
/// Sequences shared by every server (tracking numbers): one document per sequence.
pub const COUNTERS: &str = "counters";
/// What admins did to orders and partners.
pub const AUDIT_LOG: &str = "audit_log";
/// Failed sign-ins per account and client address (throttling), forgotten after an hour.
pub const SIGN_IN_FAILURES: &str = "sign_in_failures";
/// The migrations applied to this database: one document per version.
pub const APPLIED_MIGRATIONS: &str = "migrations";
/// Values unique across regions though their collections are sharded by region (legacy ids, customers' emails): one
/// claim per value (`cluster::unique_keys`).
pub const UNIQUE_KEYS: &str = "unique_keys";

/// What `amazone export` writes and restores: every collection but the sessions (sign-in credentials, short-lived)
/// and the job leases (a running job's claim, meaningless elsewhere).
pub const BACKED_UP: [&str; 22] = [
    STORES,
    WAREHOUSES,
    PARTNERS,
    PRODUCTS,
    CUSTOMERS,
    ACCOUNTS,
    ORDERS,
    PRODUCT_RATINGS,
    PARTNER_RATINGS,
    CARTS,
    FRESH_STOCK,
    WAREHOUSE_STOCK,
    INVENTORY_LEVELS,
    EXPIRED_UNITS,
    RETURNED_UNITS,
    SIMILAR_PRODUCTS,
    JOB_RUNS,
    COUNTERS,
    AUDIT_LOG,
    UNIQUE_KEYS,
    // A picture's chunks before its file, so that a restore killed between them leaves no file without its bytes.
    crate::server::pictures::store::CHUNKS,
    crate::server::pictures::store::FILES,
];
