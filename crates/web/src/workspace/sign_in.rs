//! Signing in and out. The sign-in form is protected by a double-submit cookie (there is no session
//! yet); failed attempts are limited per account and per address.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};

use app::accounts::{SignIn, DEVICE_COOKIE, DEVICE_COOKIE_SECONDS, SESSION_TTL_SECONDS};

use crate::auth::{
    pre_session_token, set_cookie, PreSessionForm, SignedForm, SignedIn, SESSION_COOKIE,
};
use crate::extract::QueryMap;
use crate::render::render_page;
use crate::{AppState, WebError, WebResult};

#[derive(Template)]
#[template(path = "sign_in.html")]
struct SignInPage {
    csrf: String,
    next: String,
    username: String,
    error: Option<String>,
}

/// Only paths of this site: never `//host` or an absolute URL, so sign-in cannot redirect away.
/// Browsers drop tabs and line breaks from an address (`/\t/evil.example` is `//evil.example`)
/// and read `\` as `/`, so an address holding either, a space or anything but visible ASCII (which
/// a redirect could not carry either) is refused whole. `None`: the person's own home, found once
/// they are signed in.
fn safe_next(next: &str) -> Option<String> {
    let visible = next.bytes().all(|b| b.is_ascii_graphic() && b != b'\\');
    (visible && next.starts_with('/') && !next.starts_with("//")).then(|| next.to_string())
}

fn page(
    state: &AppState,
    headers: &HeaderMap,
    next: &str,
    username: &str,
    error: Option<String>,
    status: StatusCode,
) -> WebResult {
    let (csrf, csrf_cookie) = pre_session_token(state, headers);
    let html = render_page(&SignInPage {
        csrf,
        next: safe_next(next).unwrap_or_default(),
        username: username.to_string(),
        error,
    })?;
    Ok((status, [(header::SET_COOKIE, csrf_cookie)], html).into_response())
}

pub async fn form(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(q): QueryMap,
) -> WebResult {
    page(
        &state,
        &headers,
        q.get("next").map_or("", |s| s),
        "",
        None,
        StatusCode::OK,
    )
}

pub async fn submit(
    State(state): State<AppState>,
    PreSessionForm {
        knocking,
        headers,
        form,
    }: PreSessionForm,
) -> WebResult {
    let next = form.get("next");
    let username = form.get("username").to_ascii_lowercase();
    let (session, device_cookie) = match state
        .app
        .sign_in(&username, form.get("password"), knocking.client())
        .await?
    {
        SignIn::Opened {
            session,
            device_cookie,
        } => (session, device_cookie),
        SignIn::Locked => {
            return page(
                &state,
                &headers,
                next,
                &username,
                Some("Đăng nhập sai quá nhiều lần. Vì an toàn, hãy thử lại sau 15 phút.".into()),
                StatusCode::TOO_MANY_REQUESTS,
            )
        }
        SignIn::Refused => {
            return page(
                &state,
                &headers,
                next,
                &username,
                Some("Tên đăng nhập hoặc mật khẩu không đúng.".into()),
                StatusCode::UNAUTHORIZED,
            )
        }
    };
    let user = state
        .app
        .session(&session.token)
        .await?
        .map(|s| SignedIn {
            actor: s.actor,
            csrf: s.csrf_token,
            token: session.token.clone(),
            just_saved: false,
            must_change_password: s.must_change_password,
        })
        .ok_or(WebError::Unauthorized)?;
    // A password someone else chose is changed first; invitations are answered before the work.
    let to = if user.must_change_password {
        "/tai-khoan#mat-khau".to_string()
    } else if !state.app.invitations_for(&user.actor).await?.is_empty() {
        "/tai-khoan#loi-moi".to_string()
    } else {
        match safe_next(next) {
            Some(to) => to,
            None => crate::installation::home_of(&state, &user).await?,
        }
    };
    Ok(opened(&headers, &to, &session.token, Some(&device_cookie)))
}

/// The answer that opens a session: its cookie, the browser's device cookie when a sign-in
/// renewed it, and where to go.
pub(crate) fn opened(
    headers: &HeaderMap,
    to: &str,
    token: &str,
    device_cookie: Option<&str>,
) -> Response {
    let mut response = Redirect::to(to).into_response();
    response.headers_mut().append(
        header::SET_COOKIE,
        set_cookie(headers, SESSION_COOKIE, token, SESSION_TTL_SECONDS),
    );
    if let Some(device) = device_cookie {
        response.headers_mut().append(
            header::SET_COOKIE,
            set_cookie(headers, DEVICE_COOKIE, device, DEVICE_COOKIE_SECONDS),
        );
    }
    response
}

pub async fn sign_out(
    State(state): State<AppState>,
    headers: HeaderMap,
    checked: SignedForm,
) -> WebResult {
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
            safe_next("/quan-ly/chuong-trinh/2021").as_deref(),
            Some("/quan-ly/chuong-trinh/2021")
        );
        assert_eq!(safe_next("//evil.example"), None);
        assert_eq!(safe_next("https://evil.example"), None);
        assert_eq!(safe_next("/\\evil.example"), None);
        assert_eq!(safe_next("/\t/evil.example"), None);
        assert_eq!(safe_next("/\r\nSet-Cookie: x=1"), None);
        assert_eq!(safe_next("/ /evil.example"), None);
        assert_eq!(
            safe_next("/tim-kiem?q=ch%E1%BB%89"),
            Some("/tim-kiem?q=ch%E1%BB%89".into())
        );
    }
}
