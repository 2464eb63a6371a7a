//! Signing in and out. The sign-in form is protected by a double-submit cookie (there is no session
//! yet); failed attempts are limited per account and per address.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use std::collections::HashMap;

use app::accounts::{SignIn, SESSION_TTL_SECONDS};

use crate::auth::{
    constant_time_eq, cookie, set_cookie, CheckedForm, ClientAddr, FormData, SESSION_COOKIE,
    SIGN_IN_CSRF_COOKIE,
};
use crate::render::render_page;
use crate::{AppState, WebError};

#[derive(Template)]
#[template(path = "sign_in.html")]
struct SignInPage {
    csrf: String,
    next: String,
    username: String,
    error: Option<String>,
}

/// Only paths of this site: never `//host` or an absolute URL, so sign-in cannot redirect away.
fn safe_next(next: &str) -> String {
    if next.starts_with('/') && !next.starts_with("//") && !next.contains('\\') {
        next.to_string()
    } else {
        "/quan-ly".to_string()
    }
}

fn page(
    headers: &HeaderMap,
    next: &str,
    username: &str,
    error: Option<String>,
    status: StatusCode,
) -> Result<Response, WebError> {
    let csrf = cookie(headers, SIGN_IN_CSRF_COOKIE)
        .filter(|c| c.len() == 64)
        .unwrap_or_else(store::accounts::random_secret);
    let html = render_page(&SignInPage {
        csrf: csrf.clone(),
        next: safe_next(next),
        username: username.to_string(),
        error,
    })?;
    Ok((
        status,
        [(
            header::SET_COOKIE,
            set_cookie(headers, SIGN_IN_CSRF_COOKIE, &csrf, 3600),
        )],
        html,
    )
        .into_response())
}

pub async fn form(
    headers: HeaderMap,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Response, WebError> {
    page(
        &headers,
        q.get("next").map_or("/quan-ly", |s| s),
        "",
        None,
        StatusCode::OK,
    )
}

pub async fn submit(
    State(state): State<AppState>,
    ClientAddr(address): ClientAddr,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Result<Response, WebError> {
    let form = FormData::parse(&body);
    let next = form.get("next");
    let expected = cookie(&headers, SIGN_IN_CSRF_COOKIE).unwrap_or_default();
    if expected.is_empty() || !constant_time_eq(form.get("csrf").as_bytes(), expected.as_bytes()) {
        return Err(WebError::Forbidden(
            "Biểu mẫu đăng nhập đã hết hạn. Hãy tải lại trang và đăng nhập lại.".into(),
        ));
    }
    let username = form.get("username").to_ascii_lowercase();
    let session = match state
        .app
        .sign_in(&username, form.get("password"), address)
        .await?
    {
        SignIn::Opened(session) => session,
        SignIn::Locked => {
            return page(
                &headers,
                next,
                &username,
                Some("Đăng nhập sai quá nhiều lần. Vì an toàn, hãy thử lại sau 15 phút.".into()),
                StatusCode::TOO_MANY_REQUESTS,
            )
        }
        SignIn::Refused => {
            return page(
                &headers,
                next,
                &username,
                Some("Tên đăng nhập hoặc mật khẩu không đúng.".into()),
                StatusCode::UNAUTHORIZED,
            )
        }
    };
    let mut response = Redirect::to(&safe_next(next)).into_response();
    response.headers_mut().append(
        header::SET_COOKIE,
        set_cookie(
            &headers,
            SESSION_COOKIE,
            &session.token,
            SESSION_TTL_SECONDS,
        ),
    );
    Ok(response)
}

pub async fn sign_out(
    State(state): State<AppState>,
    headers: HeaderMap,
    checked: CheckedForm,
) -> Result<Response, WebError> {
    state.app.sign_out(&checked.user.token).await?;
    let mut response = Redirect::to("/").into_response();
    response.headers_mut().append(
        header::SET_COOKIE,
        set_cookie(&headers, SESSION_COOKIE, "", 0),
    );
    Ok(response)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sign_in_never_redirects_off_the_site() {
        assert_eq!(
            safe_next("/quan-ly/chuong-trinh/2021"),
            "/quan-ly/chuong-trinh/2021"
        );
        assert_eq!(safe_next("//evil.example"), "/quan-ly");
        assert_eq!(safe_next("https://evil.example"), "/quan-ly");
        assert_eq!(safe_next("/\\evil.example"), "/quan-ly");
    }
}
