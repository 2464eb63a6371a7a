//! phoihop over HTTP: the public portal (server-rendered Vietnamese pages that work without
//! JavaScript), the workspace of the offices, the official documents and spreadsheets, and the
//! JSON API with its OpenAPI document. This crate holds handlers, extractors and templates: it
//! writes no SQL and decides no rule — it asks `app`, which asks `domain::access`.

mod api;
pub mod auth;
mod cache;
pub mod documents;
mod encoding;
mod error;
pub mod extract;
mod forms;
mod i18n;
mod installation;
pub(crate) mod portal;
pub mod proxy;
mod render;
mod routes;
mod site;
mod static_files;
mod workspace;

use std::sync::Arc;
use std::time::Duration;

use axum::http::{header, HeaderValue};
use axum::Router;
use tower_http::set_header::SetResponseHeaderLayer;

pub use cache::PageCache;
pub use error::{HtmlResult, WebError, WebResult};
pub use routes::{Methods, Routes};
pub use site::routes;

/// What every handler may use: one pointer, cloned and dropped by every request's extractors and
/// layers, where cloning each part was a measurable share of a cached page's time.
#[derive(Clone)]
pub struct AppState(Arc<Shared>);

/// What the handlers share, behind [`AppState`].
pub struct Shared {
    pub app: app::App,
    pub cache: Arc<PageCache>,
    /// The reverse proxies whose `X-Forwarded-*` headers are believed; none by default.
    pub trusted_proxies: Arc<proxy::TrustedProxies>,
}

impl std::ops::Deref for AppState {
    type Target = Shared;

    fn deref(&self) -> &Shared {
        &self.0
    }
}

impl AppState {
    /// The web layer over an application; its page cache forgets a unit's pages at every write
    /// this node commits there, and at every write of another node once [`spawn_cache_follower`]
    /// sees it.
    pub fn new(app: app::App) -> Self {
        let cache = Arc::new(PageCache::new(Duration::from_secs(30)));
        let forget = cache.clone();
        let directory_of = app.clone();
        Self(Arc::new(Shared {
            app: app.on_write(Arc::new(move |unit| {
                // The unit's pages, and those of the units above it, which may sum it up. The
                // directory is in memory: this answers before the write's response is sent.
                match (unit, directory_of.directory_now()) {
                    (Some(unit), Some(d)) => {
                        let mut ids = vec![unit];
                        ids.extend(d.ancestors(unit).iter().map(|u| u.id));
                        forget.clear_units(&ids);
                    }
                    _ => forget.clear(),
                }
            })),
            cache,
            trusted_proxies: Arc::default(),
        }))
    }

    /// Believe the forwarding headers of these proxies (`--trusted-proxy`).
    pub fn with_trusted_proxies(self, proxies: proxy::TrustedProxies) -> Self {
        Self(Arc::new(Shared {
            app: self.app.clone(),
            cache: self.cache.clone(),
            trusted_proxies: Arc::new(proxies),
        }))
    }

    /// Forget the cached pages of these units (and of the units above them); `None` among them
    /// stands for the installation's own records, which every page may show.
    async fn forget_pages_of(&self, units: &[Option<i64>]) {
        let directory = match self.app.directory().await {
            Ok(d) if units.iter().all(Option::is_some) => d,
            _ => return self.cache.clear(),
        };
        let mut ids: Vec<i64> = Vec::new();
        for unit in units.iter().flatten() {
            ids.push(*unit);
            ids.extend(directory.ancestors(*unit).iter().map(|u| u.id));
        }
        self.cache.clear_units(&ids);
    }
}

/// A unit's portal typed with a trailing slash: the same portal, at its one address.
pub(crate) async fn unit_home_with_slash(
    axum::extract::Path(unit): axum::extract::Path<String>,
) -> axum::response::Redirect {
    let unit: String = form_urlencoded::byte_serialize(unit.as_bytes()).collect();
    axum::response::Redirect::permanent(&format!("/dv/{unit}"))
}

/// The whole application as one router. With a read replica, two routers share the state's
/// caches: one reads from the replica, for anonymous visitors' pages; the other from the primary,
/// for anyone signed in and for every write, so that staff see what they just wrote.
pub fn router(state: AppState) -> Router {
    if !state.app.store().has_read_replica() {
        return single_router(state);
    }
    let primary = single_router(AppState(Arc::new(Shared {
        app: state.app.reading_from_primary(),
        cache: state.cache.clone(),
        trusted_proxies: state.trusted_proxies.clone(),
    })));
    let replica = single_router(state);
    Router::new().fallback(move |request: axum::extract::Request| {
        let router = if reads_from_primary(&request) {
            primary.clone()
        } else {
            replica.clone()
        };
        async move {
            use tower::ServiceExt;
            match router.oneshot(request).await {
                Ok(response) => response,
                Err(never) => match never {},
            }
        }
    })
}

/// Whether a request must read what the primary holds: a write, or anything a signed-in person
/// (or someone signing in) asks for.
fn reads_from_primary(request: &axum::extract::Request) -> bool {
    let method = request.method();
    method != axum::http::Method::GET && method != axum::http::Method::HEAD
        || auth::cookie(request.headers(), auth::SESSION_COOKIE).is_some()
        || request.headers().contains_key(header::AUTHORIZATION)
}

fn single_router(state: AppState) -> Router {
    routes()
        .into_router()
        .fallback(error::not_found)
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            installation::first_visit,
        ))
        .layer(axum::Extension(state.clone()))
        .layer(axum::middleware::from_fn(auth::no_store_for_staff))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            proxy::client_address,
        ))
        .layer(tower_http::catch_panic::CatchPanicLayer::custom(
            error::panic_page,
        ))
        .layer(axum::middleware::from_fn(error::log_failures))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::X_FRAME_OPTIONS,
            HeaderValue::from_static("DENY"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::REFERRER_POLICY,
            HeaderValue::from_static("strict-origin-when-cross-origin"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(
                "default-src 'self'; img-src 'self'; style-src 'self'; script-src 'self'; frame-ancestors 'none'",
            ),
        ))
        .with_state(state)
}

/// Keep the page cache in step with the change log, so every node serves current pages after a
/// write on any node: the pages of the units written, or all of them after a change to the
/// installation's own records. Runs until the process ends.
pub fn spawn_cache_follower(state: &AppState) -> tokio::task::JoinHandle<()> {
    let follower = state.clone();
    state.app.spawn_log_follower(move |units| {
        let state = follower.clone();
        let units = units.to_vec();
        tokio::spawn(async move { state.forget_pages_of(&units).await });
    })
}

pub(crate) async fn healthz(
    axum::extract::State(state): axum::extract::State<AppState>,
) -> Result<&'static str, WebError> {
    state.app.ping().await?;
    Ok("ok")
}
