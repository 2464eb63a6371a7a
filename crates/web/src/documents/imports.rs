//! Spreadsheet import in the workspace: upload an XLSX or CSV file, see every row as it was read
//! with its evaluation and whether it adds a target, changes one or leaves it as it is — or every
//! bad cell with its row, column and a Vietnamese message — and only then confirm, which writes all
//! the rows in one transaction or none of them (`app::imports`).

use app::exports::tables::body_names;
use app::exports::XLSX;
use app::imports::{ImportKind as Kind, Parsed, Refusal, RowChange, MAX_UPLOAD_BYTES};
use app::Viewer;
use askama::Template;
use axum::extract::multipart::{Multipart, MultipartRejection};
use axum::extract::Query;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::IntoResponse;
use docs::import::CellError;
use domain::body::Body;
use domain::programme::Year;
use domain::target::evaluate;

use super::Download;
use crate::auth::{CheckedForm, SignedIn};
use crate::extract::{QueryMap, Staff, YearParam};
use crate::render::render_page;
use crate::workspace::{see_other, uploads, ws_chrome, WsChrome};
use crate::{AppState, WebError, WebResult};

/// Rows shown in the preview; the rest are counted.
const PREVIEW_ROWS: usize = 200;
/// Bad cells listed; the rest are counted.
const LISTED_ERRORS: usize = 500;

fn template_href(kind: Kind) -> &'static str {
    match kind {
        Kind::Targets => "/quan-ly/mau/chi-tieu.xlsx",
        Kind::Items => "/quan-ly/mau/noi-dung.xlsx",
    }
}

fn href(kind: Kind, year: Year) -> String {
    format!("/quan-ly/chuong-trinh/{year}/{}", kind.slug())
}

pub struct PreviewRow {
    cells: Vec<String>,
    badge: Option<(&'static str, &'static str)>,
    /// What importing the row does: "mới", "thay đổi" or "không đổi", and its badge's class.
    change: Option<(&'static str, &'static str)>,
}

/// The badge of a row's change. The classes are the evaluation badges' colours (blue, orange,
/// grey), so that the preview needs no style of its own.
fn change_badge(c: RowChange) -> (&'static str, &'static str) {
    let class = match c {
        RowChange::New => "exceeded",
        RowChange::Changed => "in_progress",
        RowChange::Unchanged => "pending",
    };
    (c.label(), class)
}

pub struct Preview {
    token: String,
    file_name: String,
    encoding: String,
    extra: String,
    count: usize,
    /// "2 mới, 1 thay đổi, 12 không đổi"; empty for programme contents.
    changes: String,
    /// For a reviewed programme whose figures the file would change: what confirming means.
    review_warning: Option<String>,
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

async fn page(
    state: &AppState,
    user: &SignedIn,
    v: &Viewer,
    year: Year,
    kind: Kind,
    outcome: Outcome,
) -> WebResult {
    let ws = ws_chrome(state, user, v).await?;
    let ctx = state.app.import_context(v, year, kind).await?;
    let p = &ctx.programme;
    let body_choices = match kind {
        Kind::Targets => {
            let names = body_names(&ctx.bodies);
            ctx.target_bodies
                .iter()
                .copied()
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
        .chain(
            outcome
                .cell_errors
                .iter()
                .map(|e| (e.location(), e.message.clone())),
        )
        .take(LISTED_ERRORS)
        .collect();
    let html = render_page(&ImportPage {
        ws,
        year: p.year.get(),
        heading: format!("Nhập {} năm {} từ tệp Excel hoặc CSV", kind.noun(), p.year),
        noun: kind.noun(),
        action: href(kind, p.year),
        confirm_action: format!("{}/xac-nhan", href(kind, p.year)),
        template_href: template_href(kind),
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

/// Which spreadsheet an import's addresses are for, as a type, so one handler serves each step of
/// both imports.
pub trait Imported: 'static {
    const KIND: Kind;
}

/// The targets' spreadsheet.
pub struct Targets;

impl Imported for Targets {
    const KIND: Kind = Kind::Targets;
}

/// The programme contents' spreadsheet.
pub struct Items;

impl Imported for Items {
    const KIND: Kind = Kind::Items;
}

/// The import page: the upload form, or what the last import wrote.
pub async fn form<K: Imported>(
    Staff { state, user, v }: Staff,
    YearParam(year): YearParam,
    Query(query): QueryMap,
) -> WebResult {
    let kind = K::KIND;
    let count = |key: &str| query.get(key).and_then(|n| n.parse::<usize>().ok());
    let done =
        count("da-nhap").map(
            |n| match (count("moi"), count("thay-doi"), count("khong-doi")) {
                (Some(a), Some(c), Some(u)) => format!(
                    "Đã nhập {n} {} trong một lần ghi: {}.",
                    kind.noun(),
                    changes_sentence(a, c, u)
                ),
                _ => format!("Đã nhập {n} {} trong một lần ghi.", kind.noun()),
            },
        );
    page(
        &state,
        &user,
        &v,
        year,
        kind,
        Outcome {
            done,
            ..Outcome::default()
        },
    )
    .await
}

/// The file field of a spreadsheet upload (here and in the operator's import of units).
pub(crate) fn spreadsheet_field() -> uploads::FileField {
    uploads::FileField::new("file", MAX_UPLOAD_BYTES, too_large_message())
}

pub(crate) fn too_large_message() -> String {
    format!(
        "Tệp quá lớn: trang này nhận tệp tối đa {} MB. Hãy chia tệp thành nhiều phần, hoặc dùng lệnh `phoihop import` trên máy chủ cho tệp lớn.",
        MAX_UPLOAD_BYTES / (1024 * 1024)
    )
}

fn preview_of(parsed: &Parsed, bodies: &[Body]) -> (Vec<&'static str>, Vec<PreviewRow>) {
    match parsed {
        Parsed::Targets(rows) => (
            vec![
                "STT",
                "Mã chỉ tiêu",
                "Chỉ tiêu",
                "Đơn vị tính",
                "Chiều",
                "Kế hoạch",
                "Thực hiện",
                "% kế hoạch",
                "Khi nhập",
                "Đánh giá",
            ],
            rows.iter()
                .take(PREVIEW_ROWS)
                .enumerate()
                .map(|(i, m)| {
                    let r = &m.row;
                    // A stand-in target, to format values and evaluate as the portal will.
                    let t = domain::target::Target {
                        id: 0,
                        programme_id: 0,
                        position: r.position.unwrap_or(i as i64 + 1),
                        code: r
                            .code
                            .clone()
                            .or_else(|| m.existing.as_ref().map(|t| t.code.clone()))
                            .unwrap_or_default(),
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
                            t.code.clone(),
                            t.name.clone(),
                            t.measure.clone(),
                            t.direction.label().to_string(),
                            t.format_value(t.plan),
                            t.actual.map(|a| t.format_value(a)).unwrap_or_default(),
                            vi::percent(t.percent_of_plan()),
                        ],
                        badge: Some((e.label(), e.as_str())),
                        change: Some(change_badge(m.change)),
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
                        change: None,
                    })
                    .collect(),
            )
        }
    }
}

/// "2 mới, 1 thay đổi, 12 không đổi".
fn changes_sentence(added: usize, changed: usize, unchanged: usize) -> String {
    format!(
        "{added} {}, {changed} {}, {unchanged} {}",
        RowChange::New.label(),
        RowChange::Changed.label(),
        RowChange::Unchanged.label()
    )
}

/// A spreadsheet sent: read, checked and staged, and shown for confirmation; nothing is written.
pub async fn upload<K: Imported>(
    Staff { state, user, v }: Staff,
    YearParam(year): YearParam,
    headers: HeaderMap,
    multipart: Result<Multipart, MultipartRejection>,
) -> WebResult {
    let kind = K::KIND;
    let ctx = state.app.import_context(&v, year, kind).await?;
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
        return page(&state, &user, &v, year, kind, too_large(None)).await;
    }
    let file = spreadsheet_field();
    let upload = match uploads::read(&user, multipart, &file).await? {
        Ok(u) => u,
        Err(errors) if file.refused_as_too_large(&errors) => {
            return page(&state, &user, &v, year, kind, too_large(None)).await
        }
        Err(errors) => return Err(WebError::BadRequest(errors.messages())),
    };
    let reporting_body_id = upload.get("reporting_body_id").trim().to_string();
    let selected = Some(reporting_body_id.clone());
    let staged = state
        .app
        .stage_import(
            &v,
            year,
            kind,
            &upload.file_name,
            upload.bytes,
            &reporting_body_id,
        )
        .await?;
    let staged = match staged {
        Ok(staged) => staged,
        Err(refusal) => {
            let outcome = match refusal {
                Refusal::Message(m) => Outcome {
                    status: Some(StatusCode::UNPROCESSABLE_ENTITY),
                    error: Some(m),
                    selected_body: selected,
                    ..Outcome::default()
                },
                Refusal::Cells(errors) => Outcome {
                    status: Some(StatusCode::UNPROCESSABLE_ENTITY),
                    error: Some(format!(
                        "Tệp có {} ô không hợp lệ; chưa nhập dòng nào.",
                        errors.len()
                    )),
                    cell_errors: errors,
                    selected_body: selected,
                    ..Outcome::default()
                },
                Refusal::Denied(lines) => Outcome {
                    status: Some(StatusCode::FORBIDDEN),
                    error: Some(
                        "Tệp có nội dung nằm ngoài quyền của bạn; chưa nhập dòng nào.".into(),
                    ),
                    other_errors: lines,
                    ..Outcome::default()
                },
            };
            return page(&state, &user, &v, year, kind, outcome).await;
        }
    };
    let p = &ctx.programme;
    let (headers, rows) = preview_of(&staged.parsed, &ctx.bodies);
    let extra = match (kind, staged.reporting_body_id) {
        (Kind::Targets, Some(b)) => format!(
            "cơ quan báo cáo: {}",
            body_names(&ctx.bodies).get(&b).cloned().unwrap_or_default()
        ),
        (Kind::Targets, None) => "cơ quan báo cáo: cả đơn vị".to_string(),
        _ => app::amendment_warning(p).unwrap_or_default(),
    };
    let changes = match &staged.parsed {
        Parsed::Targets(_) => {
            let (added, changed, unchanged) = staged.parsed.changes();
            changes_sentence(added, changed, unchanged)
        }
        Parsed::Items(_) => String::new(),
    };
    let (added, changed, _) = staged.parsed.changes();
    let review_warning = match &staged.parsed {
        Parsed::Targets(_) if added + changed > 0 => {
            app::review_warning(p, app::imports::IMPORTING)
        }
        _ => None,
    };
    let outcome = Outcome {
        selected_body: selected,
        preview: Some(Preview {
            token: staged.token,
            file_name: upload.file_name,
            encoding: staged.encoding,
            extra,
            count: staged.parsed.len(),
            changes,
            review_warning,
            headers,
            rows,
        }),
        ..Outcome::default()
    };
    page(&state, &user, &v, year, kind, outcome).await
}

/// The staged import confirmed: written in one transaction.
pub async fn confirm<K: Imported>(
    YearParam(year): YearParam,
    CheckedForm(Staff { state, v, .. }, form): CheckedForm,
) -> WebResult {
    let kind = K::KIND;
    let summary = state
        .app
        .confirm_import(
            &v,
            year,
            kind,
            form.get("token"),
            form.get("xac_nhan") == "1",
        )
        .await?;
    let location = match kind {
        Kind::Targets => format!(
            "{}?da-nhap={}&moi={}&thay-doi={}&khong-doi={}",
            href(kind, year),
            summary.rows,
            summary.added,
            summary.changed,
            summary.unchanged
        ),
        Kind::Items => format!("{}?da-nhap={}", href(kind, year), summary.rows),
    };
    Ok(see_other(&v, &location))
}

/// The import's empty spreadsheet, with its columns and an example row.
pub async fn template<K: Imported>(_: Staff) -> WebResult<Download> {
    let (bytes, name) = app::imports::template(K::KIND)?;
    Ok(Download {
        bytes,
        content_type: XLSX,
        name: name.to_string(),
        inline: false,
        private: true,
    })
}
