//! The workspace of the three offices: signing in, the programme and its items and targets, news,
//! meetings, oversight and the follow-up of its recommendations, and the history of every record.
//! Every form works without JavaScript; htmx only adds the live evaluation of a target. Every
//! mutating route checks the CSRF token and the role, in that order.

mod articles;
mod contents;
mod followup;
mod history;
mod meetings;
mod organisation;
mod oversight;
mod programme;
mod sign_in;
mod targets;

use app::Viewer;
use axum::extract::Request;
use axum::http::{Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};

use crate::auth::SignedIn;
use crate::{AppState, Routes, WebError};

pub fn routes() -> Routes {
    let signed_in = Routes::new()
        .get("/quan-ly", programme::dashboard)
        .post("/quan-ly/chuong-trinh", programme::create)
        .get("/quan-ly/chuong-trinh/{year}", programme::show)
        .post(
            "/quan-ly/chuong-trinh/{year}/trang-thai",
            programme::transition,
        )
        .post(
            "/quan-ly/chuong-trinh/{year}/sao-chep",
            programme::copy_to_next_year,
        )
        .post("/quan-ly/chuong-trinh/{year}/hang-loat", contents::bulk)
        .post("/quan-ly/chuong-trinh/{year}/ky", programme::sign)
        .get_post(
            "/quan-ly/chuong-trinh/{year}/noi-dung",
            contents::new_item,
            contents::add_item,
        )
        .get_post(
            "/quan-ly/chuong-trinh/{year}/chi-tieu",
            targets::new_target_form,
            targets::add_target,
        )
        .get_post(
            "/quan-ly/noi-dung/{id}",
            contents::edit_item,
            contents::update_item,
        )
        .post("/quan-ly/noi-dung/{id}/ghi-chu", contents::add_note)
        .get_post(
            "/quan-ly/chi-tieu/{id}",
            targets::edit_target,
            targets::update_target,
        )
        .get("/quan-ly/chi-tieu/danh-gia", targets::evaluate_preview)
        .get_post("/quan-ly/tin-tuc", articles::list, articles::create)
        .get("/quan-ly/tin-tuc/moi", articles::new_form)
        .get_post("/quan-ly/tin-tuc/{id}", articles::edit, articles::update)
        .get_post("/quan-ly/giam-sat", oversight::list, oversight::create)
        .get("/quan-ly/giam-sat/moi", oversight::new_form)
        .get_post("/quan-ly/giam-sat/{id}", oversight::show, oversight::update)
        .post(
            "/quan-ly/giam-sat/{id}/kien-nghi",
            oversight::add_recommendation,
        )
        .get_post(
            "/quan-ly/kien-nghi/{id}/sua",
            oversight::edit_recommendation,
            oversight::update_recommendation,
        )
        .get("/quan-ly/kien-nghi", followup::list)
        .get("/quan-ly/kien-nghi/{id}", followup::show)
        .post("/quan-ly/kien-nghi/{id}/tra-loi", followup::respond)
        .get_post("/quan-ly/hoi-nghi", meetings::list, meetings::create)
        .get("/quan-ly/hoi-nghi/moi", meetings::new_form)
        .get_post("/quan-ly/hoi-nghi/{id}", meetings::edit, meetings::update)
        .get_post("/quan-ly/co-quan", organisation::show, organisation::change)
        .post("/dang-xuat", sign_in::sign_out)
        .map(|r| r.layer(axum::middleware::from_fn(send_to_sign_in)));
    Routes::new()
        .get_post("/dang-nhap", sign_in::form, sign_in::submit)
        .get("/lich-su/{entity}/{id}", history::show)
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
    v: &Viewer,
) -> Result<WsChrome, WebError> {
    v.staff()?;
    let bodies = state.app.bodies(v).await?;
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
    Ok(WsChrome {
        user: user.actor.display_name.clone(),
        roles,
        csrf: user.csrf.clone(),
        unit: v.unit().full_name(),
    })
}

/// An instant as a `datetime-local` field writes it, in Vietnam's time.
pub fn local_datetime(at: chrono::DateTime<chrono::Utc>) -> String {
    at.with_timezone(&domain::time::vietnam())
        .format("%Y-%m-%dT%H:%M")
        .to_string()
}

/// Where the history of a record is read.
pub fn history_href(entity: domain::entity::Entity, id: i64) -> String {
    format!("/lich-su/{}/{id}", entity.as_str())
}

/// Redirect after a successful form (POST/redirect/GET), so a reload does not post again.
pub fn see_other(path: &str) -> Response {
    Redirect::to(path).into_response()
}
