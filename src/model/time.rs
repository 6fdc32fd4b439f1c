//! A moment in time, shared by browser and server: milliseconds since the Unix epoch, UTC.
//!
//! In JSON (server functions) it is a plain integer; in BSON (MongoDB) a real Date, so that date queries, TTL indexes
//! and time buckets work. The two forms are told apart by serde's `is_human_readable`.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Timestamp(pub i64);

impl Timestamp {
    pub fn from_millis(millis: i64) -> Timestamp {
        Timestamp(millis)
    }

    pub fn millis(self) -> i64 {
        self.0
    }

    /// Midnight UTC of a calendar date, or None when the date does not exist (a 23rd month, a 30th of February).
    pub fn from_ymd(year: i32, month: u32, day: u32) -> Option<Timestamp> {
        if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
            return None;
        }
        Some(Timestamp(days_from_civil(year, month, day) * 86_400_000))
    }

    /// The calendar date (year, month, day) in UTC.
    pub fn ymd(self) -> (i32, u32, u32) {
        civil_from_days(self.0.div_euclid(86_400_000))
    }

    /// Midnight UTC of the day this moment falls on.
    pub fn start_of_day(self) -> Timestamp {
        Timestamp(self.0.div_euclid(DAY_MS) * DAY_MS)
    }

    /// The same moment `days` later (earlier when negative).
    pub fn plus_days(self, days: i64) -> Timestamp {
        Timestamp(self.0 + days * DAY_MS)
    }

    /// `2022-12-21`.
    pub fn date_string(self) -> String {
        let (y, m, d) = self.ymd();
        format!("{y:04}-{m:02}-{d:02}")
    }

    /// `2022-12-21 14:05 UTC`.
    pub fn minute_string(self) -> String {
        let seconds_of_day = self.0.rem_euclid(86_400_000) / 1000;
        format!("{} {:02}:{:02} UTC", self.date_string(), seconds_of_day / 3600, seconds_of_day / 60 % 60)
    }

    #[cfg(feature = "ssr")]
    pub fn now() -> Timestamp {
        Timestamp(mongodb::bson::DateTime::now().timestamp_millis())
    }
}

const DAY_MS: i64 = 86_400_000;

fn is_leap(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(year) => 29,
        _ => 28,
    }
}

// Howard Hinnant's days_from_civil / civil_from_days: exact proleptic Gregorian arithmetic without a date crate,
// which keeps the browser's wasm small.
fn days_from_civil(year: i32, month: u32, day: u32) -> i64 {
    let y = i64::from(year) - i64::from(month <= 2);
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(month);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(days: i64) -> (i32, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
    (year, month, day)
}

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        // On the server, always a BSON Date (`{"$date": …}` in JSON), because the bson crate's serializers do not
        // agree on `is_human_readable`; the browser sends plain milliseconds. Deserializing accepts both.
        #[cfg(feature = "ssr")]
        return mongodb::bson::DateTime::from_millis(self.0).serialize(serializer);
        #[cfg(not(feature = "ssr"))]
        serializer.serialize_i64(self.0)
    }
}

impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Timestamp, D::Error> {
        deserializer.deserialize_any(TimestampVisitor)
    }
}

/// Accepts milliseconds, or Extended JSON's `{"$date": millis | {"$numberLong": "millis"}}` (BSON Dates arrive so).
struct TimestampVisitor;

impl<'de> serde::de::Visitor<'de> for TimestampVisitor {
    type Value = Timestamp;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("milliseconds since the epoch or a {\"$date\": …} value")
    }

    fn visit_i64<E: serde::de::Error>(self, millis: i64) -> Result<Timestamp, E> {
        Ok(Timestamp(millis))
    }

    fn visit_u64<E: serde::de::Error>(self, millis: u64) -> Result<Timestamp, E> {
        i64::try_from(millis).map(Timestamp).map_err(|_| E::custom("timestamp out of range"))
    }

    /// Milliseconds as text (`$numberLong`), or, on the server, RFC 3339 (relaxed Extended JSON's `$date`).
    fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<Timestamp, E> {
        if let Ok(millis) = text.parse() {
            return Ok(Timestamp(millis));
        }
        #[cfg(feature = "ssr")]
        if let Ok(date) = mongodb::bson::DateTime::parse_rfc3339_str(text) {
            return Ok(Timestamp(date.timestamp_millis()));
        }
        Err(E::custom(format!("{text:?} is not a timestamp")))
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Timestamp, A::Error> {
        let mut found = None;
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "$date" | "$numberLong" => found = Some(map.next_value_seed(TimestampSeed)?),
                _ => {
                    map.next_value::<serde::de::IgnoredAny>()?;
                }
            }
        }
        found.ok_or_else(|| serde::de::Error::custom("expected a $date"))
    }
}

struct TimestampSeed;

impl<'de> serde::de::DeserializeSeed<'de> for TimestampSeed {
    type Value = Timestamp;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Timestamp, D::Error> {
        deserializer.deserialize_any(TimestampVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_moment_reads_to_the_minute() {
        let moment = Timestamp(Timestamp::from_ymd(2026, 11, 24).unwrap().millis() + (21 * 3600 + 5 * 60 + 59) * 1000);
        assert_eq!(moment.minute_string(), "2026-11-24 21:05 UTC");
    }

    #[test]
    fn calendar_dates_round_trip() {
        for (y, m, d) in [(1970, 1, 1), (2000, 2, 29), (2022, 12, 21), (1999, 12, 31), (2024, 3, 1)] {
            assert_eq!(Timestamp::from_ymd(y, m, d).unwrap().ymd(), (y, m, d));
        }
        assert_eq!(Timestamp::from_ymd(1970, 1, 2), Some(Timestamp(86_400_000)));
        assert_eq!(Timestamp::from_ymd(2022, 12, 21).unwrap().date_string(), "2022-12-21");
    }

    #[test]
    fn impossible_dates_are_none() {
        assert_eq!(Timestamp::from_ymd(2022, 23, 12), None);
        assert_eq!(Timestamp::from_ymd(2023, 2, 29), None);
        assert_eq!(Timestamp::from_ymd(2022, 4, 31), None);
        assert_eq!(Timestamp::from_ymd(2022, 0, 1), None);
    }

    #[test]
    fn json_round_trips_and_accepts_plain_milliseconds() {
        let at = Timestamp(1_671_580_800_000);
        assert_eq!(serde_json::from_str::<Timestamp>(&serde_json::to_string(&at).unwrap()).unwrap(), at);
        assert_eq!(serde_json::from_str::<Timestamp>("42").unwrap(), Timestamp(42));
        assert_eq!(serde_json::from_str::<Timestamp>(r#"{"$date":{"$numberLong":"42"}}"#).unwrap(), Timestamp(42));
    }

    #[cfg(feature = "ssr")]
    #[test]
    fn bson_carries_a_real_date() {
        use mongodb::bson::{self, Bson};
        #[derive(Serialize, Deserialize, PartialEq, Debug)]
        struct Holder {
            at: Timestamp,
        }
        let holder = Holder { at: Timestamp(1_671_580_800_000) };
        let document = bson::to_document(&holder).unwrap();
        assert!(matches!(document.get("at"), Some(Bson::DateTime(_))), "{document}");
        assert_eq!(bson::from_document::<Holder>(document).unwrap(), holder);
        // The raw form, which the driver's typed collections use.
        let raw = bson::to_raw_document_buf(&holder).unwrap();
        assert!(matches!(raw.get("at").unwrap(), Some(bson::RawBsonRef::DateTime(_))));
        assert_eq!(bson::from_slice::<Holder>(raw.as_bytes()).unwrap(), holder);
    }
}
