//! JSON to embed in a `<script>` element (structured data). The HTML parser ends a script at `</script` and treats
//! `<!--` inside it specially, whatever the JSON means, so a product text holding `<!--<script>` would swallow the
//! rest of the page: every `<`, `>` and `&` is written as its JSON escape (`\u003c`...), which means the same to a
//! JSON reader and nothing to the HTML parser. U+2028 and U+2029 are escaped too, for older JavaScript parsers.

/// `value` as JSON text that cannot end or change the script element it is embedded in.
pub fn script_json(value: &serde_json::Value) -> String {
    let text = value.to_string();
    let mut safe = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '<' => safe.push_str("\\u003c"),
            '>' => safe.push_str("\\u003e"),
            '&' => safe.push_str("\\u0026"),
            '\u{2028}' => safe.push_str("\\u2028"),
            '\u{2029}' => safe.push_str("\\u2029"),
            c => safe.push(c),
        }
    }
    safe
}

#[cfg(test)]
mod tests {
    use super::script_json;
    use serde_json::json;

    #[test]
    fn nothing_in_it_can_close_or_comment_out_the_script() {
        let hostile = json!({ "description": "<!--<script> & </script><b>", "name": "Line\u{2028}break" });
        let safe = script_json(&hostile);
        for forbidden in ["<", ">", "&", "\u{2028}"] {
            assert!(!safe.contains(forbidden), "{forbidden:?} in {safe}");
        }
        assert_eq!(serde_json::from_str::<serde_json::Value>(&safe).unwrap(), hostile, "it means the same JSON");
    }
}
