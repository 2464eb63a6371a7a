//! A province's roll-up of a year on its portal: each indicator of its catalogue across the units
//! below, counted from their public programmes, each unit behind or not reporting linked to its
//! own targets. The workspace shows the same tables over every programme its staff read.

use askama::Template;
use axum::extract::State;
use axum::response::{Html, IntoResponse, Redirect, Response};
use chrono::Datelike;
use domain::target::Evaluation;
use rust_decimal::Decimal;

use super::{chrome, Chrome, Section};
use crate::extract::{Public, YearParam};
use crate::render::render_page;
use crate::{AppState, WebError};

/// A unit named in a roll-up, linked to its targets of the year.
pub struct UnitMention {
    pub name: String,
    pub href: String,
}

/// One indicator's line of the roll-up table.
pub struct IndicatorRow {
    pub code: String,
    pub name: String,
    pub measure: String,
    pub combine: &'static str,
    pub units: usize,
    pub exceeded: usize,
    pub met: usize,
    pub missed: usize,
    pub not_reported: usize,
    /// "12/15".
    pub accomplished: String,
    /// The combined plan and actual ("—" where none), and the verdict on them.
    pub plan: String,
    pub actual: String,
    pub eval_label: &'static str,
    pub eval_code: &'static str,
    pub behind: Vec<UnitMention>,
    pub not_reporting: Vec<UnitMention>,
    /// Units left out of a weighted mean for want of a weight.
    pub unweighted: Vec<UnitMention>,
}

/// The roll-up's tables, for the portal and the workspace alike.
pub struct RollUpView {
    pub year: i32,
    pub units: usize,
    pub rows: Vec<IndicatorRow>,
}

/// A combined figure as people read it: "41,2" (a mean is kept to two places).
fn figure(value: Decimal) -> String {
    vi::format_decimal(&value.normalize().to_string(), 2)
}

impl RollUpView {
    /// The tables of a roll-up, each unit named linked to its page of the year at `page` (its
    /// public targets, or, in the workspace, its programme, drafts included).
    pub fn of(roll: &app::rollups::ProvinceRollUp, page: &str) -> Self {
        let year = roll.year.get();
        let mention = |id: &i64| {
            roll.unit(*id).map(|u| UnitMention {
                name: u.full_name(),
                href: domain::address::link(
                    &domain::address::base_of(&u.slug),
                    &format!("{page}/{year}"),
                ),
            })
        };
        let rows = roll
            .indicators
            .iter()
            .map(|i| {
                let r = &i.roll;
                let combined = r.combined.as_ref();
                let evaluation = combined.map_or(Evaluation::Pending, |c| c.evaluation);
                IndicatorRow {
                    code: i.indicator.code.to_string(),
                    name: i.indicator.name.clone(),
                    measure: i.indicator.measure.clone(),
                    combine: i.indicator.combine.label(),
                    units: r.units,
                    exceeded: r.exceeded,
                    met: r.met,
                    missed: r.missed,
                    not_reported: r.not_reported,
                    accomplished: r.accomplished(),
                    plan: combined.map_or(vi::NO_FIGURE.into(), |c| figure(c.plan)),
                    actual: combined
                        .and_then(|c| c.actual)
                        .map_or(vi::NO_FIGURE.into(), figure),
                    eval_label: if combined.is_some() {
                        evaluation.label()
                    } else {
                        "Chỉ đếm số đơn vị"
                    },
                    eval_code: evaluation.as_str(),
                    behind: r.behind.iter().filter_map(mention).collect(),
                    not_reporting: r.not_reporting.iter().filter_map(mention).collect(),
                    unweighted: combined
                        .map(|c| c.unweighted.iter().filter_map(mention).collect())
                        .unwrap_or_default(),
                }
            })
            .collect();
        Self {
            year,
            units: roll.units.len(),
            rows,
        }
    }
}

#[derive(Template)]
#[template(path = "rollups.html")]
struct RollUpPage {
    chrome: Chrome,
    view: RollUpView,
}

/// `/tong-hop` opens this year's roll-up.
pub async fn latest(Public(v): Public) -> Result<Response, WebError> {
    let year = v.today().year();
    Ok(Redirect::to(&v.link(&format!("/tong-hop/{year}"))).into_response())
}

pub async fn show(
    State(state): State<AppState>,
    Public(v): Public,
    YearParam(year): YearParam,
) -> Result<Html<String>, WebError> {
    let roll = state.app.roll_up(&v, year).await?;
    render_page(&RollUpPage {
        chrome: chrome(&state, &v, Section::RollUp).await?,
        view: RollUpView::of(&roll, "/chi-tieu"),
    })
}
