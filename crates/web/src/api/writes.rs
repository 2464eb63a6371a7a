//! The API's writes, each with a personal token and the same rules as the forms: articles
//! (create, replace) and targets (change).

use axum::http::StatusCode;
use axum::Json;
use chrono::{DateTime, Utc};
use domain::access::Action;
use serde::Deserialize;
use utoipa::ToSchema;

use super::reads::{article_dto, target_dto, ArticleDto, TargetDto};
use super::{Api, ApiError, ApiErrorBody, ApiResult};
use crate::auth::ApiActor;
use crate::extract::{IdParam, SlugParam};
use crate::{AppState, WebError};

/// An article to create or replace.
#[derive(Deserialize, ToSchema)]
pub struct ArticleInput {
    title: String,
    /// Derived from the title when absent.
    #[serde(default)]
    slug: String,
    #[serde(default)]
    summary: String,
    /// HTML; it is sanitised before it is stored.
    body_html: String,
    #[serde(default)]
    byline: String,
    /// Absent or null: a draft. In the future: scheduled.
    published_at: Option<DateTime<Utc>>,
    /// Category slugs.
    #[serde(default)]
    categories: Vec<String>,
}

async fn parse_article_input(
    state: &AppState,
    v: &app::Viewer,
    input: &ArticleInput,
) -> Result<domain::article::ArticleDraft, ApiError> {
    let all = state.app.categories(v).await?;
    let mut ids = Vec::new();
    for slug in &input.categories {
        let c = all
            .iter()
            .find(|c| c.slug.as_str() == slug)
            .ok_or_else(|| {
                ApiError(WebError::Invalid(domain::ValidationError::single(
                    "categories",
                    format!("Không có danh mục “{slug}”"),
                )))
            })?;
        ids.push(c.id);
    }
    domain::article::ArticleDraft::parse(
        &input.title,
        &input.slug,
        &input.summary,
        &input.body_html,
        &input.byline,
        input.published_at,
        ids,
    )
    .map_err(|e| ApiError(WebError::Invalid(e)))
}

/// Write a news article (a draft, scheduled or published).
#[utoipa::path(post, path = "/api/v1/articles", request_body = ArticleInput, security(("token" = [])),
    responses((status = 201, body = ArticleDto), (status = 401, body = ApiErrorBody), (status = 403, body = ApiErrorBody), (status = 422, body = ApiErrorBody)))]
pub async fn create_article(
    ApiActor { state, v }: ApiActor,
    Json(input): Json<ArticleInput>,
) -> Result<(StatusCode, Json<ArticleDto>), ApiError> {
    v.require_here(|unit_id| Action::EditArticle { unit_id })?;
    let draft = parse_article_input(&state, &v, &input).await?;
    let article = state.app.create_article(&v, draft).await?;
    let categories = state.app.categories(&v).await?;
    Ok((StatusCode::CREATED, Json(article_dto(article, &categories))))
}

/// Replace an article's fields.
#[utoipa::path(put, path = "/api/v1/articles/{slug}", params(("slug" = String, Path)), request_body = ArticleInput, security(("token" = [])),
    responses((status = 200, body = ArticleDto), (status = 401, body = ApiErrorBody), (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody), (status = 422, body = ApiErrorBody)))]
pub async fn update_article(
    ApiActor { state, v }: ApiActor,
    Api(SlugParam(slug)): Api<SlugParam>,
    Json(input): Json<ArticleInput>,
) -> ApiResult<ArticleDto> {
    v.require_here(|unit_id| Action::EditArticle { unit_id })?;
    let before = state.app.article(&v, &slug).await?;
    let draft = parse_article_input(&state, &v, &input).await?;
    let after = state.app.update_article(&v, before.id, &draft).await?;
    let categories = state.app.categories(&v).await?;
    Ok(Json(article_dto(after, &categories)))
}

/// A target's new values. Absent fields keep their value; quantities are strings ("104,2" or "104.2").
#[derive(Deserialize, ToSchema)]
pub struct TargetInput {
    /// The code by which imports find the target, unique in its programme.
    code: Option<String>,
    name: Option<String>,
    measure: Option<String>,
    /// higher, lower, yes_no or rank
    direction: Option<String>,
    plan: Option<String>,
    /// An empty string clears it.
    actual: Option<String>,
    note: Option<String>,
    /// `true` to change a target of a programme already reviewed, whose review figures follow it;
    /// without it such a change answers 409 and writes nothing.
    review_confirmed: Option<bool>,
}

/// Change a target: its plan, its actual value, or its definition.
#[utoipa::path(put, path = "/api/v1/targets/{id}", params(("id" = i64, Path)), request_body = TargetInput, security(("token" = [])),
    responses((status = 200, body = TargetDto), (status = 401, body = ApiErrorBody), (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody), (status = 409, body = ApiErrorBody), (status = 422, body = ApiErrorBody)))]
pub async fn update_target(
    ApiActor { state, v }: ApiActor,
    Api(IdParam(id)): Api<IdParam>,
    Json(input): Json<TargetInput>,
) -> ApiResult<TargetDto> {
    let (t, _) = state.app.target(&v, id).await?;
    v.require(&Action::EditTarget {
        unit_id: v.unit_id(),
        reporting_body_id: t.reporting_body_id,
    })?;
    let keep = |v: &Option<String>, old: String| v.clone().unwrap_or(old);
    let draft = domain::target::TargetDraft::parse(
        &keep(&input.code, t.code.clone()),
        &keep(&input.name, t.name.clone()),
        &keep(&input.measure, t.measure.clone()),
        &keep(&input.direction, t.direction.as_str().to_string()),
        &keep(&input.plan, t.plan.to_string()),
        &keep(
            &input.actual,
            t.actual.map(|a| a.to_string()).unwrap_or_default(),
        ),
        t.reporting_body_id,
        &keep(&input.note, t.note.clone().unwrap_or_default()),
    )
    .map_err(|e| ApiError(WebError::Invalid(e)))?;
    let confirmed = input.review_confirmed.unwrap_or(false);
    let after = state.app.update_target(&v, id, &draft, confirmed).await?;
    Ok(Json(target_dto(&after)))
}
