//! Where to go after signing in: only a path on this site. The `next` field comes from a query string anyone can
//! write, so it is checked, not trusted: `//evil.example`, `/\evil.example` and `/<TAB>/evil.example` (browsers drop
//! tabs and newlines from URLs, leaving `//evil.example`) would all send the shopper to another site, and a newline
//! cannot go into a `Location` header at all.

/// `next` when it is a same-origin path, with any non-ASCII character percent-encoded; else `/`.
pub fn safe_next(next: Option<&str>) -> String {
    let Some(path) = next else { return "/".into() };
    let same_origin = path.starts_with('/')
        && !path.starts_with("//")
        && !path.contains('\\')
        && !path.chars().any(|c| c.is_control() || c.is_whitespace());
    if !same_origin {
        return "/".into();
    }
    let mut encoded = String::with_capacity(path.len());
    for c in path.chars() {
        if c.is_ascii() {
            encoded.push(c);
        } else {
            let mut bytes = [0; 4];
            c.encode_utf8(&mut bytes).bytes().for_each(|byte| encoded.push_str(&format!("%{byte:02X}")));
        }
    }
    encoded
}

#[cfg(test)]
mod tests {
    use super::safe_next;

    #[test]
    fn paths_on_this_site_are_kept() {
        assert_eq!(safe_next(Some("/checkout")), "/checkout");
        assert_eq!(safe_next(Some("/search?q=tea&page=2")), "/search?q=tea&page=2");
        assert_eq!(safe_next(Some("/c/crème")), "/c/cr%C3%A8me");
        assert_eq!(safe_next(None), "/");
    }

    #[test]
    fn anything_that_could_leave_the_site_or_break_the_header_goes_home() {
        for hostile in [
            "//evil.example",
            "/\\evil.example",
            "/\t/evil.example",
            "/\n/evil.example",
            "/\r\n",
            "/ /evil.example",
            "https://evil.example",
            "evil.example",
            "javascript:alert(1)",
            "/\u{0}",
            "/\u{2028}",
        ] {
            assert_eq!(safe_next(Some(hostile)), "/", "{hostile:?}");
        }
    }
}
