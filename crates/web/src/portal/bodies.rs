//! The bodies of the unit and who holds which post, on a day that can be chosen.

use std::collections::HashMap;

use askama::Template;
use axum::extract::{Query, State};
use axum::response::Html;
use chrono::{NaiveDate, Utc};

use super::{chrome, Chrome, Section};
use crate::render::render_page;
use crate::{AppState, WebError};

struct HolderView {
    name: String,
    post: String,
    term: Option<String>,
}

struct BodyView {
    name: String,
    kind: &'static str,
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

pub async fn show(
    State(state): State<AppState>,
    Query(query): Query<HashMap<String, String>>,
) -> Result<Html<String>, WebError> {
    let unit = state.store.portal_unit().await?;
    let today = Utc::now()
        .with_timezone(&domain::time::vietnam())
        .date_naive();
    // A unit that no longer exists is shown as it was on its last day.
    let default_day: NaiveDate = unit.valid_to.map_or(today, |end| end.min(today));
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
    let bodies = state
        .store
        .bodies_with_holders(unit.id, day)
        .await?
        .into_iter()
        .map(|b| BodyView {
            name: b.body.name,
            kind: b.body.kind.label(),
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
        chrome: chrome(&state, Section::Bodies).await?,
        unit_name: unit.full_name(),
        day: domain::time::short_date(day),
        day_iso: day.format("%Y-%m-%d").to_string(),
        bodies,
    })
}
