//! Meetings in the workspace: create one, change its time, place, agenda, attendance, minutes (kept
//! as a draft until published) and documents.

use app::{AppError, Viewer};
use askama::Template;
use axum::extract::State;
use axum::response::{Html, IntoResponse, Response};
use domain::access::Action;
use domain::meeting::{Attendee, Meeting, MeetingKind};
use domain::oversight::DocumentRef;
use domain::ValidationError;
use store::NewMeeting;

use super::{local_datetime as local, see_other, ws_chrome, WsChrome};
use crate::auth::{CheckedForm, FormData, SignedIn};
use crate::extract::{IdParam, Staff};
use crate::render::render_page;
use crate::{AppState, WebError};

#[derive(Template)]
#[template(path = "ws/meetings.html")]
struct ListPage {
    ws: WsChrome,
    rows: Vec<(i64, String, String)>,
}

pub async fn list(
    State(state): State<AppState>,
    Staff { user, v }: Staff,
) -> Result<Html<String>, WebError> {
    let ws = ws_chrome(&state, &user, &v).await?;
    let rows = state
        .app
        .meetings(&v)
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
    attach_action: Option<String>,
    /// Whether this person prepares the unit's meetings; otherwise the fields are shown disabled.
    can_edit: bool,
}

impl FormPage {
    fn error(&self, field: &str) -> &str {
        self.errors.for_field(field).unwrap_or("")
    }
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

/// The meeting a form describes; its unit is the viewer's, set by the use case.
fn parse(form: &FormData, programme_id: Option<i64>) -> Result<NewMeeting, ValidationError> {
    let mut errors = ValidationError::default();
    let title = domain::input::line("title", form.get("title"), &mut errors);
    let attendees = domain::input::text("attendees", form.get("attendees"), &mut errors);
    let agenda = domain::input::text("agenda", form.get("agenda"), &mut errors);
    let minutes = domain::input::text("minutes", form.get("minutes"), &mut errors);
    let documents = domain::input::text("documents", form.get("documents"), &mut errors);
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
        match domain::time::parse_local_datetime(v) {
            Some(t) => Some(t),
            None => {
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
    let venue = domain::input::line("venue", form.get("venue"), &mut errors);
    if venue.is_empty() {
        errors.push("venue", "Hãy ghi địa điểm");
    }
    match (kind, starts_at) {
        (Some(kind), Some(starts_at)) if errors.is_empty() => Ok(NewMeeting {
            unit_id: 0,
            kind,
            title,
            starts_at,
            ends_at,
            venue,
            programme_id,
            attendees: parse_attendees(&attendees),
            agenda: lines(&agenda),
            minutes: Some(minutes).filter(|m| !m.is_empty()),
            minutes_published: form.get("minutes_published") == "1",
            documents: DocumentRef::parse_lines(&documents),
            public: form.get("public") == "1",
        }),
        _ => Err(errors),
    }
}

pub(super) async fn form_page(
    state: &AppState,
    user: &SignedIn,
    v: &Viewer,
    meeting: Option<&Meeting>,
    form: Option<&FormData>,
    errors: ValidationError,
) -> Result<Response, WebError> {
    let ws = ws_chrome(state, user, v).await?;
    let value = |name: &str, existing: String| form.map_or(existing, |f| f.get(name).to_string());
    let m = meeting;
    let d = meeting;
    let status = crate::render::form_status(&errors);
    let can_edit = v.may(&Action::EditMeeting {
        unit_id: v.unit_id(),
    });
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
        // A meeting is public only when someone ticks it: a working meeting is the offices' own.
        public: form.map_or(d.is_some_and(|d| d.public), |f| f.get("public") == "1"),
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
        attach_action: m
            .filter(|_| can_edit)
            .map(|m| format!("/quan-ly/hoi-nghi/{}/tep", m.id)),
        can_edit,
    };
    Ok((status, render_page(&page)?).into_response())
}

pub async fn new_form(
    State(state): State<AppState>,
    Staff { user, v }: Staff,
) -> Result<Response, WebError> {
    form_page(&state, &user, &v, None, None, ValidationError::default()).await
}

pub async fn create(
    State(state): State<AppState>,
    CheckedForm { user, v, form }: CheckedForm,
) -> Result<Response, WebError> {
    v.require(&Action::EditMeeting {
        unit_id: v.unit_id(),
    })?;
    let outcome = match parse(&form, None) {
        Ok(new) => state.app.create_meeting(&v, new).await,
        Err(errors) => Err(AppError::Invalid(errors)),
    };
    match outcome {
        Ok(m) => Ok(see_other(&v, &format!("/quan-ly/hoi-nghi/{}", m.id))),
        Err(AppError::Invalid(errors)) => {
            form_page(&state, &user, &v, None, Some(&form), errors).await
        }
        Err(e) => Err(e.into()),
    }
}

pub async fn edit(
    State(state): State<AppState>,
    Staff { user, v }: Staff,
    IdParam(id): IdParam,
) -> Result<Response, WebError> {
    let m = state.app.meeting_for_editing(&v, id).await?;
    form_page(
        &state,
        &user,
        &v,
        Some(&m),
        None,
        ValidationError::default(),
    )
    .await
}

pub async fn update(
    State(state): State<AppState>,
    IdParam(id): IdParam,
    CheckedForm { user, v, form }: CheckedForm,
) -> Result<Response, WebError> {
    let m = state.app.meeting_for_editing(&v, id).await?;
    v.require(&Action::EditMeeting {
        unit_id: v.unit_id(),
    })?;
    let mut new = match parse(&form, m.programme_id) {
        Ok(new) => new,
        Err(errors) => return form_page(&state, &user, &v, Some(&m), Some(&form), errors).await,
    };
    // Keep the link to a person where the line still names them.
    for a in new.attendees.iter_mut() {
        a.person_id = m
            .attendees
            .iter()
            .find(|o| o.name == a.name)
            .and_then(|o| o.person_id);
    }
    match state.app.update_meeting(&v, m.id, new).await {
        Ok(_) => Ok(see_other(&v, &format!("/quan-ly/hoi-nghi/{}", m.id))),
        Err(AppError::Invalid(errors)) => {
            form_page(&state, &user, &v, Some(&m), Some(&form), errors).await
        }
        Err(e) => Err(e.into()),
    }
}
