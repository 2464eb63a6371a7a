//! `/api/v1/changes`: the unit's changes after a point of its change log, oldest first, so that
//! a program keeps another system in step by asking for what came after the last change it saw
//! instead of reading every list again.

use axum::Json;
use chrono::{DateTime, Utc};
use domain::entity::Entity;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::contract::{query_number, ApiQuery, PageQuery};
use super::{ApiErrorBody, ApiResult};
use crate::auth::ApiReader;

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ChangesQuery {
    /// The `seq` of the last change already seen; 0 (or blank) for the first.
    #[param(pattern = "^$|^0$|^[1-9][0-9]{0,17}$")]
    pub after: Option<String>,
}

/// One change of a record of the unit.
#[derive(Serialize, ToSchema)]
pub struct ChangeDto {
    /// Its place in the unit's log: ask `?after=` the last one seen for what follows it.
    pub seq: i64,
    pub at: DateTime<Utc>,
    /// The kind of record: article, target, meeting, programme_item…
    pub kind: String,
    pub id: i64,
    /// create, update, delete, withdraw or restore
    pub action: String,
    /// Where the API serves the record, when it serves it on its own.
    pub href: Option<String>,
}

/// A run of changes: the first `per_page` after `after`, and how many follow it in all.
#[derive(Serialize, ToSchema)]
pub struct ChangesDto {
    pub after: i64,
    /// How many changes follow `after` in all.
    pub total: i64,
    pub per_page: i64,
    pub items: Vec<ChangeDto>,
    /// What to ask `?after=` next: the last change of this run, or `after` when there was none.
    pub next_after: i64,
    /// Whether more changes follow this run already (ask again at once) or not yet (ask later).
    pub has_more: bool,
}

/// The unit's changes after `after`, oldest first, with a token of its staff (or of a unit above).
#[utoipa::path(get, path = "/api/v1/changes", params(ChangesQuery, PageQuery), security(("token" = [])),
    responses((status = 200, body = ChangesDto), (status = 400, body = ApiErrorBody), (status = 401, body = ApiErrorBody), (status = 403, body = ApiErrorBody)))]
pub async fn changes(
    ApiReader { state, v }: ApiReader,
    ApiQuery(q): ApiQuery<ChangesQuery>,
    ApiQuery(paging): ApiQuery<PageQuery>,
) -> ApiResult<ChangesDto> {
    let after = query_number("after", q.after.as_deref(), 0, i64::MAX / 10)?.unwrap_or(0);
    let (_, per_page) = paging.bounds()?;
    let found = state.app.changes_after(&v, after, per_page).await?;
    let has_more = found.total > found.items.len() as i64;
    let next_after = found.items.last().map_or(after, |c| c.seq);
    Ok(Json(ChangesDto {
        after,
        total: found.total,
        per_page,
        next_after,
        has_more,
        items: found
            .items
            .into_iter()
            .map(|c| ChangeDto {
                seq: c.seq,
                at: c.at,
                kind: c.entity.as_str().to_string(),
                id: c.id,
                href: href(c.entity, c.id, c.slug.as_deref()),
                action: c.action,
            })
            .collect(),
    }))
}

/// The API's address of a record that it serves on its own.
fn href(entity: Entity, id: i64, slug: Option<&str>) -> Option<String> {
    match entity {
        Entity::Article => slug.map(|s| format!("/api/v1/articles/{s}")),
        Entity::Target => Some(format!("/api/v1/targets/{id}")),
        Entity::Meeting | Entity::MeetingDetails => Some(format!("/api/v1/meetings/{id}")),
        _ => None,
    }
}
