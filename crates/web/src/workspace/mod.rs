//! The workspace of the three offices: signing in, the programme and its items and targets, news,
//! meetings, oversight and the follow-up of its recommendations, and the history of every record.
//! Every form works without JavaScript; htmx only adds the live evaluation of a target. Every
//! mutating route checks the CSRF token and the role, in that order.

pub(crate) mod articles;
pub(crate) mod attachments;
pub(crate) mod contents;
pub(crate) mod followup;
pub(crate) mod history;
pub(crate) mod history_view;
pub(crate) mod images;
pub(crate) mod indicators;
pub(crate) mod meetings;
pub(crate) mod organisation;
pub(crate) mod oversight;
pub(crate) mod programme;
pub(crate) mod rollups;
pub(crate) mod sign_in;
pub(crate) mod signing;
pub(crate) mod staff;
pub(crate) mod targets;
pub(crate) mod uploads;
pub(crate) mod weights;
pub(crate) mod withdrawals;

use app::Viewer;
use axum::extract::Request;
use axum::http::{Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};

use crate::auth::SignedIn;
use crate::{AppState, WebError};

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
    /// For a unit with units below it (a province), the year its roll-up opens on: this one.
    pub rollup_year: Option<i32>,
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
    let rolls_up = !state
        .app
        .directory()
        .await?
        .children(v.unit_id())
        .is_empty();
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
        is_admin: v.may_here(|unit_id| domain::access::Action::ManageAccounts { unit_id }),
        just_saved: user.just_saved,
        rollup_year: rolls_up.then(|| chrono::Datelike::year(&v.today())),
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
