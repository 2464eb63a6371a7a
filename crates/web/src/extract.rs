//! The one way each small thing is read from a request: the unit it is for and who asks (a
//! [`Viewer`]), a year, an id, a slug or a record kind from the path, the page number from the
//! query. A value that does not parse is a page that does not exist (404, through the error page);
//! handlers never parse `Path<String>` by hand.

use std::collections::HashMap;

use app::Viewer;
use axum::extract::{FromRequestParts, OptionalFromRequestParts, Query, RawPathParams};
use axum::http::request::Parts;
use domain::access::Actor;
use domain::entity::Entity;
use domain::lang::Lang;
use domain::programme::Year;
use domain::unit::AdminUnit;

use crate::auth::SignedIn;
use crate::{AppState, WebError, WebResult};

/// The value of a named path segment, read once whatever else the path holds (a unit's prefix,
/// other segments); `None` when the route has no such segment.
async fn optional_segment(parts: &mut Parts, name: &str) -> Result<Option<String>, WebError> {
    let Ok(params) = RawPathParams::from_request_parts(parts, &()).await else {
        return Ok(None);
    };
    Ok(params
        .iter()
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_string()))
}

async fn segment(parts: &mut Parts, name: &str) -> Result<String, WebError> {
    optional_segment(parts, name)
        .await?
        .ok_or(WebError::NotFound)
}

macro_rules! path_param {
    ($(#[$doc:meta])* $name:ident($ty:ty) from $segment:literal by $parse:expr) => {
        $(#[$doc])*
        #[derive(Debug, Clone)]
        pub struct $name(pub $ty);

        impl<S: Send + Sync> FromRequestParts<S> for $name {
            type Rejection = WebError;

            async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
                let raw = segment(parts, $segment).await?;
                let parse: fn(&str) -> Option<$ty> = $parse;
                parse(&raw).map($name).ok_or(WebError::NotFound)
            }
        }
    };
}

path_param!(
    /// `{year}`: a programme's year.
    YearParam(Year) from "year" by |s| Year::parse(s).ok()
);
path_param!(
    /// `{id}`: a record's id, a positive integer.
    IdParam(i64) from "id" by |s| s.parse().ok().filter(|n| *n > 0)
);
path_param!(
    /// `{version}`: a programme version, from 1.
    VersionParam(i64) from "version" by |s| s.parse().ok().filter(|n| *n > 0)
);
path_param!(
    /// `{slug}`: an article's address, as slugs are written.
    SlugParam(String) from "slug" by |s| domain::article::Slug::parse(s).ok().map(|s| s.as_str().to_string())
);
path_param!(
    /// `{file}` of a picture: `{sha-256 in hex}-{width}.jpg`, a rendition the portal serves.
    PictureParam((String, u32)) from "file" by |s| {
        let (hash, width) = s.strip_suffix(".jpg")?.rsplit_once('-')?;
        (hash.len() == 64 && hash.bytes().all(|b| b.is_ascii_hexdigit()))
            .then(|| Some((hash.to_string(), width.parse().ok()?)))
            .flatten()
    }
);
path_param!(
    /// `{entity}`: a kind of record the change log names.
    EntityParam(Entity) from "entity" by Entity::parse
);
path_param!(
    /// `{kind}`: what can be withdrawn, by its segment of the workspace's addresses.
    WithdrawableParam(domain::withdrawal::Withdrawable) from "kind" by domain::withdrawal::Withdrawable::from_segment
);

/// The page number from `?trang=`, by the one rule of [`domain::paging::PageNumber`].
#[derive(Debug, Clone, Copy)]
pub struct PageNumber(pub i64);

impl PageNumber {
    pub fn parse(value: Option<&str>) -> Result<Self, WebError> {
        page_number("trang", value, domain::paging::PageNumber::LAST).map(|n| Self(i64::from(n)))
    }
}

/// A page number by the one rule, up to `last`; a bad one is a bad request with its message.
pub fn page_number(field: &'static str, value: Option<&str>, last: u32) -> Result<u32, WebError> {
    domain::paging::PageNumber::parse(field, value, last)
        .map(domain::paging::PageNumber::get)
        .map_err(|e| WebError::BadRequest(e.messages()))
}

impl<S: Send + Sync> FromRequestParts<S> for PageNumber {
    type Rejection = WebError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let Query(q) = Query::<HashMap<String, String>>::from_request_parts(parts, state)
            .await
            .map_err(|e| WebError::BadRequest(e.body_text()))?;
        Self::parse(q.get("trang").map(String::as_str))
    }
}

/// The unit a request is for, and where links to its pages start: the unit its `/dv/{unit}`
/// prefix names, else the unit its host name is mapped to, else the installation's default.
pub async fn request_unit(
    parts: &mut Parts,
    state: &AppState,
) -> Result<(AdminUnit, String), WebError> {
    let directory = state.app.directory().await?;
    if let Some(slug) = optional_segment(parts, "unit").await? {
        let unit = directory.by_slug(&slug).ok_or(WebError::NotFound)?;
        return Ok((unit.clone(), domain::address::base_of(&unit.slug)));
    }
    let host = parts
        .headers
        .get(axum::http::header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or_default();
    if let Some(unit) = directory.by_host(host) {
        return Ok((unit.clone(), String::new()));
    }
    directory
        .default_unit()
        .map(|u| (u.clone(), String::new()))
        .ok_or(WebError::NotFound)
}

/// A page's query string, as names and values (`?trang=2&q=…`).
pub type QueryMap = Query<HashMap<String, String>>;

/// The viewer of a request: the unit it is for, who asks (or nobody), and now.
pub async fn viewer(
    parts: &mut Parts,
    state: &AppState,
    actor: Option<Actor>,
) -> Result<Viewer, WebError> {
    let (unit, base) = request_unit(parts, state).await?;
    // The address as asked for: a nested router has taken its prefix off `parts.uri`.
    let asked = parts
        .extensions
        .get::<axum::extract::OriginalUri>()
        .map_or(&parts.uri, |o| &o.0);
    let page =
        domain::address::page_under(&base, asked.path_and_query().map_or("/", |p| p.as_str()));
    // `/en/…` under the unit's address is the same page in English.
    let (lang, page) = Lang::of_page(&page);
    let languages: &'static [Lang] = if parts.extensions.get::<Bilingual>().is_some() {
        &Lang::ALL
    } else {
        &[Lang::Vi]
    };
    Ok(state
        .app
        .viewer(unit, actor)
        .await?
        .with_base(base)
        .at_page(page)
        .in_lang(lang)
        .in_languages(languages))
}

/// The mark of the routes whose pages exist in every language ([`Lang::ALL`]): the portal's,
/// which English has under `/en`.
#[derive(Debug, Clone, Copy)]
pub struct Bilingual;

impl Bilingual {
    /// These routes, marked.
    pub fn mark(router: axum::Router<AppState>) -> axum::Router<AppState> {
        router.layer(axum::Extension(Bilingual))
    }
}

/// An extractor that finds who asks in its own way and carries the viewer of the request's unit
/// with the application's state: what most handlers take, and all they take before their path.
macro_rules! viewer_extractor {
    ($(#[$doc:meta])* $name:ident, $rejection:ty, |$parts:ident, $state:ident| $actor:expr) => {
        $(#[$doc])*
        pub struct $name {
            pub state: AppState,
            pub v: Viewer,
        }

        impl FromRequestParts<AppState> for $name {
            type Rejection = $rejection;

            async fn from_request_parts(
                $parts: &mut Parts,
                $state: &AppState,
            ) -> Result<Self, $rejection> {
                let actor = $actor;
                let v = $crate::extract::viewer($parts, $state, actor).await?;
                let state = $state.clone();
                Ok(Self { state, v })
            }
        }
    };
}
pub(crate) use viewer_extractor;

viewer_extractor! {
    /// An anonymous visitor to the request's unit: what the shared, cached portal pages are made
    /// for, whoever asks, so one person's page never reaches another.
    Public, WebError, |parts, state| None
}

viewer_extractor! {
    /// Whoever asks, signed in or not, for pages made for each person (search, documents,
    /// history).
    Visitor, WebError, |parts, state| {
        let user =
            <SignedIn as OptionalFromRequestParts<AppState>>::from_request_parts(parts, state)
                .await?;
        user.map(|u| u.actor)
    }
}

/// A signed-in member of staff in the workspace of the request's unit: refused (the sign-in page,
/// or 403) before the handler runs for anyone else.
pub struct Staff {
    pub state: AppState,
    pub user: SignedIn,
    pub v: Viewer,
}

impl FromRequestParts<AppState> for Staff {
    type Rejection = WebError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> WebResult<Self> {
        let user = <SignedIn as FromRequestParts<AppState>>::from_request_parts(parts, state)
            .await?
            .at_work()?;
        let v = viewer(parts, state, Some(user.actor.clone())).await?;
        v.staff()?;
        let state = state.clone();
        Ok(Self { state, user, v })
    }
}
