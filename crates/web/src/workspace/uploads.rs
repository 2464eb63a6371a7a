//! Reading an upload form (a file and a few text fields, sent as multipart) the same way for every
//! kind of file: bounded as it arrives, with the form's token checked before the file is looked at.
//! The one multipart reader of the site: pictures, documents, spreadsheets and the units' list.

use std::collections::HashMap;

use axum::extract::multipart::{Multipart, MultipartError, MultipartRejection};
use axum::http::StatusCode;
use domain::ValidationError;

use crate::auth::{check_form_token, SignedIn};
use crate::WebError;

/// The fields of an upload form.
#[derive(Default)]
pub struct Upload {
    pub file_name: String,
    pub bytes: Vec<u8>,
    text: HashMap<String, String>,
}

impl Upload {
    /// A text field of the form, empty when absent.
    pub fn get(&self, name: &str) -> &str {
        self.text.get(name).map_or("", String::as_str)
    }
}

/// What a file field is called, how large its file may be and what to say beyond that.
pub struct FileField {
    pub name: &'static str,
    pub max_bytes: usize,
    pub too_large: String,
}

impl FileField {
    /// A file field of the form, refused beyond `max_bytes` with the message `too_large`.
    pub fn new(name: &'static str, max_bytes: usize, too_large: impl ToString) -> Self {
        let too_large = too_large.to_string();
        Self {
            name,
            max_bytes,
            too_large,
        }
    }

    /// Whether the form was refused for a file over this field's limit (which some pages answer
    /// with 413), rather than for a body that could not be read.
    pub fn refused_as_too_large(&self, errors: &ValidationError) -> bool {
        errors.for_field(self.name) == Some(self.too_large.as_str())
    }
}

/// Read an upload form. A form that is not multipart is a bad request; a file over its limit or a
/// broken body is a message next to the file field; a forged form is refused before the file is
/// kept in memory beyond its limit or looked at.
pub async fn read(
    user: &SignedIn,
    multipart: Result<Multipart, MultipartRejection>,
    file: &FileField,
) -> Result<Result<Upload, ValidationError>, WebError> {
    let multipart = multipart.map_err(|_| {
        WebError::BadRequest("Biểu mẫu tải tệp phải gửi dạng multipart/form-data.".into())
    })?;
    let upload = collect(multipart, file).await;
    let csrf = match &upload {
        Ok(u) => u.get("csrf"),
        Err((_, csrf)) => csrf.as_str(),
    };
    check_form_token(csrf, &user.csrf)?;
    Ok(upload.map_err(|(errors, _)| errors))
}

/// Read an upload sent to the API: a bearer token authenticated it, so there is no form token to
/// check; otherwise as [`read`].
pub async fn read_for_api(
    multipart: Result<Multipart, MultipartRejection>,
    file: &FileField,
) -> Result<Result<Upload, ValidationError>, WebError> {
    let multipart = multipart.map_err(|_| {
        WebError::BadRequest("Tệp tải lên phải gửi dạng multipart/form-data.".into())
    })?;
    Ok(collect(multipart, file).await.map_err(|(errors, _)| errors))
}

/// The fields as they arrive; on failure the message and the token, if it came before the file.
async fn collect(
    mut multipart: Multipart,
    file: &FileField,
) -> Result<Upload, (ValidationError, String)> {
    let mut upload = Upload::default();
    let fail = |e: MultipartError, csrf: &str| {
        let message = if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            file.too_large.clone()
        } else {
            "Không đọc được biểu mẫu tải tệp; hãy gửi lại".into()
        };
        (
            ValidationError::single(file.name, message),
            csrf.to_string(),
        )
    };
    loop {
        let csrf = upload.get("csrf").to_string();
        let Some(mut field) = multipart.next_field().await.map_err(|e| fail(e, &csrf))? else {
            break;
        };
        let name = field.name().unwrap_or_default().to_string();
        if name == file.name {
            upload.file_name = field.file_name().unwrap_or_default().to_string();
            while let Some(chunk) = field.chunk().await.map_err(|e| fail(e, &csrf))? {
                if upload.bytes.len() + chunk.len() > file.max_bytes {
                    return Err((
                        ValidationError::single(file.name, file.too_large.clone()),
                        csrf,
                    ));
                }
                upload.bytes.extend_from_slice(&chunk);
            }
        } else if upload.text.len() < 16 {
            let value = field.text().await.map_err(|e| fail(e, &csrf))?;
            upload.text.insert(name, value);
        }
    }
    Ok(upload)
}
