//! The page cache of the public portal. Rendered pages are kept by unit and address until a write
//! in their unit (or in a unit below, whose figures they may sum up) is seen in the change log
//! (DESIGN.md: the log is the one feed caches follow), or until a short time passes, which covers
//! articles whose scheduled publication time arrives.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use axum::body::Bytes;
use axum::extract::{Extension, Request};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::encoding::{self, Variants};
use crate::{AppState, WebError};

/// Pages larger than this are served but not kept.
const MAX_CACHED_BODY: usize = 2 * 1024 * 1024;
/// The bytes of the pages kept, at most. The bound is what keeps the server's memory flat when
/// visitors ask for many different addresses (every page of every list, every search); past it,
/// the least used pages go first, and a page asked for once does not push out one asked for often.
const MAX_BYTES: u64 = 24 * 1024 * 1024;

/// What a page is kept under. A unit's pages under its prefix link differently from the same pages
/// on its own host, so the address is the one asked for. The generation is the unit's count of
/// writes seen: a write moves it on, and every older page of the unit is out of reach at once and
/// is evicted as unused (cheaper than finding each). A page's encodings are kept together, in its
/// entry.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct Key {
    unit: i64,
    generation: u64,
    address: String,
}

struct Entry {
    /// The page, and the same compressed once (gzip, brotli) when worth it.
    body: Variants,
    content_type: HeaderValue,
    /// How a file is offered (`inline; filename="hoi-nghi.ics"`), kept so that a page from the
    /// cache is answered exactly as the first time.
    disposition: Option<HeaderValue>,
    /// When it was made: its `Last-Modified`.
    made: SystemTime,
}

impl Entry {
    fn new(body: Bytes, content_type: HeaderValue, disposition: Option<HeaderValue>) -> Self {
        Self {
            body: Variants::of(body, &content_type),
            content_type,
            disposition,
            made: SystemTime::now(),
        }
    }

    /// The answer to a request with these headers. Public pages are the same for everyone and
    /// may be stored anywhere, but asked again each time (`no-cache`): a correction must show at
    /// once, and asking again costs a 304.
    fn answer(&self, request: &HeaderMap) -> Response {
        encoding::respond(
            &self.body,
            &self.content_type,
            self.disposition.as_ref(),
            self.made,
            "public, no-cache",
            request,
        )
    }
}

/// The unit the installation's own public pages (the national roll-up) are kept under, an id no
/// unit has: a write in any unit may change them.
const INSTALLATION: i64 = 0;

/// Rendered public pages by unit and address.
pub struct PageCache {
    pages: moka::sync::Cache<Key, Arc<Entry>>,
    generations: Mutex<HashMap<i64, u64>>,
}

impl PageCache {
    pub fn new(ttl: Duration) -> Self {
        Self::bounded(ttl, MAX_BYTES)
    }

    fn bounded(ttl: Duration, max_bytes: u64) -> Self {
        Self {
            pages: moka::sync::Cache::builder()
                .max_capacity(max_bytes)
                .weigher(|key: &Key, entry: &Arc<Entry>| {
                    u32::try_from(key.address.len() + entry.body.weight()).unwrap_or(u32::MAX)
                })
                .time_to_live(ttl)
                .build(),
            generations: Mutex::new(HashMap::new()),
        }
    }

    fn key(&self, unit: i64, address: &str) -> Key {
        let generations = self.generations.lock().unwrap_or_else(|e| e.into_inner());
        Key {
            unit,
            generation: generations.get(&unit).copied().unwrap_or(0),
            address: address.to_owned(),
        }
    }

    fn get(&self, unit: i64, address: &str) -> Option<Arc<Entry>> {
        self.pages.get(&self.key(unit, address))
    }

    fn put(&self, unit: i64, address: &str, entry: Arc<Entry>) {
        self.pages.insert(self.key(unit, address), entry);
    }

    /// Forget every page: something they all show may have changed.
    pub fn clear(&self) {
        self.pages.invalidate_all();
    }

    /// The bytes of the pages kept now, once the cache has done its pending work.
    pub fn bytes(&self) -> u64 {
        self.pages.run_pending_tasks();
        self.pages.weighted_size()
    }

    /// Forget the pages of these units, and only theirs (and the installation's, which count
    /// every unit).
    pub fn clear_units(&self, units: &[i64]) {
        let mut generations = self.generations.lock().unwrap_or_else(|e| e.into_inner());
        for unit in units.iter().chain([&INSTALLATION]) {
            *generations.entry(*unit).or_default() += 1;
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
    cached(&state, unit.id, Request::from_parts(parts, body), next).await
}

/// Serve the installation's own public pages from the cache, and keep them: made for anyone,
/// whoever asks, like a unit's portal.
pub async fn serve_installation_from_cache(
    Extension(state): Extension<AppState>,
    request: Request,
    next: Next,
) -> Response {
    cached(&state, INSTALLATION, request, next).await
}

/// A GET page from the cache under `unit`, or the handler's answer, kept when it is a page.
async fn cached(state: &AppState, unit: i64, request: Request, next: Next) -> Response {
    if request.method() != Method::GET {
        return next.run(request).await;
    }
    let cache = &state.cache;
    // The address as asked for: a unit's pages under its prefix link differently from the same
    // pages on its own host.
    let address = crate::workspace::original_uri(&request).to_string();
    if let Some(hit) = cache.get(unit, &address) {
        return hit.answer(request.headers());
    }
    let asked = request.headers().clone();
    let response = next.run(request).await;
    if response.status() != StatusCode::OK {
        return response;
    }
    let (parts, body) = response.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, MAX_CACHED_BODY).await else {
        return WebError::Internal("page too large to buffer".into()).into_response();
    };
    let Some(content_type) = parts.headers.get(header::CONTENT_TYPE) else {
        return Response::from_parts(parts, axum::body::Body::from(bytes));
    };
    let entry = Arc::new(Entry::new(
        bytes,
        content_type.clone(),
        parts.headers.get(header::CONTENT_DISPOSITION).cloned(),
    ));
    cache.put(unit, &address, entry.clone());
    // The first visitor gets what every later one will: the same encodings and validators.
    entry.answer(&asked)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(text: &str) -> Arc<Entry> {
        let html = HeaderValue::from_static("text/html");
        Arc::new(Entry::new(Bytes::from(text.to_owned()), html, None))
    }

    /// A page of this size that does not compress, so that the bound counts it whole.
    fn page(size: usize) -> Arc<Entry> {
        let png = HeaderValue::from_static("image/png");
        Arc::new(Entry::new(Bytes::from(vec![b'x'; size]), png, None))
    }

    #[test]
    fn a_unit_forgets_its_pages_and_only_its_own() {
        let cache = PageCache::new(Duration::from_secs(60));
        cache.put(1, "/", entry("a"));
        cache.put(2, "/", entry("b"));
        assert_eq!(cache.get(2, "/").unwrap().body.identity, "b");
        cache.clear_units(&[1]);
        assert!(cache.get(1, "/").is_none());
        assert!(cache.get(2, "/").is_some());
        // A page kept after the write is served again.
        cache.put(1, "/", entry("c"));
        assert_eq!(cache.get(1, "/").unwrap().body.identity, "c");
        cache.clear();
        assert!(cache.get(1, "/").is_none());
        assert!(cache.get(2, "/").is_none());
    }

    #[test]
    fn past_its_bytes_bound_the_cache_stays_within_it_and_keeps_the_most_used_pages() {
        let cache = PageCache::bounded(Duration::from_secs(60), 4 * 1024 * 1024);
        let hot: Vec<String> = (0..4).map(|i| format!("/tin-tuc/bai-{i}")).collect();
        for address in &hot {
            cache.put(1, address, page(100 * 1024));
        }
        // The front pages are read again and again while visitors page through every search:
        // twenty times the bound in pages asked for once.
        for i in 0..1000 {
            for address in &hot {
                assert!(
                    cache.get(1, address).is_some(),
                    "{address} after {i} searches"
                );
            }
            cache.put(1, &format!("/tim-kiem?q={i}"), page(80 * 1024));
            if i % 100 == 0 {
                assert!(
                    cache.bytes() <= 4 * 1024 * 1024,
                    "{} bytes kept",
                    cache.bytes()
                );
            }
        }
        assert!(
            cache.bytes() <= 4 * 1024 * 1024,
            "{} bytes kept",
            cache.bytes()
        );
        assert!(cache.bytes() > 1024 * 1024, "the cache still keeps pages");
        for address in &hot {
            assert!(cache.get(1, address).is_some(), "{address} is still served");
        }
    }

    #[test]
    fn the_same_address_again_replaces_its_page() {
        let cache = PageCache::new(Duration::from_secs(60));
        cache.put(1, "/tim-kiem?q=1", page(300 * 1024));
        let before = cache.bytes();
        cache.put(1, "/tim-kiem?q=1", entry("a"));
        assert!(cache.bytes() < before);
        assert_eq!(cache.get(1, "/tim-kiem?q=1").unwrap().body.identity, "a");
    }

    #[test]
    fn a_page_expires_after_its_time() {
        let cache = PageCache::new(Duration::from_millis(1));
        cache.put(1, "/", entry("a"));
        std::thread::sleep(Duration::from_millis(5));
        assert!(cache.get(1, "/").is_none());
    }
}
