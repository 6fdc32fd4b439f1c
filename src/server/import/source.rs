//! Reads an export file: a JSON array (as the original exports are), or newline-delimited JSON (as `mongoexport`
//! writes by default). A line of NDJSON that does not parse is one bad record, not a bad file. Extended JSON
//! wrappers (`{"$date": …}`, `{"$numberInt": …}`, ...) are unwrapped here, so the mappers see plain values.

use std::path::Path;

use serde_json::Value;

use super::extended_json::to_plain;

/// The records of a file, each as parsed or with the reason it could not be.
pub fn read_records(path: &Path) -> Result<Vec<Result<Value, String>>, String> {
    let text = std::fs::read_to_string(path).map_err(|err| format!("cannot read it: {err}"))?;
    parse_records(&text)
}

pub fn parse_records(text: &str) -> Result<Vec<Result<Value, String>>, String> {
    let trimmed = text.trim_start_matches('\u{feff}').trim();
    if trimmed.starts_with('[') {
        return match serde_json::from_str::<Vec<Value>>(trimmed) {
            Ok(records) => Ok(records.into_iter().map(|record| Ok(to_plain(record))).collect()),
            Err(err) => Err(format!("not a valid JSON array: {err}")),
        };
    }
    let lines: Vec<&str> = trimmed.lines().filter(|line| !line.trim().is_empty()).collect();
    let records: Vec<Result<Value, String>> = lines
        .iter()
        .map(|line| serde_json::from_str(line).map(to_plain).map_err(|err| format!("not valid JSON: {err}")))
        .collect();
    if records.is_empty() || records.iter().all(Result::is_err) {
        return Err("not JSON: neither a JSON array nor newline-delimited JSON".into());
    }
    Ok(records)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arrays_and_ndjson_are_both_read() {
        assert_eq!(parse_records("[{\"a\":1},{\"a\":2}]").unwrap().len(), 2);
        let ndjson = parse_records("{\"a\":1}\n{\"a\":2}\n\n{broken\n").unwrap();
        assert_eq!(ndjson.len(), 3);
        assert!(ndjson[2].is_err());
    }

    #[test]
    fn text_that_is_not_json_is_one_clear_error() {
        assert!(parse_records("Product,Price\nApple,0.4\n").unwrap_err().contains("not JSON"));
        assert!(parse_records("[{\"a\":1},").unwrap_err().contains("JSON array"));
    }
}
