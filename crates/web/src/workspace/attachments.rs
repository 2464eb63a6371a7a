//! Documents attached to articles, meetings and oversight activities: the upload form on each
//! record's page in the workspace, and the address a document is downloaded from
//! (`/tep/{id}/{name}`), answered to whoever may read the record.

use app::{AttachTo, AttachmentUpload};
use axum::extract::multipart::{Multipart, MultipartRejection};
use axum::http::header;
use axum::response::IntoResponse;
use docs::attachment::{AttachmentError, MAX_ATTACHMENT_BYTES};

use super::articles::Articles;
use super::meetings::Meetings;
use super::oversight::Oversights;
use super::see_other;
use super::uploads::{self, FileField};
use super::withdrawals::withdraw_href;
use crate::documents::content_disposition;
use crate::extract::{IdParam, Staff, Visitor};
use crate::forms::{self, Cx, RecordForm};
use crate::{AppState, WebResult};
use domain::withdrawal::Withdrawable;

/// The request's limit: the document's own, and room for the form's other fields.
pub const MAX_REQUEST_BYTES: usize = MAX_ATTACHMENT_BYTES + 64 * 1024;

pub(crate) fn document_field() -> FileField {
    FileField::new("document", MAX_ATTACHMENT_BYTES, AttachmentError::TooLarge)
}

/// A record documents are attached to, as its form knows it: the form opens it (scoped to the
/// unit) and draws its page again with a message beside the upload.
pub trait Attachable: RecordForm {
    fn to(id: i64) -> AttachTo;
}

impl Attachable for Articles {
    fn to(id: i64) -> AttachTo {
        AttachTo::Article(id)
    }
}

impl Attachable for Meetings {
    fn to(id: i64) -> AttachTo {
        AttachTo::Meeting(id)
    }
}

impl Attachable for Oversights {
    fn to(id: i64) -> AttachTo {
        AttachTo::Oversight(id)
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

/// Attach the uploaded document: on success back to the record with a confirmation; otherwise the
/// record's page with the message beside the upload form, and nothing written.
pub async fn attach<F: Attachable>(
    Staff { state, user, v }: Staff,
    IdParam(id): IdParam,
    multipart: Result<Multipart, MultipartRejection>,
) -> WebResult {
    let cx = Cx::new(&state, &user, &v);
    // The record first: another unit's, or one that does not exist, is not found whatever was sent.
    F::open(cx, id).await?;
    let form = match uploads::read(&user, multipart, &document_field()).await? {
        Ok(form) => form,
        Err(errors) => return forms::page_with_errors::<F>(cx, id, errors).await,
    };
    let upload = AttachmentUpload {
        file_name: &form.file_name,
        bytes: &form.bytes,
        title: form.get("document_title"),
    };
    let to = F::to(id);
    forms::write(
        async |()| state.app.attach(&v, to, &upload).await,
        |_| see_other(&v, &page_of(to)),
        async |errors| forms::page_with_errors::<F>(cx, id, errors).await,
    )
    .await
}

/// A document, under the name it was uploaded with: a PDF opens in the browser, Word and Excel
/// files download. The name in the address is for people; the id finds it.
pub async fn serve(Visitor { state, v }: Visitor, IdParam(id): IdParam) -> WebResult {
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

/// What a record's page in the workspace shows of its documents, to someone who may change it.
#[derive(Default)]
pub struct Attached {
    /// Where the upload form posts; `None` for a record not saved yet, or to someone who may not
    /// change it.
    pub action: Option<String>,
    /// The documents attached, each with where it is withdrawn.
    pub files: Vec<(String, String)>,
}

/// The documents attached to a record (`None` for a record not saved yet) and its upload form, for
/// someone who may change the record; nothing for anyone else.
pub(super) async fn attached(
    state: &AppState,
    v: &app::Viewer,
    to: Option<AttachTo>,
    can_edit: bool,
) -> WebResult<Attached> {
    let Some(to) = to.filter(|_| can_edit) else {
        return Ok(Attached::default());
    };
    let withdraw = |id| withdraw_href(Withdrawable::Attachment, id);
    let files = state.app.attachments_of(v, to).await?;
    Ok(Attached {
        action: Some(format!("{}/tep", page_of(to))),
        files: files
            .into_iter()
            .map(|a| (a.title, withdraw(a.id)))
            .collect(),
    })
}
