//! Pictures of the news: the upload form on an article's page in the workspace, the editor's
//! picture button, and the public address each size is served from (`/anh/{hash}-{width}.jpg`).

use axum::extract::multipart::{Multipart, MultipartRejection};
use axum::http::header;
use axum::response::IntoResponse;
use docs::image::{ImageError, MAX_IMAGE_BYTES};

use super::articles::form_page;
use super::see_other;
use super::uploads::{self, FileField};
use crate::api::ApiError;
use crate::extract::{IdParam, PictureParam, Staff, Visitor};
use crate::forms::{self, Cx, Shown};
use crate::{WebError, WebResult};

/// The request's limit: the picture's own, and room for the form's other fields.
pub const MAX_REQUEST_BYTES: usize = MAX_IMAGE_BYTES + 64 * 1024;

pub(crate) fn picture_field() -> FileField {
    FileField::new("file", MAX_IMAGE_BYTES, ImageError::TooLarge)
}

/// Add a picture to an article: on success back to the article with a confirmation; otherwise the
/// article's page with the message beside the picture form, and nothing written.
pub async fn upload(
    Staff { state, user, v }: Staff,
    IdParam(id): IdParam,
    multipart: Result<Multipart, MultipartRejection>,
) -> WebResult {
    let cx = Cx::new(&state, &user, &v);
    let article = state.app.article_by_id(&v, id).await?;
    let again = async |errors| form_page(cx, Some(&article), Shown::errors(errors)).await;
    let fields = match uploads::read(&user, multipart, &picture_field()).await? {
        Ok(f) => f,
        Err(errors) => return again(errors).await,
    };
    let upload = app::ImageUpload {
        file_name: &fields.file_name,
        bytes: &fields.bytes,
        alt: fields.get("alt"),
        caption: fields.get("caption"),
    };
    forms::write(
        async |()| state.app.add_image_to_article(&v, id, &upload).await,
        |_| see_other(&v, &format!("/quan-ly/tin-tuc/{id}")),
        again,
    )
    .await
}

/// What the editor's picture button gets back: the figure to place where the writer is.
#[derive(serde::Serialize)]
pub struct PlacedPicture {
    html: String,
}

/// The editor's picture button: keep a picture with its description and caption, and answer the
/// figure for the editor to place where the writer is (JSON: `{"html": …}`, or the errors beside
/// their fields as the API gives them). The article need not be saved yet.
pub async fn upload_in_place(
    Staff { state, user, v }: Staff,
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<axum::Json<PlacedPicture>, ApiError> {
    let fields = uploads::read(&user, multipart, &picture_field())
        .await?
        .map_err(WebError::Invalid)?;
    let upload = app::ImageUpload {
        file_name: &fields.file_name,
        bytes: &fields.bytes,
        alt: fields.get("alt"),
        caption: fields.get("caption"),
    };
    let html = state.app.upload_picture(&v, &upload).await?;
    Ok(axum::Json(PlacedPicture { html }))
}

/// Upload the unit's logo from its settings page: back to the page, which shows it; a picture the
/// rules refuse is a message beside the file field, and the logo stays as it was.
pub async fn upload_logo(
    Staff { state, user, v }: Staff,
    multipart: Result<Multipart, MultipartRejection>,
) -> WebResult {
    let refused = |errors| async {
        let values = super::staff::saved_settings(&state, &v).await?;
        super::staff::settings_page(&state, &user, &v, &values, errors).await
    };
    let fields = match uploads::read(&user, multipart, &picture_field()).await? {
        Ok(f) => f,
        Err(errors) => return refused(errors).await,
    };
    forms::write(
        async |()| {
            state
                .app
                .set_logo(&v, &fields.file_name, &fields.bytes)
                .await
        },
        |_| see_other(&v, "/quan-ly/cai-dat#bieu-trung"),
        refused,
    )
    .await
}

/// Take the logo off the unit's portal.
pub async fn remove_logo(
    crate::auth::CheckedForm(crate::extract::Staff { state, v, .. }, _): crate::auth::CheckedForm,
) -> WebResult {
    state.app.remove_logo(&v).await?;
    Ok(see_other(&v, "/quan-ly/cai-dat#bieu-trung"))
}

/// One size of a picture: `{hash}-{width}.jpg`. The bytes of a name never change, so browsers
/// and proxies keep them for a year.
pub async fn serve(
    Visitor { state, v }: Visitor,
    PictureParam((hash, width)): PictureParam,
) -> WebResult {
    let (bytes, public) = state.app.image(&v, &hash, width).await?;
    // A picture's bytes never change under its address; a draft's stay with the staff who see it.
    let cache = if public {
        "public, max-age=31536000, immutable"
    } else {
        "private, no-store"
    };
    Ok((
        [
            (header::CONTENT_TYPE, "image/jpeg"),
            (header::CACHE_CONTROL, cache),
        ],
        bytes,
    )
        .into_response())
}
