//! Targets in the workspace: the target form (new or existing) with the live verdict beside it,
//! evaluated as the portal will show it.

use askama::Template;
use axum::extract::Query;
use axum::response::{Html, IntoResponse};
use domain::access::Action;
use domain::entity::Entity;
use domain::programme::Programme;
use domain::target::{evaluate, Direction, Target, TargetDraft};
use domain::ValidationError;

use super::programme::programme_href;
use super::{history_href, ws_chrome, WsChrome};
use crate::auth::FormData;
use crate::extract::{QueryMap, Staff};
use crate::forms::{At, Cx, RecordForm, Shown};
use crate::render::render_page;
use crate::{HtmlResult, WebError, WebResult};

#[derive(Template)]
#[template(path = "ws/target_form.html")]
struct TargetForm {
    ws: WsChrome,
    action: String,
    back: String,
    heading: String,
    code: String,
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
    /// Whether this person may save the form; otherwise the page shows the target read-only and
    /// says who may change it.
    can_edit: bool,
    /// Who may change it, for the read-only page.
    editors: String,
    /// Whether the target may be left to the unit rather than one body.
    may_unit: bool,
    /// Set when a save would change the figures of a review already held: the form asks again.
    review_warning: Option<String>,
    /// What saving a change of its terms does to a signed programme.
    amendment: Option<String>,
    /// The province's indicators the unit is offered (id, "CODE – name (measure)"), and the one
    /// the target counts toward.
    indicators: Vec<(String, String)>,
    indicator: String,
}

fn parse_target(form: &FormData) -> Result<TargetDraft, ValidationError> {
    let reporting = match form.get("reporting_body_id") {
        "" => None,
        s => Some(s.parse().map_err(|_| {
            ValidationError::single("reporting_body_id", "Cơ quan báo cáo không hợp lệ")
        })?),
    };
    // The form offers the catalogue only to a unit offered one: without the field, the link
    // stays as it is.
    let indicator = match form.all("indicator_id").first().map(|s| s.trim()) {
        None => None,
        Some("") => Some(None),
        Some(s) => Some(Some(s.parse().map_err(|_| {
            ValidationError::single("indicator_id", "Chỉ tiêu trong danh mục không hợp lệ")
        })?)),
    };
    let mut draft = TargetDraft::parse(
        form.get("code"),
        form.get("name"),
        form.get("measure"),
        form.get("direction"),
        form.get("plan"),
        form.get("actual"),
        reporting,
        form.get("note"),
    )?;
    draft.indicator = indicator;
    Ok(draft)
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
                .map(|p| format!(" · {} kế hoạch", vi::percent(Some(p))))
                .unwrap_or_default()
        }
        _ => String::new(),
    };
    format!("Đánh giá: {}{pct}", e.label())
}

/// What a person is asked before changing a target of a programme already reviewed.
fn review_warning(p: &Programme) -> Option<String> {
    app::review_warning(p, app::SAVING)
        .map(|w| format!("{w} Bấm “Lưu và cập nhật số liệu tổng kết” nếu đúng là cần sửa."))
}

/// The form field that confirms a change to a reviewed year's target.
const CONFIRMED: &str = "xac_nhan";

async fn target_form(
    Cx { state, user, v }: Cx<'_>,
    p: &Programme,
    target: Option<&Target>,
    shown: Shown<'_>,
) -> Result<TargetForm, WebError> {
    let (form, errors) = shown.into_parts();
    let ws = ws_chrome(state, user, v).await?;
    let bodies = state.app.bodies(v).await?;
    let value = |name: &str, existing: String| form.map_or(existing, |f| f.get(name).to_string());
    let t = target;
    // A role sees only the form it may submit: an editor of one body reports that body's
    // targets, and reads the others.
    let may = |reporting_body_id: Option<i64>| {
        v.may(&Action::EditTarget {
            unit_id: v.unit_id(),
            reporting_body_id,
        })
    };
    let current = t.and_then(|t| t.reporting_body_id);
    let can_edit = match t {
        Some(t) => may(t.reporting_body_id),
        None => may(None) || bodies.iter().any(|b| may(Some(b.id))),
    };
    if t.is_none() && !can_edit {
        return Err(WebError::Forbidden(
            "Chỉ quản trị đơn vị và cán bộ của cơ quan báo cáo được thêm chỉ tiêu.".into(),
        ));
    }
    let editors = match current.and_then(|id| bodies.iter().find(|b| b.id == id)) {
        Some(b) => format!("cán bộ của {} và quản trị đơn vị", b.short_name),
        None => "quản trị đơn vị".to_string(),
    };
    let direction = value(
        "direction",
        t.map_or("higher".into(), |t| t.direction.as_str().to_string()),
    );
    let links = state.app.target_indicators(v, p).await?;
    let indicator = value(
        "indicator_id",
        t.and_then(|t| links.get(&t.id))
            .map(|i| i.to_string())
            .unwrap_or_default(),
    );
    let indicators = state
        .app
        .indicators(v)
        .await?
        .into_iter()
        .map(|i| {
            let measure = Some(&i.measure)
                .filter(|m| !m.is_empty())
                .map(|m| format!(" ({m})"))
                .unwrap_or_default();
            (
                i.id.to_string(),
                format!("{} – {}{measure}", i.code, i.name),
            )
        })
        .collect();
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
        code: value("code", t.map(|t| t.code.clone()).unwrap_or_default()),
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
            .filter(|b| !can_edit || may(Some(b.id)) || current == Some(b.id))
            .map(|b| (b.id.to_string(), b.short_name.clone()))
            .collect(),
        errors,
        history: t.map(|t| history_href(Entity::Target, t.id)),
        can_edit,
        editors,
        may_unit: may(None) || current.is_none(),
        review_warning: None,
        amendment: app::amendment_warning(p),
        indicators,
        indicator,
    };
    Ok(page)
}

pub async fn evaluate_preview(_: Staff, Query(q): QueryMap) -> HtmlResult {
    let get = |k: &str| q.get(k).map(String::as_str).unwrap_or("");
    let text = preview(get("direction"), get("plan"), get("actual"));
    Ok(Html(vi::escape(&text)))
}

/// The target form: a new target of a year's programme, or one changed by its id. A change to
/// a year already reviewed is written only once confirmed.
pub struct Targets;

impl RecordForm for Targets {
    type Place = Programme;
    type Record = Target;

    async fn open(cx: Cx<'_>, id: i64) -> Result<(Target, Programme), WebError> {
        Ok(cx.state.app.target(cx.v, id).await?)
    }

    async fn write(at: At<'_, Self>, form: &FormData) -> Result<String, WebError> {
        let (app, v) = at.app();
        if let Some(t) = at.record {
            let (unit_id, reporting_body_id) = (v.unit_id(), t.reporting_body_id);
            v.require(&Action::EditTarget {
                unit_id,
                reporting_body_id,
            })?;
        }
        let draft = parse_target(form)?;
        match at.record {
            None => app.add_target(v, at.place.year, &draft).await?,
            Some(t) => {
                app.update_target(v, t.id, &draft, form.get(CONFIRMED) == "1")
                    .await?
            }
        };
        Ok(programme_href(at.place.year))
    }

    async fn page(at: At<'_, Self>, shown: Shown<'_>) -> WebResult {
        let page = target_form(at.cx, at.place, at.record, shown).await?;
        crate::render::render_form(&page, &page.errors)
    }

    /// Nothing was written: the person is asked, and what they typed is kept.
    async fn refused(at: At<'_, Self>, form: &FormData, error: WebError) -> WebResult {
        let WebError::NeedsConfirmation(warning) = error else {
            return Err(error);
        };
        let fresh = Shown::again(form, ValidationError::default());
        let mut page = target_form(at.cx, at.place, at.record, fresh).await?;
        page.review_warning = Some(review_warning(at.place).unwrap_or(warning));
        Ok((axum::http::StatusCode::CONFLICT, render_page(&page)?).into_response())
    }
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
