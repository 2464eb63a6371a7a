//! The JSON API under `/api/v1/` and its OpenAPI document at `/api/openapi.json`: the error type
//! and the router here, the answers in `reads`, `writes`, `meetings`, `oversight`, `changes`, `search`
//! and `rollups`, their shared rules in `contract`. The types of each are the
//! API's contract, mapped from the domain so the domain can change without breaking clients.
//! Reads are anonymous, or made with a personal token for what staff may read; writes take a token.

pub(crate) mod changes;
pub(crate) mod contents;
pub(crate) mod contract;
pub(crate) mod files;
pub(crate) mod meetings;
pub(crate) mod organisation;
pub(crate) mod oversight;
pub(crate) mod reads;
pub(crate) mod rollups;
pub(crate) mod search;
pub(crate) mod writes;

use axum::extract::{FromRequestParts, OptionalFromRequestParts};
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Serialize;
use utoipa::{OpenApi, ToSchema};

use app::exports::popolo::{self, Popolo};

use crate::{AppState, WebError};
use changes::*;
use contents::*;
use contract::Paged;
use files::*;
use meetings::*;
use organisation::*;
use oversight::*;
use reads::*;
use rollups::*;
use search::*;
use writes::*;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "phoihop API",
        version = "1",
        description = "Dữ liệu công khai của cổng thông tin: đơn vị, cơ quan, chương trình phối hợp, chỉ tiêu, hội nghị và tin tức. Public data of the portal; writes need a personal API token."
    ),
    paths(
        unit, bodies, popolo, programmes, programme, targets, meetings, meeting, categories, articles,
        article, create_article, update_article, target, create_target, update_target, changes,
        create_meeting, update_meeting, create_category, oversights, oversight, create_oversight,
        update_oversight, recommendations, recommendation, add_recommendation, update_recommendation,
        respond, item, create_item, update_item, add_progress, people, posts, create_body,
        create_person, create_post, appoint, end_membership, attach_to_article, attach_to_meeting,
        attach_to_oversight, add_picture,
        search_records, rollup, national
    ),
    modifiers(&BearerAuth),
    components(schemas(
        ApiErrorBody,
        UnitDto,
        BodyDto,
        HolderDto,
        Popolo,
        popolo::Area,
        popolo::Organization,
        popolo::Person,
        popolo::Post,
        popolo::Membership,
        popolo::OtherName,
        popolo::Link,
        ProgrammeDto,
        ItemDto,
        ProgrammeDetailDto,
        TargetDto,
        BudgetDto,
        TargetsDto,
        SummaryDto,
        MeetingDto,
        MeetingInputDto,
        DocumentDto,
        AttendeeDto,
        CategoryDto,
        ArticleCardDto,
        ArticleStatus,
        ArticleDto,
        ArticleInput,
        TargetInput,
        NewTargetInput,
        CategoryInput,
        ChangeDto,
        ChangesDto,
        Paged<BodyDto>,
        Paged<ProgrammeDto>,
        Paged<MeetingDto>,
        Paged<CategoryDto>,
        Paged<ArticleCardDto>,
        OversightDto,
        TeamMemberDto,
        OversightDocumentDto,
        OversightInputDto,
        RecommendationDto,
        RecommendationResponseDto,
        RecommendationInputDto,
        ResponseInputDto,
        ItemDetailDto,
        DocumentForm,
        PictureForm,
        AttachmentDto,
        BodyRecordDto,
        PersonDto,
        PostDto,
        MembershipDto,
        BodyInput,
        PersonInput,
        PostInput,
        AppointInput,
        EndInput,
        Paged<PersonDto>,
        Paged<PostDto>,
        ProgressNoteDto,
        ItemInputDto,
        ProgressNoteInput,
        Paged<OversightDto>,
        Paged<RecommendationDto>,
        FieldErrorDto,
        SearchResultsDto,
        SearchHitDto,
        KindCountDto,
        YearCountDto,
        RollUpDto,
        RollUpUnitDto,
        UnitYearDto,
        IndicatorRollUpDto,
        NationalRollUpDto,
        NationalProvinceDto,
        CombinedDto
    ))
)]
struct ApiDoc;

/// The document of the unit asked for: its paths are under the unit's address, which the
/// document names as its server, so a client generated from it calls this unit's API.
pub(crate) async fn openapi(
    crate::auth::ApiReader { v, .. }: crate::auth::ApiReader,
) -> Json<utoipa::openapi::OpenApi> {
    let mut doc = ApiDoc::openapi();
    let base = if v.base().is_empty() { "/" } else { v.base() };
    doc.servers = Some(vec![utoipa::openapi::server::Server::new(base)]);
    Json(doc)
}

/// The same error type as the pages, rendered as JSON.
pub struct ApiError(pub WebError);

impl From<WebError> for ApiError {
    fn from(e: WebError) -> Self {
        Self(e)
    }
}

impl From<app::AppError> for ApiError {
    fn from(e: app::AppError) -> Self {
        Self(e.into())
    }
}

/// A page's extractor in the API: the same parsing, refused in JSON.
pub struct Api<T>(pub T);

impl<T> FromRequestParts<AppState> for Api<T>
where
    T: FromRequestParts<AppState, Rejection = WebError>,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        Ok(Api(T::from_request_parts(parts, state).await?))
    }
}

impl<T> OptionalFromRequestParts<AppState> for Api<T>
where
    T: OptionalFromRequestParts<AppState, Rejection = WebError>,
{
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Option<Self>, Self::Rejection> {
        Ok(T::from_request_parts(parts, state).await?.map(Api))
    }
}

/// An error: its HTTP status, a message in Vietnamese, and for invalid input each field's message.
#[derive(Serialize, ToSchema)]
pub struct ApiErrorBody {
    status: u16,
    error: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    fields: Vec<FieldErrorDto>,
}

/// Why one field was refused.
#[derive(Serialize, ToSchema)]
pub struct FieldErrorDto {
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
        let cause = match &self.0 {
            WebError::Internal(cause) => Some(crate::error::FailureCause(cause.clone())),
            _ => None,
        };
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
            WebError::InvalidFields(f) => f
                .iter()
                .map(|(field, message)| FieldErrorDto {
                    field: field.clone(),
                    message: message.clone(),
                })
                .collect(),
            _ => Vec::new(),
        };
        let error = match self.0 {
            WebError::BadRequest(_)
            | WebError::Forbidden(_)
            | WebError::Invalid(_)
            | WebError::InvalidFields(_)
            | WebError::NeedsConfirmation(_)
            | WebError::Stale
            | WebError::Conflict(_) => message,
            _ => title.to_string(),
        };
        let mut response = (
            status,
            Json(ApiErrorBody {
                status: status.as_u16(),
                error,
                fields,
            }),
        )
            .into_response();
        if let Some(cause) = cause {
            response.extensions_mut().insert(cause);
        }
        response
    }
}

pub(crate) async fn api_not_found() -> ApiError {
    ApiError(WebError::NotFound)
}

type ApiResult<T> = Result<Json<T>, ApiError>;
