//! Importing targets and programme contents from a spreadsheet: read a file (off the async
//! threads), check every cell and every right before anything is written, keep the file until the
//! person confirms what the preview showed, and then write every row in one transaction or none.
//! The web page and the command line go through the same use cases.
//!
//! Between the preview and the confirmation the uploaded file waits in a stash in this node's
//! temporary folder, under a random token bound to the person, the programme and the kind of
//! import, for at most an hour. The confirmation parses it again, so what is written is what the
//! preview showed.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use docs::import::{CellError, ImportError, ImportedTarget};
use domain::access::Action;
use domain::body::Body;
use domain::programme::{ItemDraft, Programme, Year};
use store::imports::Positioned;
use store::NewTarget;

use crate::exports::tables::body_names;
use crate::programmes::open_for_content_change;
use crate::{App, AppError, Result, Viewer};

/// The largest file the workspace accepts.
pub const MAX_UPLOAD_BYTES: usize = 20 * 1024 * 1024;
/// How long an uploaded file waits for its confirmation.
const STASH_TTL: Duration = Duration::from_secs(3600);
/// How often a progress callback is told, in rows.
const PROGRESS_EVERY: usize = 1000;

/// What a file is imported as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImportKind {
    Targets,
    Items,
}

impl ImportKind {
    /// The last segment of the import page's address: "nhap-chi-tieu".
    pub fn slug(self) -> &'static str {
        match self {
            Self::Targets => "nhap-chi-tieu",
            Self::Items => "nhap-noi-dung",
        }
    }

    pub fn noun(self) -> &'static str {
        match self {
            Self::Targets => "chỉ tiêu",
            Self::Items => "nội dung phối hợp",
        }
    }
}

/// What a file holds, read as the kind asks.
#[derive(Debug, Clone)]
pub enum Parsed {
    Targets(Vec<ImportedTarget>),
    Items(Vec<ItemDraft>),
}

impl Parsed {
    pub fn len(&self) -> usize {
        match self {
            Self::Targets(t) => t.len(),
            Self::Items(i) => i.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// A programme to import into, its unit's bodies, and for targets the reporting bodies this
/// person may import for (`None` standing for the unit itself).
#[derive(Debug, Clone)]
pub struct ImportContext {
    pub programme: Programme,
    pub bodies: Vec<Body>,
    pub target_bodies: Vec<Option<i64>>,
}

/// Why a file was not staged; nothing was written.
#[derive(Debug)]
pub enum Refusal {
    /// One message for the person: an empty file, a wrong format, a final programme.
    Message(String),
    /// Every bad cell, with its row and column.
    Cells(Vec<CellError>),
    /// Rows outside the person's rights, each with why.
    Denied(Vec<(String, String)>),
}

/// A file checked and kept for confirmation.
#[derive(Debug)]
pub struct Staged {
    pub token: String,
    pub parsed: Parsed,
    /// The encoding a CSV was read in ("UTF-8", "TCVN3"…); empty for a workbook.
    pub encoding: String,
    pub reporting_body_id: Option<i64>,
}

/// What an import wrote.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ImportSummary {
    pub rows: usize,
    /// The position the first row was given; the others follow in file order.
    pub first_position: i64,
}

/// Whether the bytes are an XLSX workbook (a ZIP package) rather than text.
pub fn is_xlsx(name: &str, bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04") || name.to_ascii_lowercase().ends_with(".xlsx")
}

/// The encoding a CSV is read in, as people know it.
fn csv_encoding(bytes: &[u8]) -> &'static str {
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let head = &body[..body.len().min(64 * 1024)];
    match std::str::from_utf8(head) {
        Ok(_) => docs::legacy::Encoding::Utf8.label(),
        Err(e) if e.error_len().is_none() => docs::legacy::Encoding::Utf8.label(),
        Err(_) => docs::legacy::detect(head).label(),
    }
}

/// Parse a file off the async threads: a large CSV takes a moment.
async fn parse(
    kind: ImportKind,
    name: String,
    bytes: Arc<Vec<u8>>,
    bodies: Vec<Body>,
) -> Result<std::result::Result<Parsed, ImportError>> {
    tokio::task::spawn_blocking(move || {
        let xlsx = is_xlsx(&name, &bytes);
        match kind {
            ImportKind::Targets => if xlsx {
                docs::import::import_targets_xlsx(&bytes, |_| {})
            } else {
                docs::import::import_targets_csv(&bytes[..], |_| {})
            }
            .map(Parsed::Targets),
            ImportKind::Items => if xlsx {
                docs::import::import_items_xlsx(&bytes, &bodies, |_| {})
            } else {
                docs::import::import_items_csv(&bytes[..], &bodies, |_| {})
            }
            .map(Parsed::Items),
        }
    })
    .await
    .map_err(|e| AppError::Internal(format!("import task: {e}")))
}

fn refused() -> AppError {
    AppError::Forbidden(
        "Vai trò của bạn không cho phép nhập dữ liệu vào chương trình này. Nếu cần, hãy liên hệ quản trị đơn vị.".into(),
    )
}

impl App {
    /// The programme and the choices of an import page; someone who may import nothing into it
    /// is refused before a file is looked at.
    pub async fn import_context(
        &self,
        v: &Viewer,
        year: Year,
        kind: ImportKind,
    ) -> Result<ImportContext> {
        v.staff()?;
        let programme = self.programme(v, year).await?;
        let bodies = self.store.bodies(v.unit_id()).await?;
        let target_bodies: Vec<Option<i64>> = std::iter::once(None)
            .chain(bodies.iter().map(|b| Some(b.id)))
            .filter(|b| {
                v.may(&Action::EditTarget {
                    unit_id: v.unit_id(),
                    reporting_body_id: *b,
                })
            })
            .collect();
        let allowed = match kind {
            ImportKind::Targets => !target_bodies.is_empty(),
            ImportKind::Items => bodies.iter().any(|b| {
                v.may(&Action::EditItem {
                    unit_id: v.unit_id(),
                    lead_body_id: b.id,
                })
            }),
        };
        if !allowed {
            return Err(refused());
        }
        Ok(ImportContext {
            programme,
            bodies,
            target_bodies,
        })
    }

    /// The reporting body chosen for imported targets, checked against the unit and the rights.
    fn reporting_body(&self, v: &Viewer, bodies: &[Body], value: &str) -> Result<Option<i64>> {
        let body = match value.trim() {
            "" => None,
            s => {
                let id: i64 = s
                    .parse()
                    .map_err(|_| AppError::BadRequest("Cơ quan báo cáo không hợp lệ".into()))?;
                if !bodies.iter().any(|b| b.id == id) {
                    return Err(AppError::BadRequest("Cơ quan không thuộc đơn vị".into()));
                }
                Some(id)
            }
        };
        v.require(&Action::EditTarget {
            unit_id: v.unit_id(),
            reporting_body_id: body,
        })?;
        Ok(body)
    }

    /// Items whose lead body this person may not edit, as lines for the error list.
    fn denied_items(
        &self,
        v: &Viewer,
        drafts: &[ItemDraft],
        bodies: &[Body],
    ) -> Vec<(String, String)> {
        let names = body_names(bodies);
        drafts
            .iter()
            .enumerate()
            .filter(|(_, d)| {
                !v.may(&Action::EditItem {
                    unit_id: v.unit_id(),
                    lead_body_id: d.lead_body_id,
                })
            })
            .map(|(i, d)| {
                (
                    format!("Nội dung thứ {}", i + 1),
                    format!(
                        "Bạn không có quyền nhập nội dung do {} chủ trì",
                        names.get(&d.lead_body_id).cloned().unwrap_or_default()
                    ),
                )
            })
            .collect()
    }

    /// Read an uploaded file, check every cell and right, and keep it for confirmation.
    pub async fn stage_import(
        &self,
        v: &Viewer,
        year: Year,
        kind: ImportKind,
        file_name: &str,
        bytes: Vec<u8>,
        reporting_body: &str,
    ) -> Result<std::result::Result<Staged, Refusal>> {
        let ctx = self.import_context(v, year, kind).await?;
        let actor = v.staff()?;
        let p = &ctx.programme;
        let reporting = match kind {
            ImportKind::Targets => self.reporting_body(v, &ctx.bodies, reporting_body)?,
            ImportKind::Items => None,
        };
        let message = |m: &str| Ok(Err(Refusal::Message(m.to_string())));
        if kind == ImportKind::Items && p.status == domain::programme::ProgrammeStatus::Reviewed {
            return message("Chương trình đã tổng kết; nội dung không thay đổi được nữa.");
        }
        if bytes.is_empty() {
            return message("Hãy chọn một tệp .xlsx hoặc .csv để tải lên.");
        }
        if bytes.starts_with(b"\xD0\xCF\x11\xE0") {
            return message("Tệp Excel 97-2003 (.xls) chưa được hỗ trợ: hãy mở tệp và lưu lại dưới dạng .xlsx hoặc .csv.");
        }
        let encoding = if is_xlsx(file_name, &bytes) {
            String::new()
        } else {
            csv_encoding(&bytes).to_string()
        };
        let bytes = Arc::new(bytes);
        let parsed = match parse(
            kind,
            file_name.to_string(),
            bytes.clone(),
            ctx.bodies.clone(),
        )
        .await?
        {
            Ok(parsed) => parsed,
            Err(ImportError::Cells(errors)) => return Ok(Err(Refusal::Cells(errors))),
            Err(other) => return Ok(Err(Refusal::Message(other.to_string()))),
        };
        if parsed.is_empty() {
            return message("Tệp không có dòng dữ liệu nào dưới dòng tiêu đề.");
        }
        if let Parsed::Items(drafts) = &parsed {
            let denied = self.denied_items(v, drafts, &ctx.bodies);
            if !denied.is_empty() {
                return Ok(Err(Refusal::Denied(denied)));
            }
        }
        let token = stash_put(
            &Stash {
                user_id: actor.user_id,
                purpose: purpose(p.id, kind, reporting),
                file_name: file_name.to_string(),
            },
            &bytes,
        )
        .map_err(|e| AppError::Internal(format!("import stash: {e}")))?;
        Ok(Ok(Staged {
            token,
            parsed,
            encoding,
            reporting_body_id: reporting,
        }))
    }

    /// Write what a staged file holds, once, checking the rights again: a role may have changed
    /// since the preview.
    pub async fn confirm_import(
        &self,
        v: &Viewer,
        year: Year,
        kind: ImportKind,
        token: &str,
    ) -> Result<ImportSummary> {
        let ctx = self.import_context(v, year, kind).await?;
        let actor = v.staff()?;
        let expired = || {
            AppError::BadRequest(
                "Phiên nhập đã hết hạn hoặc đã được xác nhận. Hãy tải tệp lên lại.".into(),
            )
        };
        let (stash, bytes) = stash_take(token).ok_or_else(expired)?;
        let prefix = format!("{}/{}/", ctx.programme.id, kind.slug());
        let reporting = match stash.purpose.strip_prefix(&prefix) {
            Some(reporting) if stash.user_id == actor.user_id => reporting.to_string(),
            _ => return Err(expired()),
        };
        let parsed = parse(
            kind,
            stash.file_name.clone(),
            Arc::new(bytes),
            ctx.bodies.clone(),
        )
        .await?
        .map_err(|e| AppError::BadRequest(e.to_string()))?;
        match parsed {
            Parsed::Targets(rows) => {
                let body = self.reporting_body(v, &ctx.bodies, &reporting)?;
                self.import_targets(v, &ctx.programme, body, rows, |_| {})
                    .await
            }
            Parsed::Items(drafts) => {
                if !self.denied_items(v, &drafts, &ctx.bodies).is_empty() {
                    return Err(refused());
                }
                self.import_items(v, &ctx.programme, &drafts, |_| {}).await
            }
        }
    }

    /// Append targets to a programme in one transaction, for a reporting body (or the unit).
    pub async fn import_targets(
        &self,
        v: &Viewer,
        p: &Programme,
        reporting_body_id: Option<i64>,
        rows: Vec<ImportedTarget>,
        mut progress: impl FnMut(usize),
    ) -> Result<ImportSummary> {
        let actor = v.require(&Action::EditTarget {
            unit_id: v.unit_id(),
            reporting_body_id,
        })?;
        v.read(p.unit_id, domain::access::Record::Workspace, ())?;
        if let Some(b) = reporting_body_id {
            self.check_body(v, "reporting_body_id", b).await?;
        }
        let first_position = self.store.next_position(Positioned::Targets, p.id).await?;
        let mut tx = self.begin(actor, v).await?;
        for (i, r) in rows.iter().enumerate() {
            let row = NewTarget {
                name: r.name.clone(),
                measure: r.measure.clone(),
                direction: r.direction,
                plan: r.plan,
                actual: r.actual,
                reporting_body_id,
                illustrative: false,
                note: r.note.clone(),
            };
            tx.insert_target(p.id, first_position + i as i64, &row)
                .await?;
            if (i + 1) % PROGRESS_EVERY == 0 {
                progress(i + 1);
            }
        }
        self.commit(tx, v).await?;
        progress(rows.len());
        Ok(ImportSummary {
            rows: rows.len(),
            first_position,
        })
    }

    /// Append contents to a programme in one transaction; a signed programme opens a new version
    /// to be signed again, as any change to its content does.
    pub async fn import_items(
        &self,
        v: &Viewer,
        p: &Programme,
        drafts: &[ItemDraft],
        mut progress: impl FnMut(usize),
    ) -> Result<ImportSummary> {
        let actor = v.staff()?;
        v.read(p.unit_id, domain::access::Record::Workspace, ())?;
        for d in drafts {
            v.require(&Action::EditItem {
                unit_id: v.unit_id(),
                lead_body_id: d.lead_body_id,
            })?;
        }
        let first_position = self.store.next_position(Positioned::Items, p.id).await?;
        let mut tx = self.begin(actor, v).await?;
        if !drafts.is_empty() {
            open_for_content_change(&mut tx, p).await?;
        }
        for (i, draft) in drafts.iter().enumerate() {
            tx.insert_item(p.id, first_position + i as i64, draft, &[])
                .await?;
            if (i + 1) % PROGRESS_EVERY == 0 {
                progress(i + 1);
            }
        }
        self.commit(tx, v).await?;
        progress(drafts.len());
        Ok(ImportSummary {
            rows: drafts.len(),
            first_position,
        })
    }
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

/// What waits with an uploaded file for its confirmation: who uploaded it, and what for
/// (`programme/kind/reporting body`, or `units`), so it is confirmed only by them, for that.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Stash {
    pub user_id: i64,
    pub purpose: String,
    pub file_name: String,
}

impl Stash {
    fn to_text(&self) -> String {
        let line = |s: &str| s.replace(['\n', '\r'], " ");
        format!(
            "{}\n{}\n{}\n",
            self.user_id,
            line(&self.purpose),
            line(&self.file_name)
        )
    }

    fn from_text(text: &str) -> Option<Self> {
        let mut lines = text.lines();
        Some(Self {
            user_id: lines.next()?.parse().ok()?,
            purpose: lines.next()?.to_string(),
            file_name: lines.next().unwrap_or_default().to_string(),
        })
    }
}

/// What a programme import's stash is for.
fn purpose(programme_id: i64, kind: ImportKind, reporting_body_id: Option<i64>) -> String {
    format!(
        "{programme_id}/{}/{}",
        kind.slug(),
        reporting_body_id.map(|b| b.to_string()).unwrap_or_default()
    )
}

fn stash_dir() -> PathBuf {
    std::env::temp_dir().join("phoihop-imports")
}

/// Keeps an upload under a new random token, and clears out uploads that were never confirmed.
pub(crate) fn stash_put(stash: &Stash, bytes: &[u8]) -> std::io::Result<String> {
    let dir = stash_dir();
    std::fs::create_dir_all(&dir)?;
    if let Ok(entries) = std::fs::read_dir(&dir) {
        for entry in entries.flatten() {
            let old = entry
                .metadata()
                .and_then(|m| m.modified())
                .ok()
                .and_then(|t| SystemTime::now().duration_since(t).ok())
                .is_some_and(|age| age > STASH_TTL);
            if old {
                let _ = std::fs::remove_file(entry.path());
            }
        }
    }
    let token = store::accounts::random_secret();
    std::fs::write(dir.join(format!("{token}.data")), bytes)?;
    std::fs::write(dir.join(format!("{token}.meta")), stash.to_text())?;
    Ok(token)
}

/// Takes an upload back, once: the files are removed whatever happens next.
pub(crate) fn stash_take(token: &str) -> Option<(Stash, Vec<u8>)> {
    if token.len() != 64 || !token.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    let dir = stash_dir();
    let meta_path = dir.join(format!("{token}.meta"));
    let data_path = dir.join(format!("{token}.data"));
    let fresh = std::fs::metadata(&meta_path)
        .and_then(|m| m.modified())
        .ok()
        .and_then(|t| SystemTime::now().duration_since(t).ok())
        .is_some_and(|age| age <= STASH_TTL);
    let meta = std::fs::read_to_string(&meta_path).ok();
    let data = std::fs::read(&data_path).ok();
    let _ = std::fs::remove_file(&meta_path);
    let _ = std::fs::remove_file(&data_path);
    if !fresh {
        return None;
    }
    Some((Stash::from_text(&meta?)?, data?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stash_is_taken_back_once_and_only_with_its_token() {
        let stash = Stash {
            user_id: 7,
            purpose: purpose(2, ImportKind::Targets, Some(5)),
            file_name: "chỉ tiêu.csv".into(),
        };
        let token = stash_put(&stash, b"a,b\n").unwrap();
        assert!(stash_take("../etc/passwd").is_none());
        assert_eq!(stash_take(&token), Some((stash, b"a,b\n".to_vec())));
        assert!(stash_take(&token).is_none());
    }

    #[test]
    fn xlsx_is_known_by_its_zip_signature_or_its_name() {
        assert!(is_xlsx("a.csv", b"PK\x03\x04rest"));
        assert!(is_xlsx("A.XLSX", b""));
        assert!(!is_xlsx("a.csv", b"STT,Chi tieu"));
    }
}
