//! Meetings in the workspace: create one, change its time, place, agenda, attendance, minutes (kept
//! as a draft until published) and documents.

use app::AttachTo;
use app::Roster;
use app::Viewer;
use askama::Template;
use domain::access::Action;
use domain::meeting::{Attendee, Chosen, Meeting, MeetingDraft, MeetingInput, MeetingKind};
use domain::oversight::DocumentRef;
use domain::ValidationError;

use super::attachments::{attached, Attached};
use super::{local_datetime as local, ws_chrome, WsChrome};
use crate::auth::FormData;
use crate::extract::Staff;
use crate::forms::{self, lines, At, Cx, RecordForm, Shown};
use crate::render::render_page;
use crate::{HtmlResult, WebError, WebResult};

#[derive(Template)]
#[template(path = "ws/meetings.html")]
struct ListPage {
    ws: WsChrome,
    rows: Vec<(i64, String, String)>,
}

pub async fn list(Staff { state, user, v }: Staff) -> HtmlResult {
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
    /// Who may be chosen, and who is: the holders of the unit's posts on the meeting's day.
    roster: Roster,
    chosen: Vec<String>,
    chair: String,
    secretary: String,
    /// Everyone else attending, one a line: guests, groups, people of other units.
    guests: String,
    minutes: String,
    minutes_published: bool,
    public: bool,
    documents: String,
    errors: ValidationError,
    public_href: Option<String>,
    attached: Attached,
    /// Whether this person prepares the unit's meetings; otherwise the fields are shown disabled.
    can_edit: bool,
}

/// An id chosen in a select or a checkbox; a value that is no id is an error beside its field.
fn chosen_id(field: &'static str, value: &str, errors: &mut ValidationError) -> Option<i64> {
    match value.trim() {
        "" => None,
        v => match v.parse::<i64>() {
            Ok(id) if id > 0 => Some(id),
            _ => {
                errors.push(field, "Lựa chọn không hợp lệ");
                None
            }
        },
    }
}

/// One attendee a line: "Name – capacity as the minutes write it", or just a name or a group.
/// The meeting a form describes; its unit is the viewer's, set by the use case. The people chosen
/// among the post holders are looked up in the roster the form offered.
fn parse(
    form: &FormData,
    programme_id: Option<i64>,
    roster: &Roster,
) -> Result<MeetingDraft, ValidationError> {
    let mut errors = ValidationError::default();
    let mut chosen = |field: &'static str, value: &str| {
        chosen_id(field, value, &mut errors).map(|id| roster.attendee(id))
    };
    let attendees: Vec<Attendee> = form
        .all("attendee_ids")
        .iter()
        .filter_map(|v| chosen("attendee_ids", v))
        .collect();
    let chosen = Chosen {
        attendees,
        chair: chosen("chair_id", form.get("chair_id")),
        secretary: chosen("secretary_id", form.get("secretary_id")),
    };
    let input = MeetingInput {
        kind: form.get("kind"),
        title: form.get("title"),
        starts_at: form.get("starts_at"),
        ends_at: form.get("ends_at"),
        venue: form.get("venue"),
        guests: form.get("guests"),
        agenda: form.get("agenda"),
        minutes: form.get("minutes"),
        minutes_published: form.get("minutes_published") == "1",
        documents: form.get("documents"),
        public: form.get("public") == "1",
    };
    match MeetingDraft::parse(&input, chosen, programme_id) {
        Ok(draft) if errors.is_empty() => Ok(draft),
        Ok(_) => Err(errors),
        Err(mut e) => {
            e.errors.extend(errors.errors);
            Err(e)
        }
    }
}

async fn form_page(
    Cx { state, user, v }: Cx<'_>,
    meeting: Option<&Meeting>,
    shown: Shown<'_>,
) -> WebResult {
    let (form, errors) = shown.into_parts();
    let ws = ws_chrome(state, user, v).await?;
    let value = |name: &str, existing: String| form.map_or(existing, |f| f.get(name).to_string());
    let roster = state.app.roster(v, roster_day(v, meeting)).await?;
    let m = meeting;
    let d = meeting;
    // The people of the roster who attend; someone named in free text is not a choice.
    let attending: Vec<i64> = m.map_or(Vec::new(), |m| {
        m.attendees
            .iter()
            .filter_map(|a| a.person_id.filter(|&id| roster.holds(id)))
            .collect()
    });
    let can_edit = v.may_here(|unit_id| Action::EditMeeting { unit_id });
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
        chosen: forms::chosen(form, "attendee_ids", &attending),
        chair: value(
            "chair_id",
            m.and_then(|m| m.chair.as_ref()?.person_id)
                .map(|id| id.to_string())
                .unwrap_or_default(),
        ),
        secretary: value(
            "secretary_id",
            m.and_then(|m| m.secretary.as_ref()?.person_id)
                .map(|id| id.to_string())
                .unwrap_or_default(),
        ),
        // Those the roster does not list (guests, groups, people of another day) stay as lines.
        guests: value(
            "guests",
            m.map(|m| {
                let others = m.attendees.iter();
                lines(
                    others.filter(|a| a.person_id.is_none_or(|id| !roster.holds(id))),
                    Attendee::as_written,
                )
            })
            .unwrap_or_default(),
        ),
        roster,
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
            d.map(|d| lines(&d.documents, DocumentRef::as_line))
                .unwrap_or_default(),
        ),
        errors,
        public_href: m.map(|m| format!("/hoi-nghi/{}", m.id)),
        attached: attached(state, v, m.map(|m| AttachTo::Meeting(m.id)), can_edit).await?,
        can_edit,
    };
    crate::render::render_form(&page, &page.errors)
}

/// The day whose post holders a meeting's form offers: the meeting's own, or today.
fn roster_day(v: &Viewer, meeting: Option<&Meeting>) -> chrono::NaiveDate {
    app::roster_day(v, meeting)
}

/// The meeting form: a new meeting of the unit, or one changed by its id.
pub struct Meetings;

impl RecordForm for Meetings {
    type Place = ();
    type Record = Meeting;

    async fn open(cx: Cx<'_>, id: i64) -> Result<(Meeting, ()), WebError> {
        Ok((cx.state.app.meeting_for_editing(cx.v, id).await?, ()))
    }

    async fn write(at: At<'_, Self>, form: &FormData) -> Result<String, WebError> {
        let (app, v) = at.app();
        let unit_id = v.unit_id();
        v.require(&Action::EditMeeting { unit_id })?;
        let meeting = at.record;
        let roster = at.cx.state.app.roster(v, roster_day(v, meeting)).await?;
        let mut draft = parse(form, meeting.and_then(|m| m.programme_id), &roster)?;
        // A line that still names someone the meeting named before keeps the link to that person.
        let before = meeting.map_or(&[][..], |m| &m.attendees);
        for a in draft.attendees.iter_mut().filter(|a| a.person_id.is_none()) {
            a.person_id = before
                .iter()
                .find(|o| o.as_written() == a.as_written() || o.name == a.name)
                .and_then(|o| o.person_id);
        }
        let saved = match meeting {
            None => app.create_meeting(v, draft).await?,
            Some(m) => app.update_meeting(v, m.id, draft).await?,
        };
        Ok(format!("/quan-ly/hoi-nghi/{}", saved.id))
    }

    async fn page(at: At<'_, Self>, shown: Shown<'_>) -> WebResult {
        form_page(at.cx, at.record, shown).await
    }
}
