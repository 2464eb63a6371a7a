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
/// At most this many pages, and this many bytes of them, are kept; beyond either the cache starts
/// over. The bytes bound is what keeps the server's memory flat when visitors ask for many
/// different addresses (every page of every list, every search).
const MAX_ENTRIES: usize = 4096;
const MAX_BYTES: usize = 24 * 1024 * 1024;

struct Entry {
    body: Bytes,
    content_type: HeaderValue,
    /// How a file is offered (`inline; filename="hoi-nghi.ics"`), kept so that a page from the
    /// cache is answered exactly as the first time.
    disposition: Option<HeaderValue>,
    stored: Instant,
}

/// Rendered public pages by unit, then path and query.
pub struct PageCache {
    entries: RwLock<HashMap<i64, HashMap<String, Arc<Entry>>>>,
    /// How many pages are kept in all, and their bytes.
    count: AtomicUsize,
    bytes: AtomicUsize,
    ttl: Duration,
}

impl PageCache {
    pub fn new(ttl: Duration) -> Self {
        Self {
            entries: RwLock::new(HashMap::new()),
            count: AtomicUsize::new(0),
            bytes: AtomicUsize::new(0),
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
        let size = entry.body.len() + key.len();
        if self.count.load(Ordering::Relaxed) >= MAX_ENTRIES
            || self.bytes.load(Ordering::Relaxed) + size > MAX_BYTES
        {
            entries.clear();
            self.count.store(0, Ordering::Relaxed);
            self.bytes.store(0, Ordering::Relaxed);
        }
        self.bytes.fetch_add(size, Ordering::Relaxed);
        match entries
            .entry(unit)
            .or_default()
            .insert(key.clone(), Arc::new(entry))
        {
            None => {
                self.count.fetch_add(1, Ordering::Relaxed);
            }
            Some(old) => {
                self.bytes
                    .fetch_sub(old.body.len() + key.len(), Ordering::Relaxed);
            }
        }
    }

    /// Forget every page: something they all show may have changed.
    pub fn clear(&self) {
        self.entries
            .write()
            .unwrap_or_else(|e| e.into_inner())
            .clear();
        self.count.store(0, Ordering::Relaxed);
        self.bytes.store(0, Ordering::Relaxed);
    }

    /// The bytes of the pages kept now.
    pub fn bytes(&self) -> usize {
        self.bytes.load(Ordering::Relaxed)
    }

    /// Forget the pages of these units, and only theirs.
    pub fn clear_units(&self, units: &[i64]) {
        let mut entries = self.entries.write().unwrap_or_else(|e| e.into_inner());
        for unit in units {
            if let Some(pages) = entries.remove(unit) {
                self.count.fetch_sub(pages.len(), Ordering::Relaxed);
                let size: usize = pages.iter().map(|(k, e)| k.len() + e.body.len()).sum();
                self.bytes.fetch_sub(size, Ordering::Relaxed);
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
        let mut response = (
            [(header::CONTENT_TYPE, hit.content_type.clone())],
            hit.body.clone(),
        )
            .into_response();
        if let Some(disposition) = &hit.disposition {
            response
                .headers_mut()
                .insert(header::CONTENT_DISPOSITION, disposition.clone());
        }
        return response;
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
                disposition: parts.headers.get(header::CONTENT_DISPOSITION).cloned(),
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
            disposition: None,
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
    fn the_pages_kept_never_exceed_the_bytes_bound_whatever_is_asked_for() {
        let cache = PageCache::new(Duration::from_secs(60));
        let page = Bytes::from(vec![b'x'; 300 * 1024]);
        for i in 0..1000 {
            cache.put(
                1,
                format!("/tim-kiem?q={i}"),
                Entry {
                    body: page.clone(),
                    content_type: HeaderValue::from_static("text/html"),
                    disposition: None,
                    stored: Instant::now(),
                },
            );
            assert!(cache.bytes() <= MAX_BYTES, "{} bytes kept", cache.bytes());
        }
        // The same address again replaces its page instead of adding to the count.
        let before = cache.bytes();
        cache.put(1, "/tim-kiem?q=999".into(), entry("a"));
        assert!(cache.bytes() < before);
        cache.clear_units(&[1]);
        assert_eq!(cache.bytes(), 0);
    }

    #[test]
    fn a_page_expires_after_its_time() {
        let cache = PageCache::new(Duration::from_millis(0));
        cache.put(1, "/".into(), entry("a"));
        assert!(cache.get(1, "/").is_none());
    }
}
