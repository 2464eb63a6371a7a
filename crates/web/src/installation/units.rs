//! `/don-vi`: every unit of the installation by province, found by a name typed with or without
//! diacritics; the units that ended are listed as archives with the day they ended.

use askama::Template;
use axum::extract::{Query, State};
use axum::response::IntoResponse;

use super::Top;
use crate::auth::SignedIn;
use crate::extract::QueryMap;
use crate::render::render_page;
use crate::{AppState, WebError, WebResult};

pub struct Row {
    pub name: String,
    pub href: String,
    pub code: String,
    /// "đến 30/06/2025" for an archive; empty for a unit in force.
    pub ended: String,
    pub indent: bool,
}

pub struct Group {
    pub province: String,
    pub rows: Vec<Row>,
}

#[derive(Template)]
#[template(path = "inst/units.html")]
struct Page {
    top: Top,
    q: String,
    groups: Vec<Group>,
    total: usize,
}

pub async fn list(
    State(state): State<AppState>,
    user: Option<SignedIn>,
    Query(query): QueryMap,
) -> WebResult {
    let q = query
        .get("q")
        .map(|s| s.trim().to_string())
        .unwrap_or_default();
    if q.chars().count() > 200 {
        return Err(WebError::BadRequest("Từ khóa dài quá 200 ký tự.".into()));
    }
    let directory = state.app.directory().await?;
    let found = directory.matching(&q);
    let mut groups: Vec<Group> = Vec::new();
    for u in &found {
        let province = directory
            .province_of(u.id)
            .map(|p| p.full_name())
            .unwrap_or_default();
        if groups.last().is_none_or(|g| g.province != province) {
            groups.push(Group {
                province: province.clone(),
                rows: Vec::new(),
            });
        }
        if let Some(g) = groups.last_mut() {
            g.rows.push(Row {
                name: u.full_name(),
                href: domain::address::base_of(&u.slug),
                code: u.code.clone(),
                ended: u
                    .valid_to
                    .map(|d| format!("đến {}", domain::time::short_date(d)))
                    .unwrap_or_default(),
                indent: u.parent_id.is_some(),
            });
        }
    }
    Ok(render_page(&Page {
        top: Top::of(user.as_ref()),
        q,
        total: found.len(),
        groups,
    })?
    .into_response())
}
