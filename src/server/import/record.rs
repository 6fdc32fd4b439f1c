//! One record of an original export, read leniently: field names match whatever their case, spaces and underscores
//! (`Billing Address` = `Billing_Address`, `Product_id` = `Product_ID`, `Inventory_measurement ` with its trailing
//! space), Extended JSON numbers and ids are unwrapped, and every failure says which field and why.

use serde_json::{Map, Value};

use crate::model::{Money, Timestamp};

pub struct Record<'a> {
    fields: &'a Map<String, Value>,
}

/// Field names compared without case, spaces, underscores or punctuation.
fn normalise(name: &str) -> String {
    name.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect()
}

impl<'a> Record<'a> {
    pub fn new(value: &'a Value) -> Result<Record<'a>, String> {
        value.as_object().map(|fields| Record { fields }).ok_or_else(|| "the record is not a JSON object".to_string())
    }

    /// The first of `names` present (by normalised name).
    pub fn get(&self, names: &[&str]) -> Option<&'a Value> {
        let wanted: Vec<String> = names.iter().map(|name| normalise(name)).collect();
        self.fields
            .iter()
            .find(|(key, value)| !value.is_null() && wanted.contains(&normalise(key)))
            .map(|(_, value)| value)
    }

    /// A nested object, also when the original wrapped it in a one-element array (`"Location": [{…}]`).
    pub fn record(&self, names: &[&str]) -> Result<Record<'a>, String> {
        let value = match self.require(names)? {
            Value::Array(items) if items.len() == 1 => &items[0],
            other => other,
        };
        Record::new(value).map_err(|_| format!("{} is not an object", names[0]))
    }

    /// A list, also when the original wrote a single object where a list belongs.
    pub fn list(&self, names: &[&str]) -> Result<Vec<&'a Value>, String> {
        match self.require(names)? {
            Value::Array(items) => Ok(items.iter().collect()),
            object @ Value::Object(_) => Ok(vec![object]),
            other => Err(format!("{} should be a list, not {other}", names[0])),
        }
    }

    pub fn require(&self, names: &[&str]) -> Result<&'a Value, String> {
        self.get(names).ok_or_else(|| format!("{} is missing", names[0]))
    }

    pub fn string(&self, names: &[&str]) -> Result<String, String> {
        match self.require(names)? {
            Value::String(text) if !text.trim().is_empty() => Ok(text.trim().to_string()),
            // A number where text belongs is its text: `"Weight/Quantity": 60` (or 60.0) is "60".
            Value::Number(number) => Ok(number_as_text(number)),
            other => Err(format!("{} should be text, not {other}", names[0])),
        }
    }

    pub fn optional_string(&self, names: &[&str]) -> Result<Option<String>, String> {
        self.get(names).map(|_| self.string(names)).transpose()
    }

    pub fn integer(&self, names: &[&str]) -> Result<i64, String> {
        let value = self.require(names)?;
        number_text(value)
            .and_then(|text| {
                text.parse::<i64>()
                    .ok()
                    .or_else(|| text.parse::<f64>().ok().filter(|f| f.fract() == 0.0).map(|f| f as i64))
            })
            .ok_or_else(|| format!("{} should be a whole number, not {value}", names[0]))
    }

    pub fn float(&self, names: &[&str]) -> Result<f64, String> {
        let value = self.require(names)?;
        number_text(value)
            .and_then(|text| text.parse::<f64>().ok())
            .filter(|f| f.is_finite())
            .ok_or_else(|| format!("{} should be a number, not {value}", names[0]))
    }

    pub fn money(&self, names: &[&str]) -> Result<Money, String> {
        let value = self.require(names)?;
        let text = number_text(value).ok_or_else(|| format!("{} should be an amount, not {value}", names[0]))?;
        Money::parse_decimal(&text).map_err(|err| format!("{}: {err}", names[0]))
    }

    /// A flag stored as `1`/`0` or `true`/`false`.
    pub fn flag(&self, names: &[&str]) -> Result<bool, String> {
        match self.require(names)? {
            Value::Bool(flag) => Ok(*flag),
            other => match number_text(other).as_deref() {
                Some("1") => Ok(true),
                Some("0") => Ok(false),
                _ => Err(format!("{} should be 1 or 0, not {other}", names[0])),
            },
        }
    }

    /// The `_id` when the original gave an ObjectId (`{"$oid": "…"}`, unwrapped to its hex text on reading).
    pub fn object_id(&self) -> Option<String> {
        match self.fields.get("_id")? {
            Value::String(hex) if hex.len() == 24 && hex.chars().all(|c| c.is_ascii_hexdigit()) => Some(hex.clone()),
            _ => None,
        }
    }

    /// A date, with the correction made when the original swapped day and month (`2022-23-12`), if any.
    pub fn date(&self, names: &[&str]) -> Result<(Timestamp, Option<String>), String> {
        let text = self.string(names)?;
        parse_date(&text).map_err(|reason| format!("{}: {reason}", names[0]))
    }
}

/// `60` for 60 and 60.0, `10.5` for 10.5.
fn number_as_text(number: &serde_json::Number) -> String {
    match number.as_f64() {
        Some(float) if number.is_f64() && float.fract() == 0.0 && float.abs() < 9.0e15 => (float as i64).to_string(),
        _ => number.to_string(),
    }
}

/// A number's text, from a JSON number or a numeric string (Extended JSON was unwrapped on reading).
fn number_text(value: &Value) -> Option<String> {
    match value {
        Value::Number(number) => Some(number.to_string()),
        Value::String(text) if !text.trim().is_empty() => Some(text.trim().to_string()),
        _ => None,
    }
}

/// `2022-11-10T00:00:00`, `2022-02-28`, `28/01/2023`, and `{"$date": …}`. A month above 12 with a day of 12 or less
/// is read as the day and month swapped, and the correction is returned so that the report can say so.
pub fn parse_date(text: &str) -> Result<(Timestamp, Option<String>), String> {
    let date_part = text.split('T').next().unwrap_or(text);
    let parts: Vec<&str> = date_part.split(['-', '/']).collect();
    let numbers: Vec<u32> = parts.iter().filter_map(|part| part.parse().ok()).collect();
    if numbers.len() != 3 || parts.len() != 3 {
        return Err(format!("{text:?} is not a date"));
    }
    let (year, month, day) = if parts[0].len() == 4 {
        (numbers[0] as i32, numbers[1], numbers[2])
    } else {
        (numbers[2] as i32, numbers[1], numbers[0]) // dd/mm/yyyy, as written in the UK
    };
    if let Some(date) = Timestamp::from_ymd(year, month, day) {
        return Ok((date, None));
    }
    match Timestamp::from_ymd(year, day, month) {
        Some(date) if month > 12 => Ok((
            date,
            Some(format!("{text:?} has month {month}; read as {} (day and month swapped)", date.date_string())),
        )),
        _ => Err(format!("{text:?} is not a real date")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn field_names_match_whatever_their_spelling() {
        let value = json!({ "Billing Address": [{ "City": "Leeds" }], "Inventory_measurement ": { "Quantity": 5 } });
        let record = Record::new(&value).unwrap();
        assert_eq!(record.record(&["Billing_Address"]).unwrap().string(&["city"]).unwrap(), "Leeds");
        assert_eq!(record.record(&["Inventory_measurement"]).unwrap().integer(&["Quantity"]).unwrap(), 5);
        assert_eq!(record.string(&["Missing"]).unwrap_err(), "Missing is missing");
    }

    #[test]
    fn numbers_come_in_many_forms() {
        let value = json!({ "a": "23", "b": 7.0, "c": 10.99, "d": 915, "e": "x", "f": "Infinity", "g": 60.0 });
        let record = Record::new(&value).unwrap();
        assert_eq!(record.integer(&["a"]).unwrap(), 23);
        assert_eq!(record.integer(&["b"]).unwrap(), 7);
        assert_eq!(record.money(&["c"]).unwrap(), Money(1099));
        assert_eq!(record.money(&["d"]).unwrap(), Money(91500));
        assert!(record.integer(&["e"]).unwrap_err().contains("whole number"));
        assert!(record.float(&["f"]).unwrap_err().contains("should be a number"));
        assert!(record.money(&["f"]).is_err());
        assert_eq!(record.string(&["g"]).unwrap(), "60");
        assert_eq!(record.string(&["c"]).unwrap(), "10.99");
    }

    #[test]
    fn dates_in_every_shape_and_a_swapped_one_corrected() {
        assert_eq!(parse_date("2022-11-10T00:00:00").unwrap(), (Timestamp::from_ymd(2022, 11, 10).unwrap(), None));
        assert_eq!(parse_date("28/01/2023").unwrap().0, Timestamp::from_ymd(2023, 1, 28).unwrap());
        let (date, note) = parse_date("2022-23-12").unwrap();
        assert_eq!(date, Timestamp::from_ymd(2022, 12, 23).unwrap());
        assert!(note.unwrap().contains("swapped"));
        assert!(parse_date("2022-02-30").is_err());
        assert!(parse_date("yesterday").is_err());
    }
}
