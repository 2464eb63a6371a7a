//! The API's search: the same search as the portal's page, as JSON.

use axum::Json;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::contract::{query_number, ApiQuery};
use super::{ApiError, ApiErrorBody, ApiResult};
use crate::auth::ApiReader;
use crate::WebError;

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SearchParams {
    /// What to look for, with or without diacritics; "quoted words" are a phrase. Nothing else in
    /// it is syntax.
    q: Option<String>,
    /// Only one kind: article, programme_item, target, oversight, recommendation, meeting, body or person.
    #[param(
        pattern = "^$|^(article|programme_item|target|oversight|recommendation|meeting|body|person)$"
    )]
    kind: Option<String>,
    /// Only records of this year, 1945 to 2100.
    #[param(pattern = "^$|^(194[5-9]|19[5-9][0-9]|20[0-9][0-9]|2100)$")]
    year: Option<String>,
    /// Only records concerning this body (its id).
    #[param(pattern = "^$|^[1-9][0-9]{0,17}$")]
    body: Option<String>,
    /// Only records of this unit below the one searched (a province's commune), by its slug.
    unit: Option<String>,
    /// Page number, from 1; pages past the first 10,000 results are served empty.
    #[param(pattern = "^$|^[1-9][0-9]{0,5}$|^1000000$")]
    page: Option<String>,
    /// Hits per page, 1 to 100 (default 10).
    #[param(pattern = "^$|^[1-9][0-9]?$|^100$")]
    per_page: Option<String>,
}

/// One search hit.
#[derive(Serialize, ToSchema)]
pub struct SearchHitDto {
    /// article, programme_item, target, oversight, recommendation, meeting, body or person
    kind: String,
    id: i64,
    title: String,
    /// The title as HTML: escaped text with `<mark>` around the matched words.
    title_html: String,
    /// Where the record is shown on the portal.
    url: String,
    /// The unit the record is of, by its slug, when it is not the unit searched (a commune in a
    /// province's search, an archive in a ward's).
    unit: Option<String>,
    /// That unit's name: "phường Nghĩa Đô".
    unit_name: Option<String>,
    year: Option<i32>,
    /// A passage as HTML: escaped text with `<mark>` around the matched words, "…" where cut.
    snippet_html: String,
    score: f32,
}

/// How many records of one kind match.
#[derive(Serialize, ToSchema)]
pub struct KindCountDto {
    kind: String,
    /// "Tin tức"
    label: String,
    count: u64,
}

/// How many records of one year match.
#[derive(Serialize, ToSchema)]
pub struct YearCountDto {
    year: i32,
    count: u64,
}

/// A page of search results with counts by kind and year.
#[derive(Serialize, ToSchema)]
pub struct SearchResultsDto {
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
pub async fn search_records(
    ApiReader { state, v }: ApiReader,
    ApiQuery(q): ApiQuery<SearchParams>,
) -> ApiResult<SearchResultsDto> {
    let bad = |m: String| ApiError(WebError::BadRequest(m));
    let page = query_number("page", q.page.as_deref(), 1, 1_000_000)?.unwrap_or(1);
    let per_page = query_number("per_page", q.per_page.as_deref(), 1, 100)?.unwrap_or(10);
    let mut query = search::Query::new(q.q.unwrap_or_default());
    if let Some(k) = q.kind.as_deref().filter(|s| !s.is_empty()) {
        query.kinds =
            vec![search::Kind::parse(k).ok_or_else(|| bad(format!("Không có loại “{k}”")))?];
    }
    if let Some(y) = q.year.as_deref().filter(|s| !s.is_empty()) {
        query.year = Some(
            domain::programme::Year::parse(y)
                .map_err(|e| bad(format!("“{y}”: {}", e.messages())))?
                .get(),
        );
    }
    query.body_id = query_number("body", q.body.as_deref(), 1, i64::MAX / 10)?;
    // Only the first results are served: a page past them is empty, its counts still given.
    let offset = usize::try_from((page - 1) * per_page).unwrap_or(usize::MAX);
    let past_the_reach = offset > search::MAX_OFFSET;
    query.offset = offset.min(search::MAX_OFFSET);
    query.limit = usize::try_from(per_page).unwrap_or(10);
    let only = state.app.searched_unit(q.unit.as_deref()).await?;
    let mut r = state.app.search_in(&v, query, only).await?;
    if past_the_reach {
        r.hits.clear();
    }
    let places = state.app.hit_places(&v, &r.hits).await?;
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
            .zip(places)
            .map(|(h, place)| SearchHitDto {
                kind: h.kind.as_str().to_string(),
                id: h.id,
                title: h.title,
                title_html: h.title_html,
                url: place.href,
                unit: place.unit.as_ref().map(|u| u.slug.clone()),
                unit_name: place.unit.map(|u| u.full_name()),
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
