//! Notes that maintenance leaves itself (`expired_units`, `returned_units`): written inside the transactions that
//! change the stock or delete carts, then worked off in transactions of their own, oldest first, each transaction
//! deleting the notes it acted on. So every note is acted on exactly once, whoever works them off and however often.

use mongodb::bson::doc;
use mongodb::options::{FindOptions, WriteConcern};
use mongodb::{ClientSession, Database};

/// Works off `collection`'s notes, the oldest `per_transaction` at a time: `work` gets the ids and runs in a
/// transaction, acted on only for the notes still there (another server may have taken some) and deleting them.
/// Returns the sum of what each transaction returned, and how many ran.
pub async fn work_off<W>(
    db: &Database,
    collection: &str,
    per_transaction: i64,
    work: W,
) -> mongodb::error::Result<(u64, u64)>
where
    W: AsyncFn(&Database, &mut ClientSession, &[String]) -> mongodb::error::Result<u64> + Copy,
{
    let (mut total, mut transactions) = (0, 0);
    loop {
        let oldest = FindOptions::builder().sort(doc! { "_id": 1 }).limit(per_transaction).build();
        let ids = super::ids(db, collection, doc! {}, oldest).await?;
        if ids.is_empty() {
            return Ok((total, transactions));
        }
        let mut session = db.client().start_session().await?;
        let db_owned = db.clone();
        total += session
            .start_transaction()
            // Acknowledged by the primary, like the transactions that wrote the notes: atomic either way, and one
            // lost in a failover leaves its notes, and what they act on as it was, for the next run.
            .write_concern(WriteConcern::nodes(1))
            .and_run2(async move |session| work(&db_owned, session, &ids).await)
            .await?;
        transactions += 1;
    }
}
