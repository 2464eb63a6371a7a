//! Photographs uploaded for the news: checked against the limits before they are decoded, resized to
//! the widths the portal serves, and re-encoded as JPEG, which leaves every piece of metadata
//! (EXIF, GPS position, camera serial numbers) behind.

use std::io::Cursor;

use image::{DynamicImage, ImageFormat, ImageReader, Limits};
use sha2::{Digest, Sha256};

/// The largest file accepted: a phone's photograph is 3–6 MB.
pub const MAX_IMAGE_BYTES: usize = 10 * 1024 * 1024;
/// The most pixels accepted, checked from the file's header before anything is decoded, so that a
/// small file claiming a huge picture never reaches the decoder.
pub const MAX_IMAGE_PIXELS: u64 = 40_000_000;
/// The widths the portal serves: a phone, a desktop column, a wide screen. A picture narrower than
/// one of them is served at its own width instead.
pub const WIDTHS: [u32; 3] = [480, 960, 1600];
/// The width an article's `<img src>` names; the others go in its `srcset`.
pub const DEFAULT_WIDTH: u32 = 960;

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ImageError {
    #[error("Ảnh quá lớn: tối đa {} MB", MAX_IMAGE_BYTES / (1024 * 1024))]
    TooLarge,
    #[error("Ảnh có {0} megapixel, vượt giới hạn {limit} megapixel; hãy thu nhỏ ảnh trước khi tải lên", limit = MAX_IMAGE_PIXELS / 1_000_000)]
    TooManyPixels(u64),
    #[error("Chỉ nhận ảnh JPEG, PNG hoặc WebP")]
    NotAnImage,
    #[error("Không đọc được ảnh: tệp hỏng hoặc không đầy đủ")]
    Unreadable,
}

/// One size of a picture, as served.
#[derive(Debug, Clone)]
pub struct Rendition {
    pub width: u32,
    pub height: u32,
    /// JPEG, without metadata.
    pub bytes: Vec<u8>,
}

/// An uploaded picture made ready to serve.
#[derive(Debug, Clone)]
pub struct PreparedImage {
    /// SHA-256 of the uploaded file, in hex: the name it is served and logged under.
    pub hash: String,
    pub width: u32,
    pub height: u32,
    /// From the narrowest to the widest, one for each width of [`WIDTHS`] the picture reaches.
    pub renditions: Vec<Rendition>,
}

/// Check, decode, resize and re-encode an uploaded picture.
pub fn prepare(bytes: &[u8]) -> Result<PreparedImage, ImageError> {
    if bytes.len() > MAX_IMAGE_BYTES {
        return Err(ImageError::TooLarge);
    }
    let reader = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|_| ImageError::NotAnImage)?;
    if !matches!(
        reader.format(),
        Some(ImageFormat::Jpeg | ImageFormat::Png | ImageFormat::WebP)
    ) {
        return Err(ImageError::NotAnImage);
    }
    let (width, height) = reader
        .into_dimensions()
        .map_err(|_| ImageError::Unreadable)?;
    let pixels = u64::from(width) * u64::from(height);
    if pixels > MAX_IMAGE_PIXELS {
        return Err(ImageError::TooManyPixels(pixels.div_ceil(1_000_000)));
    }
    let mut reader = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|_| ImageError::NotAnImage)?;
    // The decoder's own allocation bound, in case the header lied about the size.
    let mut limits = Limits::default();
    limits.max_image_width = Some(width);
    limits.max_image_height = Some(height);
    limits.max_alloc = Some(pixels * 4 + 1024 * 1024);
    reader.limits(limits);
    let picture = reader.decode().map_err(|_| ImageError::Unreadable)?;
    // Transparent parts of a PNG become white, as on the portal's page.
    let picture = DynamicImage::ImageRgb8(flatten(&picture));
    let mut widths: Vec<u32> = WIDTHS.iter().map(|w| (*w).min(width)).collect();
    widths.dedup();
    let renditions = widths
        .into_iter()
        .map(|w| rendition(&picture, w))
        .collect::<Result<_, _>>()?;
    Ok(PreparedImage {
        hash: hex::encode(Sha256::digest(bytes)),
        width,
        height,
        renditions,
    })
}

fn flatten(picture: &DynamicImage) -> image::RgbImage {
    let rgba = picture.to_rgba8();
    let mut out = image::RgbImage::new(rgba.width(), rgba.height());
    for (x, y, p) in rgba.enumerate_pixels() {
        let a = u16::from(p[3]);
        let mix = |c: u8| ((u16::from(c) * a + 255 * (255 - a)) / 255) as u8;
        out.put_pixel(x, y, image::Rgb([mix(p[0]), mix(p[1]), mix(p[2])]));
    }
    out
}

fn rendition(picture: &DynamicImage, width: u32) -> Result<Rendition, ImageError> {
    let resized = if width == picture.width() {
        picture.clone()
    } else {
        let height = (u64::from(picture.height()) * u64::from(width) / u64::from(picture.width()))
            .max(1) as u32;
        picture.resize_exact(width, height, image::imageops::FilterType::Lanczos3)
    };
    let mut bytes = Vec::new();
    let encoder = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut bytes, 82);
    resized
        .write_with_encoder(encoder)
        .map_err(|_| ImageError::Unreadable)?;
    Ok(Rendition {
        width: resized.width(),
        height: resized.height(),
        bytes,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png(width: u32, height: u32) -> Vec<u8> {
        let picture = image::RgbaImage::from_pixel(width, height, image::Rgba([200, 30, 30, 128]));
        let mut bytes = Vec::new();
        DynamicImage::ImageRgba8(picture)
            .write_to(&mut Cursor::new(&mut bytes), ImageFormat::Png)
            .unwrap();
        bytes
    }

    #[test]
    fn a_picture_is_served_at_each_width_it_reaches_and_never_wider_than_it_is() {
        let prepared = prepare(&png(1200, 800)).unwrap();
        let sizes: Vec<(u32, u32)> = prepared
            .renditions
            .iter()
            .map(|r| (r.width, r.height))
            .collect();
        assert_eq!(sizes, vec![(480, 320), (960, 640), (1200, 800)]);
        assert!(prepared
            .renditions
            .iter()
            .all(|r| r.bytes.starts_with(&[0xFF, 0xD8])));
        assert_eq!(prepared.hash.len(), 64);
    }

    #[test]
    fn a_header_claiming_more_than_forty_megapixels_is_refused_before_decoding() {
        // A PNG signature and header for 8000 × 6000 pixels, and no picture at all.
        let mut chunk = b"IHDR".to_vec();
        chunk.extend_from_slice(&8000u32.to_be_bytes());
        chunk.extend_from_slice(&6000u32.to_be_bytes());
        chunk.extend_from_slice(&[8, 2, 0, 0, 0]);
        let mut bytes = b"\x89PNG\r\n\x1a\n".to_vec();
        for (kind, data) in [(&b"IHDR"[..], &chunk[4..]), (b"IDAT", &[0x78, 0x9c][..])] {
            let mut crc = flate2::Crc::new();
            crc.update(kind);
            crc.update(data);
            bytes.extend_from_slice(&(data.len() as u32).to_be_bytes());
            bytes.extend_from_slice(kind);
            bytes.extend_from_slice(data);
            bytes.extend_from_slice(&crc.sum().to_be_bytes());
        }
        assert_eq!(prepare(&bytes).unwrap_err(), ImageError::TooManyPixels(48));
        assert_eq!(
            ImageError::TooManyPixels(48).to_string(),
            "Ảnh có 48 megapixel, vượt giới hạn 40 megapixel; hãy thu nhỏ ảnh trước khi tải lên"
        );
    }

    #[test]
    fn what_is_not_a_jpeg_png_or_webp_is_refused() {
        assert_eq!(prepare(b"GIF89a....").unwrap_err(), ImageError::NotAnImage);
        assert_eq!(prepare(b"<svg></svg>").unwrap_err(), ImageError::NotAnImage);
        let mut cut = png(50, 50);
        cut.truncate(60);
        assert_eq!(prepare(&cut).unwrap_err(), ImageError::Unreadable);
    }
}
