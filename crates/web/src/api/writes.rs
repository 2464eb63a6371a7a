//! The API's writes, each with a personal token and the same rules as the forms: articles
//! (create, replace) and targets (add, change). A creation honours `Idempotency-Key`, a change
//! `If-Match`; each answers the record with its new `ETag`.

use chrono::{DateTime, Utc};
use domain::access::Action;
use domain::entity::Entity;
use serde::Deserialize;
use utoipa::ToSchema;

use super::contract::{created_id, ApiJson, IdempotencyKey, IfMatch, Versioned};
use super::reads::{article_dto, target_dto, ArticleDto, TargetDto, ARTICLE};
use super::{Api, ApiError, ApiErrorBody};
use crate::auth::ApiActor;
use crate::extract::{IdParam, SlugParam, YearParam};
use crate::{AppState, WebError};

/// The version of a record after `v`'s write: the write's own, or the record's when the write
/// found nothing to change and wrote nothing.
pub(crate) async fn version_after(
    state: &AppState,
    v: &app::Viewer,
    entities: &[Entity],
    id: i64,
) -> Result<i64, ApiError> {
    match v.written_version() {
        0 => Ok(state.app.version_of(v, entities, id).await?),
        n => Ok(n),
    }
}

/// An article to create or replace.
#[derive(Deserialize, ToSchema)]
pub struct ArticleInput {
    title: String,
    /// The article's address: derived from the title when absent from a new article; kept
    /// when absent from a change, so that links to it keep working.
    #[serde(default)]
    slug: String,
    #[serde(default)]
    summary: String,
    /// HTML; it is sanitised before it is stored.
    body_html: String,
    #[serde(default)]
    byline: String,
    /// Absent or null: a draft. In the future: scheduled. RFC 3339.
    published_at: Option<DateTime<Utc>>,
    /// Category slugs.
    #[serde(default)]
    categories: Vec<String>,
}

async fn parse_article_input(
    state: &AppState,
    v: &app::Viewer,
    input: &ArticleInput,
    current_slug: Option<&str>,
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
    let slug = match current_slug {
        Some(current) if input.slug.trim().is_empty() => current,
        _ => &input.slug,
    };
    domain::article::ArticleDraft::parse(
        &input.title,
        slug,
        &input.summary,
        &input.body_html,
        &input.byline,
        input.published_at,
        ids,
    )
    .map_err(|e| ApiError(WebError::Invalid(e)))
}

/// An article as written, with its address in the API.
async fn article_answer(
    state: &AppState,
    v: &app::Viewer,
    a: domain::article::Article,
) -> Result<Versioned<ArticleDto>, ApiError> {
    let version = version_after(state, v, ARTICLE, a.id).await?;
    let categories = state.app.categories(v).await?;
    Ok(Versioned::read(
        version,
        article_dto(a, &categories, v.now()),
    ))
}

/// Write a news article (a draft, scheduled or published).
#[utoipa::path(post, path = "/api/v1/articles", request_body = ArticleInput, params(IdempotencyKey), security(("token" = [])),
    responses((status = 201, body = ArticleDto, headers(("ETag" = String), ("Location" = String))), (status = 400, body = ApiErrorBody), (status = 401, body = ApiErrorBody), (status = 403, body = ApiErrorBody), (status = 422, body = ApiErrorBody)))]
pub async fn create_article(
    ApiActor { state, v }: ApiActor,
    key: IdempotencyKey,
    body: ApiJson<ArticleInput>,
) -> Result<Versioned<ArticleDto>, ApiError> {
    v.require_here(|unit_id| Action::EditArticle { unit_id })?;
    let v = key.on(v, &body);
    let draft = parse_article_input(&state, &v, &body.value, None).await?;
    let id = created_id(&state, &v, || async {
        state.app.create_article(&v, draft).await.map(|a| a.id)
    })
    .await?;
    let article = state.app.article_by_id(&v, id).await?;
    let location = format!("/api/v1/articles/{}", article.slug.as_str());
    Ok(article_answer(&state, &v, article)
        .await?
        .created(&v, location))
}

/// Replace an article's fields; with `If-Match`, only if nobody changed it since.
#[utoipa::path(put, path = "/api/v1/articles/{slug}", params(("slug" = String, Path), IfMatch), request_body = ArticleInput, security(("token" = [])),
    responses((status = 200, body = ArticleDto, headers(("ETag" = String))), (status = 400, body = ApiErrorBody), (status = 401, body = ApiErrorBody), (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody), (status = 412, body = ApiErrorBody), (status = 422, body = ApiErrorBody)))]
pub async fn update_article(
    ApiActor { state, v }: ApiActor,
    Api(SlugParam(slug)): Api<SlugParam>,
    if_match: IfMatch,
    body: ApiJson<ArticleInput>,
) -> Result<Versioned<ArticleDto>, ApiError> {
    v.require_here(|unit_id| Action::EditArticle { unit_id })?;
    let before = state.app.article(&v, &slug).await?;
    let v = if_match.on(v, ARTICLE, before.id);
    let draft = parse_article_input(&state, &v, &body.value, Some(before.slug.as_str())).await?;
    let after = state.app.update_article(&v, before.id, &draft).await?;
    article_answer(&state, &v, after).await
}

/// What changes a target as the API shows it.
pub const TARGET: &[Entity] = &[Entity::Target];

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

/// A target with its evaluation and its `ETag`.
#[utoipa::path(get, path = "/api/v1/targets/{id}", params(("id" = i64, Path, minimum = 1)),
    responses((status = 200, body = TargetDto, headers(("ETag" = String))), (status = 404, body = ApiErrorBody)))]
pub async fn target(
    crate::auth::ApiReader { state, v }: crate::auth::ApiReader,
    Api(IdParam(id)): Api<IdParam>,
) -> Result<Versioned<TargetDto>, ApiError> {
    let version = state.app.version_of(&v, TARGET, id).await?;
    let (t, _) = state.app.target(&v, id).await?;
    Ok(Versioned::read(version, target_dto(&t)))
}

/// A new target of a year's programme. Quantities are strings ("104,2" or "104.2").
#[derive(Deserialize, ToSchema)]
pub struct NewTargetInput {
    /// The code by which imports find the target, unique in its programme; optional.
    #[serde(default)]
    code: String,
    name: String,
    /// The unit of measure: "%", "tỷ đồng"…
    #[serde(default)]
    measure: String,
    /// higher, lower, yes_no or rank
    direction: String,
    plan: String,
    #[serde(default)]
    actual: String,
    /// The body that reports it; the unit's own target when absent.
    reporting_body_id: Option<i64>,
    #[serde(default)]
    note: String,
}

/// Add a target to a year's programme (an amendment, once the programme is signed).
#[utoipa::path(post, path = "/api/v1/programmes/{year}/targets", params(("year" = i32, Path, description = "Năm, ví dụ 2026", example = 2026), IdempotencyKey), request_body = NewTargetInput, security(("token" = [])),
    responses((status = 201, body = TargetDto, headers(("ETag" = String), ("Location" = String))), (status = 400, body = ApiErrorBody), (status = 401, body = ApiErrorBody), (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody), (status = 422, body = ApiErrorBody)))]
pub async fn create_target(
    ApiActor { state, v }: ApiActor,
    Api(YearParam(year)): Api<YearParam>,
    key: IdempotencyKey,
    body: ApiJson<NewTargetInput>,
) -> Result<Versioned<TargetDto>, ApiError> {
    let v = key.on(v, &body);
    let input = &body.value;
    let draft = domain::target::TargetDraft::parse(
        &input.code,
        &input.name,
        &input.measure,
        &input.direction,
        &input.plan,
        &input.actual,
        input.reporting_body_id,
        &input.note,
    )
    .map_err(|e| ApiError(WebError::Invalid(e)))?;
    let id = created_id(&state, &v, || async {
        state.app.add_target(&v, year, &draft).await.map(|t| t.id)
    })
    .await?;
    let (t, _) = state.app.target(&v, id).await?;
    let version = version_after(&state, &v, TARGET, t.id).await?;
    Ok(Versioned::read(version, target_dto(&t)).created(&v, format!("/api/v1/targets/{}", t.id)))
}

/// Change a target: its plan, its actual value, or its definition; with `If-Match`, only if
/// nobody changed it since.
#[utoipa::path(put, path = "/api/v1/targets/{id}", params(("id" = i64, Path, minimum = 1), IfMatch), request_body = TargetInput, security(("token" = [])),
    responses((status = 200, body = TargetDto, headers(("ETag" = String))), (status = 400, body = ApiErrorBody), (status = 401, body = ApiErrorBody), (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody), (status = 409, body = ApiErrorBody), (status = 412, body = ApiErrorBody), (status = 422, body = ApiErrorBody)))]
pub async fn update_target(
    ApiActor { state, v }: ApiActor,
    Api(IdParam(id)): Api<IdParam>,
    if_match: IfMatch,
    body: ApiJson<TargetInput>,
) -> Result<Versioned<TargetDto>, ApiError> {
    let input = &body.value;
    let v = if_match.on(v, TARGET, id);
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
    let version = version_after(&state, &v, TARGET, id).await?;
    Ok(Versioned::read(version, target_dto(&after)))
}

/// A news category to add.
#[derive(Deserialize, ToSchema)]
pub struct CategoryInput {
    /// "Thông báo": its address is made from it.
    name: String,
}

/// Add a news category.
#[utoipa::path(post, path = "/api/v1/categories", request_body = CategoryInput, params(IdempotencyKey), security(("token" = [])),
    responses((status = 201, body = super::reads::CategoryDto, headers(("ETag" = String))), (status = 400, body = ApiErrorBody), (status = 401, body = ApiErrorBody), (status = 403, body = ApiErrorBody), (status = 422, body = ApiErrorBody)))]
pub async fn create_category(
    ApiActor { state, v }: ApiActor,
    key: IdempotencyKey,
    body: ApiJson<CategoryInput>,
) -> Result<Versioned<super::reads::CategoryDto>, ApiError> {
    let v = key.on(v, &body);
    let id = created_id(&state, &v, || async {
        match state.app.create_category(&v, &body.value.name).await {
            Ok(c) => Ok(c.id),
            // The form's field is `category_name`; the API's is `name`.
            Err(app::AppError::Invalid(mut e)) => {
                for f in &mut e.errors {
                    if f.field == "category_name" {
                        f.field = "name";
                    }
                }
                Err(app::AppError::Invalid(e))
            }
            Err(e) => Err(e),
        }
    })
    .await?;
    let category = state
        .app
        .categories(&v)
        .await?
        .into_iter()
        .find(|c| c.id == id)
        .ok_or(ApiError(WebError::NotFound))?;
    let version = version_after(&state, &v, &[Entity::Category], category.id).await?;
    let dto = super::reads::CategoryDto {
        slug: category.slug.to_string(),
        name: category.name,
    };
    Ok(Versioned::read(version, dto).created(&v, "/api/v1/categories".into()))
}
