//! Documents and pictures through the API: a PDF, Word or Excel file attached to an article, a
//! meeting or an oversight activity, and a picture added to an article — uploaded as
//! multipart/form-data, with the same checks, limits and messages as the workspace's forms.

use app::{AttachTo, AttachmentUpload};
use axum::extract::multipart::{Multipart, MultipartRejection};
use axum::http::StatusCode;
use serde::Serialize;
use utoipa::ToSchema;

use super::reads::{ArticleDto, ARTICLE};
use super::writes::version_after;
use super::{Api, ApiError, ApiErrorBody};
use crate::auth::ApiActor;
use crate::extract::{IdParam, SlugParam};
use crate::workspace::attachments::document_field;
use crate::workspace::images::picture_field;
use crate::workspace::uploads;
use crate::{AppState, WebError};

/// A document to attach.
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct DocumentForm {
    /// A PDF, DOCX or XLSX file, up to 20 MB; its kind is told from its content.
    #[schema(value_type = String, format = Binary)]
    document: Vec<u8>,
    /// What the link to it says; the file's name when absent.
    document_title: Option<String>,
}

/// A picture to add at the end of an article.
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct PictureForm {
    /// A JPEG, PNG or WebP picture, up to 10 MB and 40 megapixels.
    #[schema(value_type = String, format = Binary)]
    file: Vec<u8>,
    /// The text for those who cannot see it: required.
    alt: String,
    caption: Option<String>,
}

/// A document attached to a record.
#[derive(Serialize, ToSchema)]
pub struct AttachmentDto {
    pub id: i64,
    pub title: String,
    /// pdf, docx or xlsx
    pub kind: String,
    /// Bytes.
    pub size: i64,
    /// Where it is downloaded from, to whoever may read the record.
    pub href: String,
}

/// Attach an uploaded document to a record, as its form does.
async fn attach(
    state: &AppState,
    v: &app::Viewer,
    to: AttachTo,
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<(StatusCode, axum::Json<AttachmentDto>), ApiError> {
    let form = uploads::read_for_api(multipart, &document_field())
        .await?
        .map_err(|e| ApiError(WebError::Invalid(e)))?;
    let upload = AttachmentUpload {
        file_name: &form.file_name,
        bytes: &form.bytes,
        title: form.get("document_title"),
    };
    let a = state.app.attach(v, to, &upload).await?;
    Ok((
        StatusCode::CREATED,
        axum::Json(AttachmentDto {
            href: app::attachment_href(v.base(), &a),
            id: a.id,
            title: a.title,
            kind: a.kind,
            size: a.size,
        }),
    ))
}

/// Attach a document to an article.
#[utoipa::path(post, path = "/api/v1/articles/{slug}/attachments", params(("slug" = String, Path)), request_body(content = DocumentForm, content_type = "multipart/form-data"), security(("token" = [])),
    responses((status = 201, body = AttachmentDto), (status = 400, body = ApiErrorBody), (status = 401, body = ApiErrorBody), (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody), (status = 413, body = ApiErrorBody), (status = 422, body = ApiErrorBody)))]
pub async fn attach_to_article(
    ApiActor { state, v }: ApiActor,
    Api(SlugParam(slug)): Api<SlugParam>,
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<(StatusCode, axum::Json<AttachmentDto>), ApiError> {
    let article = state.app.article(&v, &slug).await?;
    attach(&state, &v, AttachTo::Article(article.id), multipart).await
}

/// Attach a document to a meeting.
#[utoipa::path(post, path = "/api/v1/meetings/{id}/attachments", params(("id" = i64, Path, minimum = 1)), request_body(content = DocumentForm, content_type = "multipart/form-data"), security(("token" = [])),
    responses((status = 201, body = AttachmentDto), (status = 400, body = ApiErrorBody), (status = 401, body = ApiErrorBody), (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody), (status = 413, body = ApiErrorBody), (status = 422, body = ApiErrorBody)))]
pub async fn attach_to_meeting(
    ApiActor { state, v }: ApiActor,
    Api(IdParam(id)): Api<IdParam>,
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<(StatusCode, axum::Json<AttachmentDto>), ApiError> {
    // Another unit's meeting, or one that does not exist, is not found whatever was sent.
    state.app.meeting_for_editing(&v, id).await?;
    attach(&state, &v, AttachTo::Meeting(id), multipart).await
}

/// Attach a document to an oversight activity.
#[utoipa::path(post, path = "/api/v1/oversight/{id}/attachments", params(("id" = i64, Path, minimum = 1)), request_body(content = DocumentForm, content_type = "multipart/form-data"), security(("token" = [])),
    responses((status = 201, body = AttachmentDto), (status = 400, body = ApiErrorBody), (status = 401, body = ApiErrorBody), (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody), (status = 413, body = ApiErrorBody), (status = 422, body = ApiErrorBody)))]
pub async fn attach_to_oversight(
    ApiActor { state, v }: ApiActor,
    Api(IdParam(id)): Api<IdParam>,
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<(StatusCode, axum::Json<AttachmentDto>), ApiError> {
    state.app.oversight(&v, id).await?;
    attach(&state, &v, AttachTo::Oversight(id), multipart).await
}

/// Add a picture at the end of an article; the article is answered with its new `ETag`.
#[utoipa::path(post, path = "/api/v1/articles/{slug}/pictures", params(("slug" = String, Path)), request_body(content = PictureForm, content_type = "multipart/form-data"), security(("token" = [])),
    responses((status = 200, body = ArticleDto, headers(("ETag" = String))), (status = 400, body = ApiErrorBody), (status = 401, body = ApiErrorBody), (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody), (status = 413, body = ApiErrorBody), (status = 422, body = ApiErrorBody)))]
pub async fn add_picture(
    ApiActor { state, v }: ApiActor,
    Api(SlugParam(slug)): Api<SlugParam>,
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<super::contract::Versioned<ArticleDto>, ApiError> {
    let article = state.app.article(&v, &slug).await?;
    let form = uploads::read_for_api(multipart, &picture_field())
        .await?
        .map_err(|e| ApiError(WebError::Invalid(e)))?;
    let upload = app::ImageUpload {
        file_name: &form.file_name,
        bytes: &form.bytes,
        alt: form.get("alt"),
        caption: form.get("caption"),
    };
    let after = state
        .app
        .add_image_to_article(&v, article.id, &upload)
        .await?;
    let version = version_after(&state, &v, ARTICLE, after.id).await?;
    let categories = state.app.categories(&v).await?;
    Ok(super::contract::Versioned::read(
        version,
        super::reads::article_dto(after, &categories, v.now()),
    ))
}
