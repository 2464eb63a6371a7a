//! The programme of a year: its parties, its items grouped by lead body with their status.

use askama::Template;
use axum::response::{IntoResponse, Redirect};
use domain::target::TargetSummary;

use super::{chrome, Chrome, Section};
use crate::extract::{Public, VersionParam, YearParam};
use crate::render::{render_page, Badge};
use crate::{HtmlResult, WebError, WebResult};

struct ItemView {
    position: i64,
    content: String,
    partners: String,
    time_frame: String,
    status: Badge,
    notes: Vec<(String, String)>,
}

struct LeadGroup {
    body: String,
    items: Vec<ItemView>,
}

struct SignatureRow {
    version: i64,
    body: String,
    signer: String,
    when: String,
    verifies: bool,
    public_key: String,
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
    status: Badge,
    parties: Vec<String>,
    signed_on: Option<String>,
    reviewed_on: Option<String>,
    review_summary: Option<String>,
    targets_sentence: Option<String>,
    groups: Vec<LeadGroup>,
    meetings: Vec<MeetingView>,
    years: Vec<i32>,
    version: i64,
    signatures: Vec<SignatureRow>,
    /// Every version its parties signed, the first signing and each amendment, with its day.
    versions: Vec<(i64, String, bool)>,
}

/// `/chuong-trinh` opens the current programme.
pub async fn latest(Public { state, v }: Public) -> WebResult {
    let c = chrome(&state, &v, Section::Programme).await?;
    let year = c.programme_year.ok_or(WebError::NotFound)?;
    Ok(Redirect::to(&v.link(&format!("/chuong-trinh/{year}"))).into_response())
}

pub async fn show(Public { state, v }: Public, YearParam(year): YearParam) -> HtmlResult {
    let app = &state.app;
    let chrome = chrome(&state, &v, Section::Programme).await?;
    let tr = chrome.tr;
    let overview = app.programme_overview(&v, year).await?;
    let bodies = app.bodies(&v).await?;
    let names = app.body_names(&v).await?;
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
                    partners: super::names_of(&i.partner_body_ids, &names, ", "),
                    time_frame: i.time_frame.label(),
                    status: Badge::of(i.status, tr),
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
    let meetings = app
        .meetings(&v)
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
    let years = app
        .programmes(&v)
        .await?
        .iter()
        .map(|p| p.year.get())
        .collect();
    // The version in force (an amendment still being signed is the staff's business).
    let version = p.signed_version.unwrap_or(p.version);
    let signatures: Vec<SignatureRow> = app
        .signatures(&v, p)
        .await?
        .into_iter()
        .filter(|s| s.version <= version)
        .map(|s| SignatureRow {
            version: s.version,
            body: s.body_name,
            signer: s.signer,
            when: domain::time::short_datetime(domain::time::from_unix(s.signed_at)),
            verifies: s.verifies,
            public_key: s.public_key,
        })
        .collect();
    let versions = app
        .versions_in_force(&v, p)
        .await?
        .into_iter()
        .map(|s| {
            (
                s.version,
                domain::time::short_date(s.signed_on),
                s.amendment,
            )
        })
        .collect();
    render_page(&ProgrammePage {
        chrome,
        year: p.year.get(),
        title: p.title.clone(),
        status: Badge::of(p.status, tr),
        parties: p
            .party_ids
            .iter()
            .filter_map(|id| bodies.iter().find(|b| b.id == *id).map(|b| b.name.clone()))
            .collect(),
        signed_on: p.signed_on.map(domain::time::short_date),
        reviewed_on: p.reviewed_on.map(domain::time::short_date),
        review_summary: p.review_summary.clone(),
        targets_sentence: (!overview.targets.is_empty())
            .then(|| tr.targets_sentence(&TargetSummary::of(&overview.targets))),
        groups,
        meetings,
        years,
        version,
        signatures,
        versions,
    })
}

struct VersionItem {
    position: i64,
    content: String,
    lead: String,
    partners: String,
    time_frame: String,
}

#[derive(Template)]
#[template(path = "programme_version.html")]
struct VersionPage {
    chrome: Chrome,
    year: i32,
    version: i64,
    title: String,
    parties: Vec<String>,
    items: Vec<VersionItem>,
    /// Name, plan with its measure, and direction, as signed (older versions signed none).
    targets: Vec<(i64, String, String, String)>,
}

/// A version of the programme as its parties signed it, read from the signed canonical text.
pub async fn version(
    Public { state, v }: Public,
    YearParam(year): YearParam,
    VersionParam(version): VersionParam,
) -> HtmlResult {
    let signed = state.app.signed_version(&v, year, version).await?;
    let chrome = chrome(&state, &v, Section::Programme).await?;
    let day = |s: &str| {
        s.parse::<chrono::NaiveDate>()
            .map(domain::time::short_date)
            .unwrap_or_else(|_| s.to_string())
    };
    let tr = chrome.tr;
    render_page(&VersionPage {
        chrome,
        year: year.get(),
        version,
        title: signed.title,
        parties: signed.parties,
        items: signed
            .items
            .into_iter()
            .map(|i| VersionItem {
                position: i.position,
                time_frame: format!("{} – {}", day(&i.starts_on), day(&i.ends_on)),
                content: i.content,
                lead: i.lead,
                partners: i.partners.join(", "),
            })
            .collect(),
        targets: signed
            .targets
            .unwrap_or_default()
            .into_iter()
            .map(|t| {
                let direction = domain::target::Direction::parse(&t.direction)
                    .map(|d| tr.name(d))
                    .unwrap_or_default();
                (
                    t.position,
                    t.name,
                    format!("{} {}", t.plan, t.measure),
                    direction,
                )
            })
            .collect(),
    })
}
