//! Signing in the workspace: the page that names the version a head signs and what it covers
//! (the whole programme, or what an amendment changes), asks for the signer's password, and says
//! "Đã ký"; and the page of an amendment's changes against the version in force.

use app::{TermChange, Viewer};
use askama::Template;
use axum::extract::Query;
use axum::response::{IntoResponse, Redirect};
use domain::access::Action;
use domain::programme::Year;
use domain::ValidationError;

use super::programme::programme_href;
use super::{ws_chrome, WsChrome};
use crate::auth::{CheckedForm, Knocking, SignedIn};
use crate::extract::{QueryMap, Staff, YearParam};
use crate::forms;
use crate::render::render_page;
use crate::{AppState, WebError, WebResult};

#[derive(Template)]
#[template(path = "ws/sign.html")]
struct SignPage {
    ws: WsChrome,
    year: i32,
    title: String,
    body_id: i64,
    body: String,
    version: i64,
    /// Whether it amends a version in force.
    amendment: bool,
    items: usize,
    targets: usize,
    changes: Vec<TermChange>,
    errors: ValidationError,
}

#[derive(Template)]
#[template(path = "ws/amendment.html")]
struct AmendmentPage {
    ws: WsChrome,
    year: i32,
    title: String,
    version: i64,
    in_force: Option<i64>,
    changes: Vec<TermChange>,
}

async fn sign_page(
    state: &AppState,
    user: &SignedIn,
    v: &Viewer,
    year: Year,
    body_id: i64,
    errors: ValidationError,
) -> WebResult {
    v.require(&Action::Sign {
        unit_id: v.unit_id(),
        body_id,
    })?;
    let o = state.app.programme_overview(v, year).await?;
    let p = &o.programme;
    let version = app::App::to_sign(p).ok_or_else(|| {
        WebError::BadRequest("Không có phiên bản nào chờ ký: các bên đã ký bản hiện hành.".into())
    })?;
    let body = state
        .app
        .body_names(v)
        .await?
        .remove(&body_id)
        .ok_or(WebError::NotFound)?;
    let page = SignPage {
        ws: ws_chrome(state, user, v).await?,
        year: year.get(),
        title: p.title.clone(),
        body_id,
        body,
        version,
        amendment: p.amending(),
        items: o.items.len(),
        targets: o.targets.len(),
        changes: state.app.amendment_changes(v, p).await?,
        errors,
    };
    crate::render::render_form(&page, &page.errors)
}

/// `?co-quan={id}`: the body to sign for.
pub async fn form(
    Staff { state, user, v }: Staff,
    YearParam(year): YearParam,
    Query(q): QueryMap,
) -> WebResult {
    let body_id = q
        .get("co-quan")
        .and_then(|s| s.parse().ok())
        .ok_or(WebError::NotFound)?;
    sign_page(&state, &user, &v, year, body_id, ValidationError::default()).await
}

pub async fn sign(
    YearParam(year): YearParam,
    knocking: Knocking,
    CheckedForm(Staff { state, user, v }, form): CheckedForm,
) -> WebResult {
    let body_id = form
        .get("body_id")
        .parse::<i64>()
        .map_err(|_| WebError::BadRequest("Cơ quan ký không hợp lệ".into()))?;
    let signed = format!("{}?da-ky={body_id}#ky-ket", programme_href(year));
    forms::write(
        async |()| {
            let password = form.get("password");
            let client = knocking.client();
            state
                .app
                .sign_programme(&v, year, body_id, password, client)
                .await
        },
        |_| Redirect::to(&v.link(&signed)).into_response(),
        async |errors| sign_page(&state, &user, &v, year, body_id, errors).await,
    )
    .await
}

/// What the amendment being drafted changes against the version in force.
pub async fn amendment(Staff { state, user, v }: Staff, YearParam(year): YearParam) -> WebResult {
    let p = state.app.programme(&v, year).await?;
    let changes = state.app.amendment_changes(&v, &p).await?;
    Ok(render_page(&AmendmentPage {
        ws: ws_chrome(&state, &user, &v).await?,
        year: year.get(),
        title: p.title.clone(),
        version: p.version,
        in_force: p.signed_version,
        changes,
    })?
    .into_response())
}
