//! phoihop over HTTP: the public portal (server-rendered Vietnamese pages that work without
//! JavaScript), the read-only JSON API with its OpenAPI document, and health checks. This crate
//! writes no SQL: it asks `store` and renders what `domain` says.

mod api;
pub mod auth;
mod cache;
pub mod documents;
mod error;
pub mod indexer;
pub(crate) mod portal;
pub mod reminders;
mod render;
mod static_files;
mod workspace;

use std::sync::Arc;
use std::time::Duration;

use axum::http::{header, HeaderValue};
use axum::Router;
use store::Store;
use tower_http::set_header::SetResponseHeaderLayer;

pub use cache::PageCache;
pub use error::WebError;

/// What every handler may use. Cheap to clone.
#[derive(Clone)]
pub struct AppState {
    pub store: Store,
    pub cache: Arc<PageCache>,
    /// The search index of this node and what keeps it current.
    pub search: Arc<indexer::Indexer>,
}

impl AppState {
    pub fn new(store: Store) -> Self {
        Self {
            store,
            cache: Arc::new(PageCache::new(Duration::from_secs(30))),
            // In memory, built at the first search, caught up by every search: no follower needed.
            search: Arc::new(indexer::Indexer::in_memory()),
        }
    }

    /// The app over an index opened by the caller, to be kept current by
    /// [`spawn_search_follower`].
    pub fn with_search(store: Store, index: Arc<search::SearchIndex>) -> Self {
        Self {
            search: Arc::new(indexer::Indexer::new(index)),
            ..Self::new(store)
        }
    }
}

/// The whole application as one router.
pub fn router(state: AppState) -> Router {
    let cached_pages = portal::router().layer(axum::middleware::from_fn_with_state(
        state.clone(),
        cache::serve_from_cache,
    ));
    Router::new()
        .merge(cached_pages)
        .merge(portal::personal_router())
        .merge(workspace::router())
        .merge(documents::router())
        .nest("/api", api::router())
        .merge(static_files::router())
        .route("/healthz", axum::routing::get(healthz))
        .fallback(error::not_found)
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

/// Keep the search index in step with the change log (rebuilding it first when it needs it), so
/// an edit on any node is searchable on this one within a second. Runs until the process ends.
pub fn spawn_search_follower(state: &AppState) -> tokio::task::JoinHandle<()> {
    indexer::spawn_follower(state.store.clone(), state.search.clone())
}

/// Keep the page cache in step with the change log, so every node serves current pages after a
/// write on any node. Runs until the process ends.
pub fn spawn_cache_follower(state: &AppState) -> tokio::task::JoinHandle<()> {
    cache::spawn_follower(state.store.clone(), state.cache.clone())
}

async fn healthz(
    axum::extract::State(state): axum::extract::State<AppState>,
) -> Result<&'static str, WebError> {
    state.store.ping().await?;
    Ok("ok")
}
