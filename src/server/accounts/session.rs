//! What a session remembers: who is signed in, and a guest's cart. The session itself (cookie, expiry, storage) is
//! tower-sessions' with `MongoSessionStore`.

use serde::{Deserialize, Serialize};
use tower_sessions::Session;

use crate::model::account::{Role, Viewer};

const SIGNED_IN: &str = "signed_in";
const GUEST_CART: &str = "guest_cart";

/// The signed-in account, as kept in its session.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SignedIn {
    pub account_id: String,
    /// None for staff accounts (the admin), which have no cart or orders.
    pub customer_id: Option<String>,
    pub name: String,
    pub email: String,
    pub role: Role,
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

/// Remembers `who` under a new session id (the old id, which may have been planted by someone else, stops working).
pub async fn remember(session: &Session, who: &SignedIn) -> SessionResult<()> {
    session.cycle_id().await?;
    session.insert(SIGNED_IN, who).await
}

/// Forgets everything, the guest cart included, and deletes the session.
pub async fn forget(session: &Session) -> SessionResult<()> {
    session.flush().await
}

pub async fn guest_cart(session: &Session) -> SessionResult<Option<String>> {
    session.get(GUEST_CART).await
}

pub async fn set_guest_cart(session: &Session, cart_id: &str) -> SessionResult<()> {
    session.insert(GUEST_CART, cart_id).await
}

pub async fn clear_guest_cart(session: &Session) -> SessionResult<()> {
    session.remove::<String>(GUEST_CART).await.map(|_| ())
}
