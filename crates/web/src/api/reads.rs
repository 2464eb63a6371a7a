//! The API's reads: the unit, its bodies and who holds their posts, programmes with their
//! contents and targets, meetings, categories and articles, as the asker may read them.

use std::collections::HashMap;

use app::exports::popolo::Popolo;
use axum::Json;
use chrono::{DateTime, NaiveDate, Utc};
use domain::entity::Entity;
use domain::target::TargetSummary;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::contract::{ApiQuery, PageQuery, Paged, Versioned};
use super::{Api, ApiError, ApiErrorBody, ApiResult};
use crate::auth::ApiReader;
use crate::extract::{SlugParam, YearParam};
use crate::WebError;

/// An administrative unit.
#[derive(Serialize, ToSchema)]
pub struct UnitDto {
    pub id: i64,
    pub code: String,
    /// "quận Cầu Giấy"
    pub name: String,
    /// Its address in the installation: `/dv/{slug}`.
    pub slug: String,
    /// province, district or commune
    pub level: String,
    pub parent_id: Option<i64>,
    pub valid_from: NaiveDate,
    pub valid_to: Option<NaiveDate>,
    /// The units it took over from (a merge has several).
    pub predecessor_ids: Vec<i64>,
    /// The units that took over from it (a split has several).
    pub successor_ids: Vec<i64>,
}

/// The unit whose portal this is, with the units before and after it.
#[utoipa::path(get, path = "/api/v1/unit", responses((status = 200, body = UnitDto)))]
pub async fn unit(ApiReader { state, v, .. }: ApiReader) -> ApiResult<UnitDto> {
    let u = v.unit();
    let directory = state.app.directory().await?;
    Ok(Json(UnitDto {
        id: u.id,
        code: u.code.clone(),
        name: u.full_name(),
        slug: u.slug.clone(),
        level: u.level.as_str().to_string(),
        parent_id: u.parent_id,
        valid_from: u.valid_from,
        valid_to: u.valid_to,
        predecessor_ids: directory
            .predecessors(u.id)
            .iter()
            .map(|(p, _)| p.id)
            .collect(),
        successor_ids: directory
            .successors(u.id)
            .iter()
            .map(|(s, _)| s.id)
            .collect(),
    }))
}

/// A person holding a post.
#[derive(Serialize, ToSchema)]
pub struct HolderDto {
    pub name: String,
    pub post: String,
    pub term: Option<String>,
    pub starts_on: NaiveDate,
    pub ends_on: Option<NaiveDate>,
}

/// A body of the unit with the people holding its posts.
#[derive(Serialize, ToSchema)]
pub struct BodyDto {
    pub id: i64,
    pub kind: String,
    pub name: String,
    pub short_name: String,
    pub parent_body_id: Option<i64>,
    pub holders: Vec<HolderDto>,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DayQuery {
    /// The day the holders are listed for (YYYY-MM-DD); the unit's last day or today when blank.
    #[param(schema_with = super::contract::date_or_blank)]
    pub on: Option<String>,
}

/// The bodies of the unit and who held which post on a day.
#[utoipa::path(get, path = "/api/v1/bodies", params(DayQuery, PageQuery), responses((status = 200, body = Paged<BodyDto>), (status = 400, body = ApiErrorBody)))]
pub async fn bodies(
    ApiReader { state, v }: ApiReader,
    ApiQuery(q): ApiQuery<DayQuery>,
    ApiQuery(paging): ApiQuery<PageQuery>,
) -> ApiResult<Paged<BodyDto>> {
    let day = match q.on.as_deref().filter(|s| !s.is_empty()) {
        Some(s) => NaiveDate::parse_from_str(s, "%Y-%m-%d")
            .ok()
            .ok_or_else(|| {
                ApiError(WebError::BadRequest(format!(
                    "Ngày “{s}” không hợp lệ (YYYY-MM-DD)"
                )))
            })?,
        None => state.app.organisation_day(&v),
    };
    let list = state.app.bodies_with_holders(&v, day).await?;
    Ok(Json(paging.of(list)?.map(|b| {
        BodyDto {
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
        }
    })))
}

/// The unit's organisation as Popolo JSON (https://www.popoloproject.com/): its bodies as
/// organizations, their posts, and everyone who ever held one, with the memberships' dates.
#[utoipa::path(get, path = "/api/v1/popolo", responses((status = 200, body = Popolo)))]
pub async fn popolo(ApiReader { state, v, .. }: ApiReader) -> ApiResult<Popolo> {
    Ok(Json(state.app.popolo(&v).await?))
}

/// A programme of one year.
#[derive(Serialize, ToSchema)]
pub struct ProgrammeDto {
    pub id: i64,
    pub year: i32,
    pub title: String,
    /// draft, signed, in_progress or reviewed
    pub status: String,
    pub party_body_ids: Vec<i64>,
    pub signed_on: Option<NaiveDate>,
    pub reviewed_on: Option<NaiveDate>,
    pub review_summary: Option<String>,
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
#[utoipa::path(get, path = "/api/v1/programmes", params(PageQuery), responses((status = 200, body = Paged<ProgrammeDto>), (status = 400, body = ApiErrorBody)))]
pub async fn programmes(
    ApiReader { state, v }: ApiReader,
    ApiQuery(paging): ApiQuery<PageQuery>,
) -> ApiResult<Paged<ProgrammeDto>> {
    let list = state.app.programmes(&v).await?;
    Ok(Json(paging.of(list)?.map(|p| ProgrammeDto::from(&p))))
}

/// A coordination content of a programme.
#[derive(Serialize, ToSchema)]
pub struct ItemDto {
    pub id: i64,
    pub position: i64,
    pub content: String,
    pub lead_body_id: i64,
    pub partner_body_ids: Vec<i64>,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    /// not_started, in_progress, done or postponed
    pub status: String,
}

/// A programme with its contents.
#[derive(Serialize, ToSchema)]
pub struct ProgrammeDetailDto {
    pub programme: ProgrammeDto,
    pub items: Vec<ItemDto>,
}

/// The programme of a year with its contents.
#[utoipa::path(get, path = "/api/v1/programmes/{year}", params(("year" = i32, Path, description = "Năm, ví dụ 2026", example = 2026)),
    responses((status = 200, body = ProgrammeDetailDto), (status = 404, body = ApiErrorBody), (status = 400, body = ApiErrorBody)))]
pub async fn programme(
    ApiReader { state, v }: ApiReader,
    Api(YearParam(year)): Api<YearParam>,
) -> ApiResult<ProgrammeDetailDto> {
    let o = state.app.programme_overview(&v, year).await?;
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
pub struct TargetDto {
    pub id: i64,
    pub position: i64,
    pub name: String,
    pub measure: String,
    /// higher, lower, yes_no or rank
    pub direction: String,
    pub plan: String,
    pub actual: Option<String>,
    pub percent_of_plan: Option<String>,
    /// pending, missed, met or exceeded
    pub evaluation: String,
    pub illustrative: bool,
    pub note: Option<String>,
}

/// A budget line against its estimate.
#[derive(Serialize, ToSchema)]
pub struct BudgetDto {
    pub name: String,
    /// million đồng
    pub estimate: String,
    pub actual: Option<String>,
    pub percent_of_estimate: Option<String>,
    pub illustrative: bool,
}

/// The counts of a review.
#[derive(Serialize, ToSchema)]
pub struct SummaryDto {
    pub total: usize,
    pub exceeded: usize,
    pub met: usize,
    pub missed: usize,
    pub pending: usize,
    /// "hoàn thành và hoàn thành vượt mức 13/15 chỉ tiêu"
    pub sentence: String,
}

/// The targets of a year.
#[derive(Serialize, ToSchema)]
pub struct TargetsDto {
    pub year: i32,
    pub summary: SummaryDto,
    pub targets: Vec<TargetDto>,
    pub budget: Vec<BudgetDto>,
}

pub fn target_dto(t: &domain::target::Target) -> TargetDto {
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
#[utoipa::path(get, path = "/api/v1/programmes/{year}/targets", params(("year" = i32, Path, description = "Năm, ví dụ 2026", example = 2026)),
    responses((status = 200, body = TargetsDto), (status = 404, body = ApiErrorBody)))]
pub async fn targets(
    ApiReader { state, v }: ApiReader,
    Api(YearParam(year)): Api<YearParam>,
) -> ApiResult<TargetsDto> {
    let o = state.app.programme_overview(&v, year).await?;
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

/// A news category.
#[derive(Serialize, ToSchema)]
pub struct CategoryDto {
    pub slug: String,
    pub name: String,
}

/// The news categories.
#[utoipa::path(get, path = "/api/v1/categories", params(PageQuery), responses((status = 200, body = Paged<CategoryDto>), (status = 400, body = ApiErrorBody)))]
pub async fn categories(
    ApiReader { state, v }: ApiReader,
    ApiQuery(paging): ApiQuery<PageQuery>,
) -> ApiResult<Paged<CategoryDto>> {
    let list = state.app.categories(&v).await?;
    Ok(Json(paging.of(list)?.map(|c| CategoryDto {
        slug: c.slug.to_string(),
        name: c.name,
    })))
}

/// An article in a list.
#[derive(Serialize, ToSchema)]
pub struct ArticleCardDto {
    pub slug: String,
    pub title: String,
    pub summary: String,
    /// Null for a draft, which only a token of the unit's staff lists.
    pub published_at: Option<DateTime<Utc>>,
    pub status: ArticleStatus,
}

/// Where an article stands: a draft has no publication time; a scheduled one shows at its time.
#[derive(Serialize, ToSchema, Clone, Copy)]
#[serde(rename_all = "snake_case")]
pub enum ArticleStatus {
    Draft,
    Scheduled,
    Published,
}

impl ArticleStatus {
    fn of(published_at: Option<DateTime<Utc>>, now: DateTime<Utc>) -> Self {
        match published_at {
            None => Self::Draft,
            Some(at) if at > now => Self::Scheduled,
            Some(_) => Self::Published,
        }
    }
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ArticleQuery {
    /// A category slug.
    pub category: Option<String>,
}

/// Published articles, newest first; with a token of the unit's staff, drafts first and
/// scheduled ones too.
#[utoipa::path(get, path = "/api/v1/articles", params(ArticleQuery, PageQuery),
    responses((status = 200, body = Paged<ArticleCardDto>), (status = 400, body = ApiErrorBody), (status = 404, body = ApiErrorBody)))]
pub async fn articles(
    ApiReader { state, v }: ApiReader,
    ApiQuery(q): ApiQuery<ArticleQuery>,
    ApiQuery(paging): ApiQuery<PageQuery>,
) -> ApiResult<Paged<ArticleCardDto>> {
    let (page, per_page) = paging.bounds()?;
    let category = match q.category.as_deref().filter(|c| !c.is_empty()) {
        None => None,
        Some(slug) => {
            let all: HashMap<String, i64> = state
                .app
                .categories(&v)
                .await?
                .into_iter()
                .map(|c| (c.slug.to_string(), c.id))
                .collect();
            Some(*all.get(slug).ok_or(ApiError(WebError::NotFound))?)
        }
    };
    let result = state
        .app
        .articles_page(&v, category, (page - 1) * per_page, per_page)
        .await?;
    let now = v.now();
    Ok(Json(Paged {
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
                status: ArticleStatus::of(c.published_at, now),
                published_at: c.published_at,
            })
            .collect(),
    }))
}

/// An article.
#[derive(Serialize, ToSchema)]
pub struct ArticleDto {
    pub id: i64,
    pub slug: String,
    pub title: String,
    pub summary: String,
    /// Sanitised HTML.
    pub body_html: String,
    pub captions: Vec<String>,
    pub byline: String,
    /// Null for a draft; a time to come for a scheduled article.
    pub published_at: Option<DateTime<Utc>>,
    pub status: ArticleStatus,
    pub categories: Vec<String>,
    pub illustrative: bool,
}

/// A published article by its slug (a draft or a scheduled one with a token of the unit's staff),
/// with its `ETag`.
#[utoipa::path(get, path = "/api/v1/articles/{slug}", params(("slug" = String, Path)),
    responses((status = 200, body = ArticleDto, headers(("ETag" = String, description = "Phiên bản của bản ghi, để gửi lại trong If-Match"))), (status = 404, body = ApiErrorBody)))]
pub async fn article(
    ApiReader { state, v }: ApiReader,
    Api(SlugParam(slug)): Api<SlugParam>,
) -> Result<Versioned<ArticleDto>, ApiError> {
    // The version is read first, before the record: see `App::version_of`.
    let found = state.app.article(&v, &slug).await?;
    let version = state.app.version_of(&v, ARTICLE, found.id).await?;
    let a = state.app.article_by_id(&v, found.id).await?;
    let categories = state.app.categories(&v).await?;
    Ok(Versioned::read(
        version,
        article_dto(a, &categories, v.now()),
    ))
}

/// What changes an article as the API shows it.
pub const ARTICLE: &[Entity] = &[Entity::Article];

pub fn article_dto(
    a: domain::article::Article,
    categories: &[domain::article::Category],
    now: DateTime<Utc>,
) -> ArticleDto {
    ArticleDto {
        id: a.id,
        status: ArticleStatus::of(a.published_at, now),
        captions: a.body.captions(),
        slug: a.slug.to_string(),
        title: a.title,
        summary: a.summary,
        body_html: a.body.as_str().to_string(),
        byline: a.byline,
        published_at: a.published_at,
        categories: categories
            .iter()
            .filter(|c| a.category_ids.contains(&c.id))
            .map(|c| c.slug.to_string())
            .collect(),
        illustrative: a.illustrative,
    }
}
