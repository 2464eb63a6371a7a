//! phoihop over HTTP: the public portal (server-rendered Vietnamese pages that work without
//! JavaScript), the workspace of the offices, the official documents and spreadsheets, and the
//! JSON API with its OpenAPI document. This crate holds handlers, extractors and templates: it
//! writes no SQL and decides no rule — it asks `app`, which asks `domain::access`.

mod api;
pub mod auth;
mod cache;
pub mod documents;
mod error;
pub mod extract;
pub(crate) mod portal;
mod render;
mod routes;
mod static_files;
mod workspace;

use std::sync::Arc;
use std::time::Duration;

use axum::http::{header, HeaderValue};
use axum::Router;
use tower_http::set_header::SetResponseHeaderLayer;

pub use cache::PageCache;
pub use error::WebError;
pub use routes::Routes;

/// What every handler may use. Cheap to clone.
#[derive(Clone)]
pub struct AppState {
    pub app: app::App,
    pub cache: Arc<PageCache>,
}

impl AppState {
    /// The web layer over an application; its page cache forgets pages at every write this node
    /// commits, and at every write of another node once [`spawn_cache_follower`] sees it.
    pub fn new(app: app::App) -> Self {
        let cache = Arc::new(PageCache::new(Duration::from_secs(30)));
        let forget = cache.clone();
        Self {
            app: app.on_write(Arc::new(move |_unit| forget.clear())),
            cache,
        }
    }
}

/// Every route of the application, with the paths it answers.
pub fn routes() -> Routes {
    Routes::new()
        .merge(
            portal::routes().map(|r| r.layer(axum::middleware::from_fn(cache::serve_from_cache))),
        )
        .merge(portal::personal_routes())
        .merge(workspace::routes())
        .merge(documents::routes())
        .merge(api::routes())
        .merge(static_files::routes())
        .get("/healthz", healthz)
}

/// The whole application as one router.
pub fn router(state: AppState) -> Router {
    routes()
        .into_router()
        .fallback(error::not_found)
        .layer(axum::Extension(state.cache.clone()))
        .layer(tower_http::catch_panic::CatchPanicLayer::custom(
            error::panic_page,
        ))
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
                "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'",
            ),
        ))
        .with_state(state)
}

/// Keep the page cache in step with the change log, so every node serves current pages after a
/// write on any node. Runs until the process ends.
pub fn spawn_cache_follower(state: &AppState) -> tokio::task::JoinHandle<()> {
    let cache = state.cache.clone();
    state.app.spawn_head_follower(move |seq| cache.observe(seq))
}

async fn healthz(
    axum::extract::State(state): axum::extract::State<AppState>,
) -> Result<&'static str, WebError> {
    state.app.ping().await?;
    Ok("ok")
}
