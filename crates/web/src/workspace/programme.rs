//! The programme in the workspace: the dashboard, creating a programme, its page with parties,
//! items and targets, moving it through its lifecycle, copying it to the next year, and signing.

use app::Viewer;
use askama::Template;
use axum::extract::Query;
use axum::response::IntoResponse;
use chrono::Datelike;
use domain::access::Action;
use domain::entity::{ChangeKind, Entity};
use domain::programme::{ItemStatus, Programme, ProgrammeStatus, Year};
use domain::target::TargetSummary;

use super::{see_other, ws_chrome, WsChrome};
use crate::auth::{CheckedForm, SignedIn};
use crate::extract::{QueryMap, Staff, YearParam};
use crate::forms::{self, Cx, Place};
use crate::render::render_page;
use crate::{AppState, HtmlResult, WebError, WebResult};

/// A new item's or target's place: the programme of the year in the address.
impl Place for Programme {
    type Key = YearParam;

    async fn find(cx: Cx<'_>, YearParam(year): YearParam) -> Result<Self, WebError> {
        Ok(cx.state.app.programme(cx.v, year).await?)
    }
}

pub fn programme_href(year: Year) -> String {
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
    recent: Vec<(String, String, String, Option<String>)>,
    error: Option<String>,
    /// The unit's set-up, while a step is left; empty once all are done.
    setup: Vec<app::SetupStep>,
    setup_done: usize,
}

pub async fn dashboard(Staff { state, user, v }: Staff) -> HtmlResult {
    dashboard_page(&state, &user, &v, None).await
}

async fn dashboard_page(
    state: &AppState,
    user: &SignedIn,
    v: &Viewer,
    error: Option<String>,
) -> HtmlResult {
    let ws = ws_chrome(state, user, v).await?;
    let programmes = state.app.programmes(v).await?;
    let next_year = programmes
        .first()
        .map_or(v.today().year(), |p| p.year.get() + 1);
    let recent = state
        .app
        .recent_changes(v, 15)
        .await?
        .into_iter()
        .map(|(e, readable)| {
            let (before, after) = (e.before_json.as_deref(), e.after_json.as_deref());
            // A record is named by its title, never by its number.
            let what = match super::history_view::withdrawal_line(e.change_kind(), before, after) {
                Some(line) => line,
                None => {
                    let action = format!(
                        "{} {}",
                        change_label(e.change_kind()),
                        entity_label(e.entity_kind())
                    );
                    match super::history_view::title(before, after) {
                        Some(title) => format!("{action} “{title}”"),
                        None => action,
                    }
                }
            };
            (
                domain::time::short_datetime(domain::time::from_unix(e.at)),
                e.actor.clone(),
                what,
                readable.then(|| format!("/lich-su/{}/{}", e.entity, e.entity_id)),
            )
        })
        .collect();
    let setup = state.app.setup_checklist(v).await?;
    let setup_done = setup.iter().filter(|s| s.done).count();
    let setup = if setup_done == setup.len() {
        Vec::new()
    } else {
        setup
    };
    render_page(&Dashboard {
        can_manage: v.may_here(|unit_id| Action::ManageProgramme { unit_id }),
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
        setup,
        setup_done,
    })
}

/// What a change-log entry did, in Vietnamese.
pub fn change_label(kind: Option<ChangeKind>) -> &'static str {
    kind.map_or("Thay đổi", ChangeKind::label)
}

/// What a change-log entry names, in Vietnamese.
pub fn entity_label(entity: Option<Entity>) -> &'static str {
    entity.map_or("bản ghi", Entity::label)
}

pub async fn create(CheckedForm(Staff { state, user, v }, form): CheckedForm) -> WebResult {
    v.require_here(|unit_id| Action::ManageProgramme { unit_id })?;
    forms::submit(
        Year::parse(form.get("year")),
        async |year| state.app.create_programme(&v, year).await,
        |p| see_other(&v, &programme_href(p.year)),
        async |errors| {
            let message = errors.errors.first().map(|f| f.message.clone());
            Ok(dashboard_page(&state, &user, &v, message)
                .await?
                .into_response())
        },
    )
    .await
}

struct ItemRow {
    id: i64,
    position: i64,
    content: String,
    lead: String,
    status: &'static str,
    status_code: &'static str,
    /// Whether this person may change it, and so choose it in the bulk form.
    editable: bool,
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
    /// Whether any item may be changed here, and so whether the bulk form is offered.
    bulk: bool,
    targets: Vec<TargetRow>,
    summary: String,
    bodies: Vec<(i64, String)>,
    statuses: Vec<(&'static str, &'static str)>,
    can_start: bool,
    can_review: bool,
    can_copy: bool,
    editable_content: bool,
    /// Whether this person may add a target: the unit's own, or one their body reports.
    can_add_targets: bool,
    programme_id: i64,
    /// What a change to the programme's terms does now (opens an amendment, or belongs to one).
    amendment: Option<String>,
    /// An amendment is being drafted: its changes are on their own page.
    amending: bool,
    /// The body whose head just signed, to say so.
    signed_for: Option<String>,
}

pub async fn show(
    Staff { state, user, v }: Staff,
    YearParam(year): YearParam,
    Query(q): QueryMap,
) -> HtmlResult {
    let ws = ws_chrome(&state, &user, &v).await?;
    let app = &state.app;
    let o = app.programme_overview(&v, year).await?;
    let p = &o.programme;
    let bodies = app.bodies(&v).await?;
    let names = app.body_names(&v).await?;
    let name = |id: i64| names.get(&id).cloned().unwrap_or_default();
    let version = app.programme_version(&v, p).await?;
    let parties = app.parties(&v, p).await?;
    let can_manage = v.may_here(|unit_id| Action::ManageProgramme { unit_id });
    let next_exists = match Year::new(year.get() + 1) {
        Ok(next) => app.programme(&v, next).await.is_ok(),
        Err(_) => true,
    };
    render_page(&ProgrammePage {
        ws,
        year: year.get(),
        title: p.title.clone(),
        status: p.status.label(),
        status_code: p.status.as_str(),
        version,
        parties: parties
            .iter()
            .map(|party| PartyRow {
                body_id: party.body_id,
                name: name(party.body_id),
                can_sign: party.may_sign,
                signed: party.signature.as_ref().map(|s| {
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
                }),
            })
            .collect(),
        bulk: o.items.iter().any(|i| {
            v.may(&Action::EditItem {
                unit_id: v.unit_id(),
                lead_body_id: i.lead_body_id,
            })
        }),
        items: o
            .items
            .iter()
            .map(|i| ItemRow {
                id: i.id,
                position: i.position,
                content: i.content.clone(),
                lead: name(i.lead_body_id),
                status: i.status.label(),
                status_code: i.status.as_str(),
                editable: v.may(&Action::EditItem {
                    unit_id: v.unit_id(),
                    lead_body_id: i.lead_body_id,
                }),
            })
            .collect(),
        summary: TargetSummary::of(&o.targets).sentence(),
        targets: o
            .targets
            .iter()
            .map(|t| TargetRow {
                id: t.id,
                position: t.position,
                name: t.name.clone(),
                plan: t.format_value(t.plan),
                actual: t.format_actual(),
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
        editable_content: p.status != ProgrammeStatus::Reviewed
            && bodies.iter().any(|b| {
                v.may(&Action::EditItem {
                    unit_id: v.unit_id(),
                    lead_body_id: b.id,
                })
            }),
        can_add_targets: p.status != ProgrammeStatus::Reviewed
            && std::iter::once(None)
                .chain(bodies.iter().map(|b| Some(b.id)))
                .any(|reporting_body_id| {
                    v.may(&Action::EditTarget {
                        unit_id: v.unit_id(),
                        reporting_body_id,
                    })
                }),
        programme_id: p.id,
        amendment: app::amendment_warning(p),
        amending: p.amending(),
        signed_for: q
            .get("da-ky")
            .and_then(|id| id.parse::<i64>().ok())
            .filter(|id| {
                parties
                    .iter()
                    .any(|party| party.body_id == *id && party.signature.is_some())
            })
            .map(name),
    })
}

pub async fn transition(
    YearParam(year): YearParam,
    CheckedForm(Staff { state, v, .. }, form): CheckedForm,
) -> WebResult {
    v.require_here(|unit_id| Action::ManageProgramme { unit_id })?;
    let to = ProgrammeStatus::parse(form.get("to")).ok_or_else(|| {
        WebError::BadRequest(
            "Trạng thái không hợp lệ; chương trình chuyển sang “Đã ký kết” khi các bên ký.".into(),
        )
    })?;
    let summary = Some(form.get("review_summary").to_string());
    state
        .app
        .transition_programme(&v, year, to, summary)
        .await?;
    Ok(see_other(&v, &programme_href(year)))
}

pub async fn copy_to_next_year(
    YearParam(year): YearParam,
    CheckedForm(Staff { state, v, .. }, _): CheckedForm,
) -> WebResult {
    let copy = state.app.copy_programme_to_next_year(&v, year).await?;
    Ok(see_other(&v, &programme_href(copy.year)))
}
