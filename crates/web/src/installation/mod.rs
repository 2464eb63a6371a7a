//! The installation's own pages, outside any unit: setting it up on the first visit, the
//! operator's console (units, the official list, host names, first administrators, merges and
//! splits, the national indicator catalogue), the public list of units, and each person's own page with their units and API tokens.

pub(crate) mod account;
pub(crate) mod catalogue;
pub(crate) mod console;
pub(crate) mod national;
pub(crate) mod reorganise;
pub(crate) mod setup;
pub(crate) mod units;

use axum::extract::{FromRequest, FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::http::Method;
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use domain::access::Action;

use crate::auth::{FormData, SignedForm, SignedIn};
use crate::{AppState, WebError, WebResult};

/// What the installation's pages show around their content: who is signed in, if anyone.
pub struct Top {
    pub user: Option<String>,
    pub csrf: String,
    pub operator: bool,
}

impl Top {
    pub fn of(user: Option<&SignedIn>) -> Self {
        Self {
            user: user.map(|u| u.actor.display_name.clone()),
            csrf: user.map(|u| u.csrf.clone()).unwrap_or_default(),
            operator: user.is_some_and(|u| u.actor.can(&Action::ManageUnits)),
        }
    }
}

/// The installation's operator, signed in: anyone else is refused, anonymous visitors are sent
/// to sign in.
pub struct Operator {
    pub state: AppState,
    pub user: SignedIn,
}

impl Operator {
    /// The person, if they are the installation's operator and may work.
    fn of(state: &AppState, user: SignedIn) -> WebResult<Self> {
        let user = user.at_work()?;
        if !user.actor.can(&Action::ManageUnits) {
            let refusal = "Trang này dành cho quản trị hệ thống.";
            return Err(WebError::Forbidden(refusal.into()));
        }
        let state = state.clone();
        Ok(Self { state, user })
    }
}

impl FromRequestParts<AppState> for Operator {
    type Rejection = WebError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> WebResult<Self> {
        Self::of(state, SignedIn::from_request_parts(parts, state).await?)
    }
}

/// A form of the operator's console, after its CSRF token was checked: the operator, and its
/// fields.
pub struct OperatorForm(pub Operator, pub FormData);

impl FromRequest<AppState> for OperatorForm {
    type Rejection = WebError;

    async fn from_request(req: Request, state: &AppState) -> WebResult<Self> {
        let SignedForm { state, user, form } = SignedForm::from_request(req, state).await?;
        Ok(Self(Operator::of(&state, user)?, form))
    }
}

/// The first visit to an installation without units: set it up, or, once there is an operator,
/// create the first unit.
pub async fn first_visit(State(state): State<AppState>, request: Request, next: Next) -> Response {
    if request.method() == Method::GET && request.uri().path() == "/" {
        let empty = state.app.directory().await.is_ok_and(|d| d.is_empty());
        if empty {
            let to = match state.app.needs_setup().await {
                Ok(true) => "/cai-dat",
                _ => "/he-thong",
            };
            return Redirect::to(to).into_response();
        }
    }
    next.run(request).await
}

/// Where a person lands after signing in: the operator at the console, anyone else at the
/// workspace of their unit, or at their own page when they work in several.
pub async fn home_of(state: &AppState, user: &SignedIn) -> Result<String, WebError> {
    if user.actor.can(&Action::ManageUnits) {
        return Ok("/he-thong".into());
    }
    let units = state.app.units_of(&user.actor).await?;
    let default = state.app.directory().await?.default_unit().map(|u| u.id);
    Ok(match units.as_slice() {
        [one] if Some(one.id) == default => "/quan-ly".into(),
        [one] => format!("{}/quan-ly", domain::address::base_of(&one.slug)),
        _ => "/tai-khoan".into(),
    })
}
