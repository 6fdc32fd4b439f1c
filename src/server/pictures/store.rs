//! Pictures in MongoDB's GridFS, one bucket. A file's name is the picture id (a hash of its bytes) and a unique index
//! keeps one file per name, so storing the same bytes twice, or on two servers at once, keeps one file; its metadata
//! says what the bytes are. GridFS writes a file's chunks first and its file document last, so a file document
//! always means a whole file: an upload killed halfway leaves only chunks under an id nothing refers to.

use futures::{AsyncReadExt, AsyncWriteExt};
use mongodb::bson::{doc, Document};
use mongodb::gridfs::GridFsBucket;
use mongodb::options::GridFsBucketOptions;
use mongodb::Database;
use sha2::{Digest, Sha256};

use crate::model::picture::{Picture, PICTURE_ID_LEN};
use crate::server::mongo::is_duplicate_key;

/// The bucket's name: its collections are `pictures.files` and `pictures.chunks`.
pub const BUCKET: &str = "pictures";
pub const FILES: &str = "pictures.files";
pub const CHUNKS: &str = "pictures.chunks";

/// A stored picture's bytes and what they are, as the server sends them.
#[derive(Debug, Clone)]
pub struct StoredPicture {
    pub content_type: String,
    pub bytes: Vec<u8>,
}

pub fn bucket(db: &Database) -> GridFsBucket {
    db.gridfs_bucket(GridFsBucketOptions::builder().bucket_name(BUCKET.to_string()).build())
}

/// The id of these bytes: the first 32 hex digits of their SHA-256.
pub fn picture_id(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    let mut id = String::with_capacity(PICTURE_ID_LEN);
    for byte in &digest[..PICTURE_ID_LEN / 2] {
        id.push_str(&format!("{byte:02x}"));
    }
    id
}

/// Stores the bytes unless a file with their id is already whole; safe to run twice or on two servers at once.
pub async fn store(
    db: &Database,
    bytes: &[u8],
    content_type: &str,
    width: u32,
    height: u32,
) -> mongodb::error::Result<Picture> {
    let id = picture_id(bytes);
    let picture = Picture { id: id.clone(), width, height };
    if exists(db, &id).await? {
        return Ok(picture);
    }
    let metadata = doc! {
        "content_type": content_type, "width": i64::from(width), "height": i64::from(height),
        "sha256_prefix": &id, "bytes": bytes.len() as i64,
    };
    let mut stream = bucket(db).open_upload_stream(&id).metadata(metadata).await?;
    let written = async {
        stream.write_all(bytes).await?;
        stream.close().await
    }
    .await
    .map_err(io_to_mongo);
    match written {
        Ok(()) => Ok(picture),
        // Another writer stored the same bytes first (the unique name refused our file document): theirs is whole,
        // and our chunks, under our own file id, are of no use.
        Err(err) if is_duplicate_key(&err) => {
            db.collection::<Document>(CHUNKS).delete_many(doc! { "files_id": stream.id() }).await?;
            Ok(picture)
        }
        Err(err) => Err(err),
    }
}

async fn exists(db: &Database, id: &str) -> mongodb::error::Result<bool> {
    let files = db.collection::<Document>(FILES);
    Ok(files.find_one(doc! { "filename": id }).projection(doc! { "_id": 1 }).await?.is_some())
}

/// The picture with this id, or None.
pub async fn load(db: &Database, id: &str) -> mongodb::error::Result<Option<StoredPicture>> {
    let Some(file) = bucket(db).find_one(doc! { "filename": id }).await? else {
        return Ok(None);
    };
    let content_type = file
        .metadata
        .as_ref()
        .and_then(|metadata| metadata.get_str("content_type").ok())
        .unwrap_or("application/octet-stream")
        .to_string();
    let mut bytes = Vec::with_capacity(file.length as usize);
    let mut download = bucket(db).open_download_stream(file.id).await?;
    download.read_to_end(&mut bytes).await.map_err(io_to_mongo)?;
    Ok(Some(StoredPicture { content_type, bytes }))
}

/// The driver's streams report its errors wrapped in `std::io::Error`; unwrap them so that callers see one kind.
fn io_to_mongo(err: std::io::Error) -> mongodb::error::Error {
    match err.downcast::<mongodb::error::Error>() {
        Ok(inner) => inner,
        Err(other) => mongodb::error::Error::custom(other.to_string()),
    }
}
