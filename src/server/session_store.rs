//! tower-sessions' store over the project's MongoDB driver: one document per session in `sessions`, deleted by a TTL
//! index once it expires. (The published MongoDB store is built on the older 2.x driver.)

use mongodb::bson::{self, doc, DateTime};
use mongodb::{Collection, Database};
use serde::{Deserialize, Serialize};
use tower_sessions::cookie::time::OffsetDateTime;
use tower_sessions::session::{Id, Record};
use tower_sessions::session_store::{self, SessionStore};

use crate::server::collections::SESSIONS;
use crate::server::mongo::is_duplicate_key;

#[derive(Debug, Clone)]
pub struct MongoSessionStore {
    sessions: Collection<SessionDocument>,
}

#[derive(Debug, Serialize, Deserialize)]
struct SessionDocument {
    #[serde(rename = "_id")]
    id: String,
    data: bson::Document,
    expires_at: DateTime,
}

impl MongoSessionStore {
    pub fn new(db: &Database) -> MongoSessionStore {
        MongoSessionStore { sessions: db.collection(SESSIONS) }
    }
}

fn backend(err: impl std::fmt::Display) -> session_store::Error {
    session_store::Error::Backend(err.to_string())
}

fn to_document(record: &Record) -> session_store::Result<SessionDocument> {
    let data = bson::to_document(&record.data).map_err(|err| session_store::Error::Encode(err.to_string()))?;
    let millis = (record.expiry_date.unix_timestamp_nanos() / 1_000_000) as i64;
    Ok(SessionDocument { id: record.id.to_string(), data, expires_at: DateTime::from_millis(millis) })
}

fn to_record(id: Id, stored: SessionDocument) -> session_store::Result<Record> {
    let data = bson::from_document(stored.data).map_err(|err| session_store::Error::Decode(err.to_string()))?;
    let nanos = i128::from(stored.expires_at.timestamp_millis()) * 1_000_000;
    let expiry_date = OffsetDateTime::from_unix_timestamp_nanos(nanos)
        .map_err(|err| session_store::Error::Decode(err.to_string()))?;
    Ok(Record { id, data, expiry_date })
}

#[async_trait::async_trait]
impl SessionStore for MongoSessionStore {
    /// Inserts under a fresh id, drawing another in the (astronomically unlikely) case that it is taken.
    async fn create(&self, record: &mut Record) -> session_store::Result<()> {
        loop {
            match self.sessions.insert_one(to_document(record)?).await {
                Ok(_) => return Ok(()),
                Err(err) if is_duplicate_key(&err) => record.id = Id::default(),
                Err(err) => return Err(backend(err)),
            }
        }
    }

    async fn save(&self, record: &Record) -> session_store::Result<()> {
        let document = to_document(record)?;
        self.sessions.replace_one(doc! { "_id": &document.id }, &document).upsert(true).await.map_err(backend)?;
        Ok(())
    }

    /// An expired session reads as none even before the TTL monitor (which runs once a minute) has deleted it.
    async fn load(&self, id: &Id) -> session_store::Result<Option<Record>> {
        let filter = doc! { "_id": id.to_string(), "expires_at": { "$gt": DateTime::now() } };
        match self.sessions.find_one(filter).await.map_err(backend)? {
            Some(stored) => to_record(*id, stored).map(Some),
            None => Ok(None),
        }
    }

    async fn delete(&self, id: &Id) -> session_store::Result<()> {
        self.sessions.delete_one(doc! { "_id": id.to_string() }).await.map_err(backend)?;
        Ok(())
    }
}
