//! The organisation in the API: the unit's people and posts listed for its staff, and bodies,
//! people, posts and appointments added (and appointments ended) by its administrator, through
//! the same use case, rules and messages as the workspace's page; ids in the body must be the
//! unit's own.

use axum::Json;
use chrono::NaiveDate;
use domain::body::BodyKind;
use domain::entity::Entity;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use app::OrganisationChange;

use super::contract::{created_id, ApiJson, ApiQuery, IdempotencyKey, PageQuery, Paged, Versioned};
use super::writes::version_after;
use super::{Api, ApiError, ApiErrorBody, ApiResult};
use crate::auth::{ApiActor, ApiReader};
use crate::extract::IdParam;
use crate::{AppState, WebError};

/// A body of the unit, as written.
#[derive(Serialize, ToSchema)]
pub struct BodyRecordDto {
    pub id: i64,
    /// party_committee, peoples_council, peoples_committee, fatherland_front, council_committee…
    pub kind: String,
    pub name: String,
    pub short_name: String,
    pub parent_body_id: Option<i64>,
}

/// A person of the unit.
#[derive(Serialize, ToSchema)]
pub struct PersonDto {
    pub id: i64,
    pub full_name: String,
}

/// A post of one of the unit's bodies.
#[derive(Serialize, ToSchema)]
pub struct PostDto {
    pub id: i64,
    pub body_id: i64,
    pub title: String,
}

/// Someone holding a post from a day (until another, once ended).
#[derive(Serialize, ToSchema)]
pub struct MembershipDto {
    pub id: i64,
    pub person_id: Option<i64>,
    pub post_id: Option<i64>,
    pub starts_on: Option<NaiveDate>,
    pub ends_on: Option<NaiveDate>,
}

/// The unit's people, by name: its staff's.
#[utoipa::path(get, path = "/api/v1/people", params(PageQuery), security(("token" = [])),
    responses((status = 200, body = Paged<PersonDto>), (status = 400, body = ApiErrorBody), (status = 401, body = ApiErrorBody), (status = 403, body = ApiErrorBody)))]
pub async fn people(
    ApiReader { state, v }: ApiReader,
    ApiQuery(paging): ApiQuery<PageQuery>,
) -> ApiResult<Paged<PersonDto>> {
    let (people, _) = state.app.people_and_posts(&v).await?;
    Ok(Json(paging.of(people)?.map(|p| PersonDto {
        id: p.id,
        full_name: p.full_name,
    })))
}

/// The posts of the unit's bodies: its staff's.
#[utoipa::path(get, path = "/api/v1/posts", params(PageQuery), security(("token" = [])),
    responses((status = 200, body = Paged<PostDto>), (status = 400, body = ApiErrorBody), (status = 401, body = ApiErrorBody), (status = 403, body = ApiErrorBody)))]
pub async fn posts(
    ApiReader { state, v }: ApiReader,
    ApiQuery(paging): ApiQuery<PageQuery>,
) -> ApiResult<Paged<PostDto>> {
    let (_, posts) = state.app.people_and_posts(&v).await?;
    Ok(Json(paging.of(posts)?.map(|p| PostDto {
        id: p.id,
        body_id: p.body_id,
        title: p.title,
    })))
}

/// A change made, answered with what it made and its version (201; these records are read in
/// their lists, not each at an address of its own).
async fn made<T>(
    state: &AppState,
    v: &app::Viewer,
    entity: Entity,
    id: i64,
    body: T,
) -> Result<Versioned<T>, ApiError> {
    let version = version_after(state, v, &[entity], id).await?;
    Ok(Versioned {
        status: axum::http::StatusCode::CREATED,
        ..Versioned::read(version, body)
    })
}

/// The id of what a change created, or a refusal: a change that creates nothing cannot say what.
async fn change(
    state: &AppState,
    v: &app::Viewer,
    change: OrganisationChange,
) -> Result<i64, ApiError> {
    created_id(state, v, || async {
        state
            .app
            .change_organisation(v, change)
            .await?
            .ok_or_else(|| app::AppError::Internal("a creation made no record".into()))
    })
    .await
}

/// A body to add.
#[derive(Deserialize, ToSchema)]
pub struct BodyInput {
    /// party_committee, peoples_council, peoples_committee, fatherland_front, council_committee…
    kind: String,
    name: String,
    short_name: String,
    /// The body it belongs to (a council's committee), the unit's own.
    parent_body_id: Option<i64>,
}

/// Add a body to the unit.
#[utoipa::path(post, path = "/api/v1/bodies", request_body = BodyInput, params(IdempotencyKey), security(("token" = [])),
    responses((status = 201, body = BodyRecordDto, headers(("ETag" = String))), (status = 400, body = ApiErrorBody), (status = 401, body = ApiErrorBody), (status = 403, body = ApiErrorBody), (status = 422, body = ApiErrorBody)))]
pub async fn create_body(
    ApiActor { state, v }: ApiActor,
    key: IdempotencyKey,
    body: ApiJson<BodyInput>,
) -> Result<Versioned<BodyRecordDto>, ApiError> {
    let v = key.on(v, &body);
    let input = &body.value;
    let kind = BodyKind::parse(&input.kind).ok_or_else(|| {
        ApiError(WebError::Invalid(domain::ValidationError::single(
            "kind",
            "Hãy chọn loại cơ quan",
        )))
    })?;
    let id = change(
        &state,
        &v,
        OrganisationChange::Body {
            kind,
            name: input.name.clone(),
            short_name: input.short_name.clone(),
            parent_body_id: input.parent_body_id,
        },
    )
    .await?;
    let b = state
        .app
        .bodies(&v)
        .await?
        .into_iter()
        .find(|b| b.id == id)
        .ok_or(ApiError(WebError::NotFound))?;
    let dto = BodyRecordDto {
        id: b.id,
        kind: b.kind.as_str().to_string(),
        name: b.name,
        short_name: b.short_name,
        parent_body_id: b.parent_body_id,
    };
    made(&state, &v, Entity::Body, id, dto).await
}

/// A person to add.
#[derive(Deserialize, ToSchema)]
pub struct PersonInput {
    full_name: String,
}

/// Add a person to the unit's records.
#[utoipa::path(post, path = "/api/v1/people", request_body = PersonInput, params(IdempotencyKey), security(("token" = [])),
    responses((status = 201, body = PersonDto, headers(("ETag" = String))), (status = 400, body = ApiErrorBody), (status = 401, body = ApiErrorBody), (status = 403, body = ApiErrorBody), (status = 422, body = ApiErrorBody)))]
pub async fn create_person(
    ApiActor { state, v }: ApiActor,
    key: IdempotencyKey,
    body: ApiJson<PersonInput>,
) -> Result<Versioned<PersonDto>, ApiError> {
    let v = key.on(v, &body);
    let full_name = body.value.full_name.clone();
    let id = change(&state, &v, OrganisationChange::Person { full_name }).await?;
    let (people, _) = state.app.people_and_posts(&v).await?;
    let p = people
        .into_iter()
        .find(|p| p.id == id)
        .ok_or(ApiError(WebError::NotFound))?;
    let dto = PersonDto {
        id,
        full_name: p.full_name,
    };
    made(&state, &v, Entity::Person, id, dto).await
}

/// A post to add to one of the unit's bodies.
#[derive(Deserialize, ToSchema)]
pub struct PostInput {
    body_id: i64,
    /// "Chủ tịch", "Phó Chủ tịch"…
    title: String,
}

/// Add a post to a body of the unit.
#[utoipa::path(post, path = "/api/v1/posts", request_body = PostInput, params(IdempotencyKey), security(("token" = [])),
    responses((status = 201, body = PostDto, headers(("ETag" = String))), (status = 400, body = ApiErrorBody), (status = 401, body = ApiErrorBody), (status = 403, body = ApiErrorBody), (status = 422, body = ApiErrorBody)))]
pub async fn create_post(
    ApiActor { state, v }: ApiActor,
    key: IdempotencyKey,
    body: ApiJson<PostInput>,
) -> Result<Versioned<PostDto>, ApiError> {
    let v = key.on(v, &body);
    let input = &body.value;
    let id = change(
        &state,
        &v,
        OrganisationChange::Post {
            body_id: input.body_id,
            title: input.title.clone(),
        },
    )
    .await?;
    let (_, posts) = state.app.people_and_posts(&v).await?;
    let p = posts
        .into_iter()
        .find(|p| p.id == id)
        .ok_or(ApiError(WebError::NotFound))?;
    let dto = PostDto {
        id,
        body_id: p.body_id,
        title: p.title,
    };
    made(&state, &v, Entity::Post, id, dto).await
}

/// A person of the unit appointed to a post of the unit from a day.
#[derive(Deserialize, ToSchema)]
pub struct AppointInput {
    person_id: i64,
    post_id: i64,
    /// YYYY-MM-DD (or 01/07/2025).
    starts_on: String,
}

/// A day of an input, or its field's error.
fn day(field: &'static str, s: &str) -> Result<NaiveDate, ApiError> {
    domain::time::parse_date(s).ok_or_else(|| {
        ApiError(WebError::Invalid(domain::ValidationError::single(
            field,
            "Ngày không hợp lệ (YYYY-MM-DD)",
        )))
    })
}

/// Appoint a person of the unit to a post of the unit.
#[utoipa::path(post, path = "/api/v1/memberships", request_body = AppointInput, params(IdempotencyKey), security(("token" = [])),
    responses((status = 201, body = MembershipDto, headers(("ETag" = String))), (status = 400, body = ApiErrorBody), (status = 401, body = ApiErrorBody), (status = 403, body = ApiErrorBody), (status = 422, body = ApiErrorBody)))]
pub async fn appoint(
    ApiActor { state, v }: ApiActor,
    key: IdempotencyKey,
    body: ApiJson<AppointInput>,
) -> Result<Versioned<MembershipDto>, ApiError> {
    let v = key.on(v, &body);
    let input = &body.value;
    let starts_on = day("starts_on", &input.starts_on)?;
    let id = change(
        &state,
        &v,
        OrganisationChange::Appoint {
            person_id: input.person_id,
            post_id: input.post_id,
            starts_on,
        },
    )
    .await?;
    let dto = MembershipDto {
        id,
        person_id: Some(input.person_id),
        post_id: Some(input.post_id),
        starts_on: Some(starts_on),
        ends_on: None,
    };
    made(&state, &v, Entity::Membership, id, dto).await
}

/// The last day of an appointment.
#[derive(Deserialize, ToSchema)]
pub struct EndInput {
    /// YYYY-MM-DD (or 30/06/2025).
    ends_on: String,
}

/// End an appointment of the unit on a day.
#[utoipa::path(post, path = "/api/v1/memberships/{id}/end", params(("id" = i64, Path, minimum = 1)), request_body = EndInput, security(("token" = [])),
    responses((status = 200, body = MembershipDto, headers(("ETag" = String))), (status = 400, body = ApiErrorBody), (status = 401, body = ApiErrorBody), (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody), (status = 422, body = ApiErrorBody)))]
pub async fn end_membership(
    ApiActor { state, v }: ApiActor,
    Api(IdParam(id)): Api<IdParam>,
    body: ApiJson<EndInput>,
) -> Result<Versioned<MembershipDto>, ApiError> {
    let ends_on = day("ends_on", &body.value.ends_on)?;
    let end = OrganisationChange::End {
        membership_id: id,
        ends_on,
    };
    match state.app.change_organisation(&v, end).await {
        Ok(_) => {}
        // The id came in the path: another unit's appointment is not found here.
        Err(app::AppError::Invalid(e)) if e.errors.iter().any(|f| f.field == "membership_id") => {
            return Err(ApiError(WebError::NotFound));
        }
        Err(e) => return Err(e.into()),
    }
    let version = version_after(&state, &v, &[Entity::Membership], id).await?;
    Ok(Versioned::read(
        version,
        MembershipDto {
            id,
            person_id: None,
            post_id: None,
            starts_on: None,
            ends_on: Some(ends_on),
        },
    ))
}
