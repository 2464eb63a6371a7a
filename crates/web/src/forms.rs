//! The one flow of every form that writes: the fields become a domain draft, a use case of `app`
//! writes it in one transaction, and the person is sent on to a page that confirms it, or is shown
//! the form again as they typed it, each error beside its field. The form's token was checked by
//! the extractor that read the body (`CheckedForm`, `SignedForm`, `uploads::read`) before any of
//! this runs. A record's form (new, or changed by its id) is a [`RecordForm`]: its four handlers
//! are written once, here.

use std::future::Future;

use app::{AppError, Viewer};
use axum::extract::FromRequestParts;
use axum::response::Response;
use domain::ValidationError;

use crate::auth::{CheckedForm, FormData, SignedIn};
use crate::extract::{IdParam, Staff};
use crate::workspace::see_other;
use crate::{AppState, WebError, WebResult};

/// Writes `parsed` through `write` when it parsed; then `done` with what was written, or, when
/// the fields or the use case's rules refused it, `again` with the errors. Any other refusal (not
/// found, not allowed) is the error page.
pub async fn submit<D, T>(
    parsed: Result<D, ValidationError>,
    write: impl AsyncFnOnce(D) -> app::Result<T>,
    done: impl FnOnce(T) -> Response,
    again: impl AsyncFnOnce(ValidationError) -> WebResult,
) -> WebResult {
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
    again: impl AsyncFnOnce(ValidationError) -> WebResult,
) -> WebResult {
    submit(Ok(()), write, done, again).await
}

/// The values of a multiple choice (check boxes, a multi-select) as the form shows them: as typed
/// when it is shown again, or the record's saved ids.
pub fn chosen(typed: Option<&FormData>, name: &str, saved: &[i64]) -> Vec<String> {
    match typed {
        Some(f) => f.all(name).into_iter().map(str::to_string).collect(),
        None => saved.iter().map(i64::to_string).collect(),
    }
}

/// Items one a line, as a text area shows them (a team, documents, guests).
pub fn lines<'a, T: 'a>(
    items: impl IntoIterator<Item = &'a T>,
    line: impl Fn(&T) -> String,
) -> String {
    items.into_iter().map(line).collect::<Vec<_>>().join("\n")
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

/// What a page of the workspace is drawn with: the application, the person signed in, and the
/// unit as they see it.
#[derive(Clone, Copy)]
pub struct Cx<'a> {
    pub state: &'a AppState,
    pub user: &'a SignedIn,
    pub v: &'a Viewer,
}

impl<'a> Cx<'a> {
    pub fn new(state: &'a AppState, user: &'a SignedIn, v: &'a Viewer) -> Self {
        Self { state, user, v }
    }
}

/// Where a new record goes, found from the address of its form: the unit itself (`()`), a
/// programme by its year, an oversight activity by its id.
pub trait Place: Sized + Send + Sync {
    /// What the address names.
    type Key: FromRequestParts<AppState> + Send;

    /// The place, refused when this person may not add a record there.
    fn find(cx: Cx<'_>, key: Self::Key) -> impl Future<Output = Result<Self, WebError>> + Send;
}

impl Place for () {
    type Key = ();

    async fn find(_: Cx<'_>, (): ()) -> Result<(), WebError> {
        Ok(())
    }
}

/// A record written through a form of the workspace: a new one in its place, or one changed by
/// its id. Each kind says how its form is found, written and drawn; [`new`], [`create`], [`edit`]
/// and [`update`] are the one flow of all of them.
pub trait RecordForm: Sized + 'static {
    type Place: Place;
    type Record: Send + Sync;

    /// The record of an id with its place, refused when it is not this person's to read.
    fn open(
        cx: Cx<'_>,
        id: i64,
    ) -> impl Future<Output = Result<(Self::Record, Self::Place), WebError>> + Send;

    /// Reads the form and writes what it says through one use case (a new record, or the change
    /// of the one open); gives the page to go to next. Field errors, found here or by the use case,
    /// come back as [`WebError::Invalid`], and the form is shown again with them.
    fn write(
        at: At<'_, Self>,
        form: &FormData,
    ) -> impl Future<Output = Result<String, WebError>> + Send;

    /// The form's page: fresh, or again as typed with its errors.
    fn page(
        at: At<'_, Self>,
        shown: Shown<'_>,
    ) -> impl Future<Output = Result<Response, WebError>> + Send;

    /// The answer to a refusal that is neither field errors nor an error page (a change that asks
    /// to be confirmed first).
    fn refused(
        _at: At<'_, Self>,
        _form: &FormData,
        error: WebError,
    ) -> impl Future<Output = Result<Response, WebError>> + Send {
        async move { Err(error) }
    }
}

/// A record's form as it is drawn or written: the page's context, the place, and the record when
/// it is one that exists.
pub struct At<'a, F: RecordForm> {
    pub cx: Cx<'a>,
    pub place: &'a F::Place,
    pub record: Option<&'a F::Record>,
}

impl<F: RecordForm> Clone for At<'_, F> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<F: RecordForm> Copy for At<'_, F> {}

impl<'a, F: RecordForm> At<'a, F> {
    /// The application and the viewer, which every use case takes.
    pub fn app(&self) -> (&'a app::App, &'a Viewer) {
        (&self.cx.state.app, self.cx.v)
    }
}

/// The form of a new record.
pub async fn new<F: RecordForm>(
    Staff { state, user, v }: Staff,
    key: <F::Place as Place>::Key,
) -> WebResult {
    let cx = Cx::new(&state, &user, &v);
    let place = F::Place::find(cx, key).await?;
    F::page(At::new(cx, &place, None), Shown::fresh()).await
}

/// A new record, posted.
pub async fn create<F: RecordForm>(
    key: <F::Place as Place>::Key,
    CheckedForm(Staff { state, user, v }, form): CheckedForm,
) -> WebResult {
    v.staff()?;
    let cx = Cx::new(&state, &user, &v);
    let place = F::Place::find(cx, key).await?;
    save(At::<F>::new(cx, &place, None), &form).await
}

/// The form of a record, as it stands.
pub async fn edit<F: RecordForm>(
    Staff { state, user, v }: Staff,
    IdParam(id): IdParam,
) -> WebResult {
    let cx = Cx::new(&state, &user, &v);
    let (record, place) = F::open(cx, id).await?;
    F::page(At::new(cx, &place, Some(&record)), Shown::fresh()).await
}

/// A change of a record, posted.
pub async fn update<F: RecordForm>(
    IdParam(id): IdParam,
    CheckedForm(Staff { state, user, v }, form): CheckedForm,
) -> WebResult {
    let cx = Cx::new(&state, &user, &v);
    let (record, place) = F::open(cx, id).await?;
    save(At::<F>::new(cx, &place, Some(&record)), &form).await
}

/// The page of the record of `id`, with errors that are not of its form's fields (an upload's,
/// beside it).
pub async fn page_with_errors<F: RecordForm>(
    cx: Cx<'_>,
    id: i64,
    errors: ValidationError,
) -> WebResult {
    let (record, place) = F::open(cx, id).await?;
    F::page(At::new(cx, &place, Some(&record)), Shown::errors(errors)).await
}

async fn save<F: RecordForm>(at: At<'_, F>, form: &FormData) -> WebResult {
    match F::write(at, form).await {
        Ok(next) => Ok(see_other(at.cx.v, &next)),
        Err(WebError::Invalid(errors)) => F::page(at, Shown::again(form, errors)).await,
        Err(e) => F::refused(at, form, e).await,
    }
}

impl<'a, F: RecordForm> At<'a, F> {
    fn new(cx: Cx<'a>, place: &'a F::Place, record: Option<&'a F::Record>) -> Self {
        Self { cx, place, record }
    }
}
