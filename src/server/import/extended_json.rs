//! MongoDB Extended JSON (what `mongoexport` and `mongodump` write: v2 relaxed and canonical, and the v1 shell forms)
//! turned into plain JSON values, so that the mappers read one shape whatever tool wrote the file:
//! `{"$oid": "…"}` becomes its hex text, `{"$date": …}` an ISO 8601 text, `{"$numberInt"|"$numberLong"}` a whole
//! number, `{"$numberDouble"}` a number (or its text, `"Infinity"`/`"NaN"`, which every numeric field refuses),
//! `{"$numberDecimal"}` its exact decimal text (money is parsed from the text, never through a float).
//! Wrappers it does not know (`$binary`, `$regex`, ...) are left as they are, for the mapper to refuse in words.

use serde_json::{Map, Number, Value};

use crate::model::Timestamp;

/// `value` with every Extended JSON wrapper inside it, at any depth, replaced by its plain value.
pub fn to_plain(value: Value) -> Value {
    match value {
        Value::Array(items) => Value::Array(items.into_iter().map(to_plain).collect()),
        Value::Object(fields) => match unwrap_wrapper(&fields) {
            Some(plain) => plain,
            None => Value::Object(fields.into_iter().map(|(key, value)| (key, to_plain(value))).collect()),
        },
        other => other,
    }
}

/// The plain value of a one-key wrapper object, or None when `fields` is an ordinary object.
fn unwrap_wrapper(fields: &Map<String, Value>) -> Option<Value> {
    if fields.len() != 1 {
        return None;
    }
    let (key, inner) = fields.iter().next()?;
    match key.as_str() {
        "$oid" => inner.as_str().map(|hex| Value::String(hex.to_owned())),
        "$date" => date(inner),
        "$numberInt" | "$numberLong" => Some(whole_number(inner)),
        "$numberDouble" => Some(double(inner)),
        "$numberDecimal" => inner.as_str().map(|text| Value::String(text.trim().to_owned())),
        _ => None,
    }
}

/// `{"$date": "2022-11-10T00:00:00Z"}` (relaxed), `{"$date": {"$numberLong": "1668038400000"}}` (canonical) or
/// `{"$date": 1668038400000}` (v1): an ISO 8601 text in UTC.
fn date(inner: &Value) -> Option<Value> {
    let millis = match inner {
        Value::String(text) => return Some(Value::String(text.clone())),
        Value::Number(number) => number.as_i64().or_else(|| number.as_f64().map(|f| f as i64))?,
        Value::Object(fields) => fields.get("$numberLong").and_then(|text| text.as_str()?.trim().parse().ok())?,
        _ => return None,
    };
    Some(Value::String(iso_8601(Timestamp::from_millis(millis))))
}

/// `2022-11-10T09:30:00.000Z`.
fn iso_8601(moment: Timestamp) -> String {
    let millis_of_day = moment.millis().rem_euclid(86_400_000);
    let seconds = millis_of_day / 1000;
    format!(
        "{}T{:02}:{:02}:{:02}.{:03}Z",
        moment.date_string(),
        seconds / 3600,
        seconds / 60 % 60,
        seconds % 60,
        millis_of_day % 1000
    )
}

/// A whole number from its text; text that is not one stays text, for the field's mapper to refuse in words.
fn whole_number(inner: &Value) -> Value {
    match inner {
        Value::String(text) => text.trim().parse::<i64>().map(Value::from).unwrap_or_else(|_| inner.clone()),
        other => other.clone(),
    }
}

/// A double; `Infinity`, `-Infinity` and `NaN` have no JSON number, so they stay text that no numeric field accepts.
fn double(inner: &Value) -> Value {
    let Value::String(text) = inner else { return inner.clone() };
    match text.trim().parse::<f64>() {
        Ok(float) if float.is_finite() => Number::from_f64(float).map(Value::Number).unwrap_or_else(|| inner.clone()),
        _ => inner.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn canonical_relaxed_and_v1_forms_all_become_plain_values() {
        let canonical = json!({
            "_id": { "$oid": "63a1f0c2e4b0a1b2c3d4e5f6" },
            "Product_ID": { "$numberInt": "6" },
            "Big": { "$numberLong": "9007199254740993" },
            "Price": { "$numberDouble": "10.99" },
            "Total": { "$numberDecimal": "1234.50" },
            "Date": { "$date": { "$numberLong": "1668038400000" } },
            "Items": [{ "Quantity": { "$numberInt": "2" } }],
        });
        assert_eq!(
            to_plain(canonical),
            json!({
                "_id": "63a1f0c2e4b0a1b2c3d4e5f6",
                "Product_ID": 6,
                "Big": 9007199254740993_i64,
                "Price": 10.99,
                "Total": "1234.50",
                "Date": "2022-11-10T00:00:00.000Z",
                "Items": [{ "Quantity": 2 }],
            })
        );
        assert_eq!(to_plain(json!({ "$date": "2022-11-10T09:30:00Z" })), json!("2022-11-10T09:30:00Z"));
        assert_eq!(to_plain(json!({ "$date": 1668075000123_i64 })), json!("2022-11-10T10:10:00.123Z"));
    }

    #[test]
    fn non_finite_doubles_and_bad_numbers_stay_text_for_the_mapper_to_refuse() {
        assert_eq!(to_plain(json!({ "$numberDouble": "Infinity" })), json!("Infinity"));
        assert_eq!(to_plain(json!({ "$numberDouble": "NaN" })), json!("NaN"));
        assert_eq!(to_plain(json!({ "$numberInt": "six" })), json!("six"));
    }

    #[test]
    fn ordinary_objects_and_unknown_wrappers_are_kept() {
        let value = json!({ "Location": { "City": "Leeds", "Postcode": "LS1" }, "Blob": { "$binary": "AA==" } });
        assert_eq!(to_plain(value.clone()), value);
    }
}
