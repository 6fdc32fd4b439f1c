//! The accounts service: signing up, signing in, the admin account from settings, and demo sign-ins for the
//! imported and generated customers and delivery partners.
//!
//! Sign-in details live in `accounts`, apart from `customers` and `partners`, so that a password hash never travels
//! with a customer document (recommendation jobs, order pages). A customer's account shares the customer's `_id`; a
//! partner's is `partner:<partner id>`.

pub mod next_path;
pub mod password;
mod records;
pub mod session;
pub mod throttle;

use mongodb::bson::{doc, oid::ObjectId, Document};
use mongodb::{Collection, Database};
use serde::{Deserialize, Serialize};

use crate::model::account::{NewCustomer, Role};
use crate::model::customer::Customer;
use crate::model::region::Regions;
use crate::model::Timestamp;
use crate::server::cluster::unique_keys;
use crate::server::collections::{ACCOUNTS, CUSTOMERS, PARTNERS};
use crate::server::config::AccountSettings;
use crate::server::mongo::is_duplicate_key;
pub use records::CustomerRecords;
pub use session::SignedIn;
use tower_sessions::Session;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Account {
    #[serde(rename = "_id")]
    pub id: String,
    pub email: String,
    pub password_hash: String,
    pub role: Role,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customer_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub partner_id: Option<String>,
    pub created_at: Timestamp,
}

#[derive(Debug, thiserror::Error)]
pub enum AccountError {
    #[error("An account with this email already exists. Sign in instead, or use another email.")]
    EmailTaken,
    #[error("That email and password do not match an account. Check them and try again.")]
    WrongCredentials,
    #[error(transparent)]
    Busy(#[from] password::Busy),
    #[error(transparent)]
    Database(#[from] mongodb::error::Error),
}

fn accounts(db: &Database) -> Collection<Account> {
    db.collection(ACCOUNTS)
}

/// Creates the customer and their account together (one transaction: never one without the other), and returns who
/// is now signed in. The customer belongs to the region of their address's country.
pub async fn sign_up(db: &Database, new: NewCustomer, regions: &Regions) -> Result<SignedIn, AccountError> {
    let id = ObjectId::new().to_hex();
    let now = Timestamp::now();
    let region = regions.code_of(&new.address.country);
    let customer = Customer {
        id: id.clone(),
        legacy_id: None,
        region: Some(region.clone()),
        name: new.name.clone(),
        email: new.email.clone(),
        age: None,
        gender: None,
        billing_address: new.address.clone(),
        shipping_address: new.address,
        recommended_products: Vec::new(),
        recommended_at: None,
        created_at: now,
        // A new customer has no orders yet: known, and empty.
        order_regions: Some(Vec::new()),
    };
    let account = Account {
        id: id.clone(),
        email: new.email.clone(),
        password_hash: password::hash(new.password).await?,
        role: Role::Customer,
        customer_id: Some(id.clone()),
        partner_id: None,
        created_at: now,
    };
    let (customers, accounts, claims) = (db.collection::<Customer>(CUSTOMERS), accounts(db), db.clone());
    let name = new.name.clone();
    let email = new.email.clone();
    let mut session = db.client().start_session().await?;
    let created = session
        .start_transaction()
        .and_run2(async move |session| {
            // The email's claim: a taken address fails here as a duplicate key, like the accounts' index.
            unique_keys::claim_new(&claims, session, CUSTOMERS, &mongodb::bson::to_document(&customer)?).await?;
            customers.insert_one(customer.clone()).session(&mut *session).await?;
            accounts.insert_one(account.clone()).session(&mut *session).await?;
            Ok(())
        })
        .await;
    match created {
        Ok(()) => Ok(SignedIn {
            account_id: id.clone(),
            customer_id: Some(id),
            partner_id: None,
            name,
            email,
            role: Role::Customer,
            region: Some(region),
        }),
        Err(err) if is_duplicate_key(&err) => Err(AccountError::EmailTaken),
        Err(err) => Err(err.into()),
    }
}

/// Checks an email and password; the same answer, after the same work, whether the email or the password is wrong.
pub async fn sign_in(db: &Database, email: &str, password: String) -> Result<SignedIn, AccountError> {
    let Ok(email) = crate::model::account::parse_email(email) else {
        password::verify_nothing(password).await?;
        return Err(AccountError::WrongCredentials);
    };
    let Some(account) = accounts(db).find_one(doc! { "email": &email }).await? else {
        password::verify_nothing(password).await?;
        return Err(AccountError::WrongCredentials);
    };
    if !password::verify(password.clone(), account.password_hash.clone()).await? {
        return Err(AccountError::WrongCredentials);
    }
    if password::is_outdated(&account.password_hash) {
        upgrade_hash(db, &account, password).await;
    }
    // Signing in is when the session learns the customer's region, from their document.
    let (name, region) = match (&account.customer_id, &account.partner_id) {
        (Some(customer_id), _) => match find_customer(db, customer_id, None).await? {
            Some(customer) => (Some(customer.name), customer.region),
            None => (None, None),
        },
        (None, Some(partner_id)) => {
            let partners = db.collection::<Document>(PARTNERS);
            let partner = partners.find_one(doc! { "_id": partner_id }).projection(doc! { "name": 1 }).await?;
            (partner.and_then(|partner| partner.get_str("name").ok().map(str::to_string)), None)
        }
        (None, None) => (Some("Admin".to_string()), None),
    };
    Ok(SignedIn {
        name: name.unwrap_or_else(|| account.email.clone()),
        account_id: account.id,
        customer_id: account.customer_id,
        partner_id: account.partner_id,
        email: account.email,
        role: account.role,
        region,
    })
}

fn customers(db: &Database) -> Collection<Customer> {
    db.collection(CUSTOMERS)
}

/// The signed-in customer's document, on the shard of the region their session remembers. When it is not there
/// (they moved region on another device) or the session remembers none (from before it did), it is found by id in
/// whichever region holds it, and the session remembers that region for its next reads.
pub async fn customer_of(db: &Database, session: &Session, who: &SignedIn) -> mongodb::error::Result<Option<Customer>> {
    let Some(customer_id) = who.customer_id.as_deref() else { return Ok(None) };
    let found = find_customer(db, customer_id, who.region.as_deref()).await?;
    if let Some(customer) = found.as_ref().filter(|customer| customer.region != who.region) {
        // A session that cannot be written now looks again next time: nothing is lost.
        if let Err(err) = session::remember_region(session, customer.region.clone()).await {
            tracing::warn!(customer = customer_id, error = %err, "cannot remember the customer's region in the session");
        }
    }
    Ok(found)
}

/// A customer's document: on the shard of `likely` (the region a session remembers, an order's region), else in
/// whichever other region holds it, the one lookup that asks every region's shard (`cluster::targeting`).
pub async fn find_customer(
    db: &Database,
    customer_id: &str,
    likely: Option<&str>,
) -> mongodb::error::Result<Option<Customer>> {
    if let Some(region) = likely {
        let found = customers(db).find_one(doc! { "region": region, "_id": customer_id }).await?;
        if found.is_some() {
            return Ok(found);
        }
    }
    customers(db).find_one(in_any_region(customer_id, likely)).await
}

/// The filter finding a customer's document in whichever region holds it, other than `not_in` (already looked
/// in): the lookup by id that asks every region's shard, listed as deliberate in `cluster::targeting` (signing in, a
/// moved customer, privacy requests).
pub fn in_any_region(customer_id: &str, not_in: Option<&str>) -> Document {
    let elsewhere: Vec<&str> = not_in.into_iter().collect();
    doc! { "_id": customer_id, "region": { "$nin": elsewhere } }
}

/// Replaces a hash made with older parameters by one with today's, after a successful sign-in (the only time the
/// password is known). Guarded by the old hash, so a password changed meanwhile is left alone; a busy pool or a
/// failed write leaves the old hash, which still works, for the next sign-in.
async fn upgrade_hash(db: &Database, account: &Account, password: String) {
    let Ok(upgraded) = password::hash(password).await else { return };
    let replaced = accounts(db)
        .update_one(
            // The email too: the shard key, when accounts are sharded by it.
            doc! { "_id": &account.id, "email": &account.email, "password_hash": &account.password_hash },
            doc! { "$set": { "password_hash": upgraded } },
        )
        .await;
    match replaced {
        Ok(_) => tracing::info!(account = %account.id, "password hash upgraded to today's parameters"),
        Err(err) => tracing::warn!(account = %account.id, error = %err, "cannot upgrade a password hash"),
    }
}

/// Creates the admin account named in the settings if no account has its email yet. An existing account is left as
/// it is (its password may have been changed since). Safe when several servers start at once.
pub async fn ensure_admin(db: &Database, settings: &AccountSettings) -> Result<(), AccountError> {
    let email = crate::model::account::parse_email(&settings.admin_email)
        .map_err(|err| mongodb::error::Error::custom(format!("accounts.admin_email: {err}")))?;
    if accounts(db).find_one(doc! { "email": &email }).await?.is_some() {
        return Ok(());
    }
    let admin = Account {
        id: format!("admin-{}", ObjectId::new().to_hex()),
        email: email.clone(),
        password_hash: password::hash_at_start_up(settings.admin_password.clone()).await,
        role: Role::Admin,
        customer_id: None,
        partner_id: None,
        created_at: Timestamp::now(),
    };
    match accounts(db).insert_one(&admin).await {
        Ok(_) => {
            tracing::info!(email, "created the admin account from the settings");
            Ok(())
        }
        Err(err) if is_duplicate_key(&err) => Ok(()),
        Err(err) => Err(err.into()),
    }
}

/// Gives every customer and delivery partner without an account (imported, generated) one that signs in with the
/// demo password, in one `$merge` each that leaves existing accounts untouched. All share one hash of the demo
/// password. A partner whose email already signs in someone else (or who has an account) is left out: emails are
/// unique across all accounts.
pub async fn ensure_demo_accounts(db: &Database, demo_password: &str) -> Result<(), AccountError> {
    let hash = password::hash_at_start_up(demo_password.to_string()).await;
    let merge = doc! {
        "$merge": { "into": ACCOUNTS, "on": "_id", "whenMatched": "keepExisting", "whenNotMatched": "insert" },
    };
    let customers = [
        doc! { "$project": {
            "_id": 1, "email": 1, "password_hash": { "$literal": &hash }, "role": "customer",
            "customer_id": "$_id", "created_at": "$created_at",
        } },
        merge.clone(),
    ];
    db.collection::<Document>(CUSTOMERS).aggregate(customers).await?;
    let partners = [
        doc! { "$project": {
            "_id": { "$concat": ["partner:", "$_id"] }, "email": { "$toLower": "$email" },
            "password_hash": { "$literal": &hash }, "role": "partner", "partner_id": "$_id", "created_at": "$$NOW",
        } },
        // Only partners whose email is free: a clash would fail the whole `$merge` on the unique email index.
        doc! { "$lookup": { "from": ACCOUNTS, "localField": "email", "foreignField": "email", "as": "holders" } },
        doc! { "$match": { "holders": { "$size": 0 } } },
        doc! { "$unset": "holders" },
        merge,
    ];
    db.collection::<Document>(PARTNERS).aggregate(partners).await?;
    Ok(())
}

/// The customer's account page, or None when the customer document is gone.
pub async fn details(
    db: &Database,
    session: &Session,
    who: &SignedIn,
) -> mongodb::error::Result<Option<crate::model::account::AccountDetails>> {
    let customer = customer_of(db, session, who).await?;
    Ok(customer.map(|customer| crate::model::account::AccountDetails {
        name: customer.name,
        email: customer.email,
        shipping_address: customer.shipping_address,
    }))
}

/// Replaces the customer's shipping address (already validated): the next checkout starts from it, and fresh food
/// comes from the stores nearest to it. It changes their region with it (a customer moving from Manchester to Paris
/// is the EU's from then on; their past orders stay where they were placed), which the session remembers.
///
/// The update names the region the document is in: sharded, a change of region is a change of shard key, which
/// MongoDB allows in a retryable write whose filter holds the whole key. Should another device move them meanwhile,
/// the update matches nothing and is tried again from where they are now.
pub async fn set_shipping_address(
    db: &Database,
    session: &Session,
    who: &SignedIn,
    address: &crate::model::address::Address,
    regions: &Regions,
) -> mongodb::error::Result<()> {
    let region = regions.code_of(&address.country);
    let address = mongodb::bson::to_bson(address)?;
    for _ in 0..3 {
        let Some(customer) = customer_of(db, session, who).await? else { return Ok(()) };
        let moved = customers(db)
            .update_one(
                doc! { "region": &customer.region, "_id": &customer.id },
                doc! { "$set": { "shipping_address": &address, "region": &region } },
            )
            .await?;
        if moved.matched_count == 1 {
            if let Err(err) = session::remember_region(session, Some(region)).await {
                tracing::warn!(customer = customer.id, error = %err, "cannot remember the customer's new region");
            }
            return Ok(());
        }
    }
    Err(mongodb::error::Error::custom("the customer's address changed on another device meanwhile; try again"))
}
