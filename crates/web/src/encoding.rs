//! What a page is sent as: the encodings a client accepts (`Accept-Encoding`: brotli, gzip), each
//! page and asset compressed once when it is kept, and the validators (`ETag`,
//! `Last-Modified`) that let a client ask again and get 304, no body, when nothing changed.

use std::io::Write;
use std::sync::{Arc, OnceLock};
use std::time::SystemTime;

use axum::body::Bytes;
use axum::http::header::{self, HeaderMap, HeaderValue};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

/// A content coding the server keeps pages in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Identity,
    Gzip,
    Brotli,
}

/// Bodies smaller than this go uncompressed: the headers would cost more than the bytes saved.
const COMPRESS_FROM: usize = 512;

impl Encoding {
    /// The best encoding `Accept-Encoding` allows of those kept: brotli, then gzip, each unless
    /// its quality is 0 (or absent with no `*`); identity otherwise.
    pub fn preferred(headers: &HeaderMap) -> Self {
        let Some(accept) = headers
            .get(header::ACCEPT_ENCODING)
            .and_then(|v| v.to_str().ok())
        else {
            return Self::Identity;
        };
        let quality = |name: &str| -> f32 {
            let mut star = None;
            for part in accept.split(',') {
                let mut pieces = part.split(';');
                let coding = pieces.next().unwrap_or("").trim();
                let q = pieces
                    .filter_map(|p| p.trim().strip_prefix("q="))
                    .find_map(|q| q.trim().parse::<f32>().ok())
                    .unwrap_or(1.0);
                if coding.eq_ignore_ascii_case(name) {
                    return q;
                }
                if coding == "*" {
                    star = Some(q);
                }
            }
            star.unwrap_or(0.0)
        };
        let (br, gzip) = (quality("br"), quality("gzip"));
        if br > 0.0 && br >= gzip {
            Self::Brotli
        } else if gzip > 0.0 {
            Self::Gzip
        } else {
            Self::Identity
        }
    }

    /// The `Content-Encoding` of a body in this encoding.
    pub fn header(self) -> Option<HeaderValue> {
        match self {
            Self::Identity => None,
            Self::Gzip => Some(HeaderValue::from_static("gzip")),
            Self::Brotli => Some(HeaderValue::from_static("br")),
        }
    }

    /// What the entity tag of a body in this encoding ends with: each encoding is its own
    /// representation, with its own strong validator.
    fn tag_suffix(self) -> &'static str {
        match self {
            Self::Identity => "",
            Self::Gzip => "-gzip",
            Self::Brotli => "-br",
        }
    }
}

/// Whether a body of this type gains from compression: text, not images or office files.
pub fn compressible(content_type: &HeaderValue) -> bool {
    let t = content_type.to_str().unwrap_or("");
    t.starts_with("text/")
        || t.starts_with("application/json")
        || t.starts_with("application/xml")
        || t.starts_with("application/atom+xml")
        || t.starts_with("application/javascript")
        || t.starts_with("image/svg+xml")
}

/// One body kept in every encoding worth sending, with its validator.
#[derive(Debug, Clone)]
pub struct Variants {
    pub identity: Bytes,
    /// gzip and brotli, once made: at once for a small body, in the background for a large one
    /// (a province's roll-up), whose first visitors get it as it is meanwhile.
    compressed: Option<Arc<OnceLock<Compressed>>>,
    /// The identity body's digest, quoted: the entity tag, with each encoding's suffix.
    tag: String,
}

#[derive(Debug)]
struct Compressed {
    gzip: Bytes,
    brotli: Bytes,
}

/// Bodies up to this size are compressed before the first answer (well under a millisecond);
/// larger ones in the background, so that the visitor who finds the cache empty waits for the page
/// alone (a roll-up of 126 communes took 25 ms more to compress than to make).
const COMPRESS_NOW_UP_TO: usize = 32 * 1024;

impl Variants {
    /// The body, compressed once when its type and size make it worth it.
    pub fn of(body: Bytes, content_type: &HeaderValue) -> Self {
        let worth = body.len() >= COMPRESS_FROM && compressible(content_type);
        let compressed = worth.then(|| {
            let cell = Arc::new(OnceLock::new());
            let make = {
                let (body, cell) = (body.clone(), cell.clone());
                move || {
                    let _ = cell.set(Compressed {
                        gzip: gzip(&body),
                        brotli: brotli(&body),
                    });
                }
            };
            match tokio::runtime::Handle::try_current() {
                Ok(runtime) if body.len() > COMPRESS_NOW_UP_TO => {
                    runtime.spawn_blocking(make);
                }
                _ => make(),
            }
            cell
        });
        Self {
            compressed,
            tag: digest(&body),
            identity: body,
        }
    }

    /// The bytes kept, in every encoding: what the page cache counts against its bound (for a
    /// body still being compressed, as much as HTML usually compresses to).
    pub fn weight(&self) -> usize {
        let compressed = self.compressed.as_ref().map_or(0, |c| {
            c.get().map_or(self.identity.len() * 7 / 10, |c| {
                c.gzip.len() + c.brotli.len()
            })
        });
        self.identity.len() + compressed
    }

    /// The body and encoding to send to a client that prefers `encoding`: the best one made.
    pub fn pick(&self, encoding: Encoding) -> (Encoding, &Bytes) {
        match (encoding, self.compressed.as_ref().and_then(|c| c.get())) {
            (Encoding::Brotli, Some(c)) => (Encoding::Brotli, &c.brotli),
            (Encoding::Gzip, Some(c)) => (Encoding::Gzip, &c.gzip),
            _ => (Encoding::Identity, &self.identity),
        }
    }

    /// The entity tag of the body in `encoding`.
    pub fn etag(&self, encoding: Encoding) -> HeaderValue {
        let tag = format!("\"{}{}\"", self.tag, encoding.tag_suffix());
        HeaderValue::from_str(&tag).unwrap_or_else(|_| HeaderValue::from_static("\"\""))
    }
}

/// The answer to a request with `request`'s headers for a body kept in `body`: the best encoding
/// it accepts, with its validators and `cache_control`, or 304 and no body when the client holds
/// it already.
pub fn respond(
    body: &Variants,
    content_type: &HeaderValue,
    disposition: Option<&HeaderValue>,
    made: SystemTime,
    cache_control: &'static str,
    request: &HeaderMap,
) -> Response {
    let (encoding, bytes) = body.pick(Encoding::preferred(request));
    let etag = body.etag(encoding);
    let mut headers = HeaderMap::new();
    headers.insert(header::ETAG, etag.clone());
    headers.insert(header::LAST_MODIFIED, http_date(made));
    headers.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static(cache_control),
    );
    if not_modified(request, &etag, made) {
        return (StatusCode::NOT_MODIFIED, headers).into_response();
    }
    headers.insert(header::CONTENT_TYPE, content_type.clone());
    if let Some(e) = encoding.header() {
        headers.insert(header::CONTENT_ENCODING, e);
    }
    if let Some(d) = disposition {
        headers.insert(header::CONTENT_DISPOSITION, d.clone());
    }
    (headers, bytes.clone()).into_response()
}

/// Whether a request's validators show the client holds this representation already:
/// `If-None-Match` when given (any of its tags, compared weakly, or `*`), else
/// `If-Modified-Since` not before the time the body was made.
pub fn not_modified(headers: &HeaderMap, etag: &HeaderValue, modified: SystemTime) -> bool {
    if let Some(tags) = headers.get(header::IF_NONE_MATCH) {
        let Ok(tags) = tags.to_str() else {
            return false;
        };
        let ours = etag.to_str().unwrap_or("");
        return tags
            .split(',')
            .map(str::trim)
            .any(|t| t == "*" || t.strip_prefix("W/").unwrap_or(t) == ours);
    }
    let since = headers
        .get(header::IF_MODIFIED_SINCE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| httpdate::parse_http_date(v).ok());
    // HTTP dates have whole seconds: a body made within the second asked about is not newer.
    let seconds = |t: SystemTime| {
        t.duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs())
    };
    since.is_some_and(|since| seconds(modified) <= seconds(since))
}

/// `Last-Modified` of a body made at `at`.
pub fn http_date(at: SystemTime) -> HeaderValue {
    HeaderValue::from_str(&httpdate::fmt_http_date(at))
        .unwrap_or_else(|_| HeaderValue::from_static("Thu, 01 Jan 1970 00:00:00 GMT"))
}

/// A short digest of a body: 16 bytes of SHA-256, hex, enough to tell versions apart.
pub fn digest(body: &[u8]) -> String {
    use sha2::Digest;
    let hash = sha2::Sha256::digest(body);
    hash[..16].iter().map(|b| format!("{b:02x}")).collect()
}

/// The body as `gzip -9` would make it.
fn gzip(body: &[u8]) -> Bytes {
    let mut out = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    // Writing into memory cannot fail.
    let _ = out.write_all(body);
    Bytes::from(out.finish().unwrap_or_default())
}

/// The body in brotli at the quality that suits text made once and sent many times.
fn brotli(body: &[u8]) -> Bytes {
    let mut out = Vec::with_capacity(body.len() / 3);
    let params = brotli::enc::BrotliEncoderParams {
        quality: BROTLI_QUALITY,
        lgwin: 22,
        ..Default::default()
    };
    let _ = brotli::BrotliCompress(&mut &body[..], &mut out, &params);
    Bytes::from(out)
}

/// Brotli's quality: 11 makes the smallest bodies but takes tens of milliseconds on a large
/// page, paid by the visitor whose request finds the page cache empty after a write.
const BROTLI_QUALITY: i32 = 9;

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    fn asking(accept: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(
            header::ACCEPT_ENCODING,
            HeaderValue::from_str(accept).unwrap(),
        );
        h
    }

    #[test]
    fn brotli_is_preferred_then_gzip_and_a_zero_quality_refuses_a_coding() {
        assert_eq!(
            Encoding::preferred(&asking("gzip, deflate, br")),
            Encoding::Brotli
        );
        assert_eq!(Encoding::preferred(&asking("gzip")), Encoding::Gzip);
        assert_eq!(Encoding::preferred(&asking("br;q=0, gzip")), Encoding::Gzip);
        assert_eq!(
            Encoding::preferred(&asking("br;q=0.5, gzip;q=0.8")),
            Encoding::Gzip
        );
        assert_eq!(Encoding::preferred(&asking("*")), Encoding::Brotli);
        assert_eq!(Encoding::preferred(&asking("*;q=0")), Encoding::Identity);
        assert_eq!(Encoding::preferred(&asking("identity")), Encoding::Identity);
        assert_eq!(Encoding::preferred(&HeaderMap::new()), Encoding::Identity);
        assert_eq!(Encoding::preferred(&asking("GZIP")), Encoding::Gzip);
    }

    fn gunzip(gz: &[u8]) -> Vec<u8> {
        let mut back = Vec::new();
        flate2::read::GzDecoder::new(gz)
            .read_to_end(&mut back)
            .unwrap();
        back
    }

    #[test]
    fn a_page_decompresses_to_its_own_bytes_in_either_encoding() {
        let page = Bytes::from("<p>Chương trình phối hợp năm 2026</p>".repeat(100));
        let html = HeaderValue::from_static("text/html; charset=utf-8");
        let v = Variants::of(page.clone(), &html);
        let (e, gz) = v.pick(Encoding::Gzip);
        assert_eq!(e, Encoding::Gzip);
        assert_eq!(gunzip(gz), page);
        let (e, br) = v.pick(Encoding::Brotli);
        assert_eq!(e, Encoding::Brotli);
        let mut back = Vec::new();
        brotli::Decompressor::new(&br[..], 4096)
            .read_to_end(&mut back)
            .unwrap();
        assert_eq!(back, page);
        assert!(br.len() < page.len() / 10 && gz.len() < page.len() / 10);
        // Each encoding is its own representation.
        assert_ne!(v.etag(Encoding::Gzip), v.etag(Encoding::Brotli));
    }

    #[tokio::test(flavor = "multi_thread")]
    async fn a_large_page_is_compressed_in_the_background_and_sent_as_it_is_meanwhile() {
        let page = Bytes::from("<tr><td>Phường Nghĩa Đô</td><td>13/15</td></tr>".repeat(2000));
        let v = Variants::of(page.clone(), &HeaderValue::from_static("text/html"));
        for _ in 0..500 {
            if v.pick(Encoding::Gzip).0 == Encoding::Gzip {
                break;
            }
            // Meanwhile the page goes as it is, whole.
            assert_eq!(v.pick(Encoding::Gzip).1, &page);
            tokio::time::sleep(std::time::Duration::from_millis(10)).await;
        }
        let (e, gz) = v.pick(Encoding::Gzip);
        assert_eq!(e, Encoding::Gzip);
        assert_eq!(gunzip(gz), page);
        assert!(v.weight() < page.len() + page.len() / 10);
    }

    #[test]
    fn a_small_body_or_an_image_is_sent_as_it_is() {
        let small = Variants::of(Bytes::from("ok"), &HeaderValue::from_static("text/plain"));
        assert_eq!(small.pick(Encoding::Brotli).0, Encoding::Identity);
        let png = Variants::of(
            Bytes::from(vec![0u8; 4096]),
            &HeaderValue::from_static("image/png"),
        );
        assert_eq!(png.pick(Encoding::Gzip).0, Encoding::Identity);
    }

    #[test]
    fn a_matching_tag_or_an_unchanged_date_means_not_modified() {
        let v = Variants::of(
            Bytes::from("x".repeat(1000)),
            &HeaderValue::from_static("text/html"),
        );
        let tag = v.etag(Encoding::Gzip);
        let made = std::time::UNIX_EPOCH + std::time::Duration::from_secs(1_800_000_000);
        let mut h = HeaderMap::new();
        h.insert(
            header::IF_NONE_MATCH,
            HeaderValue::from_str(&format!("\"other\", W/{}", tag.to_str().unwrap())).unwrap(),
        );
        assert!(not_modified(&h, &tag, made));
        // Another encoding's tag is another representation.
        assert!(!not_modified(&h, &v.etag(Encoding::Brotli), made));
        let mut h = HeaderMap::new();
        h.insert(header::IF_MODIFIED_SINCE, http_date(made));
        assert!(not_modified(&h, &tag, made));
        let later = made + std::time::Duration::from_secs(2);
        assert!(!not_modified(&h, &tag, later));
        // A tag given wins over a date.
        h.insert(header::IF_NONE_MATCH, HeaderValue::from_static("\"old\""));
        assert!(!not_modified(&h, &tag, made));
    }
}
