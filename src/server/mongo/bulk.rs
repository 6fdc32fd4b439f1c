//! Many updates in one round trip: the `update` command with a batch of statements, unordered, so that a job writing
//! thousands of documents pays for one request per batch instead of one per document. (The driver's
//! `Client::bulk_write` needs MongoDB 8; this command works on every supported server.)

use mongodb::bson::{doc, Bson, Document};
use mongodb::{ClientSession, Database};

/// One statement of a batch: the filter, the update (a document of operators, or a pipeline: a `Vec<Document>`), and
/// whether to insert when nothing matches.
pub fn update_statement(filter: Document, update: impl Into<Bson>, upsert: bool) -> Document {
    doc! { "q": filter, "u": update.into(), "upsert": upsert, "multi": false }
}

#[derive(Debug, thiserror::Error)]
pub enum BulkError {
    #[error(transparent)]
    Database(#[from] mongodb::error::Error),
    #[error("{refused} of a batch's updates to {collection} were refused; the first: {first}")]
    Refused { collection: String, refused: usize, first: String },
}

impl BulkError {
    /// Inside a transaction's closure every error must be the driver's: a refusal travels as its message, which
    /// the caller finds again with `get_custom::<String>()`.
    pub fn into_driver_error(self) -> mongodb::error::Error {
        match self {
            BulkError::Database(err) => err,
            refused => mongodb::error::Error::custom(refused.to_string()),
        }
    }
}

/// What a batch changed.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct BulkUpdated {
    pub matched: u64,
    pub modified: u64,
    pub upserted: u64,
}

impl std::ops::AddAssign for BulkUpdated {
    fn add_assign(&mut self, other: BulkUpdated) {
        self.matched += other.matched;
        self.modified += other.modified;
        self.upserted += other.upserted;
    }
}

/// Runs `statements` against `collection` as one unordered batch. Any statement refused (a validator, a unique
/// index) fails the call with the server's first message; the statements that succeeded stay applied, so callers
/// write idempotent statements and may simply run again.
pub async fn update_batch(
    db: &Database,
    collection: &str,
    statements: Vec<Document>,
) -> Result<BulkUpdated, BulkError> {
    send(db, collection, statements, None).await
}

/// The same, answered as soon as the primary has applied it rather than once a majority has: for derived data
/// that the next run writes again anyway (a batch lost in a failover costs nothing), where waiting for the majority
/// on every batch only slows a job down.
pub async fn update_batch_on_primary(
    db: &Database,
    collection: &str,
    statements: Vec<Document>,
) -> Result<BulkUpdated, BulkError> {
    send(db, collection, statements, Some(doc! { "w": 1 })).await
}

/// `run_command` sends the command as it is (the handle's write concern does not apply): without one of its own,
/// the server's default (a majority, on a replica set) does.
async fn send(
    db: &Database,
    collection: &str,
    statements: Vec<Document>,
    write_concern: Option<Document>,
) -> Result<BulkUpdated, BulkError> {
    if statements.is_empty() {
        return Ok(BulkUpdated::default());
    }
    let mut command = command(collection, statements);
    if let Some(write_concern) = write_concern {
        command.insert("writeConcern", write_concern);
    }
    let reply = db.run_command(command).await?;
    read_reply(collection, &reply)
}

/// The same inside the caller's transaction: all of the batch commits with the rest of it, or none does.
pub async fn update_batch_in(
    db: &Database,
    session: &mut ClientSession,
    collection: &str,
    statements: Vec<Document>,
) -> Result<BulkUpdated, BulkError> {
    if statements.is_empty() {
        return Ok(BulkUpdated::default());
    }
    let reply = db.run_command(command(collection, statements)).session(session).await?;
    read_reply(collection, &reply)
}

fn command(collection: &str, statements: Vec<Document>) -> Document {
    doc! { "update": collection, "updates": statements, "ordered": false }
}

fn read_reply(collection: &str, reply: &Document) -> Result<BulkUpdated, BulkError> {
    if let Ok(errors) = reply.get_array("writeErrors") {
        let first = errors.first().and_then(Bson::as_document).and_then(|e| e.get_str("errmsg").ok()).unwrap_or("");
        return Err(BulkError::Refused {
            collection: collection.to_owned(),
            refused: errors.len(),
            first: first.to_owned(),
        });
    }
    let count =
        |field: &str| reply.get(field).and_then(|n| n.as_i32().map(i64::from).or_else(|| n.as_i64())).unwrap_or(0);
    let upserted = reply.get_array("upserted").map(|u| u.len() as u64).unwrap_or(0);
    Ok(BulkUpdated { matched: count("n") as u64 - upserted, modified: count("nModified") as u64, upserted })
}
