//! The national roll-up, on the installation's public portal (`/toan-quoc/{year}`, from the
//! communes' public programmes) and in the operator's console (`/he-thong/tong-hop/{year}`, every
//! programme): the installation's indicators across every commune, and each province's communes
//! summed up, each province leading to its own roll-up.

use askama::Template;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect};
use chrono::Datelike;

use super::{Operator, Top};
use domain::target::Evaluation;

use crate::extract::YearParam;
use crate::i18n::Tr;
use crate::portal::rollups::{indicator_rows, IndicatorRow};
use crate::render::render_page;
use crate::{AppState, HtmlResult, WebResult};

/// One province's line: its communes summed up.
pub struct ProvinceRow {
    pub name: String,
    /// Its own roll-up of the year.
    pub href: String,
    pub communes: usize,
    pub programmes: usize,
    /// "1.234/2.900" of its communes' targets met or exceeded.
    pub targets: String,
    pub items_done: usize,
    pub items_total: usize,
    pub items_late: usize,
    pub overdue: usize,
}

/// The national page's tables: `year`, `units` and `rows` as the indicators' table reads them.
pub struct NationalView {
    /// The operator's view: every programme counted, drafts included.
    pub all: bool,
    pub year: i32,
    /// The communes counted, over every province.
    pub units: usize,
    pub provinces: Vec<ProvinceRow>,
    /// The national indicators, without the lists of communes behind (each province has its own).
    pub rows: Vec<IndicatorRow>,
    /// The installation's pages are in Vietnamese.
    pub tr: Tr,
}

#[derive(Template)]
#[template(path = "inst/national.html")]
struct Page {
    top: Top,
    view: NationalView,
}

impl NationalView {
    fn of(roll: &app::rollups::NationalRollUp, all: bool) -> Self {
        let year = roll.year.get();
        let page = if all {
            "/quan-ly/tong-hop"
        } else {
            "/tong-hop"
        };
        let count = |n: usize| vi::format_decimal(&n.to_string(), 0);
        let provinces = roll
            .provinces
            .iter()
            .map(|p| ProvinceRow {
                name: p.unit.full_name(),
                href: domain::address::link(
                    &domain::address::base_of(&p.unit.slug),
                    &format!("{page}/{year}"),
                ),
                communes: p.communes,
                programmes: p.programmes,
                targets: format!(
                    "{}/{}",
                    count(p.targets.exceeded + p.targets.met),
                    count(p.targets.total)
                ),
                items_done: p.items.done,
                items_total: p.items.total,
                items_late: p.items.late,
                overdue: p.overdue,
            })
            .collect();
        Self {
            year,
            units: roll.communes,
            // Some 3,000 communes: the lists of those behind are each province's to show.
            rows: indicator_rows(&roll.indicators, None, year - 1, |_| None, Tr::VI),
            tr: Tr::VI,
            provinces,
            all,
        }
    }
}

/// `/toan-quoc` opens this year's national roll-up.
pub async fn latest() -> WebResult {
    Ok(Redirect::to(&format!("/toan-quoc/{}", this_year())).into_response())
}

/// `/he-thong/tong-hop` opens this year's in the console.
pub async fn console_latest(_: Operator) -> WebResult {
    Ok(Redirect::to(&format!("/he-thong/tong-hop/{}", this_year())).into_response())
}

fn this_year() -> i32 {
    domain::time::day_in_vietnam(chrono::Utc::now()).year()
}

/// The public national roll-up: what anyone may read, made for an anonymous visitor whoever asks,
/// so that the page cache may keep it.
pub async fn public(State(state): State<AppState>, YearParam(year): YearParam) -> HtmlResult {
    let roll = state.app.national_roll_up(None, year).await?;
    render_page(&Page {
        top: Top::of(None),
        view: NationalView::of(&roll, false),
    })
}

/// The operator's national roll-up: every programme, drafts included.
pub async fn console(Operator { state, user }: Operator, YearParam(year): YearParam) -> HtmlResult {
    let roll = state.app.national_roll_up(Some(&user.actor), year).await?;
    render_page(&Page {
        top: Top::of(Some(&user)),
        view: NationalView::of(&roll, true),
    })
}
