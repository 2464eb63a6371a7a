//! A programme's contents in the API: an item added to a year's programme, changed, and its
//! progress noted — the same use cases and messages as the workspace's forms. A change to a signed
//! programme's contents opens an amendment there as here; the public reads the signed version in
//! `/programmes/{year}`, and an item on its own is the staff's.

use chrono::NaiveDate;
use domain::entity::Entity;
use domain::programme::{ItemDraft, ItemInput, ProgrammeItem, ProgressNote};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::contract::{created_id, ApiJson, IdempotencyKey, IfMatch, Versioned};
use super::writes::version_after;
use super::{Api, ApiError, ApiErrorBody};
use crate::auth::ApiActor;
use crate::extract::{IdParam, YearParam};
use crate::{AppState, WebError};

/// What changes an item as the API shows it: the item and its progress notes.
pub const ITEM: &[Entity] = &[Entity::ProgrammeItem];

/// A progress note of an item.
#[derive(Serialize, ToSchema)]
pub struct ProgressNoteDto {
    pub on: NaiveDate,
    pub text: String,
}

/// A coordination content as the workspace edits it, with its progress notes.
#[derive(Serialize, ToSchema)]
pub struct ItemDetailDto {
    pub id: i64,
    pub programme_id: i64,
    pub position: i64,
    pub content: String,
    pub lead_body_id: i64,
    pub partner_body_ids: Vec<i64>,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    /// not_started, in_progress, done or postponed
    pub status: String,
    pub notes: Vec<ProgressNoteDto>,
}

fn item_dto(i: ProgrammeItem) -> ItemDetailDto {
    ItemDetailDto {
        id: i.id,
        programme_id: i.programme_id,
        position: i.position,
        content: i.content,
        lead_body_id: i.lead_body_id,
        partner_body_ids: i.partner_body_ids,
        starts_on: i.time_frame.starts_on,
        ends_on: i.time_frame.ends_on,
        status: i.status.as_str().to_string(),
        notes: i
            .notes
            .into_iter()
            .map(|n| ProgressNoteDto {
                on: n.on,
                text: n.text,
            })
            .collect(),
    }
}

/// An item to add or to change, whole.
#[derive(Deserialize, ToSchema)]
pub struct ItemInputDto {
    content: String,
    /// The body that leads it: one of the unit's own.
    lead_body_id: Option<i64>,
    /// The bodies that take part, the unit's own.
    #[serde(default)]
    partner_body_ids: Vec<i64>,
    /// 2026-01-01 or 01/01/2026.
    starts_on: String,
    ends_on: String,
    /// not_started, in_progress, done or postponed
    status: String,
}

impl ItemInputDto {
    fn draft(&self) -> Result<ItemDraft, ApiError> {
        ItemDraft::from_input(&ItemInput {
            content: &self.content,
            lead_body_id: self.lead_body_id,
            partner_body_ids: self.partner_body_ids.clone(),
            starts_on: &self.starts_on,
            ends_on: &self.ends_on,
            status: &self.status,
        })
        .map_err(|e| ApiError(WebError::Invalid(e)))
    }
}

/// An item answered with its version.
async fn answer(
    state: &AppState,
    v: &app::Viewer,
    id: i64,
) -> Result<Versioned<ItemDetailDto>, ApiError> {
    let version = version_after(state, v, ITEM, id).await?;
    let (item, _) = state.app.item(v, id).await?;
    Ok(Versioned::read(version, item_dto(item)))
}

/// An item as the workspace edits it, with its progress notes and its `ETag`: the unit's staff's;
/// to anyone else it does not exist.
#[utoipa::path(get, path = "/api/v1/items/{id}", params(("id" = i64, Path, minimum = 1)),
    responses((status = 200, body = ItemDetailDto, headers(("ETag" = String))), (status = 401, body = ApiErrorBody), (status = 404, body = ApiErrorBody)))]
pub async fn item(
    crate::auth::ApiReader { state, v }: crate::auth::ApiReader,
    Api(IdParam(id)): Api<IdParam>,
) -> Result<Versioned<ItemDetailDto>, ApiError> {
    // Not the staff's: as missing as a record that is not there.
    if !v.is_staff() {
        return Err(ApiError(WebError::NotFound));
    }
    let version = state.app.version_of(&v, ITEM, id).await?;
    let (item, _) = state.app.item(&v, id).await?;
    Ok(Versioned::read(version, item_dto(item)))
}

/// Add a content to a year's programme (an amendment, once the programme is signed).
#[utoipa::path(post, path = "/api/v1/programmes/{year}/items", params(("year" = i32, Path, description = "Năm, ví dụ 2026", example = 2026), IdempotencyKey), request_body = ItemInputDto, security(("token" = [])),
    responses((status = 201, body = ItemDetailDto, headers(("ETag" = String), ("Location" = String))), (status = 400, body = ApiErrorBody), (status = 401, body = ApiErrorBody), (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody), (status = 422, body = ApiErrorBody)))]
pub async fn create_item(
    ApiActor { state, v }: ApiActor,
    Api(YearParam(year)): Api<YearParam>,
    key: IdempotencyKey,
    body: ApiJson<ItemInputDto>,
) -> Result<Versioned<ItemDetailDto>, ApiError> {
    let v = key.on(v, &body);
    let draft = body.value.draft()?;
    let id = created_id(&state, &v, || async {
        state.app.add_item(&v, year, &draft).await.map(|i| i.id)
    })
    .await?;
    Ok(answer(&state, &v, id)
        .await?
        .created(&v, format!("/api/v1/items/{id}")))
}

/// Change a content, whole; with `If-Match`, only if nobody changed it since.
#[utoipa::path(put, path = "/api/v1/items/{id}", params(("id" = i64, Path, minimum = 1), IfMatch), request_body = ItemInputDto, security(("token" = [])),
    responses((status = 200, body = ItemDetailDto, headers(("ETag" = String))), (status = 400, body = ApiErrorBody), (status = 401, body = ApiErrorBody), (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody), (status = 412, body = ApiErrorBody), (status = 422, body = ApiErrorBody)))]
pub async fn update_item(
    ApiActor { state, v }: ApiActor,
    Api(IdParam(id)): Api<IdParam>,
    if_match: IfMatch,
    body: ApiJson<ItemInputDto>,
) -> Result<Versioned<ItemDetailDto>, ApiError> {
    let v = if_match.on(v, ITEM, id);
    let draft = body.value.draft()?;
    state.app.update_item(&v, id, &draft).await?;
    answer(&state, &v, id).await
}

/// A note of progress on a day.
#[derive(Deserialize, ToSchema)]
pub struct ProgressNoteInput {
    /// The day it reports on (YYYY-MM-DD); today when absent.
    #[schema(format = Date)]
    on: Option<String>,
    text: String,
}

/// Note an item's progress; with `If-Match`, only if nobody changed the item since.
#[utoipa::path(post, path = "/api/v1/items/{id}/progress", params(("id" = i64, Path, minimum = 1), IfMatch), request_body = ProgressNoteInput, security(("token" = [])),
    responses((status = 200, body = ItemDetailDto, headers(("ETag" = String))), (status = 400, body = ApiErrorBody), (status = 401, body = ApiErrorBody), (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody), (status = 412, body = ApiErrorBody), (status = 422, body = ApiErrorBody)))]
pub async fn add_progress(
    ApiActor { state, v }: ApiActor,
    Api(IdParam(id)): Api<IdParam>,
    if_match: IfMatch,
    body: ApiJson<ProgressNoteInput>,
) -> Result<Versioned<ItemDetailDto>, ApiError> {
    let v = if_match.on(v, ITEM, id);
    let on = match body.value.on.as_deref().filter(|s| !s.is_empty()) {
        None => v.today(),
        Some(s) => NaiveDate::parse_from_str(s, "%Y-%m-%d")
            .ok()
            .filter(|d| domain::time::YEARS.contains(&chrono::Datelike::year(d)))
            .ok_or_else(|| {
                ApiError(WebError::Invalid(domain::ValidationError::single(
                    "on",
                    "Ngày không hợp lệ (YYYY-MM-DD)",
                )))
            })?,
    };
    let note = ProgressNote {
        on,
        text: body.value.text.clone(),
    };
    state.app.add_progress_note(&v, id, note).await?;
    answer(&state, &v, id).await
}
