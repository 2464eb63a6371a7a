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

/// A picture wider than this is first shrunk by whole pixels (each output pixel the mean of a
/// square of input pixels) before the finer resize: 1.5 times the widest width served, so the
/// finer filter still has detail to work with, and a 40-megapixel picture never goes through it
/// whole.
const SHRINK_TO_WIDTH: u32 = WIDTHS[WIDTHS.len() - 1] * 3 / 2;

/// What a picture is, read from its header alone: its format and size, within the limits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ImageHeader {
    pub format: ImageFormat,
    pub width: u32,
    pub height: u32,
    /// A PNG whose rows can be read one at a time (not interlaced).
    pub streams: bool,
}

impl ImageHeader {
    /// How many bytes preparing the picture holds at most, about: what a budget shared by
    /// uploads made at once reserves for it. A PNG read row by row holds its shrunk copy; any
    /// other picture its whole decoded self first. The finer resize adds its working rows.
    pub fn working_bytes(&self) -> u64 {
        let pixels = u64::from(self.width) * u64::from(self.height);
        let factor = u64::from(shrink_factor(self.width));
        let shrunk = pixels / (factor * factor) * 3;
        let decoded = if self.streams { 0 } else { pixels * 4 };
        // The resize to the widest width: the shrunk width by the output's height, in f32 RGBA.
        let resize = u64::from(self.width.min(SHRINK_TO_WIDTH))
            * u64::from(WIDTHS[WIDTHS.len() - 1].min(self.height))
            * 16;
        decoded + shrunk + resize
    }
}

fn shrink_factor(width: u32) -> u32 {
    width.div_ceil(SHRINK_TO_WIDTH).max(1)
}

/// Read a picture's header: the format (JPEG, PNG or WebP) and a size within the limits, before
/// anything is decoded.
pub fn header(bytes: &[u8]) -> Result<ImageHeader, ImageError> {
    if bytes.len() > MAX_IMAGE_BYTES {
        return Err(ImageError::TooLarge);
    }
    let reader = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|_| ImageError::NotAnImage)?;
    let format = match reader.format() {
        Some(f @ (ImageFormat::Jpeg | ImageFormat::Png | ImageFormat::WebP)) => f,
        _ => return Err(ImageError::NotAnImage),
    };
    let (width, height) = reader
        .into_dimensions()
        .map_err(|_| ImageError::Unreadable)?;
    let pixels = u64::from(width) * u64::from(height);
    if pixels > MAX_IMAGE_PIXELS {
        return Err(ImageError::TooManyPixels(pixels.div_ceil(1_000_000)));
    }
    let streams = format == ImageFormat::Png
        && png::Decoder::new(Cursor::new(bytes))
            .read_header_info()
            .is_ok_and(|info| !info.interlaced);
    Ok(ImageHeader {
        format,
        width,
        height,
        streams,
    })
}

/// Check, decode, resize and re-encode an uploaded picture.
pub fn prepare(bytes: &[u8]) -> Result<PreparedImage, ImageError> {
    let header = header(bytes)?;
    let (width, height) = (header.width, header.height);
    // Shrunk by whole pixels as it is read (a PNG), or decoded whole and shrunk at once, so that
    // only the shrunk copy reaches the finer resize; transparent parts become white, as on the
    // portal's page.
    let picture = if header.streams {
        shrink_png_rows(bytes)?
    } else {
        let decoded = decode_whole(bytes, &header)?;
        let factor = shrink_factor(width);
        let decoded = if factor > 1 {
            decoded.thumbnail_exact(width / factor, (height / factor).max(1))
        } else {
            decoded
        };
        flatten(&decoded)
    };
    let picture = DynamicImage::ImageRgb8(picture);
    let mut widths: Vec<u32> = WIDTHS.iter().map(|w| (*w).min(width)).collect();
    widths.dedup();
    // The widest first, from the shrunk picture; each narrower one from the one above it, so the
    // finer filter always works on a small picture.
    let mut renditions = Vec::with_capacity(widths.len());
    let mut source = picture;
    for w in widths.into_iter().rev() {
        let h = (u64::from(height) * u64::from(w) / u64::from(width)).max(1) as u32;
        let (rendition, resized) = rendition(&source, w, h)?;
        renditions.push(rendition);
        source = resized;
    }
    renditions.reverse();
    Ok(PreparedImage {
        hash: hex::encode(Sha256::digest(bytes)),
        width,
        height,
        renditions,
    })
}

/// The whole picture, decoded within the allocation its header allows (in case the header lied).
fn decode_whole(bytes: &[u8], header: &ImageHeader) -> Result<DynamicImage, ImageError> {
    let mut reader = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|_| ImageError::NotAnImage)?;
    let mut limits = Limits::default();
    limits.max_image_width = Some(header.width);
    limits.max_image_height = Some(header.height);
    limits.max_alloc = Some(u64::from(header.width) * u64::from(header.height) * 4 + 1024 * 1024);
    reader.limits(limits);
    reader.decode().map_err(|_| ImageError::Unreadable)
}

/// A PNG read a row at a time and shrunk as it goes: each output pixel the mean of a square of
/// input pixels, each first laid on white by its transparency.
fn shrink_png_rows(bytes: &[u8]) -> Result<image::RgbImage, ImageError> {
    let mut decoder = png::Decoder::new(Cursor::new(bytes));
    decoder.set_transformations(png::Transformations::EXPAND | png::Transformations::STRIP_16);
    let mut reader = decoder.read_info().map_err(|_| ImageError::Unreadable)?;
    let (width, height) = (reader.info().width, reader.info().height);
    let (color, depth) = reader.output_color_type();
    if depth != png::BitDepth::Eight {
        return Err(ImageError::Unreadable);
    }
    let channels = match color {
        png::ColorType::Grayscale => 1,
        png::ColorType::GrayscaleAlpha => 2,
        png::ColorType::Rgb => 3,
        png::ColorType::Rgba => 4,
        png::ColorType::Indexed => return Err(ImageError::Unreadable),
    };
    let factor = shrink_factor(width);
    let (out_w, out_h) = ((width / factor).max(1), (height / factor).max(1));
    let mut out = image::RgbImage::new(out_w, out_h);
    let mut sums = vec![0u32; out_w as usize * 3];
    let mut y = 0u32;
    while let Some(row) = reader.next_row().map_err(|_| ImageError::Unreadable)? {
        let oy = y / factor;
        y += 1;
        if oy >= out_h {
            continue;
        }
        for (x, px) in row
            .data()
            .chunks_exact(channels)
            .take((out_w * factor) as usize)
            .enumerate()
        {
            let (r, g, b, a) = match *px {
                [v] => (v, v, v, 255),
                [v, a] => (v, v, v, a),
                [r, g, b] => (r, g, b, 255),
                [r, g, b, a] => (r, g, b, a),
                _ => unreachable!("a pixel has one to four channels"),
            };
            let on_white = |c: u8| u32::from(on_white(c, a));
            let at = x / factor as usize * 3;
            sums[at] += on_white(r);
            sums[at + 1] += on_white(g);
            sums[at + 2] += on_white(b);
        }
        if y % factor == 0 {
            let area = factor * factor;
            for ox in 0..out_w {
                let at = ox as usize * 3;
                let mean = |s: u32| ((s + area / 2) / area) as u8;
                out.put_pixel(
                    ox,
                    oy,
                    image::Rgb([mean(sums[at]), mean(sums[at + 1]), mean(sums[at + 2])]),
                );
            }
            sums.fill(0);
        }
    }
    if y < height {
        return Err(ImageError::Unreadable);
    }
    Ok(out)
}

/// A channel laid on white by its transparency.
fn on_white(c: u8, alpha: u8) -> u8 {
    let a = u16::from(alpha);
    ((u16::from(c) * a + 255 * (255 - a)) / 255) as u8
}

fn flatten(picture: &DynamicImage) -> image::RgbImage {
    if let DynamicImage::ImageRgb8(rgb) = picture {
        return rgb.clone();
    }
    let rgba = picture.to_rgba8();
    let mut out = image::RgbImage::new(rgba.width(), rgba.height());
    for (x, y, p) in rgba.enumerate_pixels() {
        out.put_pixel(
            x,
            y,
            image::Rgb([
                on_white(p[0], p[3]),
                on_white(p[1], p[3]),
                on_white(p[2], p[3]),
            ]),
        );
    }
    out
}

/// One size of the picture, and the picture at that size to make the next one from.
fn rendition(
    picture: &DynamicImage,
    width: u32,
    height: u32,
) -> Result<(Rendition, DynamicImage), ImageError> {
    let resized = if width == picture.width() && height == picture.height() {
        picture.clone()
    } else {
        picture.resize_exact(width, height, image::imageops::FilterType::Lanczos3)
    };
    let mut bytes = Vec::new();
    let encoder = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut bytes, 82);
    resized
        .write_with_encoder(encoder)
        .map_err(|_| ImageError::Unreadable)?;
    Ok((
        Rendition {
            width: resized.width(),
            height: resized.height(),
            bytes,
        },
        resized,
    ))
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
    fn a_large_png_is_read_row_by_row_and_comes_out_as_a_smaller_one_decoded_whole_would() {
        // 4000 × 1000, left half red, right half half-transparent blue: shrunk as it streams.
        let mut picture = image::RgbaImage::new(4000, 1000);
        for (x, _, p) in picture.enumerate_pixels_mut() {
            *p = if x < 2000 {
                image::Rgba([200, 0, 0, 255])
            } else {
                image::Rgba([0, 0, 200, 128])
            };
        }
        let mut bytes = Vec::new();
        DynamicImage::ImageRgba8(picture)
            .write_to(&mut Cursor::new(&mut bytes), ImageFormat::Png)
            .unwrap();
        let head = header(&bytes).unwrap();
        assert!(head.streams);
        assert!(
            head.working_bytes() < 50_000_000,
            "{}",
            head.working_bytes()
        );
        let prepared = prepare(&bytes).unwrap();
        let sizes: Vec<(u32, u32)> = prepared
            .renditions
            .iter()
            .map(|r| (r.width, r.height))
            .collect();
        assert_eq!(sizes, vec![(480, 120), (960, 240), (1600, 400)]);
        let widest = image::load_from_memory(&prepared.renditions[2].bytes)
            .unwrap()
            .to_rgb8();
        let left = widest.get_pixel(100, 200);
        let right = widest.get_pixel(1500, 200);
        assert!(left[0] > 180 && left[2] < 30, "{left:?}");
        // Blue at half opacity on white: a light blue.
        assert!(
            right[2] > 200 && right[0] > 100 && right[0] < 150,
            "{right:?}"
        );
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
