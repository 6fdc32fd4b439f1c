//! What a session remembers: who is signed in, and a guest's cart. The session itself (cookie, expiry, storage) is
//! tower-sessions' with `MongoSessionStore`.

use serde::{Deserialize, Serialize};
use tower_sessions::Session;

use crate::model::account::{Role, Viewer};

const SIGNED_IN: &str = "signed_in";
const GUEST_CART: &str = "guest_cart";
const DELIVER_TO: &str = "deliver_to";

/// The signed-in account, as kept in its session.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SignedIn {
    pub account_id: String,
    /// None for staff accounts (the admin, partners), which have no cart or orders.
    pub customer_id: Option<String>,
    /// The delivery partner this account signs in as, for partners.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub partner_id: Option<String>,
    pub name: String,
    pub email: String,
    pub role: Role,
    /// A customer's region (their shipping address's), where their documents live: with it, reading or changing them
    /// asks that region's shard alone once the store is sharded. None for staff, and for sessions from before it was
    /// remembered (looked up at their next read: `accounts::customer_of`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
}

impl SignedIn {
    pub fn viewer(&self) -> Viewer {
        Viewer { name: self.name.clone(), email: self.email.clone(), role: self.role }
    }
}

pub type SessionResult<T> = Result<T, tower_sessions::session::Error>;

pub async fn signed_in(session: &Session) -> SessionResult<Option<SignedIn>> {
    session.get(SIGNED_IN).await
}

/// Remembers the signed-in customer's region anew (they moved, here or on another device), keeping the session id.
pub async fn remember_region(session: &Session, region: Option<String>) -> SessionResult<()> {
    let Some(mut who) = signed_in(session).await? else { return Ok(()) };
    if who.region != region {
        who.region = region;
        session.insert(SIGNED_IN, who).await?;
    }
    Ok(())
}

/// Remembers `who` under a new session id (the old id, which may have been planted by someone else, stops working).
/// A guest cart the session held has been merged into theirs by then, so the session forgets it.
pub async fn remember(session: &Session, who: &SignedIn) -> SessionResult<()> {
    session.cycle_id().await?;
    session.remove::<String>(GUEST_CART).await?;
    session.insert(SIGNED_IN, who).await
}

/// Forgets everything, the guest cart included, and deletes the session.
pub async fn forget(session: &Session) -> SessionResult<()> {
    session.flush().await
}

pub async fn guest_cart(session: &Session) -> SessionResult<Option<String>> {
    session.get(GUEST_CART).await
}

/// The id a guest's first cart takes: the same for every request of one session (so that concurrent first adds
/// meet in one cart), derived from the session id, which the cart id cannot reveal and which is cycled at sign-in;
/// a fresh one for a visitor who has no session yet.
pub fn first_guest_cart_id(session: &Session) -> String {
    use std::hash::{DefaultHasher, Hash, Hasher};
    let Some(session_id) = session.id() else { return mongodb::bson::oid::ObjectId::new().to_hex() };
    let half = |salt: &str| {
        let mut hasher = DefaultHasher::new();
        (salt, session_id.to_string()).hash(&mut hasher);
        hasher.finish()
    };
    format!("{:016x}{:08x}", half("guest-cart"), half("guest-cart-tail") >> 32)
}

pub async fn set_guest_cart(session: &Session, cart_id: &str) -> SessionResult<()> {
    session.insert(GUEST_CART, cart_id).await
}

/// The country a guest picked in "Deliver to", if any (checked when it was set).
pub async fn deliver_to(session: &Session) -> SessionResult<Option<String>> {
    session.get(DELIVER_TO).await
}

pub async fn set_deliver_to(session: &Session, country: &str) -> SessionResult<()> {
    session.insert(DELIVER_TO, country).await
}
