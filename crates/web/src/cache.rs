//! The page cache of the public portal. Rendered pages are kept by unit and address until a write
//! in their unit (or in a unit below, whose figures they may sum up) is seen in the change log
//! (DESIGN.md: the log is the one feed caches follow), or until a short time passes, which covers
//! articles whose scheduled publication time arrives.

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use axum::body::{Body, Bytes};
use axum::extract::{Extension, Request};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::{AppState, WebError};

/// Pages larger than this are served but not kept.
const MAX_CACHED_BODY: usize = 2 * 1024 * 1024;
/// At most this many pages are kept; beyond it the cache starts over.
const MAX_ENTRIES: usize = 4096;

struct Entry {
    body: Bytes,
    content_type: HeaderValue,
    stored: Instant,
}

/// Rendered public pages by unit, then path and query.
pub struct PageCache {
    entries: RwLock<HashMap<i64, HashMap<String, Arc<Entry>>>>,
    /// How many pages are kept in all.
    count: AtomicUsize,
    ttl: Duration,
}

impl PageCache {
    pub fn new(ttl: Duration) -> Self {
        Self {
            entries: RwLock::new(HashMap::new()),
            count: AtomicUsize::new(0),
            ttl,
        }
    }

    fn get(&self, unit: i64, key: &str) -> Option<Arc<Entry>> {
        let entries = self.entries.read().unwrap_or_else(|e| e.into_inner());
        entries
            .get(&unit)?
            .get(key)
            .filter(|e| e.stored.elapsed() < self.ttl)
            .cloned()
    }

    fn put(&self, unit: i64, key: String, entry: Entry) {
        let mut entries = self.entries.write().unwrap_or_else(|e| e.into_inner());
        if self.count.load(Ordering::Relaxed) >= MAX_ENTRIES {
            entries.clear();
            self.count.store(0, Ordering::Relaxed);
        }
        if entries
            .entry(unit)
            .or_default()
            .insert(key, Arc::new(entry))
            .is_none()
        {
            self.count.fetch_add(1, Ordering::Relaxed);
        }
    }

    /// Forget every page: something they all show may have changed.
    pub fn clear(&self) {
        self.entries
            .write()
            .unwrap_or_else(|e| e.into_inner())
            .clear();
        self.count.store(0, Ordering::Relaxed);
    }

    /// Forget the pages of these units, and only theirs.
    pub fn clear_units(&self, units: &[i64]) {
        let mut entries = self.entries.write().unwrap_or_else(|e| e.into_inner());
        for unit in units {
            if let Some(pages) = entries.remove(unit) {
                self.count.fetch_sub(pages.len(), Ordering::Relaxed);
            }
        }
    }
}

/// Serve GET pages from the cache, and keep successful ones, under the unit the request is for.
pub async fn serve_from_cache(
    Extension(state): Extension<AppState>,
    request: Request,
    next: Next,
) -> Response {
    if request.method() != Method::GET {
        return next.run(request).await;
    }
    let (mut parts, body) = request.into_parts();
    let Ok((unit, _)) = crate::extract::request_unit(&mut parts, &state).await else {
        // No such unit: the handler answers, and nothing is kept.
        return next.run(Request::from_parts(parts, body)).await;
    };
    let request = Request::from_parts(parts, body);
    let cache = &state.cache;
    // The address as asked for: a unit's pages under its prefix link differently from the same
    // pages on its own host.
    let key = crate::workspace::original_uri(&request).to_string();
    if let Some(hit) = cache.get(unit.id, &key) {
        return (
            [(header::CONTENT_TYPE, hit.content_type.clone())],
            hit.body.clone(),
        )
            .into_response();
    }
    let response = next.run(request).await;
    if response.status() != StatusCode::OK {
        return response;
    }
    let (parts, body) = response.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, MAX_CACHED_BODY).await else {
        return WebError::Internal("page too large to buffer".into()).into_response();
    };
    if let Some(content_type) = parts.headers.get(header::CONTENT_TYPE) {
        cache.put(
            unit.id,
            key,
            Entry {
                body: bytes.clone(),
                content_type: content_type.clone(),
                stored: Instant::now(),
            },
        );
    }
    Response::from_parts(parts, Body::from(bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(text: &'static str) -> Entry {
        Entry {
            body: Bytes::from_static(text.as_bytes()),
            content_type: HeaderValue::from_static("text/html"),
            stored: Instant::now(),
        }
    }

    #[test]
    fn a_unit_forgets_its_pages_and_only_its_own() {
        let cache = PageCache::new(Duration::from_secs(60));
        cache.put(1, "/".into(), entry("a"));
        cache.put(2, "/".into(), entry("b"));
        assert_eq!(cache.get(2, "/").unwrap().body, "b");
        cache.clear_units(&[1]);
        assert!(cache.get(1, "/").is_none());
        assert!(cache.get(2, "/").is_some());
        cache.clear();
        assert!(cache.get(2, "/").is_none());
    }

    #[test]
    fn a_page_expires_after_its_time() {
        let cache = PageCache::new(Duration::from_millis(0));
        cache.put(1, "/".into(), entry("a"));
        assert!(cache.get(1, "/").is_none());
    }
}
