//! Reading an uploaded file as the kind of import asks, off the async threads, and the empty
//! workbooks people fill in.

use std::sync::Arc;

use docs::import::{ImportError, ImportedTarget};
use domain::body::Body;
use domain::programme::ItemDraft;

use super::ImportKind;
use crate::{AppError, Result};

/// What a file holds, read as the kind asks.
#[derive(Debug, Clone)]
pub(super) enum FileRows {
    Targets(Vec<ImportedTarget>),
    Items(Vec<ItemDraft>),
}

impl FileRows {
    pub(super) fn is_empty(&self) -> bool {
        match self {
            Self::Targets(t) => t.is_empty(),
            Self::Items(i) => i.is_empty(),
        }
    }
}

/// Whether the bytes are an XLSX workbook (a ZIP package) rather than text.
pub fn is_xlsx(name: &str, bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04") || name.to_ascii_lowercase().ends_with(".xlsx")
}

/// The encoding a CSV is read in, as people know it.
pub(super) fn csv_encoding(bytes: &[u8]) -> &'static str {
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let head = &body[..body.len().min(64 * 1024)];
    match std::str::from_utf8(head) {
        Ok(_) => docs::legacy::Encoding::Utf8.label(),
        Err(e) if e.error_len().is_none() => docs::legacy::Encoding::Utf8.label(),
        Err(_) => docs::legacy::detect(head).label(),
    }
}

/// Parse a file off the async threads: a large CSV takes a moment.
pub(super) async fn parse(
    kind: ImportKind,
    name: String,
    bytes: Arc<Vec<u8>>,
    bodies: Vec<Body>,
) -> Result<std::result::Result<FileRows, ImportError>> {
    tokio::task::spawn_blocking(move || {
        let xlsx = is_xlsx(&name, &bytes);
        match kind {
            ImportKind::Targets => if xlsx {
                docs::import::import_targets_xlsx(&bytes, |_| {})
            } else {
                docs::import::import_targets_csv(&bytes[..], |_| {})
            }
            .map(FileRows::Targets),
            ImportKind::Items => if xlsx {
                docs::import::import_items_xlsx(&bytes, &bodies, |_| {})
            } else {
                docs::import::import_items_csv(&bytes[..], &bodies, |_| {})
            }
            .map(FileRows::Items),
        }
    })
    .await
    .map_err(|e| AppError::Internal(format!("import task: {e}")))
}

/// The empty workbook a person fills in, with its headers and an example row.
pub fn template(kind: ImportKind) -> Result<(Vec<u8>, &'static str)> {
    let bytes = match kind {
        ImportKind::Targets => docs::import::targets_template_xlsx(),
        ImportKind::Items => docs::import::items_template_xlsx(),
    }
    .map_err(|e| AppError::Internal(format!("template: {e}")))?;
    Ok((
        bytes,
        match kind {
            ImportKind::Targets => "Mẫu nhập chỉ tiêu.xlsx",
            ImportKind::Items => "Mẫu nhập nội dung phối hợp.xlsx",
        },
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xlsx_is_known_by_its_zip_signature_or_its_name() {
        assert!(is_xlsx("a.csv", b"PK\x03\x04rest"));
        assert!(is_xlsx("A.XLSX", b""));
        assert!(!is_xlsx("a.csv", b"STT,Chi tieu"));
    }
}
