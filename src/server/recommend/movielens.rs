//! Ratings in the MovieLens `u.data` layout: customer id, product id, rating, unix time, tab-separated.

use super::interactions::{Interactions, InteractionsBuilder};

#[derive(Debug, thiserror::Error)]
#[error("line {line}: {reason} (expected: customer id, product id, rating, unix time, separated by tabs)")]
pub struct ParseError {
    pub line: usize,
    pub reason: String,
}

pub fn parse(text: &str) -> Result<Interactions, ParseError> {
    let mut builder = InteractionsBuilder::default();
    for (number, line) in text.lines().enumerate() {
        let line_number = number + 1;
        if line.trim().is_empty() {
            continue;
        }
        let fields: Vec<&str> = line.split('\t').map(str::trim).collect();
        let fail = |reason: String| ParseError { line: line_number, reason };
        let [user, item, value, time] = fields[..] else {
            return Err(fail(format!("{} fields", fields.len())));
        };
        let value: f32 = value.parse().map_err(|_| fail(format!("rating {value:?} is not a number")))?;
        let time: i64 = time.parse().map_err(|_| fail(format!("time {time:?} is not a whole number")))?;
        if user.is_empty() || item.is_empty() {
            return Err(fail("an empty id".into()));
        }
        builder.push(user, item, value, time);
    }
    Ok(builder.build())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_layout_and_names_the_line_of_a_bad_record() {
        let data = parse("196\t242\t3\t881250949\n186\t302\t3\t891717742\n\n196\t302\t5\t881250950\n").unwrap();
        assert_eq!((data.users.len(), data.items.len(), data.ratings.len()), (2, 2, 3));
        assert_eq!(data.ratings[2].user, 0, "the same customer id, the same index");
        let err = parse("1\t2\t3\t4\n1\t2\tfive\t4\n").unwrap_err();
        assert_eq!(err.line, 2);
        assert!(err.to_string().contains("\"five\""), "{err}");
        assert_eq!(parse("1,2,3,4").unwrap_err().line, 1);
    }
}
