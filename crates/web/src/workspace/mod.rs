//! The workspace of the three offices: signing in, the programme and its items and targets, news,
//! meetings, oversight and the follow-up of its recommendations, and the history of every record.
//! Every form works without JavaScript; htmx only adds the live evaluation of a target. Every
//! mutating route checks the CSRF token and the role, in that order.

mod articles;
mod attachments;
mod contents;
mod followup;
mod history;
mod history_view;
mod images;
mod meetings;
mod organisation;
mod oversight;
mod programme;
pub(crate) mod sign_in;
mod signing;
mod staff;
mod targets;
pub(crate) mod uploads;
mod withdrawals;

use app::Viewer;
use axum::extract::Request;
use axum::http::{Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};

use crate::auth::SignedIn;
use crate::forms;
use crate::{AppState, Routes, WebError};
use articles::Articles;
use contents::Items;
use meetings::Meetings;
use oversight::{Oversights, Recommendations};
use targets::Targets;

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
        .get_post(
            "/quan-ly/chuong-trinh/{year}/ky",
            signing::form,
            signing::sign,
        )
        .get("/quan-ly/chuong-trinh/{year}/sua-doi", signing::amendment)
        .record::<Items>(
            "/quan-ly/chuong-trinh/{year}/noi-dung",
            "/quan-ly/noi-dung/{id}",
        )
        .record::<Targets>(
            "/quan-ly/chuong-trinh/{year}/chi-tieu",
            "/quan-ly/chi-tieu/{id}",
        )
        .post("/quan-ly/noi-dung/{id}/ghi-chu", contents::add_note)
        .get("/quan-ly/chi-tieu/danh-gia", targets::evaluate_preview)
        .get_post(
            "/quan-ly/tin-tuc",
            articles::list,
            forms::create::<Articles>,
        )
        .get("/quan-ly/tin-tuc/moi", forms::new::<Articles>)
        .post("/quan-ly/tin-tuc/danh-muc", articles::create_category)
        .edit::<Articles>("/quan-ly/tin-tuc/{id}")
        .get(
            "/quan-ly/tin-tuc/{id}/xem-truoc",
            crate::portal::news::preview,
        )
        .get_post(
            "/quan-ly/giam-sat",
            oversight::list,
            forms::create::<Oversights>,
        )
        .get("/quan-ly/giam-sat/moi", forms::new::<Oversights>)
        .edit::<Oversights>("/quan-ly/giam-sat/{id}")
        .post(
            "/quan-ly/giam-sat/{id}/kien-nghi",
            forms::create::<Recommendations>,
        )
        .edit::<Recommendations>("/quan-ly/kien-nghi/{id}/sua")
        .get("/quan-ly/kien-nghi", followup::list)
        .get("/quan-ly/kien-nghi/{id}", followup::show)
        .post("/quan-ly/kien-nghi/{id}/tra-loi", followup::respond)
        .get_post(
            "/quan-ly/hoi-nghi",
            meetings::list,
            forms::create::<Meetings>,
        )
        .get("/quan-ly/hoi-nghi/moi", forms::new::<Meetings>)
        .edit::<Meetings>("/quan-ly/hoi-nghi/{id}")
        .get_post("/quan-ly/co-quan", organisation::show, organisation::change)
        .get_post("/quan-ly/tai-khoan", staff::show, staff::change)
        .get_post("/quan-ly/cai-dat", staff::settings, staff::save_settings)
        .get("/quan-ly/da-go", withdrawals::list)
        .post("/quan-ly/go-bo/{kind}/{id}", withdrawals::withdraw)
        .post("/quan-ly/cai-dat/bieu-trung/xoa", images::remove_logo)
        .post("/quan-ly/da-go/{id}/khoi-phuc", withdrawals::restore)
        .map(|r| r.layer(axum::middleware::from_fn(send_to_sign_in)));
    // A picture is larger than a form: its own limit, with a Vietnamese answer beyond it.
    let pictures = Routes::new()
        .post("/quan-ly/tin-tuc/{id}/anh", images::upload)
        .post("/quan-ly/anh", images::upload_in_place)
        .post("/quan-ly/cai-dat/bieu-trung", images::upload_logo)
        .map(|r| {
            r.layer(axum::extract::DefaultBodyLimit::max(
                images::MAX_REQUEST_BYTES,
            ))
            .layer(axum::middleware::from_fn(send_to_sign_in))
        });
    // A document has its own limit too.
    let documents = Routes::new()
        .post("/quan-ly/tin-tuc/{id}/tep", attachments::to_article)
        .post("/quan-ly/hoi-nghi/{id}/tep", attachments::to_meeting)
        .post("/quan-ly/giam-sat/{id}/tep", attachments::to_oversight)
        .map(|r| {
            r.layer(axum::extract::DefaultBodyLimit::max(
                attachments::MAX_REQUEST_BYTES,
            ))
            .layer(axum::middleware::from_fn(send_to_sign_in))
        });
    Routes::new()
        .get("/lich-su/{entity}/{id}", history::show)
        .get("/anh/{file}", images::serve)
        .get("/tep/{id}/{name}", attachments::serve)
        .merge(signed_in)
        .merge(pictures)
        .merge(documents)
}

/// The installation's own pages: signing in and out.
pub fn installation_routes() -> Routes {
    Routes::new()
        .get_post("/dang-nhap", sign_in::form, sign_in::submit)
        .post("/dang-xuat", sign_in::sign_out)
}

/// A page that needs a session, asked for without one, sends the person to the sign-in form and
/// back afterwards.
pub(crate) async fn send_to_sign_in(request: Request, next: Next) -> Response {
    let is_get = request.method() == Method::GET;
    // The address as asked for, the unit's prefix included.
    let path = original_uri(&request)
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

/// The address a request was made to, before a nested router took its prefix off.
pub(crate) fn original_uri(request: &Request) -> axum::http::Uri {
    request
        .extensions()
        .get::<axum::extract::OriginalUri>()
        .map_or_else(|| request.uri().clone(), |o| o.0.clone())
}

/// What every workspace page shows around its content.
pub struct WsChrome {
    pub user: String,
    pub roles: String,
    pub csrf: String,
    pub unit: String,
    /// Where links to the unit's pages start: `/dv/{slug}`, or nothing.
    pub base: String,
    /// Whether the person manages the unit's staff and settings.
    pub is_admin: bool,
    /// Whether the page follows a successful save, which it confirms.
    pub just_saved: bool,
}

impl WsChrome {
    /// A path of the unit's pages as a link; other addresses as they are.
    pub fn link(&self, path: impl AsRef<str>) -> String {
        domain::address::link(&self.base, path.as_ref())
    }

    /// The unit's portal.
    pub fn home(&self) -> String {
        domain::address::home(&self.base)
    }
}

pub async fn ws_chrome(
    state: &AppState,
    user: &SignedIn,
    v: &Viewer,
) -> Result<WsChrome, WebError> {
    v.staff()?;
    let bodies = state.app.bodies(v).await?;
    // The roles held here; those of other units are for their own workspaces.
    let roles = user
        .actor
        .roles
        .iter()
        .filter(|r| r.unit_id().is_none_or(|u| u == v.unit_id()))
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
        base: v.base().to_string(),
        is_admin: v.may(&domain::access::Action::ManageAccounts {
            unit_id: v.unit_id(),
        }),
        just_saved: user.just_saved,
    })
}

/// An instant as its field shows it, in Vietnam's time, as Vietnamese write it (21/01/2021 14:00)
/// whatever the language of the browser.
pub fn local_datetime(at: chrono::DateTime<chrono::Utc>) -> String {
    at.with_timezone(&domain::time::vietnam())
        .format("%d/%m/%Y %H:%M")
        .to_string()
}

/// Where the history of a record is read.
pub fn history_href(entity: domain::entity::Entity, id: i64) -> String {
    format!("/lich-su/{}/{id}", entity.as_str())
}

/// Redirect after a successful form (POST/redirect/GET) to a page of the viewer's unit, so a
/// reload does not post again.
pub fn see_other(v: &Viewer, path: &str) -> Response {
    // The page it leads to says that the save went through; the mark goes before any fragment.
    let (page, fragment) = path.split_at(path.find('#').unwrap_or(path.len()));
    let separator = if page.contains('?') { '&' } else { '?' };
    let to = format!(
        "{}{separator}{}{fragment}",
        v.link(page),
        crate::auth::SAVED_QUERY
    );
    Redirect::to(&to).into_response()
}
