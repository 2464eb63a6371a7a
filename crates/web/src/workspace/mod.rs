//! The workspace of the three offices: signing in, the programme and its items and targets, news,
//! meetings, oversight and the follow-up of its recommendations, and the history of every record.
//! Every form works without JavaScript; htmx only adds the live evaluation of a target. Every
//! mutating route checks the CSRF token and the role, in that order.

mod articles;
mod followup;
mod history;
mod meetings;
mod organisation;
mod oversight;
mod programme;
mod sign_in;

use axum::extract::Request;
use axum::http::{Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Router;
use domain::access::Action;

use crate::auth::SignedIn;
use crate::{AppState, WebError};

pub fn router() -> Router<AppState> {
    let signed_in = Router::new()
        .route("/quan-ly", get(programme::dashboard))
        .route("/quan-ly/chuong-trinh", post(programme::create))
        .route("/quan-ly/chuong-trinh/{year}", get(programme::show))
        .route(
            "/quan-ly/chuong-trinh/{year}/trang-thai",
            post(programme::transition),
        )
        .route(
            "/quan-ly/chuong-trinh/{year}/sao-chep",
            post(programme::copy_to_next_year),
        )
        .route(
            "/quan-ly/chuong-trinh/{year}/hang-loat",
            post(programme::bulk),
        )
        .route("/quan-ly/chuong-trinh/{year}/ky", post(programme::sign))
        .route(
            "/quan-ly/chuong-trinh/{year}/noi-dung",
            get(programme::new_item).post(programme::add_item),
        )
        .route(
            "/quan-ly/chuong-trinh/{year}/chi-tieu",
            get(programme::new_target_form).post(programme::add_target),
        )
        .route(
            "/quan-ly/noi-dung/{id}",
            get(programme::edit_item).post(programme::update_item),
        )
        .route("/quan-ly/noi-dung/{id}/ghi-chu", post(programme::add_note))
        .route(
            "/quan-ly/chi-tieu/{id}",
            get(programme::edit_target).post(programme::update_target),
        )
        .route(
            "/quan-ly/chi-tieu/danh-gia",
            get(programme::evaluate_preview),
        )
        .route(
            "/quan-ly/tin-tuc",
            get(articles::list).post(articles::create),
        )
        .route("/quan-ly/tin-tuc/moi", get(articles::new_form))
        .route(
            "/quan-ly/tin-tuc/{id}",
            get(articles::edit).post(articles::update),
        )
        .route(
            "/quan-ly/giam-sat",
            get(oversight::list).post(oversight::create),
        )
        .route("/quan-ly/giam-sat/moi", get(oversight::new_form))
        .route(
            "/quan-ly/giam-sat/{id}",
            get(oversight::show).post(oversight::update),
        )
        .route(
            "/quan-ly/giam-sat/{id}/kien-nghi",
            post(oversight::add_recommendation),
        )
        .route(
            "/quan-ly/kien-nghi/{id}/sua",
            get(oversight::edit_recommendation).post(oversight::update_recommendation),
        )
        .route("/quan-ly/kien-nghi", get(followup::list))
        .route("/quan-ly/kien-nghi/{id}", get(followup::show))
        .route("/quan-ly/kien-nghi/{id}/tra-loi", post(followup::respond))
        .route(
            "/quan-ly/hoi-nghi",
            get(meetings::list).post(meetings::create),
        )
        .route("/quan-ly/hoi-nghi/moi", get(meetings::new_form))
        .route(
            "/quan-ly/hoi-nghi/{id}",
            get(meetings::edit).post(meetings::update),
        )
        .route(
            "/quan-ly/co-quan",
            get(organisation::show).post(organisation::change),
        )
        .route("/dang-xuat", post(sign_in::sign_out))
        .layer(axum::middleware::from_fn(send_to_sign_in));
    Router::new()
        .route("/dang-nhap", get(sign_in::form).post(sign_in::submit))
        .route("/lich-su/{entity}/{id}", get(history::show))
        .merge(signed_in)
}

/// A page that needs a session, asked for without one, sends the person to the sign-in form and
/// back afterwards.
pub(crate) async fn send_to_sign_in(request: Request, next: Next) -> Response {
    let is_get = request.method() == Method::GET;
    let path = request
        .uri()
        .path_and_query()
        .map(|p| p.as_str().to_string())
        .unwrap_or_default();
    let response = next.run(request).await;
    if response.status() == StatusCode::UNAUTHORIZED && is_get {
        let next: String = form_urlencoded::byte_serialize(path.as_bytes()).collect();
        return Redirect::to(&format!("/dang-nhap?next={next}")).into_response();
    }
    response
}

/// What every workspace page shows around its content.
pub struct WsChrome {
    pub user: String,
    pub roles: String,
    pub csrf: String,
    pub unit: String,
}

pub async fn ws_chrome(
    state: &AppState,
    user: &SignedIn,
) -> Result<(WsChrome, domain::unit::AdminUnit), WebError> {
    let unit = state.store.portal_unit().await?;
    user.require(&Action::ReadWorkspace { unit_id: unit.id })?;
    let bodies = state.store.bodies(unit.id).await?;
    let roles = user
        .actor
        .roles
        .iter()
        .map(
            |r| match r.body_id().and_then(|b| bodies.iter().find(|x| x.id == b)) {
                Some(body) => format!("{} – {}", r.label(), body.short_name),
                None => r.label().to_string(),
            },
        )
        .collect::<Vec<_>>()
        .join(", ");
    Ok((
        WsChrome {
            user: user.actor.display_name.clone(),
            roles,
            csrf: user.csrf.clone(),
            unit: unit.full_name(),
        },
        unit,
    ))
}

/// After a write, the pages this node cached are stale: drop them now rather than at the next poll.
pub fn after_write(state: &AppState) {
    state.cache.clear();
}

/// Redirect after a successful form (POST/redirect/GET), so a reload does not post again.
pub fn see_other(path: &str) -> Response {
    Redirect::to(path).into_response()
}
