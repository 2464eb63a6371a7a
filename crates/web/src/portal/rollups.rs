//! A province's roll-up of a year on its portal: each indicator of its catalogue across the units
//! below, counted from their public programmes, each unit behind or not reporting linked to its
//! own targets. The workspace shows the same tables over every programme its staff read.

use std::collections::HashMap;

use askama::Template;
use axum::extract::Query;
use axum::response::{IntoResponse, Redirect};
use chrono::Datelike;
use domain::indicator::figure;
use domain::target::Evaluation;

use super::{chrome, Chrome, Section};
use crate::extract::{Public, QueryMap, YearParam};
use crate::i18n::Tr;
use crate::render::render_page;
use crate::{HtmlResult, WebError, WebResult};

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
    pub combine: String,
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
    pub eval_label: String,
    pub eval_code: &'static str,
    pub behind: Vec<UnitMention>,
    pub not_reporting: Vec<UnitMention>,
    /// Units left out of a weighted mean for want of a weight.
    pub unweighted: Vec<UnitMention>,
    /// The units' verdicts as one bar.
    pub chart: String,
    /// The year before, where units counted toward it then: "Năm 2025: hoàn thành 1/1 · thực
    /// hiện chung 40".
    pub previous: Option<String>,
}

/// One unit's line of the table of units.
pub struct LineRow {
    pub name: String,
    /// Its page of the year, where every figure of the line comes from.
    pub href: String,
    /// "13/15" of its targets met or exceeded; empty without a programme one may read.
    pub targets: String,
    pub items_done: usize,
    pub items_in_progress: usize,
    pub items_late: usize,
    pub items_total: usize,
    pub overdue: usize,
    pub has_programme: bool,
}

/// What the table of units is sorted by, as the address says (`?sap-xep=cham&chieu=giam`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sort {
    pub by: SortBy,
    pub descending: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SortBy {
    Name,
    Targets,
    Done,
    InProgress,
    Late,
    Overdue,
}

impl SortBy {
    const ALL: [SortBy; 6] = [
        Self::Name,
        Self::Targets,
        Self::Done,
        Self::InProgress,
        Self::Late,
        Self::Overdue,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Self::Name => "don-vi",
            Self::Targets => "chi-tieu",
            Self::Done => "hoan-thanh",
            Self::InProgress => "dang-thuc-hien",
            Self::Late => "cham",
            Self::Overdue => "qua-han",
        }
    }
}

impl Sort {
    /// The order the address asks for; anything else is by name.
    pub fn parse(by: Option<&str>, direction: Option<&str>) -> Self {
        Self {
            by: SortBy::ALL
                .into_iter()
                .find(|s| Some(s.key()) == by)
                .unwrap_or(SortBy::Name),
            descending: direction == Some("giam"),
        }
    }

    /// The order a page's query asks for.
    pub fn of(q: &HashMap<String, String>) -> Self {
        Self::parse(
            q.get("sap-xep").map(String::as_str),
            q.get("chieu").map(String::as_str),
        )
    }

    /// The address of a column's heading: this column, the other way when it is the one sorted.
    pub fn href(&self, by: &str) -> String {
        let flip = self.by.key() == by && !self.descending;
        format!("?sap-xep={by}{}", if flip { "&chieu=giam" } else { "" })
    }

    /// `aria-sort` of a column's heading.
    pub fn aria(&self, by: &str) -> &'static str {
        match (self.by.key() == by, self.descending) {
            (false, _) => "none",
            (true, false) => "ascending",
            (true, true) => "descending",
        }
    }

    fn order(&self, rows: &mut [(LineRow, (usize, usize))]) {
        let key = |r: &(LineRow, (usize, usize))| -> (u64, u64) {
            let l = &r.0;
            match self.by {
                SortBy::Name => (0, 0),
                // By the share met, then by how many.
                SortBy::Targets => {
                    let (met, total) = r.1;
                    (
                        (met as u64 * 10_000).checked_div(total as u64).unwrap_or(0),
                        met as u64,
                    )
                }
                SortBy::Done => (l.items_done as u64, 0),
                SortBy::InProgress => (l.items_in_progress as u64, 0),
                SortBy::Late => (l.items_late as u64, 0),
                SortBy::Overdue => (l.overdue as u64, 0),
            }
        };
        // Names stay in the order of the Vietnamese alphabet within equal figures.
        rows.sort_by(|a, b| {
            let order = key(a).cmp(&key(b));
            if self.descending {
                order.reverse()
            } else {
                order
            }
        });
        if self.by == SortBy::Name && self.descending {
            rows.reverse();
        }
    }
}

/// The roll-up's tables, for the portal and the workspace alike.
pub struct RollUpView {
    pub year: i32,
    pub units: usize,
    pub rows: Vec<IndicatorRow>,
    pub lines: Vec<LineRow>,
    pub sort: Sort,
    /// The words of the page's language.
    pub tr: Tr,
}

impl RollUpView {
    /// The tables of a roll-up, each unit named linked to its page of the year at `page` (its
    /// public targets, or, in the workspace, its programme, drafts included).
    pub fn of(
        roll: &app::rollups::ProvinceRollUp,
        previous: Option<&app::rollups::ProvinceRollUp>,
        page: &str,
        sort: Sort,
        tr: Tr,
    ) -> Self {
        let year = roll.year.get();
        let page_of = |u: &domain::unit::AdminUnit| {
            domain::address::link(
                &domain::address::base_of(&u.slug),
                &tr.lang().page(&format!("{page}/{year}")),
            )
        };
        let mut lines: Vec<(LineRow, (usize, usize))> = roll
            .lines
            .iter()
            .map(|l| {
                let targets = l.year.as_ref().map(|y| y.targets).unwrap_or_default();
                let items = l.year.as_ref().map(|y| y.items).unwrap_or_default();
                let row = LineRow {
                    name: l.unit.full_name(),
                    href: page_of(&l.unit),
                    targets: l
                        .year
                        .as_ref()
                        .map(|_| format!("{}/{}", targets.accomplished(), targets.total))
                        .unwrap_or_default(),
                    items_done: items.done,
                    items_in_progress: items.in_progress,
                    items_late: items.late,
                    items_total: items.total,
                    overdue: l.overdue,
                    has_programme: l.year.is_some(),
                };
                (row, (targets.accomplished(), targets.total))
            })
            .collect();
        sort.order(&mut lines);
        // By id, once: the lists of units behind are looked up unit by unit.
        let units: HashMap<i64, &domain::unit::AdminUnit> =
            roll.lines.iter().map(|l| (l.unit.id, &l.unit)).collect();
        let mention = |id: &i64| {
            units.get(id).copied().map(|u| UnitMention {
                name: u.full_name(),
                href: page_of(u),
            })
        };
        let rows = indicator_rows(
            &roll.indicators,
            previous.map(|p| p.indicators.as_slice()),
            year - 1,
            mention,
            tr,
        );
        Self {
            year,
            units: roll.lines.len(),
            rows,
            lines: lines.into_iter().map(|(row, _)| row).collect(),
            sort,
            tr,
        }
    }
}

/// The rows of the indicators' table: each indicator's counts and combined figures, its chart,
/// the year before where both exist, and the units behind as `mention` names them (none where it
/// names none, as on the national page, whose provinces lead to their own).
pub fn indicator_rows(
    indicators: &[app::rollups::IndicatorRollUp],
    previous: Option<&[app::rollups::IndicatorRollUp]>,
    previous_year: i32,
    mention: impl Fn(&i64) -> Option<UnitMention>,
    tr: Tr,
) -> Vec<IndicatorRow> {
    let before = |indicator: &domain::indicator::Indicator| {
        let r = &previous?
            .iter()
            .find(|i| i.indicator.id == indicator.id)?
            .roll;
        if r.units == 0 {
            return None;
        }
        let actual = r
            .combined
            .as_ref()
            .and_then(|c| c.actual)
            .map(|a| format!(" · {}", tr.t1("combined-actual", "figure", figure(a))))
            .unwrap_or_default();
        Some(format!(
            "{}{actual}",
            tr.t2(
                "previous-year",
                "year",
                previous_year,
                "accomplished",
                r.accomplished()
            )
        ))
    };
    indicators
        .iter()
        .map(|i| {
            let r = &i.roll;
            let combined = r.combined.as_ref();
            let evaluation = combined.map_or(Evaluation::Pending, |c| c.evaluation);
            IndicatorRow {
                code: i.indicator.code.to_string(),
                name: i.indicator.name.clone(),
                measure: i.indicator.measure.clone(),
                combine: tr.name(i.indicator.combine),
                units: r.units,
                exceeded: r.exceeded,
                met: r.met,
                missed: r.missed,
                not_reported: r.not_reported,
                accomplished: r.accomplished(),
                plan: combined.map_or(vi::NO_FIGURE.into(), |c| c.plan_text()),
                actual: combined.map_or(vi::NO_FIGURE.into(), |c| c.actual_text()),
                eval_label: if combined.is_some() {
                    tr.name(evaluation)
                } else {
                    tr.t("only-counted")
                },
                eval_code: evaluation.as_str(),
                behind: r.behind.iter().filter_map(&mention).collect(),
                not_reporting: r.not_reporting.iter().filter_map(&mention).collect(),
                unweighted: r.unweighted.iter().filter_map(&mention).collect(),
                previous: before(&i.indicator),
                chart: super::chart::distribution(r.exceeded, r.met, r.missed, r.not_reported, tr),
            }
        })
        .collect()
}

#[derive(Template)]
#[template(path = "rollups.html")]
struct RollUpPage {
    chrome: Chrome,
    view: RollUpView,
}

/// `/tong-hop` opens this year's roll-up.
pub async fn latest(Public { v, .. }: Public) -> WebResult {
    let year = v.today().year();
    Ok(Redirect::to(&v.link(&format!("/tong-hop/{year}"))).into_response())
}

pub async fn show(
    Public { state, v }: Public,
    YearParam(year): YearParam,
    Query(q): QueryMap,
) -> HtmlResult {
    // The page's frame is read while the roll-ups are computed, on connections of its own.
    let rolls = async { Ok::<_, WebError>(state.app.roll_up_with_previous(&v, year).await?) };
    let ((roll, previous), chrome) = tokio::try_join!(rolls, chrome(&state, &v, Section::RollUp))?;
    let view = RollUpView::of(
        &roll,
        previous.as_ref(),
        "/chi-tieu",
        Sort::of(&q),
        chrome.tr,
    );
    render_page(&RollUpPage { chrome, view })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unknown_order_is_by_name_and_a_heading_turns_its_own_column_around() {
        let by_name = Sort::parse(Some("khong-co"), None);
        assert_eq!(by_name.by, SortBy::Name);
        assert_eq!(by_name.href("don-vi"), "?sap-xep=don-vi&chieu=giam");
        assert_eq!(by_name.href("cham"), "?sap-xep=cham");
        let late = Sort::parse(Some("cham"), Some("giam"));
        assert_eq!((late.by, late.descending), (SortBy::Late, true));
        assert_eq!(late.href("cham"), "?sap-xep=cham");
        assert_eq!(late.aria("cham"), "descending");
        assert_eq!(late.aria("don-vi"), "none");
    }

    fn line(name: &str, late: usize, met: usize, total: usize) -> (LineRow, (usize, usize)) {
        let row = LineRow {
            name: name.into(),
            href: String::new(),
            targets: String::new(),
            items_done: 0,
            items_in_progress: 0,
            items_late: late,
            items_total: 0,
            overdue: 0,
            has_programme: true,
        };
        (row, (met, total))
    }

    fn names(rows: &[(LineRow, (usize, usize))]) -> Vec<&str> {
        rows.iter().map(|r| r.0.name.as_str()).collect()
    }

    #[test]
    fn equal_figures_keep_the_order_of_names() {
        let mut rows = vec![
            line("An", 2, 1, 2),
            line("Bình", 0, 3, 3),
            line("Cường", 2, 0, 0),
        ];
        Sort::parse(Some("cham"), Some("giam")).order(&mut rows);
        assert_eq!(names(&rows), ["An", "Cường", "Bình"]);
        // By the share of targets met: a unit without targets counts as none met.
        Sort::parse(Some("chi-tieu"), Some("giam")).order(&mut rows);
        assert_eq!(names(&rows), ["Bình", "An", "Cường"]);
    }
}
