//! Meetings on the portal: the list, one meeting with its agenda, attendance, published minutes and
//! documents, and iCalendar (RFC 5545) for the unit's public meetings and for each one.

use askama::Template;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use docs::ical::CalendarEvent;
use domain::meeting::Meeting;

use super::{chrome, Chrome, Section};
use crate::extract::{IdParam, Public};
use crate::render::render_page;
use crate::{HtmlResult, WebResult};

struct Row {
    id: i64,
    title: String,
    when: String,
    venue: String,
}

#[derive(Template)]
#[template(path = "meetings.html")]
struct ListPage {
    chrome: Chrome,
    rows: Vec<Row>,
}

pub async fn list(Public { state, v }: Public) -> HtmlResult {
    let rows = state
        .app
        .meetings(&v)
        .await?
        .into_iter()
        .map(|m| Row {
            id: m.id,
            when: domain::time::short_datetime(m.starts_at),
            title: m.title,
            venue: m.venue,
        })
        .collect();
    render_page(&ListPage {
        chrome: chrome(&state, &v, Section::Meetings).await?,
        rows,
    })
}

#[derive(Template)]
#[template(path = "meeting.html")]
struct DetailPage {
    chrome: Chrome,
    id: i64,
    title: String,
    kind: String,
    when: String,
    venue: String,
    agenda: Vec<String>,
    attendees: Vec<String>,
    chair: Option<String>,
    secretary: Option<String>,
    minutes: Option<String>,
    documents: Vec<(String, Option<String>)>,
    /// What a share and a search engine say of it: its kind and agenda.
    description: String,
    /// The meeting as schema.org's `Event`.
    linked_data: String,
}

pub async fn show(Public { state, v }: Public, IdParam(id): IdParam) -> HtmlResult {
    let m = state.app.meeting(&v, id).await?;
    let chrome = chrome(&state, &v, Section::Meetings).await?;
    let kind = chrome.name(m.kind);
    let description = match m.agenda.as_slice() {
        [] => format!("{kind}."),
        agenda => chrome.t2(
            "meeting-description",
            "kind",
            &kind,
            "agenda",
            agenda.join("; "),
        ),
    };
    let linked_data = super::linked_data::script(&super::linked_data::event(
        &chrome,
        &super::linked_data::Meeting {
            name: &m.title,
            description: description.clone(),
            starts: m.starts_at,
            ends: m.ends_at,
            venue: &m.venue,
        },
    ));
    render_page(&DetailPage {
        chrome,
        description,
        linked_data,
        id: m.id,
        kind,
        when: domain::time::datetime_range(m.starts_at, m.ends_at),
        attendees: m.attendees.iter().map(|a| a.as_written()).collect(),
        chair: m.chair.as_ref().map(|a| a.as_written()),
        secretary: m.secretary.as_ref().map(|a| a.as_written()),
        title: m.title,
        venue: m.venue,
        agenda: m.agenda,
        minutes: m.minutes,
        documents: m.documents.into_iter().map(|d| (d.title, d.url)).collect(),
    })
}

/// One meeting as a calendar event. Times are UTC instants, which every calendar shows in its own
/// zone; links start at the unit's configured public address.
fn event(m: &Meeting, origin: &str) -> CalendarEvent {
    let host = origin
        .split("://")
        .nth(1)
        .and_then(|rest| rest.split('/').next())
        .unwrap_or("phoihop.local");
    let attendees: Vec<String> = m.attendees.iter().map(|a| a.as_written()).collect();
    CalendarEvent {
        uid: format!("meeting-{}@{host}", m.id),
        summary: m.title.clone(),
        location: m.venue.clone(),
        description: format!(
            "{}\n\nĐại biểu dự: {}",
            m.kind.label(),
            attendees.join("; ")
        ),
        url: format!("{origin}/hoi-nghi/{}", m.id),
        starts: m.starts_at,
        ends: m
            .ends_at
            .unwrap_or(m.starts_at + chrono::Duration::hours(2)),
    }
}

fn calendar_response(name: &str, events: &[CalendarEvent], filename: &str) -> Response {
    (
        [
            (
                header::CONTENT_TYPE,
                "text/calendar; charset=utf-8".to_string(),
            ),
            (
                header::CONTENT_DISPOSITION,
                format!("inline; filename=\"{filename}\""),
            ),
        ],
        docs::ical::calendar(name, events, chrono::Utc::now()),
    )
        .into_response()
}

/// The unit's public meetings as one calendar a person can subscribe to.
pub async fn feed(Public { state, v }: Public) -> WebResult {
    let unit = v.unit();
    let origin = state.app.public_origin(&v).await?;
    let events: Vec<CalendarEvent> = state
        .app
        .meetings(&v)
        .await?
        .iter()
        .map(|m| event(m, &origin))
        .collect();
    Ok(calendar_response(
        &format!("Hội nghị – {}", unit.full_name()),
        &events,
        "hoi-nghi.ics",
    ))
}

/// One meeting as a calendar file.
pub async fn one(Public { state, v }: Public, IdParam(id): IdParam) -> WebResult {
    let m = state.app.meeting(&v, id).await?;
    let origin = state.app.public_origin(&v).await?;
    Ok(calendar_response(
        &m.title,
        &[event(&m, &origin)],
        &format!("hoi-nghi-{}.ics", m.id),
    ))
}
