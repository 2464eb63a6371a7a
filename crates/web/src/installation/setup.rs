//! The first visit to a new installation: create its operator, who is then signed in and taken to
//! the console. Once there is an operator the page only points to signing in.

use askama::Template;
use axum::extract::State;
use axum::http::{header, HeaderMap};
use axum::response::{IntoResponse, Redirect};
use domain::credentials::{NewPassword, Username};
use domain::ValidationError;

use app::accounts::SignIn;

use super::Top;
use crate::auth::{pre_session_token, FormData, PreSessionForm};
use crate::render::render_page;
use crate::workspace::sign_in::opened;
use crate::{AppState, WebError, WebResult};

#[derive(Template)]
#[template(path = "inst/setup.html")]
struct Page {
    top: Top,
    csrf: String,
    display_name: String,
    username: String,
    errors: ValidationError,
}

fn page(
    state: &AppState,
    headers: &HeaderMap,
    form: Option<&FormData>,
    errors: ValidationError,
) -> WebResult {
    let (csrf, cookie) = pre_session_token(state, headers);
    let status = crate::render::form_status(&errors);
    let html = render_page(&Page {
        top: Top::of(None),
        csrf,
        display_name: form
            .map(|f| f.get("display_name").to_string())
            .unwrap_or_default(),
        username: form
            .map(|f| f.get("username").to_string())
            .unwrap_or_default(),
        errors,
    })?;
    Ok((status, [(header::SET_COOKIE, cookie)], html).into_response())
}

pub async fn form(State(state): State<AppState>, headers: HeaderMap) -> WebResult {
    if !state.app.needs_setup().await? {
        return Ok(Redirect::to("/dang-nhap").into_response());
    }
    page(&state, &headers, None, ValidationError::default())
}

/// Every field checked at once; the account is made only when all are good.
fn parse(form: &FormData) -> Result<(Username, NewPassword), ValidationError> {
    let mut errors = ValidationError::default();
    let username =
        Username::parse(form.get("username")).map_err(|e| errors.errors.extend(e.errors));
    let password =
        NewPassword::parse(form.get("password")).map_err(|e| errors.errors.extend(e.errors));
    if form.get("password") != form.get("password_again") {
        errors.push("password_again", "Hai lần nhập mật khẩu không khớp nhau");
    }
    if form.get("display_name").trim().is_empty() {
        errors.push("display_name", "Hãy nhập họ tên");
    }
    match (username, password) {
        (Ok(u), Ok(p)) if errors.is_empty() => Ok((u, p)),
        _ => Err(errors),
    }
}

pub async fn submit(State(state): State<AppState>, sent: PreSessionForm) -> WebResult {
    if !state.app.needs_setup().await? {
        return Err(WebError::Forbidden(
            "Hệ thống đã có quản trị; hãy đăng nhập.".into(),
        ));
    }
    let (username, password) = match parse(&sent.form) {
        Ok(ok) => ok,
        Err(errors) => return page(&state, &sent.headers, Some(&sent.form), errors),
    };
    match state
        .app
        .set_up_operator(&username, sent.form.get("display_name"), &password)
        .await
    {
        Ok(_) => {}
        Err(app::AppError::Invalid(errors)) => {
            return page(&state, &sent.headers, Some(&sent.form), errors)
        }
        Err(e) => return Err(e.into()),
    }
    match state
        .app
        .sign_in(username.as_str(), password.expose(), sent.knocking.client())
        .await?
    {
        SignIn::Opened {
            session,
            device_cookie,
        } => Ok(opened(
            &sent.headers,
            "/he-thong",
            &session.token,
            Some(&device_cookie),
        )),
        SignIn::Refused | SignIn::Locked => Ok(Redirect::to("/dang-nhap").into_response()),
    }
}
