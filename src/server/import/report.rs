//! What an import did: counts per collection, and every record or field it could not take as it was.

use std::collections::BTreeMap;
use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Severity {
    /// The record was not imported.
    Refused,
    /// The record was imported, but one of its fields was corrected or left out.
    Corrected,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub file: String,
    /// The record's position in its file, from 0; None when the whole file is affected.
    pub index: Option<usize>,
    pub severity: Severity,
    pub reason: String,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    /// Written by this run.
    pub inserted: u64,
    /// Already there from an earlier run; left untouched.
    pub unchanged: u64,
    pub refused: u64,
}

#[derive(Debug, Default)]
pub struct ImportReport {
    pub counts: BTreeMap<&'static str, Counts>,
    pub problems: Vec<Problem>,
}

impl ImportReport {
    pub fn counts(&self, collection: &str) -> Counts {
        self.counts.get(collection).copied().unwrap_or_default()
    }

    pub fn refused(&mut self, file: &str, index: usize, collection: &'static str, reason: impl Into<String>) {
        self.counts.entry(collection).or_default().refused += 1;
        self.problems.push(Problem {
            file: file.into(),
            index: Some(index),
            severity: Severity::Refused,
            reason: reason.into(),
        });
    }

    pub fn corrected(&mut self, file: &str, index: usize, reason: impl Into<String>) {
        self.problems.push(Problem {
            file: file.into(),
            index: Some(index),
            severity: Severity::Corrected,
            reason: reason.into(),
        });
    }

    pub fn file_failed(&mut self, file: &str, reason: impl Into<String>) {
        self.problems.push(Problem {
            file: file.into(),
            index: None,
            severity: Severity::Refused,
            reason: reason.into(),
        });
    }

    pub fn written(&mut self, collection: &'static str, inserted: bool) {
        let counts = self.counts.entry(collection).or_default();
        if inserted {
            counts.inserted += 1;
        } else {
            counts.unchanged += 1;
        }
    }

    /// Problems of one file, for tests and for reading.
    pub fn problems_in(&self, file: &str) -> Vec<&Problem> {
        self.problems.iter().filter(|problem| problem.file == file).collect()
    }
}

impl fmt::Display for ImportReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for problem in &self.problems {
            let at = problem.index.map(|index| format!(" record {index}")).unwrap_or_default();
            let what = match problem.severity {
                Severity::Refused => "refused",
                Severity::Corrected => "corrected",
            };
            writeln!(f, "{}{at}: {what}: {}", problem.file, problem.reason)?;
        }
        writeln!(f, "{:<18} {:>9} {:>10} {:>8}", "collection", "inserted", "unchanged", "refused")?;
        for (collection, counts) in &self.counts {
            writeln!(f, "{collection:<18} {:>9} {:>10} {:>8}", counts.inserted, counts.unchanged, counts.refused)?;
        }
        Ok(())
    }
}
