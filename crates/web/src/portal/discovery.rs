//! What machines read of a unit's portal: its news as Atom feeds (`/tin-tuc.atom`, and
//! `?danh-muc=` for one category), its sitemap (`/sitemap.xml`), `robots.txt` at the root of each
//! host, and the installation's index of every unit's sitemap (`/sitemap-index.xml`). Every
//! address in them is absolute, from configuration: never the request's `Host`.

use axum::extract::{Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use docs::atom::{Feed, FeedEntry};
use docs::sitemap::Location;

use crate::extract::{Public, QueryMap};
use crate::{AppState, WebResult};

fn xml(content_type: &'static str, body: String) -> Response {
    ([(header::CONTENT_TYPE, content_type)], body).into_response()
}

/// The unit's newest public articles, all or of one category (`?danh-muc=` its address).
pub async fn news_feed(Public { state, v }: Public, Query(query): QueryMap) -> WebResult {
    let category = query
        .get("danh-muc")
        .map(|s| s.trim())
        .filter(|s| !s.is_empty());
    let news = state.app.news_feed(&v, category).await?;
    let origin = state.app.public_origin(&v).await?;
    let unit = v.unit().full_name();
    let (id, alternate, title) = match (category, &news.category) {
        (Some(slug), Some(name)) => (
            format!("{origin}/tin-tuc.atom?danh-muc={slug}"),
            format!("{origin}/tin-tuc?danh-muc={slug}"),
            format!("{name} – {}", vi::capitalize(&unit)),
        ),
        _ => (
            format!("{origin}/tin-tuc.atom"),
            format!("{origin}/tin-tuc"),
            format!("Tin tức – {}", vi::capitalize(&unit)),
        ),
    };
    let feed = Feed {
        id,
        title,
        alternate,
        author: format!("HĐND – UBND – Ủy ban MTTQ Việt Nam {unit}"),
        entries: news
            .articles
            .into_iter()
            .map(|a| {
                let link = format!("{origin}/tin-tuc/{}", a.slug);
                FeedEntry {
                    id: link.clone(),
                    title: a.title,
                    link,
                    summary: a.summary,
                    author: String::new(),
                    published: a.published,
                    updated: a.updated,
                }
            })
            .collect(),
    };
    // A unit without news yet: a feed as old as the unit's portal on this installation.
    let empty = chrono::DateTime::<chrono::Utc>::UNIX_EPOCH;
    Ok(xml(
        "application/atom+xml; charset=utf-8",
        feed.to_xml(empty),
    ))
}

/// The unit's public pages with when each last changed.
pub async fn sitemap(Public { state, v }: Public) -> WebResult {
    let origin = state.app.public_origin(&v).await?;
    let locations: Vec<Location> = state
        .app
        .sitemap(&v)
        .await?
        .into_iter()
        .map(|e| Location {
            loc: if e.path == "/" {
                format!("{origin}/")
            } else {
                format!("{origin}{}", e.path)
            },
            lastmod: e.lastmod,
        })
        .collect();
    Ok(xml(
        "application/xml; charset=utf-8",
        docs::sitemap::urlset(&locations),
    ))
}

/// Every unit's sitemap, for the installation's address.
pub async fn sitemap_index(State(state): State<AppState>) -> WebResult {
    let sitemaps: Vec<Location> = state
        .app
        .sitemaps()
        .await?
        .into_iter()
        .map(|(origin, lastmod)| Location {
            loc: format!("{origin}/sitemap.xml"),
            lastmod,
        })
        .collect();
    Ok(xml(
        "application/xml; charset=utf-8",
        docs::sitemap::index(&sitemaps),
    ))
}

/// What crawlers may read on this host, and where its sitemaps are: the unit's own, and on the
/// installation's address the index of every unit's.
pub async fn robots(Public { state, v }: Public) -> WebResult {
    let origin = state.app.public_origin(&v).await?;
    let mut text = String::from(
        "# phoihop: cổng thông tin điện tử\n\
         User-agent: *\n\
         Disallow: /quan-ly\n\
         Disallow: /dv/*/quan-ly\n\
         Disallow: /he-thong\n\
         Disallow: /tai-khoan\n\
         Disallow: /dang-nhap\n\
         Disallow: /tim-kiem\n\
         Disallow: /dv/*/tim-kiem\n\
         Disallow: /api/\n\
         Disallow: /dv/*/api/\n\n",
    );
    text.push_str(&format!("Sitemap: {origin}/sitemap.xml\n"));
    if let Some(index) = state.app.sitemap_index_here(&v).await? {
        text.push_str(&format!("Sitemap: {index}\n"));
    }
    Ok(([(header::CONTENT_TYPE, "text/plain; charset=utf-8")], text).into_response())
}
