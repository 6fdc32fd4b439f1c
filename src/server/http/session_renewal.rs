//! A session lasts `accounts.session_days` without a visit, not from sign-in: tower-sessions moves a session's
//! expiry (in MongoDB and on the cookie) only when the session is saved, and it saves only changed sessions. So a
//! visit to a page or a server function notes the time in the session when the last note is over a minute old,
//! which saves it with a new expiry: one small write a minute per active visitor, not one per request.

use axum::extract::Request;
use axum::middleware::Next;
use axum::response::Response;
use tower_sessions::Session;

use crate::model::Timestamp;

const SEEN_AT: &str = "seen_at";
/// How stale the note may get before a visit renews the session.
pub const RENEW_AFTER_MILLIS: i64 = 60_000;

pub async fn renew_on_activity(session: Session, request: Request, next: Next) -> Response {
    // Only visitors who already have a session (a cookie); static files and health checks are not visits.
    let path = request.uri().path();
    let is_visit = !path.starts_with("/pkg/") && !path.starts_with("/health/") && !path.starts_with("/favicon");
    if is_visit && session.id().is_some() {
        let now = Timestamp::now().millis();
        match session.get::<i64>(SEEN_AT).await {
            Ok(Some(seen)) if now - seen < RENEW_AFTER_MILLIS => {}
            // An expired or unknown session loads empty: nothing to renew, and no new session for it.
            Ok(_) if session.is_empty().await => {}
            Ok(_) => {
                if let Err(err) = session.insert(SEEN_AT, now).await {
                    tracing::warn!(error = %err, "could not renew a session");
                }
            }
            Err(err) => tracing::warn!(error = %err, "could not read a session to renew it"),
        }
    }
    next.run(request).await
}
