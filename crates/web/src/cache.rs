//! The page cache of the public portal. Rendered pages are kept until the change log moves past the
//! sequence number they were rendered at (DESIGN.md: the log is the one feed caches follow), or until
//! a short time passes, which covers articles whose scheduled publication time arrives.

use std::collections::HashMap;
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use axum::body::{Body, Bytes};
use axum::extract::{Extension, Request};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::WebError;

/// Pages larger than this are served but not kept.
const MAX_CACHED_BODY: usize = 2 * 1024 * 1024;
/// At most this many pages are kept; beyond it the cache starts over.
const MAX_ENTRIES: usize = 4096;

struct Entry {
    body: Bytes,
    content_type: HeaderValue,
    stored: Instant,
}

/// Rendered public pages by path and query.
pub struct PageCache {
    entries: RwLock<HashMap<String, Arc<Entry>>>,
    /// The change-log sequence number the entries were rendered at.
    seen_seq: AtomicI64,
    ttl: Duration,
}

impl PageCache {
    pub fn new(ttl: Duration) -> Self {
        Self {
            entries: RwLock::new(HashMap::new()),
            seen_seq: AtomicI64::new(-1),
            ttl,
        }
    }

    fn get(&self, key: &str) -> Option<Arc<Entry>> {
        let entries = self.entries.read().unwrap_or_else(|e| e.into_inner());
        entries
            .get(key)
            .filter(|e| e.stored.elapsed() < self.ttl)
            .cloned()
    }

    fn put(&self, key: String, entry: Entry) {
        let mut entries = self.entries.write().unwrap_or_else(|e| e.into_inner());
        if entries.len() >= MAX_ENTRIES {
            entries.clear();
        }
        entries.insert(key, Arc::new(entry));
    }

    /// Forget every page: something they show may have changed.
    pub fn clear(&self) {
        self.entries
            .write()
            .unwrap_or_else(|e| e.into_inner())
            .clear();
    }

    /// Tell the cache the log's newest sequence number; it clears itself when the log moved.
    pub fn observe(&self, seq: i64) {
        let before = self.seen_seq.swap(seq, Ordering::SeqCst);
        if before != seq {
            self.clear();
        }
    }
}

/// Serve GET pages from the cache, and keep successful ones.
pub async fn serve_from_cache(
    Extension(cache): Extension<Arc<PageCache>>,
    request: Request,
    next: Next,
) -> Response {
    if request.method() != Method::GET {
        return next.run(request).await;
    }
    let key = request.uri().to_string();
    if let Some(hit) = cache.get(&key) {
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
    fn a_page_is_kept_until_the_change_log_moves() {
        let cache = PageCache::new(Duration::from_secs(60));
        cache.observe(10);
        cache.put("/".into(), entry("a"));
        cache.observe(10);
        assert!(cache.get("/").is_some());
        cache.observe(11);
        assert!(cache.get("/").is_none());
    }

    #[test]
    fn a_page_expires_after_its_time() {
        let cache = PageCache::new(Duration::from_millis(0));
        cache.put("/".into(), entry("a"));
        assert!(cache.get("/").is_none());
    }
}
