//! Turns MongoDB's refusal of a document (error 121, with its `errInfo`) into words that name the field.

use mongodb::bson::{Bson, Document};
use mongodb::error::{ErrorKind, WriteFailure};

/// MongoDB's code for "Document failed validation".
pub const DOCUMENT_VALIDATION_FAILURE: i32 = 121;

/// `Some("price: missing; rating.count: …")` when `err` is a validator's refusal, else None.
pub fn describe_write_error(err: &mongodb::error::Error) -> Option<String> {
    let details = match err.kind.as_ref() {
        ErrorKind::Write(WriteFailure::WriteError(e)) if e.code == DOCUMENT_VALIDATION_FAILURE => e.details.as_ref(),
        ErrorKind::InsertMany(e) => e
            .write_errors
            .as_ref()?
            .iter()
            .find(|e| e.code == DOCUMENT_VALIDATION_FAILURE)
            .and_then(|e| e.details.as_ref()),
        _ => return None,
    };
    Some(describe_validation_details(details))
}

/// The fields a validator refused, from the `errInfo.details` of one write error (error 121).
pub fn describe_validation_details(details: Option<&Document>) -> String {
    let mut problems = Vec::new();
    if let Some(details) = details {
        collect(&Bson::Document(details.clone()), "", &mut problems);
    }
    if problems.is_empty() {
        problems.push("the document does not match the collection's schema".to_string());
    }
    problems.join("; ")
}

/// Walks the nested `schemaRulesNotSatisfied` / `propertiesNotSatisfied` / `details` tree, keeping the field path.
fn collect(node: &Bson, path: &str, problems: &mut Vec<String>) {
    match node {
        Bson::Array(items) => items.iter().for_each(|item| collect(item, path, problems)),
        Bson::Document(doc) => collect_document(doc, path, problems),
        _ => {}
    }
}

fn collect_document(doc: &Document, path: &str, problems: &mut Vec<String>) {
    let mut path = path.to_string();
    if let Ok(name) = doc.get_str("propertyName") {
        path = join(&path, name);
    }
    if let Some(index) = doc.get("itemIndex").and_then(Bson::as_i32) {
        path = format!("{path}[{index}]");
    }
    if let Ok(missing) = doc.get_array("missingProperties") {
        for field in missing.iter().filter_map(Bson::as_str) {
            problems.push(format!("{}: required but missing", join(&path, field)));
        }
    }
    if let (Ok(operator), Ok(reason)) = (doc.get_str("operatorName"), doc.get_str("reason")) {
        let rule = doc.get("specifiedAs").map(|spec| format!(" ({spec})")).unwrap_or_default();
        let value = doc.get("consideredValue").map(|value| format!(", got {value}")).unwrap_or_default();
        let field = if path.is_empty() { "document" } else { &path };
        problems.push(format!("{field}: {reason}{value} [{operator}{rule}]"));
    }
    for (key, value) in doc {
        if matches!(value, Bson::Array(_) | Bson::Document(_)) && key != "specifiedAs" && key != "consideredValue" {
            collect(value, &path, problems);
        }
    }
}

fn join(path: &str, field: &str) -> String {
    if path.is_empty() {
        field.to_string()
    } else {
        format!("{path}.{field}")
    }
}
