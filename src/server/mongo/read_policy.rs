//! Where each kind of read goes, named once so that no query picks its own:
//!
//! - **Catalogue reads** (listings, search, suggestions, product pages, home shelves): the *nearest* member tagged
//!   with the shopper's region (any member when that region has none), no staler than the settings' bound. A shopper
//!   in Paris reads the copy in the EU's data centre; a page a few seconds behind is fine, as the catalogue cache
//!   already serves pages up to ten seconds old.
//! - **Everything else** (carts, checkout, orders, accounts, the admin area, jobs): the *primary*, the client's
//!   default, since it decides on or shows money and stock.

use std::collections::HashMap;
use std::time::Duration;

use mongodb::options::{DatabaseOptions, ReadPreference, ReadPreferenceOptions, SelectionCriteria};
use mongodb::Database;

/// Where catalogue reads go (`mongodb.catalogue_reads`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CatalogueReads {
    /// The nearest member of the shopper's region (the policy above).
    #[default]
    Nearest,
    /// The primary, like every other read: no page behind the last write, all reads on one member.
    Primary,
}

impl std::str::FromStr for CatalogueReads {
    type Err = ();

    fn from_str(text: &str) -> Result<CatalogueReads, ()> {
        match text {
            "nearest" => Ok(CatalogueReads::Nearest),
            "primary" => Ok(CatalogueReads::Primary),
            _ => Err(()),
        }
    }
}

/// The database handles of each read policy (cheap clones of one client).
#[derive(Clone, Debug)]
pub struct ReadPolicies {
    primary: Database,
    catalogue: HashMap<String, Database>,
}

impl ReadPolicies {
    /// `db` reads the primary; with `Nearest`, a catalogue handle is made for each of `regions`.
    pub fn new(db: &Database, regions: &[String], max_staleness: Duration, reads: CatalogueReads) -> ReadPolicies {
        let nearest = match reads {
            CatalogueReads::Nearest => regions,
            CatalogueReads::Primary => &[],
        };
        let catalogue = nearest
            .iter()
            .map(|region| {
                let options =
                    DatabaseOptions::builder().selection_criteria(catalogue_reads(region, max_staleness)).build();
                (region.clone(), db.client().database_with_options(db.name(), options))
            })
            .collect();
        ReadPolicies { primary: db.clone(), catalogue }
    }

    /// The handle for catalogue reads of a shopper in `region` (the primary's for a region without one).
    pub fn catalogue(&self, region: &str) -> Database {
        self.catalogue.get(region).unwrap_or(&self.primary).clone()
    }
}

/// Catalogue reads: the nearest member of the shopper's region, else the nearest of any, at most `max_staleness`
/// behind the primary (MongoDB's floor is 90 s).
pub fn catalogue_reads(region: &str, max_staleness: Duration) -> SelectionCriteria {
    let in_region = [("region".to_string(), region.to_string())].into_iter().collect();
    let options = ReadPreferenceOptions::builder()
        .tag_sets(vec![in_region, HashMap::new()])
        .max_staleness(max_staleness.max(Duration::from_secs(90)))
        .build();
    SelectionCriteria::ReadPreference(ReadPreference::Nearest { options: Some(options) })
}
