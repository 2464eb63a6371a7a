//! Static assets compiled into the binary (one binary, nothing to deploy beside it): the style
//! sheet, the scripts (htmx and the article editor), the icon, the picture shared pages show where
//! they have none (`og.png`, made from `static/src/og.html`), and the demo's illustrative photos.
//! Pages link to each by a fingerprinted name (`site.3f2a9c1b0d4e5f60.css`), whose bytes never
//! change, so browsers keep it for a year without asking again; each is compressed once.

use std::sync::LazyLock;
use std::time::SystemTime;

use axum::extract::Path;
use axum::http::{HeaderMap, HeaderValue};
use axum::response::Response;

use crate::encoding::{self, Variants};
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
    ("og.png", "image/png", include_bytes!("../static/og.png")),
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

/// An asset as served: under its name and its fingerprinted name, in every encoding.
struct Asset {
    name: &'static str,
    /// `/static/site.3f2a9c1b0d4e5f60.css`: the address pages link to.
    href: String,
    content_type: HeaderValue,
    body: Variants,
}

/// The assets, fingerprinted and compressed at the first request that needs one.
static SERVED: LazyLock<Vec<Asset>> = LazyLock::new(|| {
    ASSETS
        .iter()
        .map(|(name, content_type, bytes)| {
            let content_type = HeaderValue::from_static(content_type);
            let body = Variants::of(axum::body::Bytes::from_static(bytes), &content_type);
            Asset {
                name,
                href: format!("/static/{}", fingerprinted(name, &encoding::digest(bytes))),
                content_type,
                body,
            }
        })
        .collect()
});

/// `site.css` with its digest: `site.<digest>.css`.
fn fingerprinted(name: &str, digest: &str) -> String {
    match name.rsplit_once('.') {
        Some((stem, ext)) => format!("{stem}.{digest}.{ext}"),
        None => format!("{name}.{digest}"),
    }
}

/// The address a page links an asset by (`href("site.css")`): its fingerprinted name, which
/// changes whenever its bytes do.
pub fn href(name: &str) -> &'static str {
    SERVED
        .iter()
        .find(|a| a.name == name)
        .map_or("/static/missing", |a| a.href.as_str())
}

/// When the assets were made: the time this binary started serving them.
static STARTED: LazyLock<SystemTime> = LazyLock::new(SystemTime::now);

/// The site's icon, at the address browsers ask for it.
pub(crate) async fn favicon(headers: HeaderMap) -> WebResult {
    serve("favicon.svg", &headers)
}

pub(crate) async fn asset(Path(path): Path<String>, headers: HeaderMap) -> WebResult {
    serve(&path, &headers)
}

/// An asset by its name or its fingerprinted name: the latter kept for a year and never asked
/// again (`immutable`), the former, which links made before a new release may still use, for a
/// day.
fn serve(path: &str, headers: &HeaderMap) -> WebResult<Response> {
    let address = format!("/static/{path}");
    let (asset, cache_control) = SERVED
        .iter()
        .find_map(|a| {
            if a.href == address {
                Some((a, "public, max-age=31536000, immutable"))
            } else if a.name == path {
                Some((a, "public, max-age=86400"))
            } else {
                None
            }
        })
        .ok_or(WebError::NotFound)?;
    Ok(encoding::respond(
        &asset.body,
        &asset.content_type,
        None,
        *STARTED,
        cache_control,
        headers,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_assets_address_carries_the_digest_of_its_bytes() {
        let css = href("site.css");
        assert!(
            css.starts_with("/static/site.") && css.ends_with(".css"),
            "{css}"
        );
        let digest = encoding::digest(include_bytes!("../static/site.css"));
        assert!(css.contains(&digest));
        assert_eq!(fingerprinted("htmx.min.js", "ab"), "htmx.min.ab.js");
        assert_eq!(href("nope.css"), "/static/missing");
    }
}
