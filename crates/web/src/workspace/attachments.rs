//! Documents attached to articles, meetings and oversight activities: the upload form on each
//! record's page in the workspace, and the address a document is downloaded from
//! (`/tep/{id}/{name}`), answered to whoever may read the record.

use app::{AttachTo, AttachmentUpload};
use axum::extract::multipart::{Multipart, MultipartRejection};
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use domain::ValidationError;

use super::articles::Articles;
use super::meetings::Meetings;
use super::oversight::Oversights;
use super::see_other;
use super::uploads::{self, FileField};
use crate::documents::content_disposition;
use crate::extract::{IdParam, Staff, Visitor};
use crate::forms::{self, Cx};
use crate::{AppState, WebError};

/// The request's limit: the document's own, and room for the form's other fields.
pub const MAX_REQUEST_BYTES: usize = docs::attachment::MAX_ATTACHMENT_BYTES + 64 * 1024;

fn document_field() -> FileField {
    FileField {
        name: "document",
        max_bytes: docs::attachment::MAX_ATTACHMENT_BYTES,
        too_large: docs::attachment::AttachmentError::TooLarge.to_string(),
    }
}

/// Where the record's page is in the workspace.
fn page_of(to: AttachTo) -> String {
    match to {
        AttachTo::Article(id) => format!("/quan-ly/tin-tuc/{id}"),
        AttachTo::Meeting(id) => format!("/quan-ly/hoi-nghi/{id}"),
        AttachTo::Oversight(id) => format!("/quan-ly/giam-sat/{id}"),
    }
}

/// The record's page again, with the message next to the upload form.
async fn page_with_errors(
    cx: Cx<'_>,
    to: AttachTo,
    errors: ValidationError,
) -> Result<Response, WebError> {
    match to {
        AttachTo::Article(id) => forms::page_with_errors::<Articles>(cx, id, errors).await,
        AttachTo::Meeting(id) => forms::page_with_errors::<Meetings>(cx, id, errors).await,
        AttachTo::Oversight(id) => forms::page_with_errors::<Oversights>(cx, id, errors).await,
    }
}

/// Attach the uploaded document: on success back to the record with a confirmation; otherwise the
/// record's page with the message beside the upload form, and nothing written.
async fn attach(
    state: AppState,
    Staff { user, v }: Staff,
    to: AttachTo,
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<Response, WebError> {
    // The record first: another unit's, or one that does not exist, is not found whatever was sent.
    match to {
        AttachTo::Article(id) => drop(state.app.article_by_id(&v, id).await?),
        AttachTo::Meeting(id) => drop(state.app.meeting_for_editing(&v, id).await?),
        AttachTo::Oversight(id) => drop(state.app.oversight(&v, id).await?),
    }
    let form = match uploads::read(&user, multipart, &document_field()).await? {
        Ok(form) => form,
        Err(errors) => return page_with_errors(Cx::new(&state, &user, &v), to, errors).await,
    };
    let upload = AttachmentUpload {
        file_name: &form.file_name,
        bytes: &form.bytes,
        title: form.get("document_title"),
    };
    forms::write(
        async |()| state.app.attach(&v, to, &upload).await,
        |_| see_other(&v, &page_of(to)),
        async |errors| page_with_errors(Cx::new(&state, &user, &v), to, errors).await,
    )
    .await
}

pub async fn to_article(
    State(state): State<AppState>,
    staff: Staff,
    IdParam(id): IdParam,
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<Response, WebError> {
    attach(state, staff, AttachTo::Article(id), multipart).await
}

pub async fn to_meeting(
    State(state): State<AppState>,
    staff: Staff,
    IdParam(id): IdParam,
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<Response, WebError> {
    attach(state, staff, AttachTo::Meeting(id), multipart).await
}

pub async fn to_oversight(
    State(state): State<AppState>,
    staff: Staff,
    IdParam(id): IdParam,
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<Response, WebError> {
    attach(state, staff, AttachTo::Oversight(id), multipart).await
}

/// A document, under the name it was uploaded with: a PDF opens in the browser, Word and Excel
/// files download. The name in the address is for people; the id finds it.
pub async fn serve(
    State(state): State<AppState>,
    Visitor(v): Visitor,
    IdParam(id): IdParam,
) -> Result<Response, WebError> {
    let (attachment, kind, bytes) = state.app.attachment_file(&v, id).await?;
    let name = format!("{}.{}", attachment.title, kind.extension());
    let inline = kind == docs::attachment::AttachmentKind::Pdf;
    Ok((
        [
            (header::CONTENT_TYPE, kind.mime().to_string()),
            (
                header::CONTENT_DISPOSITION,
                content_disposition(&name, inline),
            ),
            // Who may read it can change (a record made private), so it is checked every time.
            (header::CACHE_CONTROL, "private, no-cache".to_string()),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff".to_string()),
        ],
        bytes,
    )
        .into_response())
}

/// The documents attached to a record, each with where it is withdrawn, for someone who may
/// change the record (`None` for a record not saved yet); empty for anyone else.
pub(super) async fn attached(
    state: &AppState,
    v: &app::Viewer,
    to: Option<AttachTo>,
    can_edit: bool,
) -> Result<Vec<(String, String)>, WebError> {
    let Some(to) = to.filter(|_| can_edit) else {
        return Ok(Vec::new());
    };
    Ok(state
        .app
        .attachments_of(v, to)
        .await?
        .into_iter()
        .map(|a| {
            (
                a.title,
                super::withdrawals::withdraw_href(
                    domain::withdrawal::Withdrawable::Attachment,
                    a.id,
                ),
            )
        })
        .collect())
}
