//! An admin's uploaded picture, checked by what it is, not by what it is called: the first bytes must be a JPEG, PNG
//! or WebP signature, the declared size must be sane before anything is decoded (a small file can declare a
//! gigapixel image), and the whole picture must decode. What is stored is re-encoded, bounded in size, so that no
//! uploaded byte (metadata, trailing data, a polyglot file) is ever served back.

use std::io::Cursor;

use image::{DynamicImage, ImageFormat, ImageReader, Limits};

/// Longest side accepted: a photograph from any camera fits; a decompression bomb does not.
pub const MAX_SIDE_IN: u32 = 12_000;
/// Longest side stored: sharp on a product page at twice the density of most screens.
pub const MAX_SIDE_OUT: u32 = 1_600;
/// Memory one decode may take, whatever the file declares.
const MAX_DECODE_BYTES: u64 = 512 * 1024 * 1024;
const JPEG_QUALITY: u8 = 85;

/// A picture ready to store.
#[derive(Debug)]
pub struct Prepared {
    pub bytes: Vec<u8>,
    pub content_type: &'static str,
    pub width: u32,
    pub height: u32,
}

/// Why an upload was refused, in words for the admin.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum UploadRefusal {
    #[error("Choose a picture to upload.")]
    Empty,
    #[error("That file is larger than {limit_mb} MB. Upload a smaller picture.")]
    TooLarge { limit_mb: u64 },
    #[error("That file is not a JPEG, PNG or WebP picture (whatever its name says).")]
    NotAPicture,
    #[error(
        "That picture declares {width}×{height} pixels; pictures may be at most {MAX_SIDE_IN} pixels on each side."
    )]
    TooManyPixels { width: u32, height: u32 },
    #[error("That picture could not be read: it may be damaged or cut short ({0}).")]
    Damaged(String),
}

/// Checks and re-encodes an upload: JPEG for photographs, PNG where transparency must survive.
pub fn prepare(bytes: &[u8], max_bytes: usize) -> Result<Prepared, UploadRefusal> {
    if bytes.is_empty() {
        return Err(UploadRefusal::Empty);
    }
    if bytes.len() > max_bytes {
        return Err(UploadRefusal::TooLarge { limit_mb: (max_bytes as u64).div_ceil(1024 * 1024) });
    }
    let format = match image::guess_format(bytes) {
        Ok(format @ (ImageFormat::Jpeg | ImageFormat::Png | ImageFormat::WebP)) => format,
        _ => return Err(UploadRefusal::NotAPicture),
    };
    let (width, height) = ImageReader::with_format(Cursor::new(bytes), format)
        .into_dimensions()
        .map_err(|err| UploadRefusal::Damaged(err.to_string()))?;
    if width > MAX_SIDE_IN || height > MAX_SIDE_IN || width == 0 || height == 0 {
        return Err(UploadRefusal::TooManyPixels { width, height });
    }
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_SIDE_IN);
    limits.max_image_height = Some(MAX_SIDE_IN);
    limits.max_alloc = Some(MAX_DECODE_BYTES);
    reader.limits(limits);
    let decoded = reader.decode().map_err(|err| UploadRefusal::Damaged(err.to_string()))?;
    encode(bounded(decoded))
}

/// The picture no larger than `MAX_SIDE_OUT` on its longest side, its proportions kept.
fn bounded(picture: DynamicImage) -> DynamicImage {
    if picture.width().max(picture.height()) <= MAX_SIDE_OUT {
        picture
    } else {
        picture.resize(MAX_SIDE_OUT, MAX_SIDE_OUT, image::imageops::FilterType::Lanczos3)
    }
}

fn encode(picture: DynamicImage) -> Result<Prepared, UploadRefusal> {
    let (width, height) = (picture.width(), picture.height());
    let mut bytes = Vec::new();
    let content_type = if picture.color().has_alpha() {
        picture.write_to(&mut Cursor::new(&mut bytes), ImageFormat::Png).map(|_| "image/png")
    } else {
        let encoder = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut bytes, JPEG_QUALITY);
        picture.to_rgb8().write_with_encoder(encoder).map(|_| "image/jpeg")
    }
    .map_err(|err| UploadRefusal::Damaged(err.to_string()))?;
    Ok(Prepared { bytes, content_type, width, height })
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::{ImageBuffer, Rgb, Rgba};

    const LIMIT: usize = 5 * 1024 * 1024;

    fn encoded(picture: DynamicImage, format: ImageFormat) -> Vec<u8> {
        let mut bytes = Vec::new();
        picture.write_to(&mut Cursor::new(&mut bytes), format).unwrap();
        bytes
    }

    fn photo(width: u32, height: u32) -> DynamicImage {
        DynamicImage::ImageRgb8(ImageBuffer::from_fn(width, height, |x, y| Rgb([(x % 256) as u8, (y % 256) as u8, 90])))
    }

    #[test]
    fn a_photograph_is_stored_as_a_jpeg_of_its_own_size_and_a_large_one_scaled_down() {
        let small = prepare(&encoded(photo(40, 30), ImageFormat::Png), LIMIT).unwrap();
        assert_eq!((small.content_type, small.width, small.height), ("image/jpeg", 40, 30));
        assert!(small.bytes.starts_with(&[0xFF, 0xD8, 0xFF]), "the stored bytes are a JPEG");

        let large = prepare(&encoded(photo(3200, 1000), ImageFormat::Jpeg), LIMIT).unwrap();
        assert_eq!((large.width, large.height), (MAX_SIDE_OUT, 500), "proportions kept");
    }

    #[test]
    fn transparency_survives_as_png() {
        let logo = DynamicImage::ImageRgba8(ImageBuffer::from_pixel(16, 16, Rgba([10, 20, 30, 0])));
        let prepared = prepare(&encoded(logo, ImageFormat::WebP), LIMIT).unwrap();
        assert_eq!(prepared.content_type, "image/png");
        assert!(prepared.bytes.starts_with(b"\x89PNG"));
    }

    #[test]
    fn what_is_not_a_picture_is_refused_whatever_its_name() {
        assert_eq!(prepare(b"", LIMIT).unwrap_err(), UploadRefusal::Empty);
        assert_eq!(prepare(b"<svg onload=alert(1)></svg>", LIMIT).unwrap_err(), UploadRefusal::NotAPicture);
        assert_eq!(prepare(b"GIF89a\x01\x00\x01\x00", LIMIT).unwrap_err(), UploadRefusal::NotAPicture);
        assert_eq!(prepare(b"%PDF-1.7 ...", LIMIT).unwrap_err(), UploadRefusal::NotAPicture);
        let mut cut = encoded(photo(64, 64), ImageFormat::Png);
        cut.truncate(cut.len() / 2);
        assert!(matches!(prepare(&cut, LIMIT), Err(UploadRefusal::Damaged(_))), "a picture cut short");
    }

    #[test]
    fn a_file_over_the_limit_is_refused_before_it_is_read() {
        let bytes = encoded(photo(64, 64), ImageFormat::Png);
        assert_eq!(prepare(&bytes, 100).unwrap_err(), UploadRefusal::TooLarge { limit_mb: 1 });
    }

    #[test]
    fn a_small_file_declaring_a_gigapixel_picture_is_refused_before_decoding() {
        // A real 1×1 PNG whose header then claims 60,000 × 60,000 pixels (its checksum fixed up to match).
        let mut bomb = encoded(photo(1, 1), ImageFormat::Png);
        let ihdr = 12; // signature (8) + chunk length (4)
        bomb[ihdr + 4..ihdr + 8].copy_from_slice(&60_000u32.to_be_bytes());
        bomb[ihdr + 8..ihdr + 12].copy_from_slice(&60_000u32.to_be_bytes());
        let crc = crc32fast::hash(&bomb[ihdr..ihdr + 4 + 13]);
        bomb[ihdr + 4 + 13..ihdr + 4 + 13 + 4].copy_from_slice(&crc.to_be_bytes());
        assert!(bomb.len() < 100);
        assert_eq!(prepare(&bomb, LIMIT).unwrap_err(), UploadRefusal::TooManyPixels { width: 60_000, height: 60_000 });
    }
}
