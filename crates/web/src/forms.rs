//! The one flow of every form that writes: the fields become a domain draft, a use case of `app`
//! writes it in one transaction, and the person is sent on to a page that confirms it, or is shown
//! the form again as they typed it, each error beside its field. The form's token was checked by
//! the extractor that read the body (`CheckedForm`, `SignedForm`, `uploads::read`) before any of
//! this runs.

use app::AppError;
use axum::response::Response;
use domain::ValidationError;

use crate::auth::FormData;
use crate::WebError;

/// Writes `parsed` through `write` when it parsed; then `done` with what was written, or, when
/// the fields or the use case's rules refused it, `again` with the errors. Any other refusal (not
/// found, not allowed) is the error page.
pub async fn submit<D, T>(
    parsed: Result<D, ValidationError>,
    write: impl AsyncFnOnce(D) -> app::Result<T>,
    done: impl FnOnce(T) -> Response,
    again: impl AsyncFnOnce(ValidationError) -> Result<Response, WebError>,
) -> Result<Response, WebError> {
    let outcome = match parsed {
        Ok(draft) => write(draft).await,
        Err(errors) => Err(AppError::Invalid(errors)),
    };
    match outcome {
        Ok(saved) => Ok(done(saved)),
        Err(AppError::Invalid(errors)) => again(errors).await,
        Err(e) => Err(e.into()),
    }
}

/// [`submit`] for a form with nothing to parse beyond what the use case checks.
pub async fn write<T>(
    write: impl AsyncFnOnce(()) -> app::Result<T>,
    done: impl FnOnce(T) -> Response,
    again: impl AsyncFnOnce(ValidationError) -> Result<Response, WebError>,
) -> Result<Response, WebError> {
    submit(Ok(()), write, done, again).await
}

/// A form as a page shows it: fresh (empty, or the record's values), or as the person typed it
/// with the errors beside its fields.
pub struct Shown<'a> {
    pub typed: Option<&'a FormData>,
    pub errors: ValidationError,
}

impl<'a> Shown<'a> {
    /// The form as it opens.
    pub fn fresh() -> Self {
        Self::new(None, ValidationError::default())
    }

    /// The form again, as typed, with what was wrong.
    pub fn again(typed: &'a FormData, errors: ValidationError) -> Self {
        Self::new(Some(typed), errors)
    }

    /// The form with errors that are not of what was typed in it (a note beside it).
    pub fn errors(errors: ValidationError) -> Self {
        Self::new(None, errors)
    }

    pub fn new(typed: Option<&'a FormData>, errors: ValidationError) -> Self {
        Self { typed, errors }
    }

    /// What was typed, if the form is shown again, and the errors beside its fields.
    pub fn into_parts(self) -> (Option<&'a FormData>, ValidationError) {
        (self.typed, self.errors)
    }
}
