//! The targets of a year: plan, actual, % of plan, evaluation, the review's summary line, the chart,
//! and the budget against the estimate.

use askama::Template;
use axum::response::{IntoResponse, Redirect};
use domain::target::TargetSummary;
use rust_decimal::Decimal;

use super::{chart, chrome, Chrome, Section};
use crate::extract::{Public, YearParam};
use crate::render::render_page;
use crate::{HtmlResult, WebError, WebResult};

struct TargetRow {
    position: i64,
    name: String,
    measure: String,
    plan: String,
    actual: String,
    percent: String,
    eval_label: String,
    eval_code: &'static str,
    illustrative: bool,
    note: Option<String>,
}

struct BudgetRow {
    name: String,
    estimate: String,
    actual: String,
    percent: String,
    illustrative: bool,
}

#[derive(Template)]
#[template(path = "targets.html")]
struct TargetsPage {
    chrome: Chrome,
    year: i32,
    programme_title: String,
    sentence: String,
    summary: TargetSummary,
    rows: Vec<TargetRow>,
    chart: String,
    budget: Vec<BudgetRow>,
    any_illustrative: bool,
    years: Vec<i32>,
}

fn amount(d: Decimal) -> String {
    vi::format_decimal(&d.normalize().to_string(), 0)
}

/// `/chi-tieu` opens the newest year with targets.
pub async fn latest(Public { state, v }: Public) -> WebResult {
    let c = chrome(&state, &v, Section::Targets).await?;
    let year = c.targets_year.ok_or(WebError::NotFound)?;
    Ok(Redirect::to(&v.link(&format!("/chi-tieu/{year}"))).into_response())
}

pub async fn show(Public { state, v }: Public, YearParam(year): YearParam) -> HtmlResult {
    let o = state.app.programme_overview(&v, year).await?;
    let chrome = chrome(&state, &v, Section::Targets).await?;
    let tr = chrome.tr;
    let summary = TargetSummary::of(&o.targets);
    let rows = o
        .targets
        .iter()
        .map(|t| TargetRow {
            position: t.position,
            name: t.name.clone(),
            measure: t.measure.clone(),
            plan: t.format_value(t.plan),
            actual: t.format_actual(),
            percent: vi::percent(t.percent_of_plan()),
            eval_label: tr.name(t.evaluation()),
            eval_code: t.evaluation().as_str(),
            illustrative: t.illustrative,
            note: t.note.clone(),
        })
        .collect();
    let budget = o
        .budget
        .iter()
        .map(|b| BudgetRow {
            name: b.name.clone(),
            estimate: amount(b.estimate),
            actual: b.actual.map(amount).unwrap_or_else(|| "—".into()),
            percent: vi::percent(b.percent_of_estimate()),
            illustrative: b.illustrative,
        })
        .collect();
    let years = state
        .app
        .programmes(&v)
        .await?
        .iter()
        .map(|p| p.year.get())
        .collect();
    render_page(&TargetsPage {
        chrome,
        year: year.get(),
        programme_title: o.programme.title.clone(),
        sentence: tr.targets_sentence(&summary),
        summary,
        chart: chart::plan_vs_actual(&o.targets, tr),
        any_illustrative: o.targets.iter().any(|t| t.illustrative)
            || o.budget.iter().any(|b| b.illustrative),
        rows,
        budget,
        years,
    })
}
