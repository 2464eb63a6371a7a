//! Importing targets and programme contents from a spreadsheet: read a file (off the async
//! threads), check every cell and every right before anything is written, keep the file until the
//! person confirms what the preview showed, and then write every row in one transaction or none.
//! The web page and the command line go through the same use cases.
//!
//! Imported targets that already exist are updated, not added again: a row finds its target by
//! the target's code (the "Mã chỉ tiêu" column), never by where it sits in the file; a row without
//! a code finds the one target of the same name. The preview says of every row whether it is new,
//! changed or unchanged, so a file imported twice, or an export imported back, changes nothing.
//!
//! Between the preview and the confirmation the uploaded file waits in the database, where every
//! node finds it, under a random token bound to the person, the programme and the kind of
//! import, for at most an hour. The confirmation parses it again, so what is written is what the
//! preview showed.

mod linking;
mod matching;
mod reading;
mod stash;

use std::collections::HashSet;
use std::sync::Arc;

use docs::import::{code_key, CellError, ImportError, ImportedTarget};
use domain::access::Action;
use domain::body::Body;
use domain::entity::Entity;
use domain::programme::{ItemDraft, Programme, Year};
use store::imports::{Positioned, StashedUpload};
use store::NewTarget;

pub use matching::{match_items, match_targets, RowChange, TargetRow};
use reading::{csv_encoding, parse, FileRows};
pub use reading::{is_xlsx, template};
use stash::purpose;

use crate::exports::tables::body_names;
use crate::programmes::{open_for_content_change, review_warning};
use crate::{App, AppError, Result, Viewer};

/// The largest file the workspace accepts.
pub const MAX_UPLOAD_BYTES: usize = 20 * 1024 * 1024;
/// What an import is called when it is said to change a reviewed year's figures.
pub const IMPORTING: &str = "Nhập tệp này";
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

/// What a file holds, read as the kind asks, with each target row matched to the programme.
#[derive(Debug, Clone)]
pub enum Parsed {
    Targets(Vec<TargetRow>),
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

    /// How many target rows are new, changed and unchanged.
    pub fn changes(&self) -> (usize, usize, usize) {
        let Self::Targets(rows) = self else {
            return (self.len(), 0, 0);
        };
        let count = |c: RowChange| rows.iter().filter(|r| r.change == c).count();
        (
            count(RowChange::New),
            count(RowChange::Changed),
            count(RowChange::Unchanged),
        )
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
    /// The rows of the file.
    pub rows: usize,
    /// The position the first new row was given; the others follow in file order.
    pub first_position: i64,
    /// Rows added, rows whose target was updated, rows that changed nothing.
    pub added: usize,
    pub changed: usize,
    pub unchanged: usize,
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

    /// Rows that would change a target this person may not edit (one another body reports), as
    /// lines for the error list.
    fn denied_targets(
        &self,
        v: &Viewer,
        rows: &[TargetRow],
        bodies: &[Body],
    ) -> Vec<(String, String)> {
        let names = body_names(bodies);
        rows.iter()
            .filter_map(|r| Some((r, r.existing.as_ref()?)))
            .filter(|(r, t)| {
                r.change == RowChange::Changed
                    && !v.may(&Action::EditTarget {
                        unit_id: v.unit_id(),
                        reporting_body_id: t.reporting_body_id,
                    })
            })
            .map(|(r, t)| {
                let reporter = t
                    .reporting_body_id
                    .and_then(|b| names.get(&b).cloned())
                    .unwrap_or_else(|| "cả đơn vị".to_string());
                (
                    format!("Dòng {} (mã {})", r.row.line, t.code),
                    format!("Bạn không có quyền sửa chỉ tiêu do {reporter} báo cáo"),
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
            return message("Tệp không có dòng dữ liệu nào dưới dòng tiêu đề (dòng ví dụ của tệp mẫu không được nhập).");
        }
        let parsed = match parsed {
            FileRows::Items(drafts) => {
                let denied = self.denied_items(v, &drafts, &ctx.bodies);
                if !denied.is_empty() {
                    return Ok(Err(Refusal::Denied(denied)));
                }
                Parsed::Items(drafts)
            }
            FileRows::Targets(mut rows) => {
                let offered = self.indicators(v).await?;
                let chosen = match linking::chosen(&rows, &offered) {
                    Ok(chosen) => chosen,
                    Err(cells) => return Ok(Err(Refusal::Cells(cells))),
                };
                linking::adopt(&mut rows, &chosen);
                let existing = self.store.targets(p.id).await?;
                let matched = match_targets(&existing, rows);
                let links = self.store.target_links(v.unit_id(), p.id).await?;
                let taken = linking::taken_elsewhere(&matched, &chosen, &links, &existing);
                if !taken.is_empty() {
                    return Ok(Err(Refusal::Cells(taken)));
                }
                let denied = self.denied_targets(v, &matched, &ctx.bodies);
                if !denied.is_empty() {
                    return Ok(Err(Refusal::Denied(denied)));
                }
                Parsed::Targets(matched)
            }
        };
        let token = self
            .stash_upload(&StashedUpload {
                user_id: actor.user_id,
                purpose: purpose(p.id, kind, reporting),
                file_name: file_name.to_string(),
                bytes: bytes.to_vec(),
            })
            .await?;
        Ok(Ok(Staged {
            token,
            parsed,
            encoding,
            reporting_body_id: reporting,
        }))
    }

    /// Write what a staged file holds, once, checking the rights again: a role may have changed
    /// since the preview. Into a reviewed programme, a file that adds or changes a target is
    /// written only when `review_confirmed`; otherwise nothing is written and the file waits, under
    /// the same token, for the confirmation.
    pub async fn confirm_import(
        &self,
        v: &Viewer,
        year: Year,
        kind: ImportKind,
        token: &str,
        review_confirmed: bool,
    ) -> Result<ImportSummary> {
        let ctx = self.import_context(v, year, kind).await?;
        let actor = v.staff()?;
        let expired = || {
            AppError::BadRequest(
                "Phiên nhập đã hết hạn hoặc đã được xác nhận. Hãy tải tệp lên lại.".into(),
            )
        };
        let mut stash = self.take_upload(token).await?.ok_or_else(expired)?;
        let prefix = format!("{}/{}/", ctx.programme.id, kind.slug());
        let reporting = match stash.purpose.strip_prefix(&prefix) {
            Some(reporting) if stash.user_id == actor.user_id => reporting.to_string(),
            _ => return Err(expired()),
        };
        let bytes = Arc::new(std::mem::take(&mut stash.bytes));
        let parsed = parse(
            kind,
            stash.file_name.clone(),
            bytes.clone(),
            ctx.bodies.clone(),
        )
        .await?
        .map_err(|e| AppError::BadRequest(e.to_string()))?;
        match parsed {
            FileRows::Targets(rows) => {
                if let (Some(warning), false) =
                    (review_warning(&ctx.programme, IMPORTING), review_confirmed)
                {
                    let existing = self.store.targets(ctx.programme.id).await?;
                    let writes = match_targets(&existing, rows.clone())
                        .iter()
                        .any(|r| r.change != RowChange::Unchanged);
                    if writes {
                        stash.bytes = bytes.to_vec();
                        self.restash_upload(token, &stash).await?;
                        return Err(AppError::BadRequest(format!(
                            "{warning} Chưa có gì được ghi: hãy quay lại, đánh dấu ô xác nhận rồi bấm “Xác nhận nhập”."
                        )));
                    }
                }
                let body = self.reporting_body(v, &ctx.bodies, &reporting)?;
                self.import_targets(v, &ctx.programme, body, rows, |_| {})
                    .await
            }
            FileRows::Items(drafts) => {
                if !self.denied_items(v, &drafts, &ctx.bodies).is_empty() {
                    return Err(refused());
                }
                self.import_items(v, &ctx.programme, &drafts, |_| {}).await
            }
        }
    }

    /// Import targets into a programme in one transaction: a row whose target exists (see
    /// [`match_targets`]) updates it, keeping its reporting body; the other rows are added for the
    /// given reporting body (or the unit), under their code or one given them.
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
            self.check_owned(v, "reporting_body_id", Entity::Body, &[b])
                .await?;
        }
        let offered = self.indicators(v).await?;
        let cells = |cells: Vec<CellError>| {
            let lines: Vec<String> = cells.iter().map(|c| c.to_string()).collect();
            AppError::BadRequest(lines.join("; "))
        };
        let chosen = linking::chosen(&rows, &offered).map_err(cells)?;
        let mut rows = rows;
        linking::adopt(&mut rows, &chosen);
        let existing = self.store.targets(p.id).await?;
        let rows = match_targets(&existing, rows);
        let links = self.store.target_links(v.unit_id(), p.id).await?;
        let taken = linking::taken_elsewhere(&rows, &chosen, &links, &existing);
        if !taken.is_empty() {
            return Err(cells(taken));
        }
        for r in &rows {
            if let (RowChange::Changed, Some(t)) = (r.change, &r.existing) {
                v.require(&Action::EditTarget {
                    unit_id: v.unit_id(),
                    reporting_body_id: t.reporting_body_id,
                })?;
            }
        }
        // Codes given by the file or held already; a new row without one gets the first free.
        let mut taken: HashSet<String> = existing
            .iter()
            .map(|t| code_key(&t.code))
            .chain(
                rows.iter()
                    .filter_map(|r| r.row.code.as_deref())
                    .map(code_key),
            )
            .collect();
        let first_position = self.store.next_position(Positioned::Targets, p.id).await?;
        let mut position = first_position;
        // A new target, or a change to what a target measures or plans, is a term of the
        // programme: on a signed one, an amendment. Actual figures are reported without one.
        let terms_change = rows.iter().any(|r| match (&r.existing, r.change) {
            (_, RowChange::Unchanged) => false,
            (None, _) => true,
            (Some(t), _) => {
                t.name != r.row.name
                    || t.measure != r.row.measure
                    || t.direction != r.row.direction
                    || t.plan != r.row.plan
            }
        });
        let mut tx = self.begin(actor, v).await?;
        let p = if terms_change {
            open_for_content_change(&mut tx, p).await?
        } else {
            p.clone()
        };
        for (i, r) in rows.iter().enumerate() {
            let row = &r.row;
            let mut new = NewTarget {
                name: row.name.clone(),
                measure: row.measure.clone(),
                direction: row.direction,
                plan: row.plan,
                actual: row.actual,
                reporting_body_id,
                illustrative: false,
                note: row.note.clone(),
            };
            let id = match (&r.existing, r.change) {
                (Some(before), RowChange::Unchanged) => before.id,
                (Some(before), _) => {
                    new.reporting_body_id = before.reporting_body_id;
                    new.illustrative = before.illustrative;
                    tx.update_target(before, &new).await?.id
                }
                (None, _) => {
                    let code = match row.code.as_deref() {
                        Some(code) => code.trim().to_string(),
                        None => {
                            let code = store::free_code(position, |c| taken.contains(c));
                            taken.insert(code_key(&code));
                            code
                        }
                    };
                    let t = tx.insert_target_coded(p.id, position, &code, &new).await?;
                    position += 1;
                    t.id
                }
            };
            if let Some(indicator) = chosen.get(&row.line) {
                if links.get(&id) != Some(&indicator.id) {
                    tx.link_target(id, Some(indicator.id)).await?;
                }
            }
            if (i + 1) % PROGRESS_EVERY == 0 {
                progress(i + 1);
            }
        }
        self.settle_amendment(&mut tx, &p).await?;
        self.commit(tx, v).await?;
        progress(rows.len());
        let count = |c: RowChange| rows.iter().filter(|r| r.change == c).count();
        Ok(ImportSummary {
            rows: rows.len(),
            first_position,
            added: count(RowChange::New),
            changed: count(RowChange::Changed),
            unchanged: count(RowChange::Unchanged),
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
        let matched = match_items(&self.store.items(p.id).await?, drafts);
        for (existing, _) in &matched {
            if let Some(item) = existing {
                v.require(&Action::EditItem {
                    unit_id: v.unit_id(),
                    lead_body_id: item.lead_body_id,
                })?;
            }
        }
        let (mut added, mut changed, mut unchanged) = (0, 0, 0);
        let mut tx = self.begin(actor, v).await?;
        // A signed programme opens a new version only when the file changes something.
        let p = if matched.iter().any(|(_, c)| *c != RowChange::Unchanged) {
            open_for_content_change(&mut tx, p).await?
        } else {
            p.clone()
        };
        for (i, ((existing, change), draft)) in matched.iter().zip(drafts).enumerate() {
            match (existing, change) {
                (Some(_), RowChange::Unchanged) => unchanged += 1,
                (Some(item), _) => {
                    tx.update_item(item, draft).await?;
                    changed += 1;
                }
                (None, _) => {
                    tx.insert_item(p.id, first_position + added as i64, draft, &[])
                        .await?;
                    added += 1;
                }
            }
            if (i + 1) % PROGRESS_EVERY == 0 {
                progress(i + 1);
            }
        }
        self.settle_amendment(&mut tx, &p).await?;
        self.commit(tx, v).await?;
        progress(drafts.len());
        Ok(ImportSummary {
            rows: drafts.len(),
            first_position,
            added,
            changed,
            unchanged,
        })
    }
}
