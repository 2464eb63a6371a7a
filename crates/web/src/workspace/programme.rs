//! The programme in the workspace: create, copy last year's, move through the lifecycle, sign, and
//! edit its items and targets one at a time or many at once. A change to the content of a signed
//! programme opens a new version that must be signed again.

use std::collections::HashMap;

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{Html, IntoResponse, Response};
use chrono::{Datelike, NaiveDate, Utc};
use domain::access::Action;
use domain::body::Body;
use domain::programme::{
    ItemDraft, ItemStatus, Programme, ProgrammeItem, ProgrammeStatus, ProgressNote, TimeFrame, Year,
};
use domain::target::{evaluate, Direction, Target, TargetDraft, TargetSummary};
use domain::ValidationError;

use super::{after_write, see_other, ws_chrome, WsChrome};
use crate::auth::{CheckedForm, FormData, SignedIn};
use crate::render::render_page;
use crate::{AppState, WebError};

fn year_of(segment: &str) -> Result<Year, WebError> {
    Year::parse(segment).map_err(|_| WebError::NotFound)
}

async fn load(state: &AppState, unit_id: i64, year: Year) -> Result<Programme, WebError> {
    state
        .store
        .programme(unit_id, year)
        .await?
        .ok_or(WebError::NotFound)
}

fn programme_href(year: Year) -> String {
    format!("/quan-ly/chuong-trinh/{year}")
}

struct ProgrammeRow {
    year: i32,
    title: String,
    status: &'static str,
    status_code: &'static str,
}

#[derive(Template)]
#[template(path = "ws/dashboard.html")]
struct Dashboard {
    ws: WsChrome,
    programmes: Vec<ProgrammeRow>,
    can_manage: bool,
    next_year: i32,
    recent: Vec<(String, String, String, String)>,
    error: Option<String>,
}

pub async fn dashboard(
    State(state): State<AppState>,
    user: SignedIn,
) -> Result<Html<String>, WebError> {
    dashboard_page(&state, &user, None).await
}

async fn dashboard_page(
    state: &AppState,
    user: &SignedIn,
    error: Option<String>,
) -> Result<Html<String>, WebError> {
    let (ws, unit) = ws_chrome(state, user).await?;
    let programmes = state.store.programmes(unit.id).await?;
    let next_year = programmes
        .first()
        .map_or(Utc::now().year(), |p| p.year.get() + 1);
    let head = state.store.log_head().await?;
    let recent = state
        .store
        .changes_since((head - 15).max(0), 15)
        .await?
        .into_iter()
        .rev()
        .map(|e| {
            (
                domain::time::short_datetime(domain::time::from_unix(e.at)),
                e.actor,
                format!("{} {}", action_label(&e.action), entity_label(&e.entity)),
                format!("/lich-su/{}/{}", e.entity, e.entity_id),
            )
        })
        .collect();
    render_page(&Dashboard {
        can_manage: user
            .actor
            .can(&Action::ManageProgramme { unit_id: unit.id }),
        ws,
        programmes: programmes
            .iter()
            .map(|p| ProgrammeRow {
                year: p.year.get(),
                title: p.title.clone(),
                status: p.status.label(),
                status_code: p.status.as_str(),
            })
            .collect(),
        next_year,
        recent,
        error,
    })
}

/// Vietnamese names of the log's actions.
pub fn action_label(action: &str) -> &'static str {
    match action {
        "create" => "Tạo",
        "update" => "Sửa",
        "delete" => "Xóa",
        _ => "Thay đổi",
    }
}

/// Vietnamese names of the log's entities.
pub fn entity_label(entity: &str) -> &'static str {
    match entity {
        "programme" => "chương trình",
        "programme_item" => "nội dung phối hợp",
        "target" => "chỉ tiêu",
        "budget_line" => "dòng ngân sách",
        "article" => "tin tức",
        "category" => "danh mục",
        "meeting" => "hội nghị",
        "meeting_details" => "chương trình, biên bản hội nghị",
        "oversight" => "hoạt động giám sát",
        "recommendation" => "kiến nghị",
        "body" => "cơ quan",
        "person" => "cán bộ",
        "post" => "chức vụ",
        "term" => "nhiệm kỳ",
        "membership" => "nhiệm vụ",
        "unit" => "đơn vị hành chính",
        "user" => "tài khoản",
        "user_role" => "vai trò",
        "api_token" => "mã truy cập API",
        "signing_key" => "khóa ký",
        "programme_signature" => "chữ ký",
        "setting" => "cấu hình",
        _ => "bản ghi",
    }
}

pub async fn create(
    State(state): State<AppState>,
    CheckedForm { user, form }: CheckedForm,
) -> Result<Response, WebError> {
    let unit = state.store.portal_unit().await?;
    user.require(&Action::ManageProgramme { unit_id: unit.id })?;
    let year = match Year::parse(form.get("year")) {
        Ok(y) => y,
        Err(e) => {
            return Ok(
                dashboard_page(&state, &user, Some(e.errors[0].message.clone()))
                    .await?
                    .into_response(),
            )
        }
    };
    if state.store.programme(unit.id, year).await?.is_some() {
        return Ok(dashboard_page(
            &state,
            &user,
            Some(format!("Đã có chương trình năm {year}.")),
        )
        .await?
        .into_response());
    }
    let parties = programme_parties(&state.store.bodies(unit.id).await?);
    let mut tx = state.store.begin(&user.actor.username).await?;
    tx.insert_programme(&store::NewProgramme {
        unit_id: unit.id,
        year,
        title: format!("Chương trình phối hợp công tác năm {year}"),
        status: ProgrammeStatus::Draft,
        party_ids: parties,
        signed_on: None,
        reviewed_on: None,
        review_summary: None,
    })
    .await?;
    tx.commit().await?;
    after_write(&state);
    Ok(see_other(&programme_href(year)))
}

/// The three parties of a joint programme, in the order documents list them.
fn programme_parties(bodies: &[Body]) -> Vec<i64> {
    bodies
        .iter()
        .filter(|b| b.kind.is_programme_party() && b.parent_body_id.is_none())
        .map(|b| b.id)
        .collect()
}

struct ItemRow {
    id: i64,
    position: i64,
    content: String,
    lead: String,
    status: &'static str,
    status_code: &'static str,
}

struct TargetRow {
    id: i64,
    position: i64,
    name: String,
    plan: String,
    actual: String,
    evaluation: &'static str,
    evaluation_code: &'static str,
}

struct PartyRow {
    body_id: i64,
    name: String,
    signed: Option<String>,
    can_sign: bool,
}

#[derive(Template)]
#[template(path = "ws/programme.html")]
struct ProgrammePage {
    ws: WsChrome,
    year: i32,
    title: String,
    status: &'static str,
    status_code: &'static str,
    version: i64,
    parties: Vec<PartyRow>,
    items: Vec<ItemRow>,
    targets: Vec<TargetRow>,
    summary: String,
    bodies: Vec<(i64, String)>,
    statuses: Vec<(&'static str, &'static str)>,
    can_start: bool,
    can_review: bool,
    can_copy: bool,
    editable_content: bool,
    programme_id: i64,
}

pub async fn show(
    State(state): State<AppState>,
    user: SignedIn,
    Path(year): Path<String>,
) -> Result<Html<String>, WebError> {
    let (ws, unit) = ws_chrome(&state, &user).await?;
    let year = year_of(&year)?;
    let p = load(&state, unit.id, year).await?;
    let store = &state.store;
    let bodies = store.bodies(unit.id).await?;
    let name = |id: i64| {
        bodies
            .iter()
            .find(|b| b.id == id)
            .map(|b| b.short_name.clone())
            .unwrap_or_default()
    };
    let items = store.items(p.id).await?;
    let targets = store.targets(p.id).await?;
    let version = store.programme_version(p.id).await?;
    let signatures = store.signatures(p.id).await?;
    let can_manage = user
        .actor
        .can(&Action::ManageProgramme { unit_id: unit.id });
    let next_exists = store
        .programme(unit.id, Year::new(year.get() + 1).unwrap_or(year))
        .await?
        .is_some();
    render_page(&ProgrammePage {
        ws,
        year: year.get(),
        title: p.title.clone(),
        status: p.status.label(),
        status_code: p.status.as_str(),
        version,
        parties: p
            .party_ids
            .iter()
            .map(|&body_id| {
                let signed = signatures
                    .iter()
                    .find(|s| s.body_id == body_id && s.version == version)
                    .map(|s| {
                        format!(
                            "{} ký lúc {}{}",
                            s.signer,
                            domain::time::short_datetime(domain::time::from_unix(s.signed_at)),
                            if s.verifies {
                                ""
                            } else {
                                " – CHỮ KÝ KHÔNG HỢP LỆ"
                            }
                        )
                    });
                PartyRow {
                    body_id,
                    name: name(body_id),
                    can_sign: signed.is_none()
                        && p.status == ProgrammeStatus::Draft
                        && user.actor.can(&Action::Sign {
                            unit_id: unit.id,
                            body_id,
                        }),
                    signed,
                }
            })
            .collect(),
        items: items
            .iter()
            .map(|i| ItemRow {
                id: i.id,
                position: i.position,
                content: i.content.clone(),
                lead: name(i.lead_body_id),
                status: i.status.label(),
                status_code: i.status.as_str(),
            })
            .collect(),
        summary: TargetSummary::of(&targets).sentence(),
        targets: targets
            .iter()
            .map(|t| TargetRow {
                id: t.id,
                position: t.position,
                name: t.name.clone(),
                plan: t.format_value(t.plan),
                actual: t
                    .actual
                    .map(|a| t.format_value(a))
                    .unwrap_or_else(|| "—".into()),
                evaluation: t.evaluation().label(),
                evaluation_code: t.evaluation().as_str(),
            })
            .collect(),
        bodies: bodies
            .iter()
            .map(|b| (b.id, b.short_name.clone()))
            .collect(),
        statuses: ItemStatus::ALL
            .iter()
            .map(|s| (s.as_str(), s.label()))
            .collect(),
        can_start: can_manage && p.status == ProgrammeStatus::Signed,
        can_review: can_manage && p.status == ProgrammeStatus::InProgress,
        can_copy: can_manage && !next_exists,
        editable_content: p.status != ProgrammeStatus::Reviewed,
        programme_id: p.id,
    })
}

pub async fn transition(
    State(state): State<AppState>,
    Path(year): Path<String>,
    CheckedForm { user, form }: CheckedForm,
) -> Result<Response, WebError> {
    let unit = state.store.portal_unit().await?;
    user.require(&Action::ManageProgramme { unit_id: unit.id })?;
    let year = year_of(&year)?;
    let p = load(&state, unit.id, year).await?;
    let to = ProgrammeStatus::parse(form.get("to"))
        .filter(|s| *s != ProgrammeStatus::Signed)
        .ok_or_else(|| {
            WebError::BadRequest(
                "Trạng thái không hợp lệ; chương trình chuyển sang “Đã ký kết” khi các bên ký."
                    .into(),
            )
        })?;
    let status = p
        .status
        .transition(to)
        .map_err(|e| WebError::Invalid(ValidationError::single("to", e.to_string())))?;
    let today = Utc::now()
        .with_timezone(&domain::time::vietnam())
        .date_naive();
    let after = Programme {
        status,
        reviewed_on: (status == ProgrammeStatus::Reviewed)
            .then_some(today)
            .or(p.reviewed_on),
        review_summary: match form.get("review_summary") {
            "" => p.review_summary.clone(),
            s => Some(vi::normalize(s)),
        },
        ..p.clone()
    };
    let mut tx = state.store.begin(&user.actor.username).await?;
    tx.update_programme(&p, &after).await?;
    tx.commit().await?;
    after_write(&state);
    Ok(see_other(&programme_href(year)))
}

pub async fn copy_to_next_year(
    State(state): State<AppState>,
    Path(year): Path<String>,
    CheckedForm { user, .. }: CheckedForm,
) -> Result<Response, WebError> {
    let unit = state.store.portal_unit().await?;
    user.require(&Action::ManageProgramme { unit_id: unit.id })?;
    let year = year_of(&year)?;
    let p = load(&state, unit.id, year).await?;
    let next = Year::new(year.get() + 1).map_err(WebError::Invalid)?;
    if state.store.programme(unit.id, next).await?.is_some() {
        return Err(WebError::Invalid(ValidationError::single(
            "year",
            format!("Đã có chương trình năm {next}."),
        )));
    }
    let items = state.store.items(p.id).await?;
    let targets = state.store.targets(p.id).await?;
    let shift = |d: NaiveDate| {
        d.with_year(next.get())
            .unwrap_or(d + chrono::Duration::days(365))
    };
    let mut tx = state.store.begin(&user.actor.username).await?;
    let copy = tx
        .insert_programme(&store::NewProgramme {
            unit_id: unit.id,
            year: next,
            title: format!("Chương trình phối hợp công tác năm {next}"),
            status: ProgrammeStatus::Draft,
            party_ids: p.party_ids.clone(),
            signed_on: None,
            reviewed_on: None,
            review_summary: None,
        })
        .await?;
    for item in &items {
        let draft = ItemDraft {
            content: item.content.clone(),
            lead_body_id: item.lead_body_id,
            partner_body_ids: item.partner_body_ids.clone(),
            time_frame: TimeFrame {
                starts_on: shift(item.time_frame.starts_on),
                ends_on: shift(item.time_frame.ends_on),
            },
            status: ItemStatus::NotStarted,
        };
        tx.insert_item(copy.id, item.position, &draft, &[]).await?;
    }
    for t in &targets {
        tx.insert_target(
            copy.id,
            t.position,
            &store::NewTarget {
                name: t.name.clone(),
                measure: t.measure.clone(),
                direction: t.direction,
                plan: t.plan,
                actual: None,
                reporting_body_id: t.reporting_body_id,
                illustrative: t.illustrative,
                note: None,
            },
        )
        .await?;
    }
    tx.commit().await?;
    after_write(&state);
    Ok(see_other(&programme_href(next)))
}

/// Before changing the content of a programme: a reviewed one is final, a signed one opens a new
/// version (in the same transaction) that must be signed again.
async fn open_for_content_change(
    tx: &mut store::WriteTx,
    p: &Programme,
) -> Result<Programme, WebError> {
    match p.status {
        ProgrammeStatus::Draft => Ok(p.clone()),
        ProgrammeStatus::Reviewed => Err(WebError::Invalid(ValidationError::single(
            "programme",
            "Chương trình đã tổng kết; nội dung không thay đổi được nữa.",
        ))),
        ProgrammeStatus::Signed | ProgrammeStatus::InProgress => {
            Ok(tx.start_new_version(p).await?)
        }
    }
}

pub async fn bulk(
    State(state): State<AppState>,
    Path(year): Path<String>,
    CheckedForm { user, form }: CheckedForm,
) -> Result<Response, WebError> {
    let unit = state.store.portal_unit().await?;
    let year = year_of(&year)?;
    let p = load(&state, unit.id, year).await?;
    let ids = form.ids("item_ids")?;
    if ids.is_empty() {
        return Err(WebError::Invalid(ValidationError::single(
            "item_ids",
            "Hãy chọn ít nhất một nội dung.",
        )));
    }
    let status = match form.get("status") {
        "" => None,
        s => Some(
            ItemStatus::parse(s)
                .ok_or_else(|| WebError::BadRequest("Trạng thái không hợp lệ".into()))?,
        ),
    };
    let lead = match form.get("lead_body_id") {
        "" => None,
        s => Some(
            s.parse::<i64>()
                .map_err(|_| WebError::BadRequest("Cơ quan không hợp lệ".into()))?,
        ),
    };
    let items: Vec<ProgrammeItem> = state
        .store
        .items(p.id)
        .await?
        .into_iter()
        .filter(|i| ids.contains(&i.id))
        .collect();
    if items.len() != ids.len() {
        return Err(WebError::NotFound);
    }
    for item in &items {
        user.require(&Action::EditItem {
            unit_id: unit.id,
            lead_body_id: item.lead_body_id,
        })?;
        if let Some(l) = lead {
            user.require(&Action::EditItem {
                unit_id: unit.id,
                lead_body_id: l,
            })?;
        }
    }
    if let Some(l) = lead {
        if !state.store.bodies(unit.id).await?.iter().any(|b| b.id == l) {
            return Err(WebError::BadRequest("Cơ quan không thuộc đơn vị".into()));
        }
    }
    let mut tx = state.store.begin(&user.actor.username).await?;
    if lead.is_some() {
        open_for_content_change(&mut tx, &p).await?;
    }
    for item in &items {
        let lead_body_id = lead.unwrap_or(item.lead_body_id);
        let draft = ItemDraft {
            content: item.content.clone(),
            lead_body_id,
            partner_body_ids: item
                .partner_body_ids
                .iter()
                .copied()
                .filter(|b| *b != lead_body_id)
                .collect(),
            time_frame: item.time_frame.clone(),
            status: status.unwrap_or(item.status),
        };
        tx.update_item(item, &draft).await?;
    }
    tx.commit().await?;
    after_write(&state);
    Ok(see_other(&programme_href(year)))
}

pub async fn sign(
    State(state): State<AppState>,
    Path(year): Path<String>,
    CheckedForm { user, form }: CheckedForm,
) -> Result<Response, WebError> {
    let unit = state.store.portal_unit().await?;
    let body_id = form
        .get("body_id")
        .parse::<i64>()
        .map_err(|_| WebError::BadRequest("Cơ quan ký không hợp lệ".into()))?;
    user.require(&Action::Sign {
        unit_id: unit.id,
        body_id,
    })?;
    let year = year_of(&year)?;
    let p = load(&state, unit.id, year).await?;
    if p.status != ProgrammeStatus::Draft {
        return Err(WebError::Invalid(ValidationError::single(
            "programme",
            "Phiên bản này đã được các bên ký.",
        )));
    }
    let version = state.store.programme_version(p.id).await?;
    let canonical = state.store.canonical_programme(&p).await?;
    let mut tx = state.store.begin(&user.actor.username).await?;
    tx.sign_programme(
        &p,
        version,
        &canonical,
        body_id,
        user.actor.user_id,
        Utc::now().timestamp(),
    )
    .await?;
    tx.commit().await?;
    after_write(&state);
    Ok(see_other(&programme_href(year)))
}

/// The item form, for a new item or an existing one, with the values typed and the errors found.
#[derive(Template)]
#[template(path = "ws/item_form.html")]
struct ItemForm {
    ws: WsChrome,
    action: String,
    back: String,
    heading: String,
    content: String,
    lead: String,
    partners: Vec<String>,
    starts_on: String,
    ends_on: String,
    status: String,
    bodies: Vec<(String, String)>,
    statuses: Vec<(&'static str, &'static str)>,
    errors: ValidationError,
    notes: Vec<(String, String)>,
    note_action: Option<String>,
    history: Option<String>,
}

impl ItemForm {
    fn error(&self, field: &str) -> &str {
        self.errors.for_field(field).unwrap_or("")
    }
}

fn parse_item(form: &FormData) -> Result<ItemDraft, ValidationError> {
    let mut errors = ValidationError::default();
    let lead = form.id("lead_body_id", "Hãy chọn cơ quan chủ trì");
    let partners: Vec<i64> = form
        .all("partner_body_ids")
        .iter()
        .filter_map(|v| v.parse().ok())
        .collect();
    let starts = domain::time::parse_date(form.get("starts_on"));
    let ends = domain::time::parse_date(form.get("ends_on"));
    if starts.is_none() {
        errors.push("starts_on", "Ngày bắt đầu không hợp lệ (ngày/tháng/năm)");
    }
    if ends.is_none() {
        errors.push("ends_on", "Ngày kết thúc không hợp lệ (ngày/tháng/năm)");
    }
    let status = ItemStatus::parse(form.get("status"));
    if status.is_none() {
        errors.push("status", "Hãy chọn trạng thái");
    }
    let frame = match (starts, ends) {
        (Some(s), Some(e)) => TimeFrame::new(s, e)
            .map_err(|e| errors.errors.extend(e.errors))
            .ok(),
        _ => None,
    };
    let lead = lead.map_err(|e| errors.errors.extend(e.errors)).ok();
    match (lead, frame, status) {
        (Some(lead), Some(frame), Some(status)) => {
            let draft = ItemDraft::parse(form.get("content"), lead, partners, frame, status);
            match draft {
                Ok(d) if errors.is_empty() => Ok(d),
                Ok(_) => Err(errors),
                Err(e) => {
                    errors.errors.extend(e.errors);
                    Err(errors)
                }
            }
        }
        _ => {
            if form.get("content").is_empty() {
                errors.push("content", "Nội dung phối hợp không được để trống");
            }
            Err(errors)
        }
    }
}

async fn item_form_page(
    state: &AppState,
    user: &SignedIn,
    p: &Programme,
    item: Option<&ProgrammeItem>,
    form: Option<&FormData>,
    errors: ValidationError,
) -> Result<Response, WebError> {
    let (ws, unit) = ws_chrome(state, user).await?;
    let bodies = state.store.bodies(unit.id).await?;
    let year = p.year;
    let value = |name: &str, existing: String| form.map_or(existing, |f| f.get(name).to_string());
    let status_code = if errors.is_empty() {
        axum::http::StatusCode::OK
    } else {
        axum::http::StatusCode::UNPROCESSABLE_ENTITY
    };
    let page = ItemForm {
        ws,
        action: item.map_or(format!("/quan-ly/chuong-trinh/{year}/noi-dung"), |i| {
            format!("/quan-ly/noi-dung/{}", i.id)
        }),
        back: programme_href(year),
        heading: if item.is_some() {
            "Sửa nội dung phối hợp".into()
        } else {
            format!("Thêm nội dung phối hợp năm {year}")
        },
        content: value(
            "content",
            item.map(|i| i.content.clone()).unwrap_or_default(),
        ),
        lead: value(
            "lead_body_id",
            item.map(|i| i.lead_body_id.to_string()).unwrap_or_default(),
        ),
        partners: match form {
            Some(f) => f
                .all("partner_body_ids")
                .iter()
                .map(|s| s.to_string())
                .collect(),
            None => item
                .map(|i| i.partner_body_ids.iter().map(|b| b.to_string()).collect())
                .unwrap_or_default(),
        },
        starts_on: value(
            "starts_on",
            item.map_or(format!("{year}-01-01"), |i| {
                i.time_frame.starts_on.to_string()
            }),
        ),
        ends_on: value(
            "ends_on",
            item.map_or(format!("{year}-12-31"), |i| {
                i.time_frame.ends_on.to_string()
            }),
        ),
        status: value(
            "status",
            item.map_or("not_started".into(), |i| i.status.as_str().to_string()),
        ),
        bodies: bodies
            .iter()
            .map(|b| (b.id.to_string(), b.short_name.clone()))
            .collect(),
        statuses: ItemStatus::ALL
            .iter()
            .map(|s| (s.as_str(), s.label()))
            .collect(),
        errors,
        notes: item
            .map(|i| {
                i.notes
                    .iter()
                    .map(|n| (domain::time::short_date(n.on), n.text.clone()))
                    .collect()
            })
            .unwrap_or_default(),
        note_action: item.map(|i| format!("/quan-ly/noi-dung/{}/ghi-chu", i.id)),
        history: item.map(|i| format!("/lich-su/programme_item/{}", i.id)),
    };
    Ok((status_code, render_page(&page)?).into_response())
}

pub async fn new_item(
    State(state): State<AppState>,
    user: SignedIn,
    Path(year): Path<String>,
) -> Result<Response, WebError> {
    let unit = state.store.portal_unit().await?;
    let p = load(&state, unit.id, year_of(&year)?).await?;
    item_form_page(&state, &user, &p, None, None, ValidationError::default()).await
}

pub async fn add_item(
    State(state): State<AppState>,
    Path(year): Path<String>,
    CheckedForm { user, form }: CheckedForm,
) -> Result<Response, WebError> {
    let unit = state.store.portal_unit().await?;
    user.require(&Action::ReadWorkspace { unit_id: unit.id })?;
    let year = year_of(&year)?;
    let p = load(&state, unit.id, year).await?;
    let draft = match parse_item(&form) {
        Ok(d) => d,
        Err(errors) => return item_form_page(&state, &user, &p, None, Some(&form), errors).await,
    };
    user.require(&Action::EditItem {
        unit_id: unit.id,
        lead_body_id: draft.lead_body_id,
    })?;
    let position = state
        .store
        .items(p.id)
        .await?
        .iter()
        .map(|i| i.position)
        .max()
        .unwrap_or(0)
        + 1;
    let mut tx = state.store.begin(&user.actor.username).await?;
    let p = open_for_content_change(&mut tx, &p).await?;
    tx.insert_item(p.id, position, &draft, &[]).await?;
    tx.commit().await?;
    after_write(&state);
    Ok(see_other(&programme_href(year)))
}

async fn item_and_programme(
    state: &AppState,
    id: &str,
) -> Result<(ProgrammeItem, Programme, i64), WebError> {
    let id: i64 = id.parse().map_err(|_| WebError::NotFound)?;
    let item = state.store.item(id).await?.ok_or(WebError::NotFound)?;
    let p = state
        .store
        .programme_by_id(item.programme_id)
        .await?
        .ok_or(WebError::NotFound)?;
    let unit = state.store.portal_unit().await?;
    if p.unit_id != unit.id {
        return Err(WebError::NotFound);
    }
    Ok((item, p, unit.id))
}

pub async fn edit_item(
    State(state): State<AppState>,
    user: SignedIn,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let (item, p, _) = item_and_programme(&state, &id).await?;
    item_form_page(
        &state,
        &user,
        &p,
        Some(&item),
        None,
        ValidationError::default(),
    )
    .await
}

pub async fn update_item(
    State(state): State<AppState>,
    Path(id): Path<String>,
    CheckedForm { user, form }: CheckedForm,
) -> Result<Response, WebError> {
    let (item, p, unit_id) = item_and_programme(&state, &id).await?;
    user.require(&Action::EditItem {
        unit_id,
        lead_body_id: item.lead_body_id,
    })?;
    let draft = match parse_item(&form) {
        Ok(d) => d,
        Err(errors) => {
            return item_form_page(&state, &user, &p, Some(&item), Some(&form), errors).await
        }
    };
    user.require(&Action::EditItem {
        unit_id,
        lead_body_id: draft.lead_body_id,
    })?;
    let content_changed = draft.content != item.content
        || draft.lead_body_id != item.lead_body_id
        || draft.partner_body_ids != item.partner_body_ids
        || draft.time_frame != item.time_frame;
    let mut tx = state.store.begin(&user.actor.username).await?;
    if content_changed {
        open_for_content_change(&mut tx, &p).await?;
    }
    tx.update_item(&item, &draft).await?;
    tx.commit().await?;
    after_write(&state);
    Ok(see_other(&programme_href(p.year)))
}

pub async fn add_note(
    State(state): State<AppState>,
    Path(id): Path<String>,
    CheckedForm { user, form }: CheckedForm,
) -> Result<Response, WebError> {
    let (item, p, unit_id) = item_and_programme(&state, &id).await?;
    user.require(&Action::EditItem {
        unit_id,
        lead_body_id: item.lead_body_id,
    })?;
    let text = vi::normalize(form.get("text"));
    let on = domain::time::parse_date(form.get("on")).unwrap_or_else(|| {
        Utc::now()
            .with_timezone(&domain::time::vietnam())
            .date_naive()
    });
    if text.is_empty() {
        let errors = ValidationError::single("text", "Ghi chú tiến độ không được để trống");
        return item_form_page(&state, &user, &p, Some(&item), None, errors).await;
    }
    let mut tx = state.store.begin(&user.actor.username).await?;
    tx.add_progress_note(&item, &ProgressNote { on, text })
        .await?;
    tx.commit().await?;
    after_write(&state);
    Ok(see_other(&format!("/quan-ly/noi-dung/{}", item.id)))
}

#[derive(Template)]
#[template(path = "ws/target_form.html")]
struct TargetForm {
    ws: WsChrome,
    action: String,
    back: String,
    heading: String,
    name: String,
    measure: String,
    direction: String,
    plan: String,
    actual: String,
    reporting: String,
    note: String,
    directions: Vec<(&'static str, &'static str)>,
    bodies: Vec<(String, String)>,
    errors: ValidationError,
    preview: String,
    history: Option<String>,
}

impl TargetForm {
    fn error(&self, field: &str) -> &str {
        self.errors.for_field(field).unwrap_or("")
    }
}

fn parse_target(form: &FormData) -> Result<TargetDraft, ValidationError> {
    let reporting = match form.get("reporting_body_id") {
        "" => None,
        s => Some(s.parse().map_err(|_| {
            ValidationError::single("reporting_body_id", "Cơ quan báo cáo không hợp lệ")
        })?),
    };
    TargetDraft::parse(
        form.get("name"),
        form.get("measure"),
        form.get("direction"),
        form.get("plan"),
        form.get("actual"),
        reporting,
        form.get("note"),
    )
}

/// The live verdict beside the form: evaluation and % of plan, or what is missing.
fn preview(direction: &str, plan: &str, actual: &str) -> String {
    let Some(direction) = Direction::parse(direction) else {
        return "Chọn chiều đánh giá để xem kết quả.".into();
    };
    let (Ok(plan), actual) = (
        domain::target::parse_quantity("plan", plan),
        domain::target::parse_quantity("actual", actual).ok(),
    ) else {
        return "Nhập kế hoạch để xem kết quả.".into();
    };
    let e = evaluate(direction, plan, actual);
    let pct = match (direction, actual) {
        (Direction::HigherIsBetter | Direction::LowerIsBetter, Some(a)) => {
            domain::target::percent(a, plan)
                .map(|p| {
                    format!(
                        " · {} kế hoạch",
                        vi::format_percent(&p.normalize().to_string(), 1)
                    )
                })
                .unwrap_or_default()
        }
        _ => String::new(),
    };
    format!("Đánh giá: {}{pct}", e.label())
}

async fn target_form_page(
    state: &AppState,
    user: &SignedIn,
    p: &Programme,
    target: Option<&Target>,
    form: Option<&FormData>,
    errors: ValidationError,
) -> Result<Response, WebError> {
    let (ws, unit) = ws_chrome(state, user).await?;
    let bodies = state.store.bodies(unit.id).await?;
    let value = |name: &str, existing: String| form.map_or(existing, |f| f.get(name).to_string());
    let t = target;
    let direction = value(
        "direction",
        t.map_or("higher".into(), |t| t.direction.as_str().to_string()),
    );
    let plan = value(
        "plan",
        t.map(|t| t.plan.normalize().to_string())
            .unwrap_or_default(),
    );
    let actual = value(
        "actual",
        t.and_then(|t| t.actual)
            .map(|a| a.normalize().to_string())
            .unwrap_or_default(),
    );
    let status_code = if errors.is_empty() {
        axum::http::StatusCode::OK
    } else {
        axum::http::StatusCode::UNPROCESSABLE_ENTITY
    };
    let page = TargetForm {
        ws,
        action: t.map_or(format!("/quan-ly/chuong-trinh/{}/chi-tieu", p.year), |t| {
            format!("/quan-ly/chi-tieu/{}", t.id)
        }),
        back: programme_href(p.year),
        heading: if t.is_some() {
            "Sửa chỉ tiêu".into()
        } else {
            format!("Thêm chỉ tiêu năm {}", p.year)
        },
        name: value("name", t.map(|t| t.name.clone()).unwrap_or_default()),
        measure: value("measure", t.map(|t| t.measure.clone()).unwrap_or_default()),
        preview: preview(&direction, &plan, &actual),
        direction,
        plan,
        actual,
        reporting: value(
            "reporting_body_id",
            t.and_then(|t| t.reporting_body_id)
                .map(|b| b.to_string())
                .unwrap_or_default(),
        ),
        note: value("note", t.and_then(|t| t.note.clone()).unwrap_or_default()),
        directions: Direction::ALL
            .iter()
            .map(|d| (d.as_str(), d.label()))
            .collect(),
        bodies: bodies
            .iter()
            .map(|b| (b.id.to_string(), b.short_name.clone()))
            .collect(),
        errors,
        history: t.map(|t| format!("/lich-su/target/{}", t.id)),
    };
    Ok((status_code, render_page(&page)?).into_response())
}

pub async fn evaluate_preview(
    user: SignedIn,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Html<String>, WebError> {
    let _ = user;
    let get = |k: &str| q.get(k).map(String::as_str).unwrap_or("");
    let text = preview(get("direction"), get("plan"), get("actual"));
    Ok(Html(
        askama::filters::escape(&text, askama::filters::Html)
            .map(|s| s.to_string())
            .unwrap_or_default(),
    ))
}

pub async fn new_target_form(
    State(state): State<AppState>,
    user: SignedIn,
    Path(year): Path<String>,
) -> Result<Response, WebError> {
    let unit = state.store.portal_unit().await?;
    let p = load(&state, unit.id, year_of(&year)?).await?;
    target_form_page(&state, &user, &p, None, None, ValidationError::default()).await
}

pub async fn add_target(
    State(state): State<AppState>,
    Path(year): Path<String>,
    CheckedForm { user, form }: CheckedForm,
) -> Result<Response, WebError> {
    let unit = state.store.portal_unit().await?;
    user.require(&Action::ReadWorkspace { unit_id: unit.id })?;
    let year = year_of(&year)?;
    let p = load(&state, unit.id, year).await?;
    let draft = match parse_target(&form) {
        Ok(d) => d,
        Err(errors) => return target_form_page(&state, &user, &p, None, Some(&form), errors).await,
    };
    user.require(&Action::EditTarget {
        unit_id: unit.id,
        reporting_body_id: draft.reporting_body_id,
    })?;
    let position = state
        .store
        .targets(p.id)
        .await?
        .iter()
        .map(|t| t.position)
        .max()
        .unwrap_or(0)
        + 1;
    let mut tx = state.store.begin(&user.actor.username).await?;
    tx.insert_target(p.id, position, &new_target(&draft, false))
        .await?;
    tx.commit().await?;
    after_write(&state);
    Ok(see_other(&programme_href(year)))
}

pub fn new_target(d: &TargetDraft, illustrative: bool) -> store::NewTarget {
    store::NewTarget {
        name: d.name.clone(),
        measure: d.measure.clone(),
        direction: d.direction,
        plan: d.plan,
        actual: d.actual,
        reporting_body_id: d.reporting_body_id,
        illustrative,
        note: d.note.clone(),
    }
}

async fn target_and_programme(
    state: &AppState,
    id: &str,
) -> Result<(Target, Programme, i64), WebError> {
    let id: i64 = id.parse().map_err(|_| WebError::NotFound)?;
    let t = state.store.target(id).await?.ok_or(WebError::NotFound)?;
    let p = state
        .store
        .programme_by_id(t.programme_id)
        .await?
        .ok_or(WebError::NotFound)?;
    let unit = state.store.portal_unit().await?;
    if p.unit_id != unit.id {
        return Err(WebError::NotFound);
    }
    Ok((t, p, unit.id))
}

pub async fn edit_target(
    State(state): State<AppState>,
    user: SignedIn,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let (t, p, _) = target_and_programme(&state, &id).await?;
    target_form_page(
        &state,
        &user,
        &p,
        Some(&t),
        None,
        ValidationError::default(),
    )
    .await
}

pub async fn update_target(
    State(state): State<AppState>,
    Path(id): Path<String>,
    CheckedForm { user, form }: CheckedForm,
) -> Result<Response, WebError> {
    let (t, p, unit_id) = target_and_programme(&state, &id).await?;
    user.require(&Action::EditTarget {
        unit_id,
        reporting_body_id: t.reporting_body_id,
    })?;
    let draft = match parse_target(&form) {
        Ok(d) => d,
        Err(errors) => {
            return target_form_page(&state, &user, &p, Some(&t), Some(&form), errors).await
        }
    };
    user.require(&Action::EditTarget {
        unit_id,
        reporting_body_id: draft.reporting_body_id,
    })?;
    let mut tx = state.store.begin(&user.actor.username).await?;
    tx.update_target(&t, &new_target(&draft, t.illustrative))
        .await?;
    tx.commit().await?;
    after_write(&state);
    Ok(see_other(&programme_href(p.year)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_preview_names_the_evaluation_and_the_share_of_plan() {
        assert_eq!(
            preview("higher", "100", "104,2"),
            "Đánh giá: Vượt · 104,2% kế hoạch"
        );
        assert_eq!(preview("lower", "1", "1"), "Đánh giá: Đạt · 100% kế hoạch");
        assert_eq!(preview("rank", "1", "2"), "Đánh giá: Không đạt");
        assert_eq!(preview("higher", "100", ""), "Đánh giá: Chưa có số liệu");
        assert_eq!(
            preview("", "100", "1"),
            "Chọn chiều đánh giá để xem kết quả."
        );
    }
}
