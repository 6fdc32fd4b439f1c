//! The checked codes and amounts of a product's form: an ISBN's and an EAN's check digit, and a fresh product's
//! weight or quantity with its unit. Each refusal is a sentence naming what was typed.

use super::desk::short;

/// Units a fresh product may be sold by.
const WEIGHTS: [&str; 5] = ["g", "kg", "ml", "cl", "l"];
const COUNTS: [&str; 4] = ["pack", "pieces", "each", "bunch"];

/// `500g`, `1.5 kg`, `330ml`, `6 pack`, `12 pieces`: a positive amount and a unit, written back tidily.
pub fn weight_or_quantity(text: &str) -> Result<String, String> {
    let text = text.trim().to_lowercase();
    let split = text.find(|c: char| !(c.is_ascii_digit() || c == '.')).unwrap_or(text.len());
    let (amount, unit) = (&text[..split], text[split..].trim());
    let amount_ok = amount.parse::<f64>().is_ok_and(|a| a.is_finite() && a > 0.0 && a <= 100_000.0);
    let unit_ok = WEIGHTS.contains(&unit) || COUNTS.contains(&unit);
    if !amount_ok || !unit_ok {
        return Err(format!(
            "The weight or quantity \"{}\" is not right: an amount and a unit, like 500g, 1.5kg, 330ml or 6 pack.",
            short(&text)
        ));
    }
    Ok(if WEIGHTS.contains(&unit) { format!("{amount}{unit}") } else { format!("{amount} {unit}") })
}

/// An ISBN-10 or ISBN-13 with its check digit right; hyphens and spaces allowed, stored without them.
pub fn isbn(text: &str) -> Result<String, String> {
    let compact: String = text.trim().chars().filter(|c| *c != '-' && *c != ' ').collect::<String>().to_uppercase();
    let valid = match compact.len() {
        10 => {
            let digits: Option<Vec<u32>> = compact
                .chars()
                .enumerate()
                .map(|(i, c)| if i == 9 && c == 'X' { Some(10) } else { c.to_digit(10) })
                .collect();
            digits
                .is_some_and(|d| d.iter().enumerate().map(|(i, d)| (10 - i as u32) * d).sum::<u32>().is_multiple_of(11))
        }
        13 => (compact.starts_with("978") || compact.starts_with("979")) && is_ean(&compact),
        _ => false,
    };
    if valid {
        Ok(compact)
    } else {
        Err(format!(
            "The ISBN \"{}\" is not right: 10 or 13 digits whose last is the check digit, like 978-0-306-40615-7.",
            short(text)
        ))
    }
}

/// An EAN-8 or EAN-13 (digits only) with its check digit right: weights 3 and 1 from the right.
pub fn is_ean(digits: &str) -> bool {
    if !(digits.len() == 8 || digits.len() == 13) || !digits.chars().all(|c| c.is_ascii_digit()) {
        return false;
    }
    let sum: u32 = digits
        .chars()
        .rev()
        .enumerate()
        .map(|(i, c)| c.to_digit(10).unwrap_or(0) * if i % 2 == 1 { 3 } else { 1 })
        .sum();
    sum.is_multiple_of(10)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn isbns_need_their_check_digit() {
        assert_eq!(isbn("978-0-306-40615-7"), Ok("9780306406157".into()));
        assert_eq!(isbn("0-306-40615-2"), Ok("0306406152".into()));
        assert_eq!(isbn("0-8044-2957-x"), Ok("080442957X".into()));
        for wrong in ["978-0-306-40615-8", "0-306-40615-3", "12345", "", "977-0-306-40615-7", "ISBN"] {
            assert!(isbn(wrong).unwrap_err().contains("check digit"), "{wrong}");
        }
    }

    #[test]
    fn eans_need_their_check_digit() {
        assert!(is_ean("4006381333931"));
        assert!(is_ean("96385074"));
        assert!(!is_ean("4006381333932"));
        assert!(!is_ean("400638133393"));
    }

    #[test]
    fn fresh_food_is_sold_by_an_amount_and_a_unit() {
        assert_eq!(weight_or_quantity(" 500 G "), Ok("500g".into()));
        assert_eq!(weight_or_quantity("1.5kg"), Ok("1.5kg".into()));
        assert_eq!(weight_or_quantity("6 Pack"), Ok("6 pack".into()));
        for wrong in ["", "500", "kg", "0g", "-1kg", "3 bags", "1e9g"] {
            assert!(weight_or_quantity(wrong).unwrap_err().contains("like 500g"), "{wrong}");
        }
    }
}
