//! Oversight on the portal: the activities, each with its recommendations and their follow-up, the
//! list of every public recommendation, and a body's page with what it still has to do.

use std::collections::HashMap;

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::Html;
use chrono::{NaiveDate, Utc};
use domain::oversight::{FollowUp, Oversight, Recommendation};

use super::{chrome, Chrome, Section};
use crate::render::render_page;
use crate::{AppState, WebError};

pub fn today() -> NaiveDate {
    Utc::now()
        .with_timezone(&domain::time::vietnam())
        .date_naive()
}

pub struct RecView {
    pub id: i64,
    pub content: String,
    pub body: String,
    pub deadline: String,
    pub state: &'static str,
    pub state_code: &'static str,
    pub responses: Vec<(String, String, bool)>,
    pub oversight: String,
    /// The activity's page; `None` when the activity is kept from the portal, which then does
    /// not name it either.
    pub oversight_href: Option<String>,
}

pub fn rec_view(
    r: &Recommendation,
    names: &HashMap<i64, String>,
    oversights: &[Oversight],
    today: NaiveDate,
) -> RecView {
    let f = r.follow_up(today);
    let o = oversights
        .iter()
        .find(|o| o.id == r.oversight_id && o.public);
    RecView {
        id: r.id,
        content: r.content.clone(),
        body: names
            .get(&r.responsible_body_id)
            .cloned()
            .unwrap_or_default(),
        deadline: r
            .deadline
            .map(domain::time::short_date)
            .unwrap_or_else(|| "—".into()),
        state: f.label(),
        state_code: f.as_str(),
        responses: r
            .responses
            .iter()
            .map(|x| (domain::time::short_date(x.on), x.text.clone(), x.closes))
            .collect(),
        oversight: o.map(|o| o.title.clone()).unwrap_or_default(),
        oversight_href: o.map(|o| format!("/giam-sat/{}", o.id)),
    }
}

struct ActivityRow {
    id: i64,
    kind: &'static str,
    title: String,
    by: String,
    when: String,
    open: usize,
    overdue: usize,
    done: usize,
}

#[derive(Template)]
#[template(path = "oversight_list.html")]
struct ListPage {
    chrome: Chrome,
    rows: Vec<ActivityRow>,
}

async fn names(state: &AppState, unit_id: i64) -> Result<HashMap<i64, String>, WebError> {
    Ok(state
        .store
        .bodies(unit_id)
        .await?
        .into_iter()
        .map(|b| (b.id, b.short_name))
        .collect())
}

pub async fn list(State(state): State<AppState>) -> Result<Html<String>, WebError> {
    let unit = state.store.portal_unit().await?;
    let names = names(&state, unit.id).await?;
    let recs = state.store.recommendations(unit.id).await?;
    let today = today();
    let rows = state
        .store
        .oversights(unit.id)
        .await?
        .into_iter()
        .filter(|o| o.public)
        .map(|o| {
            let mine: Vec<FollowUp> = recs
                .iter()
                .filter(|r| r.oversight_id == o.id && r.public)
                .map(|r| r.follow_up(today))
                .collect();
            ActivityRow {
                id: o.id,
                kind: o.kind.label(),
                by: names.get(&o.conducted_by).cloned().unwrap_or_default(),
                when: domain::time::short_date(o.starts_on),
                open: mine
                    .iter()
                    .filter(|f| matches!(f, FollowUp::Open | FollowUp::InProgress))
                    .count(),
                overdue: mine.iter().filter(|f| **f == FollowUp::Overdue).count(),
                done: mine.iter().filter(|f| **f == FollowUp::Done).count(),
                title: o.title,
            }
        })
        .collect();
    render_page(&ListPage {
        chrome: chrome(&state, Section::Oversight).await?,
        rows,
    })
}

#[derive(Template)]
#[template(path = "oversight.html")]
struct DetailPage {
    chrome: Chrome,
    title: String,
    kind: &'static str,
    by: String,
    subjects: String,
    when: String,
    team: Vec<(String, String)>,
    documents: Vec<(String, Option<String>)>,
    items: Vec<(String, String)>,
    findings: Option<String>,
    recs: Vec<RecView>,
}

pub async fn show(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Html<String>, WebError> {
    let id: i64 = id.parse().map_err(|_| WebError::NotFound)?;
    let unit = state.store.portal_unit().await?;
    let oversights = state.store.oversights(unit.id).await?;
    let o = oversights
        .iter()
        .find(|o| o.id == id && o.public)
        .ok_or(WebError::NotFound)?;
    let names = names(&state, unit.id).await?;
    let mut subjects: Vec<String> = o
        .subject_body_ids
        .iter()
        .filter_map(|b| names.get(b).cloned())
        .collect();
    subjects.extend(o.other_subjects.clone());
    let mut items = Vec::new();
    for item_id in &o.item_ids {
        if let Some(item) = state.store.item(*item_id).await? {
            if let Some(p) = state.store.programme_by_id(item.programme_id).await? {
                items.push((item.content, format!("/chuong-trinh/{}", p.year)));
            }
        }
    }
    let today = today();
    let recs = state
        .store
        .recommendations(unit.id)
        .await?
        .iter()
        .filter(|r| r.oversight_id == o.id && r.public)
        .map(|r| rec_view(r, &names, &oversights, today))
        .collect();
    render_page(&DetailPage {
        chrome: chrome(&state, Section::Oversight).await?,
        title: o.title.clone(),
        kind: o.kind.label(),
        by: names.get(&o.conducted_by).cloned().unwrap_or_default(),
        subjects: subjects.join("; "),
        when: match o.ends_on {
            Some(end) => format!(
                "{} – {}",
                domain::time::short_date(o.starts_on),
                domain::time::short_date(end)
            ),
            None => domain::time::short_date(o.starts_on),
        },
        team: o
            .team
            .iter()
            .map(|m| (m.name.clone(), m.role.clone()))
            .collect(),
        documents: o
            .documents
            .iter()
            .map(|d| (d.title.clone(), d.url.clone()))
            .collect(),
        items,
        findings: o.findings.clone(),
        recs,
    })
}

#[derive(Template)]
#[template(path = "recommendations.html")]
struct RecommendationsPage {
    chrome: Chrome,
    heading: String,
    filter: String,
    recs: Vec<RecView>,
    counts: (usize, usize, usize, usize),
}

/// Every public recommendation, optionally only those still open or only those overdue.
pub async fn recommendations(
    State(state): State<AppState>,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Html<String>, WebError> {
    let unit = state.store.portal_unit().await?;
    let names = names(&state, unit.id).await?;
    let oversights = state.store.oversights(unit.id).await?;
    let today = today();
    let all: Vec<Recommendation> = state
        .store
        .recommendations(unit.id)
        .await?
        .into_iter()
        .filter(|r| r.public)
        .collect();
    let filter = q.get("trang-thai").map(String::as_str).unwrap_or("");
    let keep = |f: FollowUp| match filter {
        "con-mo" => f.is_open(),
        "qua-han" => f == FollowUp::Overdue,
        "hoan-thanh" => f == FollowUp::Done,
        "" => true,
        _ => true,
    };
    let count = |want: FollowUp| all.iter().filter(|r| r.follow_up(today) == want).count();
    let counts = (
        count(FollowUp::Open),
        count(FollowUp::InProgress),
        count(FollowUp::Overdue),
        count(FollowUp::Done),
    );
    render_page(&RecommendationsPage {
        chrome: chrome(&state, Section::Oversight).await?,
        heading: match filter {
            "con-mo" => "Kiến nghị chưa hoàn thành",
            "qua-han" => "Kiến nghị quá hạn",
            "hoan-thanh" => "Kiến nghị đã hoàn thành",
            _ => "Theo dõi kiến nghị",
        }
        .into(),
        filter: filter.to_string(),
        recs: all
            .iter()
            .filter(|r| keep(r.follow_up(today)))
            .map(|r| rec_view(r, &names, &oversights, today))
            .collect(),
        counts,
    })
}

#[derive(Template)]
#[template(path = "body.html")]
struct BodyPage {
    chrome: Chrome,
    name: String,
    kind: &'static str,
    holders: Vec<(String, String, Option<String>)>,
    open: Vec<RecView>,
}

/// A body's page: who holds its posts, and the public recommendations it still has to carry out.
pub async fn body(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Html<String>, WebError> {
    let id: i64 = id.parse().map_err(|_| WebError::NotFound)?;
    let unit = state.store.portal_unit().await?;
    let day = unit.valid_to.map_or(today(), |end| end.min(today()));
    let body = state
        .store
        .bodies_with_holders(unit.id, day)
        .await?
        .into_iter()
        .find(|b| b.body.id == id)
        .ok_or(WebError::NotFound)?;
    let names = names(&state, unit.id).await?;
    let oversights = state.store.oversights(unit.id).await?;
    let today = today();
    let mut open: Vec<&Recommendation> = Vec::new();
    let recs = state.store.recommendations(unit.id).await?;
    open.extend(
        recs.iter()
            .filter(|r| r.public && r.responsible_body_id == id && r.follow_up(today).is_open()),
    );
    render_page(&BodyPage {
        chrome: chrome(&state, Section::Bodies).await?,
        name: body.body.name.clone(),
        kind: body.body.kind.label(),
        holders: body
            .holders
            .iter()
            .map(|h| (h.post.clone(), h.full_name.clone(), h.term.clone()))
            .collect(),
        open: open
            .into_iter()
            .map(|r| rec_view(r, &names, &oversights, today))
            .collect(),
    })
}
