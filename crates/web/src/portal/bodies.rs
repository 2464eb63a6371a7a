//! The bodies of the unit and who holds which post, on a day that can be chosen.

use askama::Template;
use axum::extract::Query;

use super::{chrome, Chrome, Section};
use crate::extract::{Public, QueryMap};
use crate::render::render_page;
use crate::{HtmlResult, WebError};

struct HolderView {
    name: String,
    post: String,
    term: Option<String>,
}

struct BodyView {
    name: String,
    kind: String,
    holders: Vec<HolderView>,
}

#[derive(Template)]
#[template(path = "bodies.html")]
struct BodiesPage {
    chrome: Chrome,
    unit_name: String,
    day: String,
    day_iso: String,
    bodies: Vec<BodyView>,
}

pub async fn show(Public { state, v }: Public, Query(query): QueryMap) -> HtmlResult {
    let unit = v.unit();
    let default_day = state.app.organisation_day(&v);
    let day = match query
        .get("ngay")
        .map(|s| s.trim())
        .filter(|s| !s.is_empty())
    {
        None => default_day,
        Some(s) => domain::time::parse_date(s).ok_or_else(|| {
            WebError::BadRequest(format!(
                "Ngày “{s}” không hợp lệ: hãy nhập theo dạng ngày/tháng/năm, ví dụ 21/01/2021."
            ))
        })?,
    };
    let chrome = chrome(&state, &v, Section::Bodies).await?;
    let bodies = state
        .app
        .bodies_with_holders(&v, day)
        .await?
        .into_iter()
        .map(|b| BodyView {
            name: b.body.name,
            kind: chrome.name(b.body.kind),
            holders: b
                .holders
                .into_iter()
                .map(|h| HolderView {
                    name: h.full_name,
                    post: h.post,
                    term: h.term,
                })
                .collect(),
        })
        .collect();
    render_page(&BodiesPage {
        chrome,
        unit_name: unit.full_name(),
        day: domain::time::short_date(day),
        day_iso: domain::time::short_date(day),
        bodies,
    })
}
