//! Official documents and spreadsheets over HTTP: the programme, the review report, meeting
//! minutes and the follow-up report as PDF and DOCX; every public list as XLSX and CSV; the unit's
//! public data as one open-data archive; and the workspace's spreadsheet import with a preview
//! before anything is written. What each holds is the app's; here they become downloads.

pub(crate) mod exports;
pub(crate) mod imports;
pub(crate) mod index;
pub(crate) mod reports;

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

pub use app::imports::MAX_UPLOAD_BYTES;

/// A file to download: its bytes, its type, and the name it is saved under — ASCII for old
/// clients and the Vietnamese name in RFC 5987's `filename*` for the rest.
pub struct Download {
    pub bytes: Vec<u8>,
    pub content_type: &'static str,
    /// "Chương trình phối hợp công tác năm 2021.pdf".
    pub name: String,
    /// PDFs open in the browser; the rest are saved.
    pub inline: bool,
    /// Drafts and workspace files must not be kept by shared caches.
    pub private: bool,
}

impl From<app::reports::Rendered> for Download {
    fn from(r: app::reports::Rendered) -> Self {
        Self {
            bytes: r.bytes,
            content_type: r.content_type,
            name: r.file_name,
            inline: r.inline,
            private: r.private,
        }
    }
}

impl IntoResponse for Download {
    fn into_response(self) -> Response {
        let disposition = content_disposition(&self.name, self.inline);
        let mut response = (StatusCode::OK, self.bytes).into_response();
        let headers = response.headers_mut();
        headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static(self.content_type),
        );
        if let Ok(v) = HeaderValue::from_str(&disposition) {
            headers.insert(header::CONTENT_DISPOSITION, v);
        }
        headers.insert(
            header::CACHE_CONTROL,
            HeaderValue::from_static(if self.private {
                "private, no-store"
            } else {
                "public, max-age=60"
            }),
        );
        response
    }
}

/// `attachment; filename="chuong-trinh-2021.pdf"; filename*=UTF-8''Ch%C6%B0%C6%A1ng…`.
pub fn content_disposition(name: &str, inline: bool) -> String {
    let (stem, ext) = name.rsplit_once('.').unwrap_or((name, ""));
    let mut ascii = vi::slugify(stem);
    if ascii.is_empty() {
        ascii = "tep".into();
    }
    if !ext.is_empty() {
        ascii = format!("{ascii}.{}", ext.to_ascii_lowercase());
    }
    let encoded: String = vi::nfc(name)
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"!#$&+-.^_`|~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect();
    format!(
        "{}; filename=\"{ascii}\"; filename*=UTF-8''{encoded}",
        if inline { "inline" } else { "attachment" }
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_are_ascii_with_the_vietnamese_name_beside_them() {
        assert_eq!(
            content_disposition("Chương trình năm 2021.pdf", true),
            "inline; filename=\"chuong-trinh-nam-2021.pdf\"; filename*=UTF-8''Ch%C6%B0%C6%A1ng%20tr%C3%ACnh%20n%C4%83m%202021.pdf"
        );
        assert!(
            content_disposition("a\"b.csv", false).starts_with("attachment; filename=\"a-b.csv\"")
        );
    }
}
