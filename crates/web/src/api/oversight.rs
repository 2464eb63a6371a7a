//! Oversight in the API: activities listed, read with their `ETag`, recorded and changed by the
//! body that conducts them; their recommendations added and changed by that body, and answered by
//! the body they are addressed to — the workspace's use cases, rules and messages, one door more.

use std::collections::HashSet;

use axum::Json;
use chrono::NaiveDate;
use domain::access::Action;
use domain::entity::Entity;
use domain::oversight::{
    DocumentRef, Oversight, OversightDraft, OversightInput, Recommendation, RecommendationDraft,
    Response as RecResponse, TeamMember,
};
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

/// What changes an activity as the API shows it: the activity, its subjects, team, documents and
/// contents (a document withdrawn from it is logged as a change of the activity too).
pub const OVERSIGHT: &[Entity] = &[Entity::Oversight];

/// What changes a recommendation as the API shows it: the recommendation, and its responses, each
/// recorded, withdrawn or restored as a change of the recommendation.
pub const RECOMMENDATION: &[Entity] = &[Entity::Recommendation];

/// Recording or changing an activity conducted by `conducting_body_id`, or its recommendations.
fn edit(v: &app::Viewer, conducting_body_id: i64) -> Action {
    Action::EditOversight {
        unit_id: v.unit_id(),
        conducting_body_id,
    }
}

/// A member of an oversight team.
#[derive(Serialize, ToSchema)]
pub struct TeamMemberDto {
    pub name: String,
    /// "Trưởng đoàn", "Thành viên", "Thư ký".
    pub role: String,
}

impl From<TeamMember> for TeamMemberDto {
    fn from(m: TeamMember) -> Self {
        Self {
            name: m.name,
            role: m.role,
        }
    }
}

/// A document of an activity: a decision, a plan, a report.
#[derive(Serialize, ToSchema)]
pub struct OversightDocumentDto {
    pub title: String,
    /// Within the site or over https; null for a title alone.
    pub url: Option<String>,
}

impl From<DocumentRef> for OversightDocumentDto {
    fn from(d: DocumentRef) -> Self {
        Self {
            title: d.title,
            url: d.url,
        }
    }
}

/// An oversight activity (giám sát, giải trình, thanh tra, kiểm tra).
#[derive(Serialize, ToSchema)]
pub struct OversightDto {
    pub id: i64,
    /// thematic_supervision, hearing, inspection, check, front_supervision or social_critique
    pub kind: String,
    pub title: String,
    /// The body of the unit that conducts it.
    pub conducted_by: i64,
    /// The bodies of the unit it examines.
    pub subject_body_ids: Vec<i64>,
    /// Subjects that are not bodies of the unit: "các trường THCS trên địa bàn".
    pub other_subjects: Option<String>,
    pub starts_on: NaiveDate,
    pub ends_on: Option<NaiveDate>,
    pub team: Vec<TeamMemberDto>,
    pub documents: Vec<OversightDocumentDto>,
    /// The contents of the unit's programmes it serves.
    pub item_ids: Vec<i64>,
    pub findings: Option<String>,
    /// Whether the portal shows it; an activity that is not is the staff's alone.
    pub public: bool,
}

pub fn oversight_dto(o: Oversight) -> OversightDto {
    OversightDto {
        id: o.id,
        kind: o.kind.as_str().to_string(),
        title: o.title,
        conducted_by: o.conducted_by,
        subject_body_ids: o.subject_body_ids,
        other_subjects: o.other_subjects,
        starts_on: o.starts_on,
        ends_on: o.ends_on,
        team: o.team.into_iter().map(TeamMemberDto::from).collect(),
        documents: o
            .documents
            .into_iter()
            .map(OversightDocumentDto::from)
            .collect(),
        item_ids: o.item_ids,
        findings: o.findings,
        public: o.public,
    }
}

/// A response received to a recommendation.
#[derive(Serialize, ToSchema)]
pub struct RecommendationResponseDto {
    pub on: NaiveDate,
    /// The body that answered, when the response says.
    pub from_body_id: Option<i64>,
    pub text: String,
    /// Whether it reports the recommendation carried out.
    pub closes: bool,
}

impl From<RecResponse> for RecommendationResponseDto {
    fn from(r: RecResponse) -> Self {
        Self {
            on: r.on,
            from_body_id: r.from_body_id,
            text: r.text,
            closes: r.closes,
        }
    }
}

/// A recommendation (kiến nghị) of an oversight activity, with its responses.
#[derive(Serialize, ToSchema)]
pub struct RecommendationDto {
    pub id: i64,
    /// The activity that made it; null when the asker may not read that activity (a public
    /// recommendation of an activity kept from the portal is shown without naming it).
    pub oversight_id: Option<i64>,
    pub content: String,
    /// The body of the unit that must act on it.
    pub responsible_body_id: i64,
    pub deadline: Option<NaiveDate>,
    /// open, in_progress or done: it follows the responses, never typed.
    pub status: String,
    /// open, in_progress, done or overdue on the day asked (in Vietnam): not done by the end of
    /// its deadline day is overdue.
    pub follow_up: String,
    /// Oldest first; a withdrawn response is not among them.
    pub responses: Vec<RecommendationResponseDto>,
    /// Whether the portal shows it.
    pub public: bool,
}

/// A recommendation as the asker sees it on `today`; `names_activity` says whether they may read
/// its activity.
pub fn recommendation_dto(
    r: Recommendation,
    names_activity: bool,
    today: NaiveDate,
) -> RecommendationDto {
    let follow_up = r.follow_up(today).as_str().to_string();
    RecommendationDto {
        id: r.id,
        oversight_id: names_activity.then_some(r.oversight_id),
        content: r.content,
        responsible_body_id: r.responsible_body_id,
        deadline: r.deadline,
        status: r.status.as_str().to_string(),
        follow_up,
        responses: r
            .responses
            .into_iter()
            .map(RecommendationResponseDto::from)
            .collect(),
        public: r.public,
    }
}

/// The unit's oversight activities the asker may read, newest first.
#[utoipa::path(get, path = "/api/v1/oversight", params(PageQuery), responses((status = 200, body = Paged<OversightDto>), (status = 400, body = ApiErrorBody)))]
pub async fn oversights(
    ApiReader { state, v }: ApiReader,
    ApiQuery(paging): ApiQuery<PageQuery>,
) -> ApiResult<Paged<OversightDto>> {
    let list = state.app.oversights(&v).await?;
    Ok(Json(paging.of(list)?.map(oversight_dto)))
}

/// An oversight activity, with its `ETag`.
#[utoipa::path(get, path = "/api/v1/oversight/{id}", params(("id" = i64, Path, minimum = 1)),
    responses((status = 200, body = OversightDto, headers(("ETag" = String, description = "Phiên bản của bản ghi, để gửi lại trong If-Match"))), (status = 404, body = ApiErrorBody)))]
pub async fn oversight(
    ApiReader { state, v }: ApiReader,
    Api(IdParam(id)): Api<IdParam>,
) -> Result<Versioned<OversightDto>, ApiError> {
    let version = state.app.version_of(&v, OVERSIGHT, id).await?;
    let o = state.app.oversight(&v, id).await?;
    Ok(Versioned::read(version, oversight_dto(o)))
}

fn yes() -> bool {
    true
}

/// An oversight activity to record or change, whole. The fields are the workspace form's, so a
/// field the rules refuse is named the same way.
#[derive(Deserialize, ToSchema)]
pub struct OversightInputDto {
    /// thematic_supervision, hearing, inspection, check, front_supervision or social_critique;
    /// the last two are the Fatherland Front's own.
    kind: String,
    title: String,
    /// The body of the unit that conducts it: one the token's holder records oversight for.
    conducted_by: Option<i64>,
    /// The bodies of the unit it examines; at least one, or `other_subjects`.
    #[serde(default)]
    subject_body_ids: Vec<i64>,
    /// Subjects that are not bodies of the unit: "các trường THCS trên địa bàn".
    #[serde(default)]
    other_subjects: String,
    /// 2026-09-01, or as Vietnamese write it: 01/09/2026.
    starts_on: String,
    /// As `starts_on`; blank when not said.
    #[serde(default)]
    ends_on: String,
    /// The team, a member each: "Họ tên – vai trò" (a member without a role is a "Thành viên").
    #[serde(default)]
    team: Vec<String>,
    /// The documents, each "title | address" (within the site or https) or a title alone.
    #[serde(default)]
    documents: Vec<String>,
    /// The contents of the unit's programmes it serves, by id.
    #[serde(default)]
    item_ids: Vec<i64>,
    #[serde(default)]
    findings: String,
    /// Whether the portal shows the activity; true when absent.
    #[serde(default = "yes")]
    public: bool,
}

/// A list as the form's lines, an item a line (a line break inside an item becomes a space): the
/// domain reads the form's lines, one rule for both doors.
fn lines(items: &[String]) -> String {
    items
        .iter()
        .map(|l| l.replace(['\r', '\n'], " "))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The draft the input describes. The conducting body's kind comes from the unit's bodies, as the
/// form finds it (an id that names none of them is no choice: the rules then name
/// `conducted_by`); the subjects and contents go to the use case as they came, which refuses any
/// that is not the unit's.
async fn oversight_draft(
    state: &AppState,
    v: &app::Viewer,
    input: &OversightInputDto,
) -> Result<OversightDraft, ApiError> {
    let bodies = state.app.bodies(v).await?;
    let conducted_by = input
        .conducted_by
        .and_then(|id| bodies.iter().find(|b| b.id == id))
        .map(|b| (b.id, b.kind));
    let (team, documents) = (lines(&input.team), lines(&input.documents));
    OversightDraft::parse(&OversightInput {
        kind: &input.kind,
        title: &input.title,
        conducted_by,
        subject_body_ids: input.subject_body_ids.clone(),
        other_subjects: &input.other_subjects,
        starts_on: &input.starts_on,
        ends_on: &input.ends_on,
        team: &team,
        documents: &documents,
        item_ids: input.item_ids.clone(),
        findings: &input.findings,
        public: input.public,
    })
    .map_err(|e| ApiError(WebError::Invalid(e)))
}

/// Record an oversight activity, for the body that conducts it.
#[utoipa::path(post, path = "/api/v1/oversight", request_body = OversightInputDto, params(IdempotencyKey), security(("token" = [])),
    responses((status = 201, body = OversightDto, headers(("ETag" = String), ("Location" = String))), (status = 400, body = ApiErrorBody), (status = 401, body = ApiErrorBody), (status = 403, body = ApiErrorBody), (status = 422, body = ApiErrorBody)))]
pub async fn create_oversight(
    ApiActor { state, v }: ApiActor,
    key: IdempotencyKey,
    body: ApiJson<OversightInputDto>,
) -> Result<Versioned<OversightDto>, ApiError> {
    // Someone who records oversight for no body is refused before the body is read.
    state.app.require_some_conducting_body(&v).await?;
    let v = key.on(v, &body);
    let draft = oversight_draft(&state, &v, &body.value).await?;
    let id = created_id(&state, &v, || async {
        state.app.create_oversight(&v, &draft).await.map(|o| o.id)
    })
    .await?;
    let version = version_after(&state, &v, OVERSIGHT, id).await?;
    let o = state.app.oversight(&v, id).await?;
    Ok(Versioned::read(version, oversight_dto(o)).created(&v, format!("/api/v1/oversight/{id}")))
}

/// Change an oversight activity, whole; with `If-Match`, only if nobody changed it since. Handing
/// it to another body needs the right to record oversight for both.
#[utoipa::path(put, path = "/api/v1/oversight/{id}", params(("id" = i64, Path, minimum = 1), IfMatch), request_body = OversightInputDto, security(("token" = [])),
    responses((status = 200, body = OversightDto, headers(("ETag" = String))), (status = 400, body = ApiErrorBody), (status = 401, body = ApiErrorBody), (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody), (status = 412, body = ApiErrorBody), (status = 422, body = ApiErrorBody)))]
pub async fn update_oversight(
    ApiActor { state, v }: ApiActor,
    Api(IdParam(id)): Api<IdParam>,
    if_match: IfMatch,
    body: ApiJson<OversightInputDto>,
) -> Result<Versioned<OversightDto>, ApiError> {
    let v = if_match.on(v, OVERSIGHT, id);
    let before = state.app.oversight(&v, id).await?;
    v.require(&edit(&v, before.conducted_by))?;
    let draft = oversight_draft(&state, &v, &body.value).await?;
    let after = state.app.update_oversight(&v, id, &draft).await?;
    let version = version_after(&state, &v, OVERSIGHT, id).await?;
    Ok(Versioned::read(version, oversight_dto(after)))
}

/// The unit's recommendations the asker may read, by deadline (none last).
#[utoipa::path(get, path = "/api/v1/recommendations", params(PageQuery), responses((status = 200, body = Paged<RecommendationDto>), (status = 400, body = ApiErrorBody)))]
pub async fn recommendations(
    ApiReader { state, v }: ApiReader,
    ApiQuery(paging): ApiQuery<PageQuery>,
) -> ApiResult<Paged<RecommendationDto>> {
    // A recommendation names its activity only where the asker may read the activity.
    let readable: HashSet<i64> = state
        .app
        .oversights(&v)
        .await?
        .iter()
        .map(|o| o.id)
        .collect();
    let today = v.today();
    let list = state.app.recommendations(&v).await?;
    Ok(Json(paging.of(list)?.map(|r| {
        let named = readable.contains(&r.oversight_id);
        recommendation_dto(r, named, today)
    })))
}

/// A recommendation with its responses, and its `ETag`.
#[utoipa::path(get, path = "/api/v1/recommendations/{id}", params(("id" = i64, Path, minimum = 1)),
    responses((status = 200, body = RecommendationDto, headers(("ETag" = String, description = "Phiên bản của bản ghi, để gửi lại trong If-Match"))), (status = 404, body = ApiErrorBody)))]
pub async fn recommendation(
    ApiReader { state, v }: ApiReader,
    Api(IdParam(id)): Api<IdParam>,
) -> Result<Versioned<RecommendationDto>, ApiError> {
    let version = state.app.version_of(&v, RECOMMENDATION, id).await?;
    let (r, o) = state.app.recommendation(&v, id).await?;
    let named = state.app.may_read_oversight(&v, &o);
    Ok(Versioned::read(
        version,
        recommendation_dto(r, named, v.today()),
    ))
}

/// A recommendation to add or change, whole; its status is not among its fields, since it follows
/// the responses.
#[derive(Deserialize, ToSchema)]
pub struct RecommendationInputDto {
    content: String,
    /// The body of the unit that must act on it.
    responsible_body_id: Option<i64>,
    /// 2026-12-31, or as Vietnamese write it: 31/12/2026; blank when none is set.
    #[serde(default)]
    deadline: String,
    /// Whether the portal shows it; when absent, a new one is as public as its activity and a
    /// changed one stays as it was.
    public: Option<bool>,
}

/// The draft the input describes; the responsible body goes to the use case as it came, which
/// refuses one that is not the unit's.
fn recommendation_draft(
    input: &RecommendationInputDto,
    public_by_default: bool,
) -> Result<RecommendationDraft, ApiError> {
    RecommendationDraft::parse(
        &input.content,
        input.responsible_body_id,
        &input.deadline,
        input.public.unwrap_or(public_by_default),
    )
    .map_err(|e| ApiError(WebError::Invalid(e)))
}

/// Add a recommendation to an activity, for the body that conducted it.
#[utoipa::path(post, path = "/api/v1/oversight/{id}/recommendations", params(("id" = i64, Path, minimum = 1, description = "The activity"), IdempotencyKey), request_body = RecommendationInputDto, security(("token" = [])),
    responses((status = 201, body = RecommendationDto, headers(("ETag" = String), ("Location" = String))), (status = 400, body = ApiErrorBody), (status = 401, body = ApiErrorBody), (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody), (status = 422, body = ApiErrorBody)))]
pub async fn add_recommendation(
    ApiActor { state, v }: ApiActor,
    Api(IdParam(oversight_id)): Api<IdParam>,
    key: IdempotencyKey,
    body: ApiJson<RecommendationInputDto>,
) -> Result<Versioned<RecommendationDto>, ApiError> {
    let activity = state.app.oversight(&v, oversight_id).await?;
    v.require(&edit(&v, activity.conducted_by))?;
    let v = key.on(v, &body);
    let draft = recommendation_draft(&body.value, activity.public)?;
    let id = created_id(&state, &v, || async {
        state
            .app
            .add_recommendation(&v, activity.id, &draft)
            .await
            .map(|r| r.id)
    })
    .await?;
    let version = version_after(&state, &v, RECOMMENDATION, id).await?;
    let (r, o) = state.app.recommendation(&v, id).await?;
    let named = state.app.may_read_oversight(&v, &o);
    Ok(
        Versioned::read(version, recommendation_dto(r, named, v.today()))
            .created(&v, format!("/api/v1/recommendations/{id}")),
    )
}

/// Change what a recommendation asks, of whom, by when, whole; with `If-Match`, only if nobody
/// changed it (or answered it) since.
#[utoipa::path(put, path = "/api/v1/recommendations/{id}", params(("id" = i64, Path, minimum = 1), IfMatch), request_body = RecommendationInputDto, security(("token" = [])),
    responses((status = 200, body = RecommendationDto, headers(("ETag" = String))), (status = 400, body = ApiErrorBody), (status = 401, body = ApiErrorBody), (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody), (status = 412, body = ApiErrorBody), (status = 422, body = ApiErrorBody)))]
pub async fn update_recommendation(
    ApiActor { state, v }: ApiActor,
    Api(IdParam(id)): Api<IdParam>,
    if_match: IfMatch,
    body: ApiJson<RecommendationInputDto>,
) -> Result<Versioned<RecommendationDto>, ApiError> {
    let v = if_match.on(v, RECOMMENDATION, id);
    let (before, o) = state.app.recommendation(&v, id).await?;
    v.require(&edit(&v, o.conducted_by))?;
    let draft = recommendation_draft(&body.value, before.public)?;
    let after = state.app.update_recommendation(&v, id, &draft).await?;
    let version = version_after(&state, &v, RECOMMENDATION, id).await?;
    let named = state.app.may_read_oversight(&v, &o);
    Ok(Versioned::read(
        version,
        recommendation_dto(after, named, v.today()),
    ))
}

/// A response to record.
#[derive(Deserialize, ToSchema)]
pub struct ResponseInputDto {
    /// The day it was given: 2026-06-30, or 30/06/2026; today when blank or absent.
    #[serde(default)]
    on: String,
    /// The body that answered: only the body the recommendation is addressed to; absent when
    /// the response does not say.
    from_body_id: Option<i64>,
    text: String,
    /// Whether it reports the recommendation carried out, which makes it done.
    #[serde(default)]
    closes: bool,
}

/// Record a response of the body the recommendation is addressed to; its status follows. With
/// `If-Match`, only if nobody changed or answered it since — the way to send it again safely.
#[utoipa::path(post, path = "/api/v1/recommendations/{id}/responses", params(("id" = i64, Path, minimum = 1, description = "The recommendation"), IfMatch), request_body = ResponseInputDto, security(("token" = [])),
    responses((status = 200, body = RecommendationDto, headers(("ETag" = String))), (status = 400, body = ApiErrorBody), (status = 401, body = ApiErrorBody), (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody), (status = 412, body = ApiErrorBody), (status = 422, body = ApiErrorBody)))]
pub async fn respond(
    ApiActor { state, v }: ApiActor,
    Api(IdParam(id)): Api<IdParam>,
    if_match: IfMatch,
    body: ApiJson<ResponseInputDto>,
) -> Result<Versioned<RecommendationDto>, ApiError> {
    let v = if_match.on(v, RECOMMENDATION, id);
    let (r, o) = state.app.recommendation(&v, id).await?;
    v.require(&Action::RespondRecommendation {
        unit_id: v.unit_id(),
        responsible_body_id: r.responsible_body_id,
    })?;
    let input = &body.value;
    // As the form reads it: a blank day is today, anything else must be a day.
    let on = domain::time::parse_date(&input.on)
        .or_else(|| input.on.trim().is_empty().then(|| v.today()));
    let response = RecResponse::parse(on, input.from_body_id, &input.text, input.closes)
        .map_err(|e| ApiError(WebError::Invalid(e)))?;
    let after = state.app.respond(&v, id, &response).await?;
    let version = version_after(&state, &v, RECOMMENDATION, id).await?;
    let named = state.app.may_read_oversight(&v, &o);
    Ok(Versioned::read(
        version,
        recommendation_dto(after, named, v.today()),
    ))
}
