//! A product's picture as pages show it. Its id is a hash of its bytes, so an address never changes what it shows
//! and browsers may keep it for good.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Picture {
    /// The first 32 hex digits of the SHA-256 of the stored bytes.
    pub id: String,
    /// In pixels, so that pages reserve the picture's room before it arrives (no layout shift).
    pub width: u32,
    pub height: u32,
}

impl Picture {
    /// Where the server serves it.
    pub fn src(&self) -> String {
        format!("/pictures/{}", self.id)
    }
}

/// Hex digits in a picture id.
pub const PICTURE_ID_LEN: usize = 32;

/// A picture id as it may appear in an address, checked before any query.
pub fn is_picture_id(id: &str) -> bool {
    id.len() == PICTURE_ID_LEN && id.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_lowercase_hex_of_the_right_length_is_a_picture_id() {
        assert!(is_picture_id("0123456789abcdef0123456789abcdef"));
        assert!(!is_picture_id("0123456789ABCDEF0123456789abcdef"));
        assert!(!is_picture_id("0123456789abcdef"));
        assert!(!is_picture_id("../../etc/passwd0123456789abcdef0"));
        assert!(!is_picture_id(""));
    }
}
