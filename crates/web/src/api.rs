//! The read-only JSON API under `/api/v1/`, and its OpenAPI document at `/api/openapi.json`. The
//! types here are the API's contract, mapped from the domain so the domain can change without
//! breaking clients.

use std::collections::HashMap;

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use chrono::{DateTime, NaiveDate, Utc};
use domain::target::TargetSummary;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, OpenApi, ToSchema};

use crate::{AppState, WebError};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/openapi.json", get(openapi))
        .route("/v1/unit", get(unit))
        .route("/v1/bodies", get(bodies))
        .route("/v1/programmes", get(programmes))
        .route("/v1/programmes/{year}", get(programme))
        .route("/v1/programmes/{year}/targets", get(targets))
        .route("/v1/meetings", get(meetings))
        .route("/v1/categories", get(categories))
        .route("/v1/articles", get(articles).post(create_article))
        .route("/v1/articles/{slug}", get(article).put(update_article))
        .route("/v1/targets/{id}", axum::routing::put(update_target))
        .route("/v1/search", get(search_records))
        .fallback(api_not_found)
}

#[derive(OpenApi)]
#[openapi(
    info(
        title = "phoihop API",
        version = "1",
        description = "Dữ liệu công khai của cổng thông tin: đơn vị, cơ quan, chương trình phối hợp, chỉ tiêu, hội nghị và tin tức. Public data of the portal; writes need a personal API token."
    ),
    paths(
        unit, bodies, programmes, programme, targets, meetings, categories, articles, article,
        create_article, update_article, update_target, search_records
    ),
    modifiers(&BearerAuth),
    components(schemas(
        ApiErrorBody,
        UnitDto,
        BodyDto,
        HolderDto,
        ProgrammeDto,
        ItemDto,
        ProgrammeDetailDto,
        TargetDto,
        BudgetDto,
        TargetsDto,
        SummaryDto,
        MeetingDto,
        AttendeeDto,
        CategoryDto,
        ArticleCardDto,
        ArticleListDto,
        ArticleDto,
        ArticleInput,
        TargetInput,
        FieldErrorDto,
        SearchResultsDto,
        SearchHitDto,
        KindCountDto,
        YearCountDto
    ))
)]
struct ApiDoc;

async fn openapi() -> Json<utoipa::openapi::OpenApi> {
    Json(ApiDoc::openapi())
}

/// The same error type as the pages, rendered as JSON.
pub struct ApiError(pub WebError);

impl From<WebError> for ApiError {
    fn from(e: WebError) -> Self {
        Self(e)
    }
}

impl From<store::StoreError> for ApiError {
    fn from(e: store::StoreError) -> Self {
        Self(e.into())
    }
}

/// An error: its HTTP status, a message in Vietnamese, and for invalid input each field's message.
#[derive(Serialize, ToSchema)]
struct ApiErrorBody {
    status: u16,
    error: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    fields: Vec<FieldErrorDto>,
}

/// Why one field was refused.
#[derive(Serialize, ToSchema)]
struct FieldErrorDto {
    field: String,
    message: String,
}

/// Write routes take a personal API token: `Authorization: Bearer ph_…` (created with `phoihop token create`).
struct BearerAuth;

impl utoipa::Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "token",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        if let WebError::Internal(cause) = &self.0 {
            tracing::error!(%cause, "api request failed");
        }
        let status = self.0.status();
        let (title, message) = self.0.public_message();
        let fields = match &self.0 {
            WebError::Invalid(v) => v
                .errors
                .iter()
                .map(|e| FieldErrorDto {
                    field: e.field.to_string(),
                    message: e.message.clone(),
                })
                .collect(),
            _ => Vec::new(),
        };
        let error = match self.0 {
            WebError::BadRequest(_) | WebError::Forbidden(_) | WebError::Invalid(_) => message,
            _ => title.to_string(),
        };
        (
            status,
            Json(ApiErrorBody {
                status: status.as_u16(),
                error,
                fields,
            }),
        )
            .into_response()
    }
}

async fn api_not_found() -> ApiError {
    ApiError(WebError::NotFound)
}

type ApiResult<T> = Result<Json<T>, ApiError>;

fn year(segment: &str) -> Result<domain::programme::Year, ApiError> {
    domain::programme::Year::parse(segment)
        .map_err(|e| ApiError(WebError::BadRequest(e.to_string())))
}

/// An administrative unit.
#[derive(Serialize, ToSchema)]
struct UnitDto {
    id: i64,
    code: String,
    /// "quận Cầu Giấy"
    name: String,
    level: String,
    valid_from: NaiveDate,
    valid_to: Option<NaiveDate>,
    successor_id: Option<i64>,
}

impl From<domain::unit::AdminUnit> for UnitDto {
    fn from(u: domain::unit::AdminUnit) -> Self {
        Self {
            id: u.id,
            name: u.full_name(),
            code: u.code,
            level: u.level.as_str().to_string(),
            valid_from: u.valid_from,
            valid_to: u.valid_to,
            successor_id: u.successor_id,
        }
    }
}

/// The unit whose portal this is.
#[utoipa::path(get, path = "/api/v1/unit", responses((status = 200, body = UnitDto)))]
async fn unit(State(state): State<AppState>) -> ApiResult<UnitDto> {
    Ok(Json(state.store.portal_unit().await?.into()))
}

/// A person holding a post.
#[derive(Serialize, ToSchema)]
struct HolderDto {
    name: String,
    post: String,
    term: Option<String>,
    starts_on: NaiveDate,
    ends_on: Option<NaiveDate>,
}

/// A body of the unit with the people holding its posts.
#[derive(Serialize, ToSchema)]
struct BodyDto {
    id: i64,
    kind: String,
    name: String,
    short_name: String,
    parent_body_id: Option<i64>,
    holders: Vec<HolderDto>,
}

#[derive(Deserialize, IntoParams)]
struct DayQuery {
    /// The day the holders are listed for (YYYY-MM-DD); the unit's last day or today by default.
    on: Option<String>,
}

/// The bodies of the unit and who held which post on a day.
#[utoipa::path(get, path = "/api/v1/bodies", params(DayQuery), responses((status = 200, body = [BodyDto]), (status = 400, body = ApiErrorBody)))]
async fn bodies(
    State(state): State<AppState>,
    Query(q): Query<DayQuery>,
) -> ApiResult<Vec<BodyDto>> {
    let unit = state.store.portal_unit().await?;
    let today = Utc::now()
        .with_timezone(&domain::time::vietnam())
        .date_naive();
    let day = match q.on.as_deref() {
        Some(s) => domain::time::parse_date(s).ok_or_else(|| {
            ApiError(WebError::BadRequest(format!(
                "Ngày “{s}” không hợp lệ (YYYY-MM-DD)"
            )))
        })?,
        None => unit.valid_to.map_or(today, |end| end.min(today)),
    };
    let list = state.store.bodies_with_holders(unit.id, day).await?;
    Ok(Json(
        list.into_iter()
            .map(|b| BodyDto {
                id: b.body.id,
                kind: b.body.kind.as_str().to_string(),
                name: b.body.name,
                short_name: b.body.short_name,
                parent_body_id: b.body.parent_body_id,
                holders: b
                    .holders
                    .into_iter()
                    .map(|h| HolderDto {
                        name: h.full_name,
                        post: h.post,
                        term: h.term,
                        starts_on: h.starts_on,
                        ends_on: h.ends_on,
                    })
                    .collect(),
            })
            .collect(),
    ))
}

/// A programme of one year.
#[derive(Serialize, ToSchema)]
struct ProgrammeDto {
    id: i64,
    year: i32,
    title: String,
    /// draft, signed, in_progress or reviewed
    status: String,
    party_body_ids: Vec<i64>,
    signed_on: Option<NaiveDate>,
    reviewed_on: Option<NaiveDate>,
    review_summary: Option<String>,
}

impl From<&domain::programme::Programme> for ProgrammeDto {
    fn from(p: &domain::programme::Programme) -> Self {
        Self {
            id: p.id,
            year: p.year.get(),
            title: p.title.clone(),
            status: p.status.as_str().to_string(),
            party_body_ids: p.party_ids.clone(),
            signed_on: p.signed_on,
            reviewed_on: p.reviewed_on,
            review_summary: p.review_summary.clone(),
        }
    }
}

/// The unit's programmes, newest first.
#[utoipa::path(get, path = "/api/v1/programmes", responses((status = 200, body = [ProgrammeDto])))]
async fn programmes(State(state): State<AppState>) -> ApiResult<Vec<ProgrammeDto>> {
    let unit = state.store.portal_unit().await?;
    let list = state.store.programmes(unit.id).await?;
    Ok(Json(list.iter().map(ProgrammeDto::from).collect()))
}

/// A coordination content of a programme.
#[derive(Serialize, ToSchema)]
struct ItemDto {
    id: i64,
    position: i64,
    content: String,
    lead_body_id: i64,
    partner_body_ids: Vec<i64>,
    starts_on: NaiveDate,
    ends_on: NaiveDate,
    /// not_started, in_progress, done or postponed
    status: String,
}

/// A programme with its contents.
#[derive(Serialize, ToSchema)]
struct ProgrammeDetailDto {
    programme: ProgrammeDto,
    items: Vec<ItemDto>,
}

/// The programme of a year with its contents.
#[utoipa::path(get, path = "/api/v1/programmes/{year}", params(("year" = i32, Path, description = "Năm, ví dụ 2021")),
    responses((status = 200, body = ProgrammeDetailDto), (status = 404, body = ApiErrorBody), (status = 400, body = ApiErrorBody)))]
async fn programme(
    State(state): State<AppState>,
    Path(y): Path<String>,
) -> ApiResult<ProgrammeDetailDto> {
    let unit = state.store.portal_unit().await?;
    let o = state
        .store
        .programme_overview(unit.id, year(&y)?)
        .await?
        .ok_or(ApiError(WebError::NotFound))?;
    Ok(Json(ProgrammeDetailDto {
        programme: (&o.programme).into(),
        items: o
            .items
            .iter()
            .map(|i| ItemDto {
                id: i.id,
                position: i.position,
                content: i.content.clone(),
                lead_body_id: i.lead_body_id,
                partner_body_ids: i.partner_body_ids.clone(),
                starts_on: i.time_frame.starts_on,
                ends_on: i.time_frame.ends_on,
                status: i.status.as_str().to_string(),
            })
            .collect(),
    }))
}

/// A target with its evaluation. Quantities are decimal strings, exact as entered.
#[derive(Serialize, ToSchema)]
struct TargetDto {
    id: i64,
    position: i64,
    name: String,
    measure: String,
    /// higher, lower, yes_no or rank
    direction: String,
    plan: String,
    actual: Option<String>,
    percent_of_plan: Option<String>,
    /// pending, missed, met or exceeded
    evaluation: String,
    illustrative: bool,
    note: Option<String>,
}

/// A budget line against its estimate.
#[derive(Serialize, ToSchema)]
struct BudgetDto {
    name: String,
    /// million đồng
    estimate: String,
    actual: Option<String>,
    percent_of_estimate: Option<String>,
    illustrative: bool,
}

/// The counts of a review.
#[derive(Serialize, ToSchema)]
struct SummaryDto {
    total: usize,
    exceeded: usize,
    met: usize,
    missed: usize,
    pending: usize,
    /// "hoàn thành và hoàn thành vượt mức 13/15 chỉ tiêu"
    sentence: String,
}

/// The targets of a year.
#[derive(Serialize, ToSchema)]
struct TargetsDto {
    year: i32,
    summary: SummaryDto,
    targets: Vec<TargetDto>,
    budget: Vec<BudgetDto>,
}

fn target_dto(t: &domain::target::Target) -> TargetDto {
    TargetDto {
        id: t.id,
        position: t.position,
        name: t.name.clone(),
        measure: t.measure.clone(),
        direction: t.direction.as_str().to_string(),
        plan: t.plan.to_string(),
        actual: t.actual.map(|a| a.to_string()),
        percent_of_plan: t.percent_of_plan().map(|p| p.normalize().to_string()),
        evaluation: t.evaluation().as_str().to_string(),
        illustrative: t.illustrative,
        note: t.note.clone(),
    }
}

/// The targets of a year, evaluated, with the review's summary and the budget.
#[utoipa::path(get, path = "/api/v1/programmes/{year}/targets", params(("year" = i32, Path, description = "Năm, ví dụ 2020")),
    responses((status = 200, body = TargetsDto), (status = 404, body = ApiErrorBody)))]
async fn targets(State(state): State<AppState>, Path(y): Path<String>) -> ApiResult<TargetsDto> {
    let unit = state.store.portal_unit().await?;
    let o = state
        .store
        .programme_overview(unit.id, year(&y)?)
        .await?
        .ok_or(ApiError(WebError::NotFound))?;
    let s = TargetSummary::of(&o.targets);
    Ok(Json(TargetsDto {
        year: o.programme.year.get(),
        summary: SummaryDto {
            total: s.total,
            exceeded: s.exceeded,
            met: s.met,
            missed: s.missed,
            pending: s.pending,
            sentence: s.sentence(),
        },
        targets: o.targets.iter().map(target_dto).collect(),
        budget: o
            .budget
            .iter()
            .map(|b| BudgetDto {
                name: b.name.clone(),
                estimate: b.estimate.to_string(),
                actual: b.actual.map(|a| a.to_string()),
                percent_of_estimate: b.percent_of_estimate().map(|p| p.normalize().to_string()),
                illustrative: b.illustrative,
            })
            .collect(),
    }))
}

/// One line of an attendance list.
#[derive(Serialize, ToSchema)]
struct AttendeeDto {
    person_id: Option<i64>,
    name: String,
    capacity: Option<String>,
}

/// A meeting.
#[derive(Serialize, ToSchema)]
struct MeetingDto {
    id: i64,
    kind: String,
    title: String,
    starts_at: DateTime<Utc>,
    ends_at: Option<DateTime<Utc>>,
    venue: String,
    programme_id: Option<i64>,
    attendees: Vec<AttendeeDto>,
}

/// The unit's meetings, newest first.
#[utoipa::path(get, path = "/api/v1/meetings", responses((status = 200, body = [MeetingDto])))]
async fn meetings(State(state): State<AppState>) -> ApiResult<Vec<MeetingDto>> {
    let unit = state.store.portal_unit().await?;
    let list = state.store.meetings(unit.id).await?;
    Ok(Json(
        list.into_iter()
            .map(|m| MeetingDto {
                id: m.id,
                kind: m.kind.as_str().to_string(),
                title: m.title,
                starts_at: m.starts_at,
                ends_at: m.ends_at,
                venue: m.venue,
                programme_id: m.programme_id,
                attendees: m
                    .attendees
                    .into_iter()
                    .map(|a| AttendeeDto {
                        person_id: a.person_id,
                        name: a.name,
                        capacity: a.capacity,
                    })
                    .collect(),
            })
            .collect(),
    ))
}

/// A news category.
#[derive(Serialize, ToSchema)]
struct CategoryDto {
    slug: String,
    name: String,
}

/// The news categories.
#[utoipa::path(get, path = "/api/v1/categories", responses((status = 200, body = [CategoryDto])))]
async fn categories(State(state): State<AppState>) -> ApiResult<Vec<CategoryDto>> {
    let list = state.store.categories().await?;
    Ok(Json(
        list.into_iter()
            .map(|c| CategoryDto {
                slug: c.slug.to_string(),
                name: c.name,
            })
            .collect(),
    ))
}

/// An article in a list.
#[derive(Serialize, ToSchema)]
struct ArticleCardDto {
    slug: String,
    title: String,
    summary: String,
    published_at: DateTime<Utc>,
}

/// A page of articles.
#[derive(Serialize, ToSchema)]
struct ArticleListDto {
    total: i64,
    page: i64,
    per_page: i64,
    items: Vec<ArticleCardDto>,
}

#[derive(Deserialize, IntoParams)]
struct ArticleQuery {
    /// Page number, from 1.
    page: Option<String>,
    /// Items per page, 1 to 100 (default 10).
    per_page: Option<String>,
    /// A category slug.
    category: Option<String>,
}

fn bounded(field: &str, value: Option<&str>, default: i64, max: i64) -> Result<i64, ApiError> {
    match value {
        None => Ok(default),
        Some(s) => s
            .parse::<i64>()
            .ok()
            .filter(|n| (1..=max).contains(n))
            .ok_or_else(|| {
                ApiError(WebError::BadRequest(format!(
                    "“{field}” phải là số nguyên từ 1 đến {max}"
                )))
            }),
    }
}

/// Published articles, newest first.
#[utoipa::path(get, path = "/api/v1/articles", params(ArticleQuery),
    responses((status = 200, body = ArticleListDto), (status = 400, body = ApiErrorBody), (status = 404, body = ApiErrorBody)))]
async fn articles(
    State(state): State<AppState>,
    Query(q): Query<ArticleQuery>,
) -> ApiResult<ArticleListDto> {
    let page = bounded("page", q.page.as_deref(), 1, 1_000_000)?;
    let per_page = bounded("per_page", q.per_page.as_deref(), 10, 100)?;
    let category = match q.category.as_deref() {
        None => None,
        Some(slug) => {
            let all: HashMap<String, i64> = state
                .store
                .categories()
                .await?
                .into_iter()
                .map(|c| (c.slug.to_string(), c.id))
                .collect();
            Some(*all.get(slug).ok_or(ApiError(WebError::NotFound))?)
        }
    };
    let result = state
        .store
        .published_articles(Utc::now(), category, (page - 1) * per_page, per_page)
        .await?;
    Ok(Json(ArticleListDto {
        total: result.total,
        page,
        per_page,
        items: result
            .items
            .into_iter()
            .map(|c| ArticleCardDto {
                slug: c.slug,
                title: c.title,
                summary: c.summary,
                published_at: c.published_at,
            })
            .collect(),
    }))
}

/// A published article.
#[derive(Serialize, ToSchema)]
struct ArticleDto {
    slug: String,
    title: String,
    summary: String,
    /// Sanitised HTML.
    body_html: String,
    captions: Vec<String>,
    byline: String,
    published_at: DateTime<Utc>,
    categories: Vec<String>,
    illustrative: bool,
}

/// A published article by its slug.
#[utoipa::path(get, path = "/api/v1/articles/{slug}", params(("slug" = String, Path)),
    responses((status = 200, body = ArticleDto), (status = 404, body = ApiErrorBody)))]
async fn article(State(state): State<AppState>, Path(slug): Path<String>) -> ApiResult<ArticleDto> {
    let now = Utc::now();
    let a = state
        .store
        .article_by_slug(&slug)
        .await?
        .filter(|a| a.is_public_at(now))
        .ok_or(ApiError(WebError::NotFound))?;
    let categories = state.store.categories().await?;
    Ok(Json(article_dto(a, &categories)))
}

/// An article to create or replace.
#[derive(Deserialize, ToSchema)]
struct ArticleInput {
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
    input: &ArticleInput,
) -> Result<domain::article::ArticleDraft, ApiError> {
    let all = state.store.categories().await?;
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

fn article_dto(
    a: domain::article::Article,
    categories: &[domain::article::Category],
) -> ArticleDto {
    ArticleDto {
        captions: a.body.captions(),
        slug: a.slug.to_string(),
        title: a.title,
        summary: a.summary,
        body_html: a.body.as_str().to_string(),
        byline: a.byline,
        published_at: a.published_at.unwrap_or_else(Utc::now),
        categories: categories
            .iter()
            .filter(|c| a.category_ids.contains(&c.id))
            .map(|c| c.slug.to_string())
            .collect(),
        illustrative: a.illustrative,
    }
}

fn slug_taken(e: store::StoreError) -> ApiError {
    if e.is_unique_violation() {
        ApiError(WebError::Invalid(domain::ValidationError::single(
            "slug",
            "Đường dẫn này đã có tin khác dùng",
        )))
    } else {
        e.into()
    }
}

/// Write a news article (a draft, scheduled or published).
#[utoipa::path(post, path = "/api/v1/articles", request_body = ArticleInput, security(("token" = [])),
    responses((status = 201, body = ArticleDto), (status = 401, body = ApiErrorBody), (status = 403, body = ApiErrorBody), (status = 422, body = ApiErrorBody)))]
async fn create_article(
    State(state): State<AppState>,
    crate::auth::ApiActor(actor): crate::auth::ApiActor,
    Json(input): Json<ArticleInput>,
) -> Result<(StatusCode, Json<ArticleDto>), ApiError> {
    let unit = state.store.portal_unit().await?;
    require(
        &actor,
        &domain::access::Action::EditArticle { unit_id: unit.id },
    )?;
    let draft = parse_article_input(&state, &input).await?;
    let mut tx = state.store.begin(&actor.username).await?;
    let article = tx
        .insert_article(&store::NewArticle {
            unit_id: unit.id,
            draft,
            illustrative: false,
        })
        .await
        .map_err(slug_taken)?;
    tx.commit().await?;
    state.cache.clear();
    let categories = state.store.categories().await?;
    Ok((StatusCode::CREATED, Json(article_dto(article, &categories))))
}

/// Replace an article's fields.
#[utoipa::path(put, path = "/api/v1/articles/{slug}", params(("slug" = String, Path)), request_body = ArticleInput, security(("token" = [])),
    responses((status = 200, body = ArticleDto), (status = 401, body = ApiErrorBody), (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody), (status = 422, body = ApiErrorBody)))]
async fn update_article(
    State(state): State<AppState>,
    crate::auth::ApiActor(actor): crate::auth::ApiActor,
    Path(slug): Path<String>,
    Json(input): Json<ArticleInput>,
) -> ApiResult<ArticleDto> {
    let unit = state.store.portal_unit().await?;
    require(
        &actor,
        &domain::access::Action::EditArticle { unit_id: unit.id },
    )?;
    let before = state
        .store
        .article_by_slug(&slug)
        .await?
        .filter(|a| a.unit_id == unit.id)
        .ok_or(ApiError(WebError::NotFound))?;
    let draft = parse_article_input(&state, &input).await?;
    let mut tx = state.store.begin(&actor.username).await?;
    let after = tx
        .update_article(&before, &draft)
        .await
        .map_err(slug_taken)?;
    tx.commit().await?;
    state.cache.clear();
    let categories = state.store.categories().await?;
    Ok(Json(article_dto(after, &categories)))
}

/// A target's new values. Absent fields keep their value; quantities are strings ("104,2" or "104.2").
#[derive(Deserialize, ToSchema)]
struct TargetInput {
    name: Option<String>,
    measure: Option<String>,
    /// higher, lower, yes_no or rank
    direction: Option<String>,
    plan: Option<String>,
    /// An empty string clears it.
    actual: Option<String>,
    note: Option<String>,
}

/// Change a target: its plan, its actual value, or its definition.
#[utoipa::path(put, path = "/api/v1/targets/{id}", params(("id" = i64, Path)), request_body = TargetInput, security(("token" = [])),
    responses((status = 200, body = TargetDto), (status = 401, body = ApiErrorBody), (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody), (status = 422, body = ApiErrorBody)))]
async fn update_target(
    State(state): State<AppState>,
    crate::auth::ApiActor(actor): crate::auth::ApiActor,
    Path(id): Path<String>,
    Json(input): Json<TargetInput>,
) -> ApiResult<TargetDto> {
    let id: i64 = id.parse().map_err(|_| ApiError(WebError::NotFound))?;
    let unit = state.store.portal_unit().await?;
    let t = state
        .store
        .target(id)
        .await?
        .ok_or(ApiError(WebError::NotFound))?;
    let p = state
        .store
        .programme_by_id(t.programme_id)
        .await?
        .filter(|p| p.unit_id == unit.id)
        .ok_or(ApiError(WebError::NotFound))?;
    let _ = p;
    require(
        &actor,
        &domain::access::Action::EditTarget {
            unit_id: unit.id,
            reporting_body_id: t.reporting_body_id,
        },
    )?;
    let keep = |v: &Option<String>, old: String| v.clone().unwrap_or(old);
    let draft = domain::target::TargetDraft::parse(
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
    let new = store::NewTarget {
        name: draft.name,
        measure: draft.measure,
        direction: draft.direction,
        plan: draft.plan,
        actual: draft.actual,
        reporting_body_id: draft.reporting_body_id,
        illustrative: t.illustrative,
        note: draft.note,
    };
    let mut tx = state.store.begin(&actor.username).await?;
    let after = tx.update_target(&t, &new).await?;
    tx.commit().await?;
    state.cache.clear();
    Ok(Json(target_dto(&after)))
}

fn require(actor: &domain::access::Actor, action: &domain::access::Action) -> Result<(), ApiError> {
    if actor.can(action) {
        Ok(())
    } else {
        Err(ApiError(WebError::Forbidden(
            "Vai trò của tài khoản không cho phép thao tác này.".into(),
        )))
    }
}

#[derive(Deserialize, IntoParams)]
struct SearchParams {
    /// What to look for, with or without diacritics; "quoted words" are a phrase. Nothing else in
    /// it is syntax.
    q: Option<String>,
    /// Only one kind: article, programme_item, target, oversight, recommendation, meeting, body or person.
    kind: Option<String>,
    /// Only records of this year.
    year: Option<String>,
    /// Only records concerning this body (its id).
    body: Option<String>,
    /// Page number, from 1.
    page: Option<String>,
    /// Hits per page, 1 to 100 (default 10).
    per_page: Option<String>,
}

/// One search hit.
#[derive(Serialize, ToSchema)]
struct SearchHitDto {
    /// article, programme_item, target, oversight, recommendation, meeting, body or person
    kind: String,
    id: i64,
    title: String,
    /// The title as HTML: escaped text with `<mark>` around the matched words.
    title_html: String,
    /// Where the record is shown on the portal.
    url: String,
    year: Option<i32>,
    /// A passage as HTML: escaped text with `<mark>` around the matched words, "…" where cut.
    snippet_html: String,
    score: f32,
}

/// How many records of one kind match.
#[derive(Serialize, ToSchema)]
struct KindCountDto {
    kind: String,
    /// "Tin tức"
    label: String,
    count: u64,
}

/// How many records of one year match.
#[derive(Serialize, ToSchema)]
struct YearCountDto {
    year: i32,
    count: u64,
}

/// A page of search results with counts by kind and year.
#[derive(Serialize, ToSchema)]
struct SearchResultsDto {
    /// Matches in all, not only on this page; an estimate when `total_estimated`.
    total: usize,
    /// True when very many records match and `total` is estimated from a sample of the index
    /// (within a few per cent).
    total_estimated: bool,
    /// True when the counts by kind and year are estimated likewise.
    counts_estimated: bool,
    page: i64,
    per_page: i64,
    /// False when no record had every word and the hits are those with some of them.
    all_words: bool,
    hits: Vec<SearchHitDto>,
    /// Counts by kind, with the year filter applied but not the kind filter.
    kinds: Vec<KindCountDto>,
    /// Counts by year, newest first, with the kind filter applied but not the year filter.
    years: Vec<YearCountDto>,
    /// "Did you mean": close words as the records write them, when a word matched nothing.
    suggestions: Vec<String>,
}

/// Search the portal's records in Vietnamese, with or without diacritics. Public records only;
/// with a personal API token of the unit's staff, drafts too.
#[utoipa::path(get, path = "/api/v1/search", params(SearchParams),
    responses((status = 200, body = SearchResultsDto), (status = 400, body = ApiErrorBody), (status = 401, body = ApiErrorBody)))]
async fn search_records(
    State(state): State<AppState>,
    headers: axum::http::HeaderMap,
    Query(q): Query<SearchParams>,
) -> ApiResult<SearchResultsDto> {
    let bad = |m: String| ApiError(WebError::BadRequest(m));
    let max_page = i64::try_from(search::MAX_OFFSET).unwrap_or(i64::MAX);
    let page = bounded("page", q.page.as_deref(), 1, max_page)?;
    let per_page = bounded("per_page", q.per_page.as_deref(), 10, 100)?;
    let mut query = search::Query::new(q.q.unwrap_or_default());
    if let Some(k) = q.kind.as_deref().filter(|s| !s.is_empty()) {
        query.kinds =
            vec![search::Kind::parse(k).ok_or_else(|| bad(format!("Không có loại “{k}”")))?];
    }
    if let Some(y) = q.year.as_deref().filter(|s| !s.is_empty()) {
        query.year = Some(
            y.parse()
                .map_err(|_| bad(format!("Năm “{y}” không hợp lệ")))?,
        );
    }
    if let Some(b) = q.body.as_deref().filter(|s| !s.is_empty()) {
        query.body_id = Some(
            b.parse()
                .map_err(|_| bad(format!("Mã cơ quan “{b}” không hợp lệ")))?,
        );
    }
    // A token is optional here; given, it must be valid, and staff of the unit find drafts too.
    if let Some(token) = headers
        .get(axum::http::header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
    {
        let actor = state
            .store
            .actor_by_token(token.trim())
            .await?
            .ok_or(ApiError(WebError::Unauthorized))?;
        let unit = state.store.portal_unit().await?;
        query.include_private =
            actor.can(&domain::access::Action::ReadWorkspace { unit_id: unit.id });
    }
    let offset = usize::try_from((page - 1) * per_page).unwrap_or(usize::MAX);
    if offset > search::MAX_OFFSET {
        return Err(bad(format!(
            "Chỉ phục vụ {} kết quả đầu tiên; hãy thu hẹp tìm kiếm",
            search::MAX_OFFSET
        )));
    }
    query.offset = offset;
    query.limit = usize::try_from(per_page).unwrap_or(10);
    let r = state
        .search
        .search(&state.store, query)
        .await
        .map_err(WebError::from)?;
    Ok(Json(SearchResultsDto {
        total: r.total,
        total_estimated: r.total_estimated,
        counts_estimated: r.facets_estimated,
        page,
        per_page,
        all_words: r.all_words,
        hits: r
            .hits
            .into_iter()
            .map(|h| SearchHitDto {
                kind: h.kind.as_str().to_string(),
                id: h.id,
                title: h.title,
                title_html: h.title_html,
                url: h.url,
                year: h.year,
                snippet_html: h.snippet_html,
                score: h.score,
            })
            .collect(),
        kinds: r
            .facets
            .kinds
            .into_iter()
            .map(|(k, count)| KindCountDto {
                kind: k.as_str().to_string(),
                label: k.label().to_string(),
                count,
            })
            .collect(),
        years: r
            .facets
            .years
            .into_iter()
            .map(|(year, count)| YearCountDto { year, count })
            .collect(),
        suggestions: r.suggestions,
    }))
}
