//! The inline scripts of a rendered page, named the way a Content-Security-Policy names them: `'sha256-<base64>'`
//! of each script's text. A script's text is everything between its start tag and the next `</script`, which is
//! also where an HTML parser ends it; data blocks (`type="application/ld+json"`) are not run, so need no hash.

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use sha2::{Digest, Sha256};

/// The hash source of every inline script in `html`, once each, in page order.
pub fn hash_sources(html: &str) -> Vec<String> {
    let mut sources: Vec<String> = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find("<script") {
        let after_name = &rest[start + "<script".len()..];
        let Some(tag_end) = after_name.find('>') else { break };
        let (attributes, body) = (&after_name[..tag_end], &after_name[tag_end + 1..]);
        let Some(text_end) = body.find("</script") else { break };
        let text = &body[..text_end];
        let runs = !attributes.contains("src=") && !is_data_block(attributes);
        if runs {
            let source = format!("'sha256-{}'", STANDARD.encode(Sha256::digest(text.as_bytes())));
            if !sources.contains(&source) {
                sources.push(source);
            }
        }
        rest = &body[text_end..];
    }
    sources
}

/// `type="application/ld+json"` and other JSON blocks: data, never executed.
fn is_data_block(attributes: &str) -> bool {
    attributes.split_whitespace().any(|attribute| {
        let attribute = attribute.trim_end_matches('/');
        attribute.starts_with("type=") && attribute.trim_end_matches(['"', '\'']).ends_with("json")
    })
}

#[cfg(test)]
mod tests {
    use super::hash_sources;

    #[test]
    fn each_inline_script_is_named_by_the_sha256_of_its_text() {
        // sha256("alert(1)") and sha256(""), base64: as `echo -n ... | openssl dgst -sha256 -binary | base64`.
        let html = r#"<head><script nonce="x">alert(1)</script></head><body><script></script></body>"#;
        assert_eq!(
            hash_sources(html),
            vec![
                "'sha256-bhHHL3z2vDgxUt0W3dWQOrprscmda2Y5pLsLg4GF+pI='".to_string(),
                "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='".to_string(),
            ]
        );
    }

    #[test]
    fn module_scripts_count_and_data_blocks_and_files_do_not_and_repeats_are_named_once() {
        let html = concat!(
            r#"<script type="module" nonce="n">import("/pkg/app.js")</script>"#,
            r#"<script type="application/ld+json">{"@type":"Product"}</script>"#,
            r#"<script src="/pkg/app.js"></script>"#,
            r#"<script type="module" nonce="n">import("/pkg/app.js")</script>"#,
        );
        let sources = hash_sources(html);
        assert_eq!(sources.len(), 1, "{sources:?}");
        assert!(sources[0].starts_with("'sha256-") && sources[0].ends_with("='"), "{sources:?}");
    }

    #[test]
    fn an_unterminated_script_ends_the_scan_without_a_hash() {
        assert!(hash_sources("<p>text</p><script>never closed").is_empty());
        assert!(hash_sources("<script").is_empty());
    }
}
