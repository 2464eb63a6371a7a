//! Official documents and spreadsheets over HTTP (issue 6): the programme, the review report and
//! meeting minutes as PDF and DOCX; every public list as XLSX and CSV; the unit's public data as one
//! open-data archive; and the workspace's spreadsheet import with a preview before anything is
//! written.
//!
//! These routes answer with bytes, not pages, so they are registered beside the portal rather than
//! under its page cache: each download is made from the database as it is at that moment.

pub mod exports;
mod imports;
mod index;
pub mod official;
pub mod tables;

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use domain::access::Action;
use domain::programme::{ProgrammeStatus, Year};

use crate::auth::SignedIn;
use crate::{AppState, WebError};

pub use imports::MAX_UPLOAD_BYTES;

pub fn router() -> Router<AppState> {
    let public = Router::new()
        .route(
            "/chuong-trinh/{year}/van-ban.pdf",
            get(official::programme_pdf),
        )
        .route(
            "/chuong-trinh/{year}/van-ban.docx",
            get(official::programme_docx),
        )
        .route("/chi-tieu/{year}/bao-cao.pdf", get(official::review_pdf))
        .route("/chi-tieu/{year}/bao-cao.docx", get(official::review_docx))
        .route("/hoi-nghi/{id}/bien-ban.pdf", get(official::minutes_pdf))
        .route("/hoi-nghi/{id}/bien-ban.docx", get(official::minutes_docx))
        .route("/chi-tieu/{year}/bang.xlsx", get(exports::targets_xlsx))
        .route("/chi-tieu/{year}/bang.csv", get(exports::targets_csv))
        .route(
            "/chuong-trinh/{year}/noi-dung.xlsx",
            get(exports::items_xlsx),
        )
        .route("/chuong-trinh/{year}/noi-dung.csv", get(exports::items_csv))
        .route("/tin-tuc.xlsx", get(exports::news_xlsx))
        .route("/tin-tuc.csv", get(exports::news_csv))
        .route("/du-lieu-mo.zip", get(exports::open_data))
        .route("/van-ban", get(index::show))
        .route(
            "/van-ban/theo-doi-kien-nghi/{year}/bao-cao.pdf",
            get(official::follow_up_pdf),
        )
        .route(
            "/van-ban/theo-doi-kien-nghi/{year}/bao-cao.docx",
            get(official::follow_up_docx),
        );
    let workspace = Router::new()
        .route("/quan-ly/mau/chi-tieu.xlsx", get(imports::targets_template))
        .route("/quan-ly/mau/noi-dung.xlsx", get(imports::items_template))
        .route(
            "/quan-ly/chuong-trinh/{year}/nhap-chi-tieu",
            get(imports::targets_form).post(imports::targets_upload),
        )
        .route(
            "/quan-ly/chuong-trinh/{year}/nhap-chi-tieu/xac-nhan",
            post(imports::targets_confirm),
        )
        .route(
            "/quan-ly/chuong-trinh/{year}/nhap-noi-dung",
            get(imports::items_form).post(imports::items_upload),
        )
        .route(
            "/quan-ly/chuong-trinh/{year}/nhap-noi-dung/xac-nhan",
            post(imports::items_confirm),
        )
        // The upload's own limit, with a Vietnamese answer when a file is larger; the slack
        // leaves room for the form's other fields and the multipart framing.
        .layer(axum::extract::DefaultBodyLimit::max(
            MAX_UPLOAD_BYTES + 64 * 1024,
        ))
        .layer(axum::middleware::from_fn(crate::workspace::send_to_sign_in));
    public.merge(workspace)
}

fn year_from_path(segment: &str) -> Result<Year, WebError> {
    Year::parse(segment).map_err(|_| WebError::NotFound)
}

/// Whether a programme may be shown to this person: the public sees every programme but drafts,
/// which only the unit's staff may read. A draft shown to someone else does not exist.
fn may_see(status: ProgrammeStatus, unit_id: i64, user: Option<&SignedIn>) -> Result<(), WebError> {
    if status != ProgrammeStatus::Draft
        || user.is_some_and(|u| u.actor.can(&Action::ReadWorkspace { unit_id }))
    {
        Ok(())
    } else {
        Err(WebError::NotFound)
    }
}

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

pub const PDF: &str = "application/pdf";
pub const DOCX: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
pub const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
pub const CSV: &str = "text/csv; charset=utf-8";
pub const ZIP: &str = "application/zip";

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
