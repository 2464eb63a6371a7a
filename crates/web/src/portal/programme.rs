//! The programme of a year: its parties, its items grouped by lead body with their status.

use askama::Template;
use axum::extract::{Path, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use domain::target::TargetSummary;

use super::{body_names, chrome, year_from_path, Chrome, Section};
use crate::render::render_page;
use crate::{AppState, WebError};

struct ItemView {
    position: i64,
    content: String,
    partners: String,
    time_frame: String,
    status_label: &'static str,
    status_code: &'static str,
    notes: Vec<(String, String)>,
}

struct LeadGroup {
    body: String,
    items: Vec<ItemView>,
}

struct MeetingView {
    title: String,
    when: String,
    venue: String,
    attendees: Vec<String>,
}

#[derive(Template)]
#[template(path = "programme.html")]
struct ProgrammePage {
    chrome: Chrome,
    year: i32,
    title: String,
    status_label: &'static str,
    status_code: &'static str,
    parties: Vec<String>,
    signed_on: Option<String>,
    reviewed_on: Option<String>,
    review_summary: Option<String>,
    targets_sentence: Option<String>,
    groups: Vec<LeadGroup>,
    meetings: Vec<MeetingView>,
    years: Vec<i32>,
}

/// `/chuong-trinh` opens the current programme.
pub async fn latest(State(state): State<AppState>) -> Result<Response, WebError> {
    let c = chrome(&state, Section::Programme).await?;
    let year = c.programme_year.ok_or(WebError::NotFound)?;
    Ok(Redirect::to(&format!("/chuong-trinh/{year}")).into_response())
}

pub async fn show(
    State(state): State<AppState>,
    Path(year): Path<String>,
) -> Result<Html<String>, WebError> {
    let year = year_from_path(&year)?;
    let store = &state.store;
    let unit = store.portal_unit().await?;
    let overview = store
        .programme_overview(unit.id, year)
        .await?
        .ok_or(WebError::NotFound)?;
    let bodies = store.bodies(unit.id).await?;
    let names = body_names(&bodies);
    let p = &overview.programme;

    // Items grouped by lead body, parties first in the order the programme lists them.
    let mut leads: Vec<i64> = p.party_ids.clone();
    for item in &overview.items {
        if !leads.contains(&item.lead_body_id) {
            leads.push(item.lead_body_id);
        }
    }
    let groups = leads
        .into_iter()
        .filter_map(|lead| {
            let items: Vec<ItemView> = overview
                .items
                .iter()
                .filter(|i| i.lead_body_id == lead)
                .map(|i| ItemView {
                    position: i.position,
                    content: i.content.clone(),
                    partners: i
                        .partner_body_ids
                        .iter()
                        .filter_map(|id| names.get(id).cloned())
                        .collect::<Vec<_>>()
                        .join(", "),
                    time_frame: i.time_frame.label(),
                    status_label: i.status.label(),
                    status_code: i.status.as_str(),
                    notes: i
                        .notes
                        .iter()
                        .map(|n| (domain::time::short_date(n.on), n.text.clone()))
                        .collect(),
                })
                .collect();
            let body = bodies
                .iter()
                .find(|b| b.id == lead)
                .map(|b| b.name.clone())
                .unwrap_or_default();
            (!items.is_empty()).then_some(LeadGroup { body, items })
        })
        .collect();
    let meetings = store
        .meetings(unit.id)
        .await?
        .into_iter()
        .filter(|m| m.programme_id == Some(p.id))
        .map(|m| MeetingView {
            when: domain::time::short_datetime(m.starts_at),
            attendees: m.attendees.iter().map(|a| a.as_written()).collect(),
            title: m.title,
            venue: m.venue,
        })
        .collect();
    let years = store
        .programmes(unit.id)
        .await?
        .iter()
        .map(|p| p.year.get())
        .collect();
    render_page(&ProgrammePage {
        chrome: chrome(&state, Section::Programme).await?,
        year: p.year.get(),
        title: p.title.clone(),
        status_label: p.status.label(),
        status_code: p.status.as_str(),
        parties: p
            .party_ids
            .iter()
            .filter_map(|id| bodies.iter().find(|b| b.id == *id).map(|b| b.name.clone()))
            .collect(),
        signed_on: p.signed_on.map(domain::time::short_date),
        reviewed_on: p.reviewed_on.map(domain::time::short_date),
        review_summary: p.review_summary.clone(),
        targets_sentence: (!overview.targets.is_empty())
            .then(|| TargetSummary::of(&overview.targets).sentence()),
        groups,
        meetings,
        years,
    })
}
