//! Backing a store up and moving it: `amazone export DIR` writes every collection as `mongoexport`-compatible
//! canonical Extended JSON (one `<collection>.json` per collection, one document per line), and `amazone import DIR`
//! restores such a folder into another database, adding only the documents that are not there yet.

mod export;
mod restore;

pub use export::{export_dir, ExportError, ExportSummary};
pub use restore::{is_export, restore_dir};

/// The file a collection is written to and restored from (as `mongoexport --collection=c --out=c.json` names it).
fn file_name(collection: &str) -> String {
    format!("{collection}.json")
}
