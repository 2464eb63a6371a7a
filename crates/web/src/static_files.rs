//! Static assets compiled into the binary (one binary, nothing to deploy beside it): the style
//! sheet, the scripts (htmx and the article editor), the icon, and the demo's illustrative photos.

use axum::extract::Path;
use axum::http::{header, HeaderValue};
use axum::response::IntoResponse;

use crate::{WebError, WebResult};

const ASSETS: &[(&str, &str, &[u8])] = &[
    (
        "site.css",
        "text/css; charset=utf-8",
        include_bytes!("../static/site.css"),
    ),
    (
        "htmx.min.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../static/htmx.min.js"),
    ),
    (
        "editor.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../static/editor.js"),
    ),
    (
        "favicon.svg",
        "image/svg+xml",
        include_bytes!("../static/favicon.svg"),
    ),
    (
        "demo/phat-bieu-chi-dao.svg",
        "image/svg+xml",
        include_bytes!("../static/demo/phat-bieu-chi-dao.svg"),
    ),
    (
        "demo/ky-ket.svg",
        "image/svg+xml",
        include_bytes!("../static/demo/ky-ket.svg"),
    ),
];

/// The site's icon, at the address browsers ask for it.
pub(crate) async fn favicon() -> WebResult {
    asset(Path("favicon.svg".to_string())).await
}

pub(crate) async fn asset(Path(path): Path<String>) -> WebResult {
    let (_, content_type, bytes) = ASSETS
        .iter()
        .find(|(name, _, _)| *name == path)
        .ok_or(WebError::NotFound)?;
    Ok((
        [
            (header::CONTENT_TYPE, HeaderValue::from_static(content_type)),
            (
                header::CACHE_CONTROL,
                HeaderValue::from_static("public, max-age=86400"),
            ),
        ],
        *bytes,
    )
        .into_response())
}
