//! Meetings in the workspace: create one, change its time, place, agenda, attendance, minutes (kept
//! as a draft until published) and documents.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use chrono::NaiveDateTime;
use domain::access::Action;
use domain::meeting::{Attendee, Meeting, MeetingKind};
use domain::oversight::DocumentRef;
use domain::ValidationError;
use store::oversight::MeetingDetails;

use super::{after_write, see_other, ws_chrome, WsChrome};
use crate::auth::{CheckedForm, FormData, SignedIn};
use crate::render::render_page;
use crate::{AppState, WebError};

#[derive(Template)]
#[template(path = "ws/meetings.html")]
struct ListPage {
    ws: WsChrome,
    rows: Vec<(i64, String, String)>,
}

pub async fn list(State(state): State<AppState>, user: SignedIn) -> Result<Html<String>, WebError> {
    let (ws, unit) = ws_chrome(&state, &user).await?;
    let rows = state
        .store
        .meetings(unit.id)
        .await?
        .into_iter()
        .map(|m| (m.id, m.title, domain::time::short_datetime(m.starts_at)))
        .collect();
    render_page(&ListPage { ws, rows })
}

#[derive(Template)]
#[template(path = "ws/meeting_form.html")]
struct FormPage {
    ws: WsChrome,
    action: String,
    heading: String,
    kinds: Vec<(&'static str, &'static str)>,
    kind: String,
    title: String,
    venue: String,
    starts_at: String,
    ends_at: String,
    agenda: String,
    attendees: String,
    minutes: String,
    minutes_published: bool,
    public: bool,
    documents: String,
    errors: ValidationError,
    public_href: Option<String>,
}

impl FormPage {
    fn error(&self, field: &str) -> &str {
        self.errors.for_field(field).unwrap_or("")
    }
}

fn local(at: chrono::DateTime<chrono::Utc>) -> String {
    at.with_timezone(&domain::time::vietnam())
        .format("%Y-%m-%dT%H:%M")
        .to_string()
}

/// One attendee a line: "Name – capacity as the minutes write it", or just a name or a group.
fn parse_attendees(text: &str) -> Vec<Attendee> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(|l| match l.split_once(" – ") {
            Some((name, capacity)) => Attendee {
                person_id: None,
                name: vi::normalize(name.trim()),
                capacity: Some(vi::normalize(capacity.trim())),
            },
            None => Attendee {
                person_id: None,
                name: vi::normalize(l),
                capacity: None,
            },
        })
        .collect()
}

fn lines(text: &str) -> Vec<String> {
    text.lines()
        .map(|l| vi::normalize(l.trim()))
        .filter(|l| !l.is_empty())
        .collect()
}

struct Parsed {
    meeting: store::NewMeeting,
    details: MeetingDetails,
}

fn parse(
    form: &FormData,
    unit_id: i64,
    programme_id: Option<i64>,
) -> Result<Parsed, ValidationError> {
    let mut errors = ValidationError::default();
    let title = vi::normalize(form.get("title"));
    if title.is_empty() {
        errors.push("title", "Tên hội nghị không được để trống");
    }
    let kind = MeetingKind::parse(form.get("kind"));
    if kind.is_none() {
        errors.push("kind", "Hãy chọn loại hội nghị");
    }
    let time = |field: &'static str, errors: &mut ValidationError, required: bool| {
        let v = form.get(field);
        if v.is_empty() && !required {
            return None;
        }
        match NaiveDateTime::parse_from_str(v, "%Y-%m-%dT%H:%M") {
            Ok(t) => Some(domain::time::at_vietnam(t)),
            Err(_) => {
                errors.push(field, "Thời gian không hợp lệ, ví dụ 21/01/2021 14:00");
                None
            }
        }
    };
    let starts_at = time("starts_at", &mut errors, true);
    let ends_at = time("ends_at", &mut errors, false);
    if let (Some(s), Some(e)) = (starts_at, ends_at) {
        if e < s {
            errors.push("ends_at", "Giờ kết thúc phải sau giờ bắt đầu");
        }
    }
    let venue = vi::normalize(form.get("venue"));
    if venue.is_empty() {
        errors.push("venue", "Hãy ghi địa điểm");
    }
    match (kind, starts_at) {
        (Some(kind), Some(starts_at)) if errors.is_empty() => Ok(Parsed {
            meeting: store::NewMeeting {
                unit_id,
                kind,
                title,
                starts_at,
                ends_at,
                venue,
                programme_id,
                attendees: parse_attendees(form.get("attendees")),
            },
            details: MeetingDetails {
                agenda: lines(form.get("agenda")),
                minutes: Some(vi::normalize(form.get("minutes"))).filter(|m| !m.is_empty()),
                minutes_published: form.get("minutes_published") == "1",
                public: form.get("public") == "1",
                documents: DocumentRef::parse_lines(form.get("documents")),
            },
        }),
        _ => Err(errors),
    }
}

async fn form_page(
    state: &AppState,
    user: &SignedIn,
    meeting: Option<(&Meeting, &MeetingDetails)>,
    form: Option<&FormData>,
    errors: ValidationError,
) -> Result<Response, WebError> {
    let (ws, _) = ws_chrome(state, user).await?;
    let value = |name: &str, existing: String| form.map_or(existing, |f| f.get(name).to_string());
    let m = meeting.map(|(m, _)| m);
    let d = meeting.map(|(_, d)| d);
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let page = FormPage {
        ws,
        action: m.map_or("/quan-ly/hoi-nghi".into(), |m| {
            format!("/quan-ly/hoi-nghi/{}", m.id)
        }),
        heading: if m.is_some() {
            "Sửa hội nghị".into()
        } else {
            "Chuẩn bị hội nghị mới".into()
        },
        kinds: MeetingKind::ALL
            .iter()
            .map(|k| (k.as_str(), k.label()))
            .collect(),
        kind: value(
            "kind",
            m.map_or("working".into(), |m| m.kind.as_str().to_string()),
        ),
        title: value("title", m.map(|m| m.title.clone()).unwrap_or_default()),
        venue: value("venue", m.map(|m| m.venue.clone()).unwrap_or_default()),
        starts_at: value(
            "starts_at",
            m.map(|m| local(m.starts_at)).unwrap_or_default(),
        ),
        ends_at: value(
            "ends_at",
            m.and_then(|m| m.ends_at).map(local).unwrap_or_default(),
        ),
        agenda: value("agenda", d.map(|d| d.agenda.join("\n")).unwrap_or_default()),
        attendees: value(
            "attendees",
            m.map(|m| {
                m.attendees
                    .iter()
                    .map(|a| a.as_written())
                    .collect::<Vec<_>>()
                    .join("\n")
            })
            .unwrap_or_default(),
        ),
        minutes: value(
            "minutes",
            d.and_then(|d| d.minutes.clone()).unwrap_or_default(),
        ),
        minutes_published: form.map_or(d.is_some_and(|d| d.minutes_published), |f| {
            f.get("minutes_published") == "1"
        }),
        public: form.map_or(d.is_none_or(|d| d.public), |f| f.get("public") == "1"),
        documents: value(
            "documents",
            d.map(|d| {
                d.documents
                    .iter()
                    .map(DocumentRef::as_line)
                    .collect::<Vec<_>>()
                    .join("\n")
            })
            .unwrap_or_default(),
        ),
        errors,
        public_href: m.map(|m| format!("/hoi-nghi/{}", m.id)),
    };
    Ok((status, render_page(&page)?).into_response())
}

pub async fn new_form(State(state): State<AppState>, user: SignedIn) -> Result<Response, WebError> {
    form_page(&state, &user, None, None, ValidationError::default()).await
}

pub async fn create(
    State(state): State<AppState>,
    CheckedForm { user, form }: CheckedForm,
) -> Result<Response, WebError> {
    let unit = state.store.portal_unit().await?;
    user.require(&Action::EditMeeting { unit_id: unit.id })?;
    let parsed = match parse(&form, unit.id, None) {
        Ok(p) => p,
        Err(errors) => return form_page(&state, &user, None, Some(&form), errors).await,
    };
    let mut tx = state.store.begin(&user.actor.username).await?;
    let m = tx.insert_meeting(&parsed.meeting).await?;
    tx.set_meeting_details(m.id, &MeetingDetails::default(), &parsed.details)
        .await?;
    tx.commit().await?;
    after_write(&state);
    Ok(see_other(&format!("/quan-ly/hoi-nghi/{}", m.id)))
}

async fn meeting_of_unit(
    state: &AppState,
    id: &str,
) -> Result<(Meeting, MeetingDetails, i64), WebError> {
    let id: i64 = id.parse().map_err(|_| WebError::NotFound)?;
    let unit = state.store.portal_unit().await?;
    let m = state
        .store
        .meetings(unit.id)
        .await?
        .into_iter()
        .find(|m| m.id == id)
        .ok_or(WebError::NotFound)?;
    let d = state.store.meeting_details(m.id).await?;
    Ok((m, d, unit.id))
}

pub async fn edit(
    State(state): State<AppState>,
    user: SignedIn,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let (m, d, _) = meeting_of_unit(&state, &id).await?;
    form_page(
        &state,
        &user,
        Some((&m, &d)),
        None,
        ValidationError::default(),
    )
    .await
}

pub async fn update(
    State(state): State<AppState>,
    Path(id): Path<String>,
    CheckedForm { user, form }: CheckedForm,
) -> Result<Response, WebError> {
    let (m, d, unit_id) = meeting_of_unit(&state, &id).await?;
    user.require(&Action::EditMeeting { unit_id })?;
    let mut parsed = match parse(&form, unit_id, m.programme_id) {
        Ok(p) => p,
        Err(errors) => return form_page(&state, &user, Some((&m, &d)), Some(&form), errors).await,
    };
    // Keep the link to a person where the line still names them.
    for a in parsed.meeting.attendees.iter_mut() {
        a.person_id = m
            .attendees
            .iter()
            .find(|o| o.name == a.name)
            .and_then(|o| o.person_id);
    }
    let mut tx = state.store.begin(&user.actor.username).await?;
    tx.update_meeting(&m, &parsed.meeting).await?;
    tx.set_meeting_details(m.id, &d, &parsed.details).await?;
    tx.commit().await?;
    after_write(&state);
    Ok(see_other(&format!("/quan-ly/hoi-nghi/{}", m.id)))
}
