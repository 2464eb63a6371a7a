//! The indicator catalogue in the workspace: what a unit is offered (its own, its province's, the
//! national ones), and, for a province's administrator, the form that adds or changes one of its
//! own. A change of measure or direction once communes link to it is asked again first.

use askama::Template;
use axum::response::IntoResponse;
use domain::indicator::{Combine, Indicator, IndicatorDraft};
use domain::target::Direction;
use domain::ValidationError;

use super::{ws_chrome, WsChrome};
use crate::auth::FormData;
use crate::extract::Staff;
use crate::forms::{At, Cx, RecordForm, Shown};
use crate::render::render_page;
use crate::{HtmlResult, WebError, WebResult};

/// The form field that confirms a change of measure or direction.
const CONFIRMED: &str = "xac_nhan";
const LIST: &str = "/quan-ly/danh-muc-chi-tieu";

/// An indicator as a catalogue's table shows it (`_indicator_table.html`).
pub(crate) struct IndicatorRow {
    pub(crate) code: String,
    pub(crate) name: String,
    pub(crate) measure: String,
    pub(crate) direction: &'static str,
    pub(crate) combine: &'static str,
    /// Where it is changed, when this person may change it there.
    pub(crate) href: Option<String>,
    /// Whose it is, where the table mixes catalogues: "đơn vị", the province above, or
    /// "toàn quốc".
    pub(crate) kept_by: Option<String>,
}

impl IndicatorRow {
    pub(crate) fn of(i: Indicator, href: Option<String>, kept_by: Option<String>) -> Self {
        Self {
            code: i.code.to_string(),
            measure: i.measure,
            direction: i.direction.label(),
            combine: i.combine.label(),
            name: i.name,
            href,
            kept_by,
        }
    }
}

#[derive(Template)]
#[template(path = "ws/indicators.html")]
struct ListPage {
    ws: WsChrome,
    rows: Vec<IndicatorRow>,
    can_add: bool,
}

pub async fn list(Staff { state, user, v }: Staff) -> HtmlResult {
    let ws = ws_chrome(&state, &user, &v).await?;
    let directory = state.app.directory().await?;
    let may_keep = state.app.may_keep_indicators(&v).await?;
    let rows = state
        .app
        .indicators(&v)
        .await?
        .into_iter()
        .map(|i| {
            let kept_by = match i.unit_id {
                None => "toàn quốc".into(),
                Some(u) if u == v.unit_id() => "đơn vị".into(),
                Some(u) => directory.unit(u).map(|u| u.full_name()).unwrap_or_default(),
            };
            let editable = may_keep && i.unit_id == Some(v.unit_id());
            let href = editable.then(|| v.link(&format!("{LIST}/{}", i.id)));
            IndicatorRow::of(i, href, Some(kept_by))
        })
        .collect();
    render_page(&ListPage {
        ws,
        rows,
        can_add: may_keep,
    })
}

#[derive(Template)]
#[template(path = "ws/indicator_form.html")]
struct FormPage {
    ws: WsChrome,
    action: String,
    heading: &'static str,
    f: IndicatorFields,
}

/// An indicator's fields as a form shows them, in the workspace or the console
/// (`_indicator_fields.html`).
pub(crate) struct IndicatorFields {
    pub(crate) code: String,
    pub(crate) name: String,
    pub(crate) measure: String,
    pub(crate) direction: String,
    pub(crate) combine: String,
    pub(crate) directions: Vec<(&'static str, &'static str)>,
    pub(crate) combines: Vec<(&'static str, &'static str)>,
    pub(crate) errors: ValidationError,
    /// Set when a change must be confirmed: what it does, asked again.
    pub(crate) warning: Option<String>,
}

impl IndicatorFields {
    /// The indicator's values (none for a new one), or what was typed and refused.
    pub(crate) fn of(indicator: Option<&Indicator>, shown: Shown<'_>) -> Self {
        let (form, errors) = shown.into_parts();
        let value =
            |name: &str, existing: String| form.map_or(existing, |f| f.get(name).to_string());
        let i = indicator;
        Self {
            code: value("code", i.map(|i| i.code.to_string()).unwrap_or_default()),
            name: value("name", i.map(|i| i.name.clone()).unwrap_or_default()),
            measure: value("measure", i.map(|i| i.measure.clone()).unwrap_or_default()),
            direction: value(
                "direction",
                i.map_or("higher", |i| i.direction.as_str()).into(),
            ),
            combine: value("combine", i.map_or("sum", |i| i.combine.as_str()).into()),
            directions: Direction::ALL
                .iter()
                .map(|d| (d.as_str(), d.label()))
                .collect(),
            combines: Combine::ALL
                .iter()
                .map(|c| (c.as_str(), c.label()))
                .collect(),
            errors,
            warning: None,
        }
    }

    /// The form's heading, for a new indicator or a change of one.
    pub(crate) fn heading(indicator: Option<&Indicator>) -> &'static str {
        if indicator.is_some() {
            "Sửa chỉ tiêu của danh mục"
        } else {
            "Thêm chỉ tiêu vào danh mục"
        }
    }
}

async fn form_page(
    Cx { state, user, v }: Cx<'_>,
    indicator: Option<&Indicator>,
    shown: Shown<'_>,
) -> Result<FormPage, WebError> {
    if !state.app.may_keep_indicators(v).await? {
        return Err(WebError::Forbidden(
            "Chỉ quản trị của tỉnh, thành phố có đơn vị trực thuộc lập danh mục chỉ tiêu.".into(),
        ));
    }
    Ok(FormPage {
        ws: ws_chrome(state, user, v).await?,
        action: indicator.map_or(LIST.into(), |i| format!("{LIST}/{}", i.id)),
        heading: IndicatorFields::heading(indicator),
        f: IndicatorFields::of(indicator, shown),
    })
}

/// An indicator's fields as typed, parsed.
pub(crate) fn parse(form: &FormData) -> Result<IndicatorDraft, ValidationError> {
    IndicatorDraft::parse(
        form.get("code"),
        form.get("name"),
        form.get("measure"),
        form.get("direction"),
        form.get("combine"),
    )
}

/// Whether the person confirmed a change of measure or direction, asked again.
pub(crate) fn confirmed(form: &FormData) -> bool {
    form.get(CONFIRMED) == "1"
}

/// The catalogue's form: a new indicator of the unit, or one of its own changed by its id.
pub struct Indicators;

impl RecordForm for Indicators {
    type Place = ();
    type Record = Indicator;

    async fn open(cx: Cx<'_>, id: i64) -> Result<(Indicator, ()), WebError> {
        Ok((cx.state.app.indicator(cx.v, id).await?, ()))
    }

    async fn write(at: At<'_, Self>, form: &FormData) -> Result<String, WebError> {
        let (app, v) = at.app();
        let draft = parse(form)?;
        match at.record {
            None => app.create_indicator(v, &draft).await?,
            Some(i) => {
                app.update_indicator(v, i.id, &draft, confirmed(form))
                    .await?
            }
        };
        Ok(LIST.into())
    }

    async fn page(at: At<'_, Self>, shown: Shown<'_>) -> WebResult {
        let page = form_page(at.cx, at.record, shown).await?;
        crate::render::render_form(&page, &page.f.errors)
    }

    /// Nothing was written: the person is told what the change does, and asked again.
    async fn refused(at: At<'_, Self>, form: &FormData, error: WebError) -> WebResult {
        let WebError::NeedsConfirmation(warning) = error else {
            return Err(error);
        };
        let shown = Shown::again(form, ValidationError::default());
        let mut page = form_page(at.cx, at.record, shown).await?;
        page.f.warning = Some(warning);
        Ok((axum::http::StatusCode::CONFLICT, render_page(&page)?).into_response())
    }
}
