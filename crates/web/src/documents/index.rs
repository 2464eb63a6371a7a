//! `/van-ban`: every document and export of the portal on one page, by year, with the minutes of
//! each meeting.

use askama::Template;
use axum::extract::State;
use axum::response::Html;
use domain::programme::ProgrammeStatus;

use crate::portal::{chrome, Chrome, Section};
use crate::render::render_page;
use crate::{AppState, WebError};

struct MeetingLink {
    id: i64,
    title: String,
    when: String,
}

struct YearDocs {
    year: i32,
    title: String,
    status: &'static str,
    status_code: &'static str,
    has_targets: bool,
    meetings: Vec<MeetingLink>,
}

#[derive(Template)]
#[template(path = "documents/index.html")]
struct IndexPage {
    chrome: Chrome,
    years: Vec<YearDocs>,
    other_meetings: Vec<MeetingLink>,
}

pub async fn show(State(state): State<AppState>) -> Result<Html<String>, WebError> {
    let store = &state.store;
    let unit = store.portal_unit().await?;
    let mut meetings = Vec::new();
    for m in store.meetings(unit.id).await? {
        if store.meeting_details(m.id).await?.public {
            meetings.push(m);
        }
    }
    let link = |m: &domain::meeting::Meeting| MeetingLink {
        id: m.id,
        title: m.title.clone(),
        when: domain::time::short_date(
            m.starts_at
                .with_timezone(&domain::time::vietnam())
                .date_naive(),
        ),
    };
    let mut years = Vec::new();
    let mut shown = Vec::new();
    for p in store.programmes(unit.id).await? {
        if p.status == ProgrammeStatus::Draft {
            continue;
        }
        shown.push(p.id);
        let has_targets = !store.targets(p.id).await?.is_empty();
        years.push(YearDocs {
            year: p.year.get(),
            title: p.title.clone(),
            status: p.status.label(),
            status_code: p.status.as_str(),
            has_targets,
            meetings: meetings
                .iter()
                .filter(|m| m.programme_id == Some(p.id))
                .map(link)
                .collect(),
        });
    }
    let other_meetings = meetings
        .iter()
        .filter(|m| m.programme_id.is_none())
        .map(link)
        .collect();
    render_page(&IndexPage {
        chrome: chrome(&state, Section::Programme).await?,
        years,
        other_meetings,
    })
}
