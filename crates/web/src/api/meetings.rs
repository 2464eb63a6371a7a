//! Meetings in the API: listed, read with their `ETag`, prepared and changed with their
//! attendance, agenda, minutes and documents — the same use case and messages as the workspace's
//! form, the people chosen by id among the unit's own.

use axum::Json;
use chrono::{DateTime, Utc};
use domain::access::Action;
use domain::entity::Entity;
use domain::meeting::{Attendee, Chosen, Meeting, MeetingDraft, MeetingInput};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::contract::{
    created_id, ApiJson, ApiQuery, IdempotencyKey, IfMatch, PageQuery, Paged, Versioned,
};
use super::writes::version_after;
use super::{Api, ApiError, ApiErrorBody, ApiResult};
use crate::auth::{ApiActor, ApiReader};
use crate::extract::IdParam;
use crate::{AppState, WebError};

/// What changes a meeting as the API shows it: the meeting and its agenda and minutes.
pub const MEETING: &[Entity] = &[Entity::Meeting, Entity::MeetingDetails];

/// One line of an attendance list.
#[derive(Serialize, ToSchema)]
pub struct AttendeeDto {
    /// The person of the unit; null for a guest or a group named as the minutes name it.
    pub person_id: Option<i64>,
    pub name: String,
    pub capacity: Option<String>,
}

impl From<Attendee> for AttendeeDto {
    fn from(a: Attendee) -> Self {
        Self {
            person_id: a.person_id,
            name: a.name,
            capacity: a.capacity,
        }
    }
}

/// A document of a meeting.
#[derive(Serialize, ToSchema)]
pub struct DocumentDto {
    pub title: String,
    pub url: Option<String>,
}

/// A meeting.
#[derive(Serialize, ToSchema)]
pub struct MeetingDto {
    pub id: i64,
    /// review_and_signing, council_session, hearing, voter_contact or working
    pub kind: String,
    pub title: String,
    pub starts_at: DateTime<Utc>,
    pub ends_at: Option<DateTime<Utc>>,
    pub venue: String,
    pub programme_id: Option<i64>,
    pub attendees: Vec<AttendeeDto>,
    /// Who chaired it, once the office has said.
    pub chair: Option<AttendeeDto>,
    /// Who kept the minutes.
    pub secretary: Option<AttendeeDto>,
    pub agenda: Vec<String>,
    /// Null until published, except to the unit's staff.
    pub minutes: Option<String>,
    pub minutes_published: bool,
    pub documents: Vec<DocumentDto>,
    /// Whether the portal shows it; a meeting that is not is the staff's alone.
    pub public: bool,
}

pub fn meeting_dto(m: Meeting) -> MeetingDto {
    MeetingDto {
        id: m.id,
        kind: m.kind.as_str().to_string(),
        title: m.title,
        starts_at: m.starts_at,
        ends_at: m.ends_at,
        venue: m.venue,
        programme_id: m.programme_id,
        attendees: m.attendees.into_iter().map(AttendeeDto::from).collect(),
        chair: m.chair.map(AttendeeDto::from),
        secretary: m.secretary.map(AttendeeDto::from),
        agenda: m.agenda,
        minutes: m.minutes,
        minutes_published: m.minutes_published,
        documents: m
            .documents
            .into_iter()
            .map(|d| DocumentDto {
                title: d.title,
                url: d.url,
            })
            .collect(),
        public: m.public,
    }
}

/// The unit's meetings, newest first.
#[utoipa::path(get, path = "/api/v1/meetings", params(PageQuery), responses((status = 200, body = Paged<MeetingDto>), (status = 400, body = ApiErrorBody)))]
pub async fn meetings(
    ApiReader { state, v }: ApiReader,
    ApiQuery(paging): ApiQuery<PageQuery>,
) -> ApiResult<Paged<MeetingDto>> {
    let list = state.app.meetings(&v).await?;
    Ok(Json(paging.of(list)?.map(meeting_dto)))
}

/// A meeting, with its `ETag`.
#[utoipa::path(get, path = "/api/v1/meetings/{id}", params(("id" = i64, Path, minimum = 1)),
    responses((status = 200, body = MeetingDto, headers(("ETag" = String, description = "Phiên bản của bản ghi, để gửi lại trong If-Match"))), (status = 404, body = ApiErrorBody)))]
pub async fn meeting(
    ApiReader { state, v }: ApiReader,
    Api(IdParam(id)): Api<IdParam>,
) -> Result<Versioned<MeetingDto>, ApiError> {
    let version = state.app.version_of(&v, MEETING, id).await?;
    let m = state.app.meeting(&v, id).await?;
    Ok(Versioned::read(version, meeting_dto(m)))
}

fn yes() -> bool {
    true
}

/// A meeting to prepare or change, whole.
#[derive(Deserialize, ToSchema)]
pub struct MeetingInputDto {
    /// review_and_signing, council_session, hearing, voter_contact or working
    kind: String,
    title: String,
    /// RFC 3339 (2026-12-08T09:00:00+07:00), or Vietnam's time as typed (08/12/2026 09:00).
    starts_at: String,
    /// As `starts_at`; blank when not said.
    #[serde(default)]
    ends_at: String,
    venue: String,
    /// People of the unit who attend, by id: the minutes write each with the posts they held
    /// on the meeting's day.
    #[serde(default)]
    attendee_ids: Vec<i64>,
    chair_id: Option<i64>,
    secretary_id: Option<i64>,
    /// Everyone else, one each: "name – capacity", or a group as the minutes name it.
    #[serde(default)]
    guests: Vec<String>,
    /// The agenda, an item each.
    #[serde(default)]
    agenda: Vec<String>,
    #[serde(default)]
    minutes: String,
    /// Whether the minutes are public; a draft until then.
    #[serde(default)]
    minutes_published: bool,
    /// The documents, each "title | address" or a title alone.
    #[serde(default)]
    documents: Vec<String>,
    /// Whether the portal shows the meeting; true when absent.
    #[serde(default = "yes")]
    public: bool,
}

/// The draft the input describes, the people chosen looked up in the roster of the meeting's day.
async fn draft_of(
    state: &AppState,
    v: &app::Viewer,
    input: &MeetingInputDto,
    before: Option<&Meeting>,
) -> Result<MeetingDraft, ApiError> {
    let day = domain::time::parse_local_datetime(&input.starts_at)
        .map(domain::time::day_in_vietnam)
        .unwrap_or_else(|| app::roster_day(v, before));
    let roster = state.app.roster(v, day).await?;
    let chosen = Chosen {
        attendees: input
            .attendee_ids
            .iter()
            .map(|id| roster.attendee(*id))
            .collect(),
        chair: input.chair_id.map(|id| roster.attendee(id)),
        secretary: input.secretary_id.map(|id| roster.attendee(id)),
    };
    // Lists arrive as lists; the domain reads the form's lines, one rule for both doors.
    let lines = |items: &[String]| {
        items
            .iter()
            .map(|l| l.replace(['\r', '\n'], " "))
            .collect::<Vec<_>>()
            .join("\n")
    };
    let (guests, agenda, documents) = (
        lines(&input.guests),
        lines(&input.agenda),
        lines(&input.documents),
    );
    let fields = MeetingInput {
        kind: &input.kind,
        title: &input.title,
        starts_at: &input.starts_at,
        ends_at: &input.ends_at,
        venue: &input.venue,
        guests: &guests,
        agenda: &agenda,
        minutes: &input.minutes,
        minutes_published: input.minutes_published,
        documents: &documents,
        public: input.public,
    };
    MeetingDraft::parse(&fields, chosen, before.and_then(|m| m.programme_id))
        .map_err(|e| ApiError(WebError::Invalid(e)))
}

/// Prepare a meeting of the unit.
#[utoipa::path(post, path = "/api/v1/meetings", request_body = MeetingInputDto, params(IdempotencyKey), security(("token" = [])),
    responses((status = 201, body = MeetingDto, headers(("ETag" = String), ("Location" = String))), (status = 400, body = ApiErrorBody), (status = 401, body = ApiErrorBody), (status = 403, body = ApiErrorBody), (status = 422, body = ApiErrorBody)))]
pub async fn create_meeting(
    ApiActor { state, v }: ApiActor,
    key: IdempotencyKey,
    body: ApiJson<MeetingInputDto>,
) -> Result<Versioned<MeetingDto>, ApiError> {
    v.require_here(|unit_id| Action::EditMeeting { unit_id })?;
    let v = key.on(v, &body);
    let draft = draft_of(&state, &v, &body.value, None).await?;
    let id = created_id(&state, &v, || async {
        state.app.create_meeting(&v, draft).await.map(|m| m.id)
    })
    .await?;
    let version = version_after(&state, &v, MEETING, id).await?;
    let m = state.app.meeting_for_editing(&v, id).await?;
    Ok(Versioned::read(version, meeting_dto(m)).created(&v, format!("/api/v1/meetings/{id}")))
}

/// Change a meeting, whole; with `If-Match`, only if nobody changed it since.
#[utoipa::path(put, path = "/api/v1/meetings/{id}", params(("id" = i64, Path, minimum = 1), IfMatch), request_body = MeetingInputDto, security(("token" = [])),
    responses((status = 200, body = MeetingDto, headers(("ETag" = String))), (status = 400, body = ApiErrorBody), (status = 401, body = ApiErrorBody), (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody), (status = 412, body = ApiErrorBody), (status = 422, body = ApiErrorBody)))]
pub async fn update_meeting(
    ApiActor { state, v }: ApiActor,
    Api(IdParam(id)): Api<IdParam>,
    if_match: IfMatch,
    body: ApiJson<MeetingInputDto>,
) -> Result<Versioned<MeetingDto>, ApiError> {
    v.require_here(|unit_id| Action::EditMeeting { unit_id })?;
    let v = if_match.on(v, MEETING, id);
    let before = state.app.meeting_for_editing(&v, id).await?;
    let draft = draft_of(&state, &v, &body.value, Some(&before)).await?;
    state.app.update_meeting(&v, id, draft).await?;
    let version = version_after(&state, &v, MEETING, id).await?;
    let m = state.app.meeting_for_editing(&v, id).await?;
    Ok(Versioned::read(version, meeting_dto(m)))
}
