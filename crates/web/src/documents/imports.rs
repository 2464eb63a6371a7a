//! Spreadsheet import in the workspace: upload an XLSX or CSV file, see every row as it was read
//! with its evaluation — or every bad cell with its row, column and a Vietnamese message — and only
//! then confirm, which writes all the rows in one transaction or none of them.
//!
//! Between the preview and the confirmation the uploaded file waits in a stash on this node's
//! temporary folder, under a random token bound to the person, the programme and the kind of
//! import, for at most an hour. The confirmation reads it back and parses it again, so what is
//! written is exactly what the preview showed.

use std::path::PathBuf;
use std::time::{Duration, SystemTime};

use askama::Template;
use axum::extract::multipart::{Multipart, MultipartRejection};
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use docs::import::{CellError, ImportError, ImportedTarget};
use domain::access::Action;
use domain::body::Body;
use domain::programme::{ItemDraft, Programme, ProgrammeStatus, Year};
use domain::target::evaluate;

use super::tables::body_names;
use super::{year_from_path, Download, XLSX};
use crate::auth::{constant_time_eq, CheckedForm, SignedIn};
use crate::render::render_page;
use crate::workspace::{after_write, see_other, ws_chrome, WsChrome};
use crate::{AppState, WebError};

/// The largest file the page accepts.
pub const MAX_UPLOAD_BYTES: usize = 20 * 1024 * 1024;
/// How long an uploaded file waits for its confirmation.
const STASH_TTL: Duration = Duration::from_secs(3600);
/// Rows shown in the preview; the rest are counted.
const PREVIEW_ROWS: usize = 200;
/// Bad cells listed; the rest are counted.
const LISTED_ERRORS: usize = 500;

/// What a file is imported as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Targets,
    Items,
}

impl Kind {
    fn slug(self) -> &'static str {
        match self {
            Self::Targets => "nhap-chi-tieu",
            Self::Items => "nhap-noi-dung",
        }
    }

    fn noun(self) -> &'static str {
        match self {
            Self::Targets => "chỉ tiêu",
            Self::Items => "nội dung phối hợp",
        }
    }

    fn template_href(self) -> &'static str {
        match self {
            Self::Targets => "/quan-ly/mau/chi-tieu.xlsx",
            Self::Items => "/quan-ly/mau/noi-dung.xlsx",
        }
    }

    fn href(self, year: Year) -> String {
        format!("/quan-ly/chuong-trinh/{year}/{}", self.slug())
    }
}

pub struct PreviewRow {
    cells: Vec<String>,
    badge: Option<(&'static str, &'static str)>,
}

pub struct Preview {
    token: String,
    file_name: String,
    encoding: String,
    extra: String,
    count: usize,
    headers: Vec<&'static str>,
    rows: Vec<PreviewRow>,
}

#[derive(Template)]
#[template(path = "documents/import.html")]
struct ImportPage {
    ws: WsChrome,
    year: i32,
    heading: String,
    noun: &'static str,
    action: String,
    confirm_action: String,
    template_href: &'static str,
    public_href: String,
    max_mb: usize,
    bodies: Vec<(String, String)>,
    selected_body: String,
    done: Option<String>,
    error: Option<String>,
    /// "Dòng 3, cột E (Kế hoạch)" and the message.
    cell_errors: Vec<(String, String)>,
    cell_error_total: usize,
    preview: Option<Preview>,
}

/// What the page shows besides the form.
#[derive(Default)]
struct Outcome {
    status: Option<StatusCode>,
    selected_body: Option<String>,
    done: Option<String>,
    error: Option<String>,
    cell_errors: Vec<CellError>,
    other_errors: Vec<(String, String)>,
    preview: Option<Preview>,
}

/// The bodies this person may import targets for; `None` stands for the unit itself.
fn target_bodies(user: &SignedIn, unit_id: i64, bodies: &[Body]) -> Vec<Option<i64>> {
    std::iter::once(None)
        .chain(bodies.iter().map(|b| Some(b.id)))
        .filter(|b| {
            user.actor.can(&Action::ManageProgramme { unit_id })
                || user.actor.can(&Action::EditTarget {
                    unit_id,
                    reporting_body_id: *b,
                })
        })
        .collect()
}

/// Whether this person may import items at all: as manager, or as editor of some lead body.
fn may_import_items(user: &SignedIn, unit_id: i64, bodies: &[Body]) -> bool {
    user.actor.can(&Action::ManageProgramme { unit_id })
        || bodies.iter().any(|b| {
            user.actor.can(&Action::EditItem {
                unit_id,
                lead_body_id: b.id,
            })
        })
}

fn forbidden() -> WebError {
    WebError::Forbidden(
        "Vai trò của bạn không cho phép nhập dữ liệu vào chương trình này. Nếu cần, hãy liên hệ quản trị đơn vị.".into(),
    )
}

/// Loads the programme and refuses people who may import nothing into it.
async fn context(
    state: &AppState,
    user: &SignedIn,
    year: &str,
    kind: Kind,
) -> Result<(WsChrome, Programme, Vec<Body>), WebError> {
    let (ws, unit) = ws_chrome(state, user).await?;
    let year = year_from_path(year)?;
    let p = state
        .store
        .programme(unit.id, year)
        .await?
        .ok_or(WebError::NotFound)?;
    let bodies = state.store.bodies(unit.id).await?;
    let allowed = match kind {
        Kind::Targets => !target_bodies(user, unit.id, &bodies).is_empty(),
        Kind::Items => may_import_items(user, unit.id, &bodies),
    };
    if !allowed {
        return Err(forbidden());
    }
    Ok((ws, p, bodies))
}

async fn page(
    state: &AppState,
    user: &SignedIn,
    year: &str,
    kind: Kind,
    outcome: Outcome,
) -> Result<Response, WebError> {
    let (ws, p, bodies) = context(state, user, year, kind).await?;
    let body_choices = match kind {
        Kind::Targets => {
            let names = body_names(&bodies);
            target_bodies(user, p.unit_id, &bodies)
                .into_iter()
                .map(|b| match b {
                    None => (String::new(), "(cả đơn vị)".to_string()),
                    Some(id) => (id.to_string(), names.get(&id).cloned().unwrap_or_default()),
                })
                .collect()
        }
        Kind::Items => Vec::new(),
    };
    // An editor's own body comes first in the list; preselect it.
    let selected = outcome.selected_body.clone().unwrap_or_else(|| {
        user.actor
            .roles
            .iter()
            .find_map(|r| r.body_id())
            .map(|b| b.to_string())
            .or_else(|| body_choices.first().map(|c: &(String, String)| c.0.clone()))
            .unwrap_or_default()
    });
    let total = outcome.cell_errors.len() + outcome.other_errors.len();
    let cell_errors: Vec<(String, String)> = outcome
        .other_errors
        .into_iter()
        .chain(outcome.cell_errors.iter().map(|e| {
            (
                if e.column.is_empty() {
                    format!("Dòng {} ({})", e.row, e.column_name)
                } else {
                    format!("Dòng {}, cột {} ({})", e.row, e.column, e.column_name)
                },
                e.message.clone(),
            )
        }))
        .take(LISTED_ERRORS)
        .collect();
    let html = render_page(&ImportPage {
        ws,
        year: p.year.get(),
        heading: format!("Nhập {} năm {} từ tệp Excel hoặc CSV", kind.noun(), p.year),
        noun: kind.noun(),
        action: kind.href(p.year),
        confirm_action: format!("{}/xac-nhan", kind.href(p.year)),
        template_href: kind.template_href(),
        public_href: match kind {
            Kind::Targets => format!("/chi-tieu/{}", p.year),
            Kind::Items => format!("/chuong-trinh/{}", p.year),
        },
        max_mb: MAX_UPLOAD_BYTES / (1024 * 1024),
        bodies: body_choices,
        selected_body: selected,
        done: outcome.done,
        error: outcome.error,
        cell_errors,
        cell_error_total: total,
        preview: outcome.preview,
    })?;
    let status = outcome.status.unwrap_or(StatusCode::OK);
    Ok((status, html).into_response())
}

async fn form(
    state: AppState,
    user: SignedIn,
    year: String,
    query: std::collections::HashMap<String, String>,
    kind: Kind,
) -> Result<Response, WebError> {
    let done = query
        .get("da-nhap")
        .and_then(|n| n.parse::<usize>().ok())
        .map(|n| format!("Đã nhập {n} {} trong một lần ghi.", kind.noun()));
    page(
        &state,
        &user,
        &year,
        kind,
        Outcome {
            done,
            ..Outcome::default()
        },
    )
    .await
}

pub async fn targets_form(
    State(state): State<AppState>,
    user: SignedIn,
    Path(year): Path<String>,
    Query(q): Query<std::collections::HashMap<String, String>>,
) -> Result<Response, WebError> {
    form(state, user, year, q, Kind::Targets).await
}

pub async fn items_form(
    State(state): State<AppState>,
    user: SignedIn,
    Path(year): Path<String>,
    Query(q): Query<std::collections::HashMap<String, String>>,
) -> Result<Response, WebError> {
    form(state, user, year, q, Kind::Items).await
}

fn too_large_message() -> String {
    format!(
        "Tệp quá lớn: trang này nhận tệp tối đa {} MB. Hãy chia tệp thành nhiều phần, hoặc dùng lệnh `phoihop import` trên máy chủ cho tệp lớn.",
        MAX_UPLOAD_BYTES / (1024 * 1024)
    )
}

/// The fields of the upload form.
struct Upload {
    csrf: String,
    reporting_body_id: String,
    file_name: String,
    bytes: Vec<u8>,
}

enum UploadError {
    TooLarge,
    Bad(String),
}

async fn read_upload(mut multipart: Multipart) -> Result<Upload, UploadError> {
    let mut upload = Upload {
        csrf: String::new(),
        reporting_body_id: String::new(),
        file_name: String::new(),
        bytes: Vec::new(),
    };
    let fail = |e: axum::extract::multipart::MultipartError| {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            UploadError::TooLarge
        } else {
            UploadError::Bad(format!(
                "Không đọc được biểu mẫu tải lên: {}",
                e.body_text()
            ))
        }
    };
    while let Some(mut field) = multipart.next_field().await.map_err(fail)? {
        match field.name().unwrap_or_default() {
            "file" => {
                upload.file_name = field.file_name().unwrap_or_default().to_string();
                while let Some(chunk) = field.chunk().await.map_err(fail)? {
                    if upload.bytes.len() + chunk.len() > MAX_UPLOAD_BYTES {
                        return Err(UploadError::TooLarge);
                    }
                    upload.bytes.extend_from_slice(&chunk);
                }
            }
            "csrf" => upload.csrf = field.text().await.map_err(fail)?,
            "reporting_body_id" => {
                upload.reporting_body_id = field.text().await.map_err(fail)?.trim().to_string()
            }
            _ => {}
        }
    }
    Ok(upload)
}

/// Whether the bytes are an XLSX workbook (a ZIP package) rather than text.
fn is_xlsx(name: &str, bytes: &[u8]) -> bool {
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

/// What a file holds, read as the kind asks.
enum Parsed {
    Targets(Vec<ImportedTarget>),
    Items(Vec<ItemDraft>),
}

impl Parsed {
    fn len(&self) -> usize {
        match self {
            Self::Targets(t) => t.len(),
            Self::Items(i) => i.len(),
        }
    }
}

/// Parses a file off the async threads: a large CSV takes a moment.
async fn parse(
    kind: Kind,
    name: String,
    bytes: std::sync::Arc<Vec<u8>>,
    bodies: Vec<Body>,
) -> Result<Result<Parsed, ImportError>, WebError> {
    tokio::task::spawn_blocking(move || {
        let xlsx = is_xlsx(&name, &bytes);
        match kind {
            Kind::Targets => if xlsx {
                docs::import::import_targets_xlsx(&bytes, |_| {})
            } else {
                docs::import::import_targets_csv(&bytes[..], |_| {})
            }
            .map(Parsed::Targets),
            Kind::Items => if xlsx {
                docs::import::import_items_xlsx(&bytes, &bodies, |_| {})
            } else {
                docs::import::import_items_csv(&bytes[..], &bodies, |_| {})
            }
            .map(Parsed::Items),
        }
    })
    .await
    .map_err(|e| WebError::Internal(format!("import task: {e}")))
}

/// Items whose lead body this person may not edit, as lines for the error list.
fn item_permission_errors(
    user: &SignedIn,
    unit_id: i64,
    drafts: &[ItemDraft],
    bodies: &[Body],
) -> Vec<(String, String)> {
    if user.actor.can(&Action::ManageProgramme { unit_id }) {
        return Vec::new();
    }
    let names = body_names(bodies);
    drafts
        .iter()
        .enumerate()
        .filter(|(_, d)| {
            !user.actor.can(&Action::EditItem {
                unit_id,
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

/// The reporting body chosen on the form, checked against the unit and the person's rights.
fn reporting_body(
    user: &SignedIn,
    unit_id: i64,
    bodies: &[Body],
    value: &str,
) -> Result<Option<i64>, WebError> {
    let body = match value {
        "" => None,
        s => {
            let id: i64 = s
                .parse()
                .map_err(|_| WebError::BadRequest("Cơ quan báo cáo không hợp lệ".into()))?;
            if !bodies.iter().any(|b| b.id == id) {
                return Err(WebError::BadRequest("Cơ quan không thuộc đơn vị".into()));
            }
            Some(id)
        }
    };
    user.require(&Action::EditTarget {
        unit_id,
        reporting_body_id: body,
    })?;
    Ok(body)
}

fn preview_of(parsed: &Parsed, bodies: &[Body]) -> (Vec<&'static str>, Vec<PreviewRow>) {
    match parsed {
        Parsed::Targets(rows) => (
            vec![
                "STT",
                "Chỉ tiêu",
                "Đơn vị tính",
                "Chiều",
                "Kế hoạch",
                "Thực hiện",
                "% kế hoạch",
                "Đánh giá",
            ],
            rows.iter()
                .take(PREVIEW_ROWS)
                .enumerate()
                .map(|(i, r)| {
                    // A stand-in target, to format values and evaluate as the portal will.
                    let t = domain::target::Target {
                        id: 0,
                        programme_id: 0,
                        position: r.position.unwrap_or(i as i64 + 1),
                        name: r.name.clone(),
                        measure: r.measure.clone(),
                        direction: r.direction,
                        plan: r.plan,
                        actual: r.actual,
                        reporting_body_id: None,
                        illustrative: false,
                        note: r.note.clone(),
                    };
                    let e = evaluate(r.direction, r.plan, r.actual);
                    PreviewRow {
                        cells: vec![
                            t.position.to_string(),
                            t.name.clone(),
                            t.measure.clone(),
                            t.direction.label().to_string(),
                            t.format_value(t.plan),
                            t.actual.map(|a| t.format_value(a)).unwrap_or_default(),
                            super::tables::percent(t.percent_of_plan()),
                        ],
                        badge: Some((e.label(), e.as_str())),
                    }
                })
                .collect(),
        ),
        Parsed::Items(drafts) => {
            let names = body_names(bodies);
            let name = |id: &i64| names.get(id).cloned().unwrap_or_default();
            (
                vec![
                    "TT",
                    "Nội dung",
                    "Chủ trì",
                    "Phối hợp",
                    "Thời gian",
                    "Trạng thái",
                ],
                drafts
                    .iter()
                    .take(PREVIEW_ROWS)
                    .enumerate()
                    .map(|(i, d)| PreviewRow {
                        cells: vec![
                            (i + 1).to_string(),
                            d.content.clone(),
                            name(&d.lead_body_id),
                            d.partner_body_ids
                                .iter()
                                .map(name)
                                .collect::<Vec<_>>()
                                .join(", "),
                            d.time_frame.label(),
                            d.status.label().to_string(),
                        ],
                        badge: None,
                    })
                    .collect(),
            )
        }
    }
}

async fn upload(
    state: AppState,
    user: SignedIn,
    year: String,
    headers: HeaderMap,
    multipart: Result<Multipart, MultipartRejection>,
    kind: Kind,
) -> Result<Response, WebError> {
    let (_, p, bodies) = context(&state, &user, &year, kind).await?;
    let too_large = |selected: Option<String>| Outcome {
        status: Some(StatusCode::PAYLOAD_TOO_LARGE),
        error: Some(too_large_message()),
        selected_body: selected,
        ..Outcome::default()
    };
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    if declared.is_some_and(|n| n > MAX_UPLOAD_BYTES + 64 * 1024) {
        return page(&state, &user, &year, kind, too_large(None)).await;
    }
    let multipart = multipart.map_err(|_| {
        WebError::BadRequest("Biểu mẫu tải tệp phải gửi dạng multipart/form-data.".into())
    })?;
    let upload = match read_upload(multipart).await {
        Ok(u) => u,
        Err(UploadError::TooLarge) => {
            return page(&state, &user, &year, kind, too_large(None)).await
        }
        Err(UploadError::Bad(m)) => return Err(WebError::BadRequest(m)),
    };
    // The form's token first: nothing of the file is looked at for a forged form.
    if !constant_time_eq(upload.csrf.as_bytes(), user.csrf.as_bytes()) {
        return Err(WebError::Forbidden(
            "Biểu mẫu đã hết hạn hoặc không đến từ trang của hệ thống. Hãy tải lại trang và gửi lại.".into(),
        ));
    }
    let selected = Some(upload.reporting_body_id.clone());
    let reporting = match kind {
        Kind::Targets => reporting_body(&user, p.unit_id, &bodies, &upload.reporting_body_id)?,
        Kind::Items => None,
    };
    let with_error = |message: String| Outcome {
        status: Some(StatusCode::UNPROCESSABLE_ENTITY),
        error: Some(message),
        selected_body: selected.clone(),
        ..Outcome::default()
    };
    if kind == Kind::Items && p.status == ProgrammeStatus::Reviewed {
        let m = "Chương trình đã tổng kết; nội dung không thay đổi được nữa.".to_string();
        return page(&state, &user, &year, kind, with_error(m)).await;
    }
    if upload.bytes.is_empty() {
        let m = "Hãy chọn một tệp .xlsx hoặc .csv để tải lên.".to_string();
        return page(&state, &user, &year, kind, with_error(m)).await;
    }
    if upload.bytes.starts_with(b"\xD0\xCF\x11\xE0") {
        let m = "Tệp Excel 97-2003 (.xls) chưa được hỗ trợ: hãy mở tệp và lưu lại dưới dạng .xlsx hoặc .csv.".to_string();
        return page(&state, &user, &year, kind, with_error(m)).await;
    }
    let encoding = if is_xlsx(&upload.file_name, &upload.bytes) {
        String::new()
    } else {
        csv_encoding(&upload.bytes).to_string()
    };
    let bytes = std::sync::Arc::new(upload.bytes);
    let parsed = match parse(
        kind,
        upload.file_name.clone(),
        bytes.clone(),
        bodies.clone(),
    )
    .await?
    {
        Ok(parsed) => parsed,
        Err(ImportError::Cells(errors)) => {
            let outcome = Outcome {
                status: Some(StatusCode::UNPROCESSABLE_ENTITY),
                error: Some(format!(
                    "Tệp có {} ô không hợp lệ; chưa nhập dòng nào.",
                    errors.len()
                )),
                cell_errors: errors,
                selected_body: selected.clone(),
                ..Outcome::default()
            };
            return page(&state, &user, &year, kind, outcome).await;
        }
        Err(other) => return page(&state, &user, &year, kind, with_error(other.to_string())).await,
    };
    if parsed.len() == 0 {
        let m = "Tệp không có dòng dữ liệu nào dưới dòng tiêu đề.".to_string();
        return page(&state, &user, &year, kind, with_error(m)).await;
    }
    if let Parsed::Items(drafts) = &parsed {
        let denied = item_permission_errors(&user, p.unit_id, drafts, &bodies);
        if !denied.is_empty() {
            let outcome = Outcome {
                status: Some(StatusCode::FORBIDDEN),
                error: Some("Tệp có nội dung nằm ngoài quyền của bạn; chưa nhập dòng nào.".into()),
                other_errors: denied,
                ..Outcome::default()
            };
            return page(&state, &user, &year, kind, outcome).await;
        }
    }
    let token = stash_put(
        &Stash {
            user_id: user.actor.user_id,
            programme_id: p.id,
            kind,
            reporting_body_id: reporting,
            file_name: upload.file_name.clone(),
        },
        &bytes,
    )
    .map_err(|e| WebError::Internal(format!("import stash: {e}")))?;
    let (headers, rows) = preview_of(&parsed, &bodies);
    let extra = match (kind, reporting) {
        (Kind::Targets, Some(b)) => format!(
            "cơ quan báo cáo: {}",
            body_names(&bodies).get(&b).cloned().unwrap_or_default()
        ),
        (Kind::Targets, None) => "cơ quan báo cáo: cả đơn vị".to_string(),
        (Kind::Items, _) if p.status != ProgrammeStatus::Draft => {
            "chương trình đã ký: nhập nội dung sẽ mở phiên bản mới cần ký lại".to_string()
        }
        _ => String::new(),
    };
    let outcome = Outcome {
        selected_body: selected,
        preview: Some(Preview {
            token,
            file_name: upload.file_name,
            encoding,
            extra,
            count: parsed.len(),
            headers,
            rows,
        }),
        ..Outcome::default()
    };
    page(&state, &user, &year, kind, outcome).await
}

pub async fn targets_upload(
    State(state): State<AppState>,
    user: SignedIn,
    Path(year): Path<String>,
    headers: HeaderMap,
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<Response, WebError> {
    upload(state, user, year, headers, multipart, Kind::Targets).await
}

pub async fn items_upload(
    State(state): State<AppState>,
    user: SignedIn,
    Path(year): Path<String>,
    headers: HeaderMap,
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<Response, WebError> {
    upload(state, user, year, headers, multipart, Kind::Items).await
}

async fn confirm(
    state: AppState,
    year: String,
    CheckedForm { user, form }: CheckedForm,
    kind: Kind,
) -> Result<Response, WebError> {
    let (_, p, bodies) = context(&state, &user, &year, kind).await?;
    let token = form.get("token").to_string();
    let expired = || {
        WebError::BadRequest(
            "Phiên nhập đã hết hạn hoặc đã được xác nhận. Hãy tải tệp lên lại.".into(),
        )
    };
    let (stash, bytes) = stash_take(&token).ok_or_else(expired)?;
    if stash.user_id != user.actor.user_id || stash.programme_id != p.id || stash.kind != kind {
        return Err(expired());
    }
    let bytes = std::sync::Arc::new(bytes);
    let parsed = parse(kind, stash.file_name.clone(), bytes, bodies.clone())
        .await?
        .map_err(|e| WebError::BadRequest(e.to_string()))?;
    let actor = user.actor.username.clone();
    let summary = match parsed {
        Parsed::Targets(rows) => {
            // The rights are checked again: a role may have changed since the preview.
            let body = reporting_body(
                &user,
                p.unit_id,
                &bodies,
                &stash
                    .reporting_body_id
                    .map(|b| b.to_string())
                    .unwrap_or_default(),
            )?;
            let news: Vec<store::NewTarget> = rows
                .into_iter()
                .map(|r| store::NewTarget {
                    name: r.name,
                    measure: r.measure,
                    direction: r.direction,
                    plan: r.plan,
                    actual: r.actual,
                    reporting_body_id: body,
                    illustrative: false,
                    note: r.note,
                })
                .collect();
            state
                .store
                .import_targets(&actor, p.id, &news, |_| {})
                .await?
        }
        Parsed::Items(drafts) => {
            if !item_permission_errors(&user, p.unit_id, &drafts, &bodies).is_empty() {
                return Err(forbidden());
            }
            state
                .store
                .import_items(&actor, &p, &drafts, |_| {})
                .await?
        }
    };
    after_write(&state);
    Ok(see_other(&format!(
        "{}?da-nhap={}",
        kind.href(p.year),
        summary.rows
    )))
}

pub async fn targets_confirm(
    State(state): State<AppState>,
    Path(year): Path<String>,
    form: CheckedForm,
) -> Result<Response, WebError> {
    confirm(state, year, form, Kind::Targets).await
}

pub async fn items_confirm(
    State(state): State<AppState>,
    Path(year): Path<String>,
    form: CheckedForm,
) -> Result<Response, WebError> {
    confirm(state, year, form, Kind::Items).await
}

async fn template(user: SignedIn, kind: Kind) -> Result<Download, WebError> {
    let _ = user;
    let bytes = match kind {
        Kind::Targets => docs::import::targets_template_xlsx(),
        Kind::Items => docs::import::items_template_xlsx(),
    }
    .map_err(|e| WebError::Internal(format!("template: {e}")))?;
    Ok(Download {
        bytes,
        content_type: XLSX,
        name: match kind {
            Kind::Targets => "Mẫu nhập chỉ tiêu.xlsx".to_string(),
            Kind::Items => "Mẫu nhập nội dung phối hợp.xlsx".to_string(),
        },
        inline: false,
        private: true,
    })
}

pub async fn targets_template(user: SignedIn) -> Result<Download, WebError> {
    template(user, Kind::Targets).await
}

pub async fn items_template(user: SignedIn) -> Result<Download, WebError> {
    template(user, Kind::Items).await
}

/// What waits with an uploaded file for its confirmation.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Stash {
    user_id: i64,
    programme_id: i64,
    kind: Kind,
    reporting_body_id: Option<i64>,
    file_name: String,
}

impl Stash {
    fn to_text(&self) -> String {
        format!(
            "{}\n{}\n{}\n{}\n{}\n",
            self.user_id,
            self.programme_id,
            self.kind.slug(),
            self.reporting_body_id
                .map(|b| b.to_string())
                .unwrap_or_default(),
            self.file_name.replace(['\n', '\r'], " ")
        )
    }

    fn from_text(text: &str) -> Option<Self> {
        let mut lines = text.lines();
        Some(Self {
            user_id: lines.next()?.parse().ok()?,
            programme_id: lines.next()?.parse().ok()?,
            kind: match lines.next()? {
                "nhap-chi-tieu" => Kind::Targets,
                "nhap-noi-dung" => Kind::Items,
                _ => return None,
            },
            reporting_body_id: match lines.next()? {
                "" => None,
                s => Some(s.parse().ok()?),
            },
            file_name: lines.next().unwrap_or_default().to_string(),
        })
    }
}

fn stash_dir() -> PathBuf {
    std::env::temp_dir().join("phoihop-imports")
}

/// Keeps an upload under a new random token, and clears out uploads that were never confirmed.
fn stash_put(stash: &Stash, bytes: &[u8]) -> std::io::Result<String> {
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
fn stash_take(token: &str) -> Option<(Stash, Vec<u8>)> {
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
            programme_id: 2,
            kind: Kind::Targets,
            reporting_body_id: Some(5),
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
