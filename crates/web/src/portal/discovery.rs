//! What machines read of a unit's portal: its news as Atom feeds (`/tin-tuc.atom`, and
//! `?danh-muc=` for one category), the changes to its programmes (`/chuong-trinh.atom`), its
//! sitemap (`/sitemap.xml`), `robots.txt` at the root of each host, and the installation's index of
//! every unit's sitemap (`/sitemap-index.xml`). Every address in them is absolute, from
//! configuration: never the request's `Host`.

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

/// The newest changes to the unit's programmes, their contents and targets, as the public reads
/// them in each record's history: what changed, from what to what.
pub async fn programme_feed(Public { state, v }: Public) -> WebResult {
    use crate::workspace::history_view;
    use crate::workspace::programme::{change_label, entity_label};

    let changes = state.app.programme_changes(&v).await?;
    let origin = state.app.public_origin(&v).await?;
    let unit = vi::capitalize(&v.unit().full_name());
    let entries = changes
        .into_iter()
        .map(|c| {
            let e = &c.entry;
            let (before, after) = (e.before_json.as_deref(), e.after_json.as_deref());
            let what = match history_view::title(before, after) {
                Some(title) => format!("{} “{title}”", entity_label(Some(c.entity))),
                None => entity_label(Some(c.entity)).to_string(),
            };
            let action = history_view::withdrawal_line(e.change_kind(), before, after)
                .unwrap_or_else(|| change_label(e.change_kind()).to_string());
            let summary = history_view::changes(c.entity, before, after, &c.names)
                .into_iter()
                .map(|(field, from, to)| match (from.is_empty(), to.is_empty()) {
                    (true, _) => format!("{field}: {to}"),
                    (false, true) => format!("{field}: bỏ “{from}”"),
                    (false, false) => format!("{field}: {from} → {to}"),
                })
                .collect::<Vec<_>>()
                .join("\n");
            let link = format!("{origin}/lich-su/{}/{}", c.entity.as_str(), e.entity_id);
            let at = domain::time::from_unix(e.at);
            FeedEntry {
                id: format!("{link}#thay-doi-{}", e.seq),
                title: format!("{action}: {what}"),
                link,
                summary,
                author: String::new(),
                published: at,
                updated: at,
            }
        })
        .collect();
    let feed = Feed {
        id: format!("{origin}/chuong-trinh.atom"),
        title: format!("Thay đổi chương trình phối hợp – {unit}"),
        alternate: format!("{origin}/chuong-trinh"),
        author: format!(
            "HĐND – UBND – Ủy ban MTTQ Việt Nam {}",
            v.unit().full_name()
        ),
        entries,
    };
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
            loc: domain::address::absolute(&origin, &e.path),
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
         Disallow: /en/tim-kiem\n\
         Disallow: /dv/*/en/tim-kiem\n\
         Disallow: /api/\n\
         Disallow: /dv/*/api/\n\n",
    );
    text.push_str(&format!("Sitemap: {origin}/sitemap.xml\n"));
    if let Some(index) = state.app.sitemap_index_here(&v).await? {
        text.push_str(&format!("Sitemap: {index}\n"));
    }
    Ok(([(header::CONTENT_TYPE, "text/plain; charset=utf-8")], text).into_response())
}
