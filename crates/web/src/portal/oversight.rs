//! Oversight on the portal: the activities, each with its recommendations and their follow-up, the
//! list of every public recommendation, and a body's page with what it still has to do.

use std::collections::HashMap;

use askama::Template;
use axum::extract::Query;
use chrono::NaiveDate;
use domain::oversight::{FollowUp, FollowUpCount, Oversight, Recommendation};

use super::{chrome, Chrome, Section};
use crate::extract::{IdParam, Public, QueryMap};
use crate::i18n::Tr;
use crate::render::render_page;
use crate::{HtmlResult, WebError};

pub struct RecView {
    pub id: i64,
    pub content: String,
    pub body: String,
    pub deadline: String,
    pub state: String,
    pub state_code: &'static str,
    pub responses: Vec<(String, String, bool)>,
    pub oversight: String,
    /// The activity's page; `None` when the activity is kept from the portal, which then does
    /// not name it either.
    pub oversight_href: Option<String>,
}

/// A recommendation as lists show it; `shown` are the activities the portal shows, the only ones
/// it names and links to.
pub fn rec_view(
    r: &Recommendation,
    names: &HashMap<i64, String>,
    shown: &[Oversight],
    today: NaiveDate,
    tr: Tr,
) -> RecView {
    let f = r.follow_up(today);
    let o = shown.iter().find(|o| o.id == r.oversight_id);
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
        state: tr.name(f),
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
    kind: String,
    title: String,
    by: String,
    when: String,
    count: FollowUpCount,
}

#[derive(Template)]
#[template(path = "oversight_list.html")]
struct ListPage {
    chrome: Chrome,
    rows: Vec<ActivityRow>,
}

pub async fn list(Public { state, v }: Public) -> HtmlResult {
    let names = state.app.body_names(&v).await?;
    let recs = state.app.recommendations(&v).await?;
    let today = v.today();
    let oversights = state.app.oversights(&v).await?;
    let chrome = chrome(&state, &v, Section::Oversight).await?;
    let rows = oversights
        .into_iter()
        .map(|o| {
            let count = FollowUpCount::of(&recs, o.id, today);
            ActivityRow {
                id: o.id,
                kind: chrome.name(o.kind),
                by: names.get(&o.conducted_by).cloned().unwrap_or_default(),
                when: domain::time::short_date(o.starts_on),
                count,
                title: o.title,
            }
        })
        .collect();
    render_page(&ListPage { chrome, rows })
}

#[derive(Template)]
#[template(path = "oversight.html")]
struct DetailPage {
    chrome: Chrome,
    title: String,
    kind: String,
    by: String,
    subjects: String,
    when: String,
    team: Vec<(String, String)>,
    documents: Vec<(String, Option<String>)>,
    items: Vec<(String, String)>,
    findings: Option<String>,
    recs: Vec<RecView>,
}

pub async fn show(Public { state, v }: Public, IdParam(id): IdParam) -> HtmlResult {
    let o = &state.app.oversight(&v, id).await?;
    let names = state.app.body_names(&v).await?;
    let mut subjects: Vec<String> = o
        .subject_body_ids
        .iter()
        .filter_map(|b| names.get(b).cloned())
        .collect();
    subjects.extend(o.other_subjects.clone());
    // Only the items of programmes this person may read are named.
    let mut items = Vec::new();
    for item_id in &o.item_ids {
        match state.app.item(&v, *item_id).await {
            Ok((item, p)) => items.push((item.content, format!("/chuong-trinh/{}", p.year))),
            Err(app::AppError::NotFound) => {}
            Err(e) => return Err(e.into()),
        }
    }
    let today = v.today();
    let chrome = chrome(&state, &v, Section::Oversight).await?;
    let recs = state.app.recommendations(&v).await?;
    let recs = recs
        .iter()
        .filter(|r| r.oversight_id == o.id)
        .map(|r| rec_view(r, &names, std::slice::from_ref(o), today, chrome.tr))
        .collect();
    render_page(&DetailPage {
        title: o.title.clone(),
        kind: chrome.name(o.kind),
        chrome,
        by: names.get(&o.conducted_by).cloned().unwrap_or_default(),
        subjects: subjects.join("; "),
        when: domain::time::date_range(o.starts_on, o.ends_on),
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
pub async fn recommendations(Public { state, v }: Public, Query(q): QueryMap) -> HtmlResult {
    let names = state.app.body_names(&v).await?;
    let oversights = state.app.oversights(&v).await?;
    let today = v.today();
    let all: Vec<Recommendation> = state.app.recommendations(&v).await?;
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
    let chrome = chrome(&state, &v, Section::Oversight).await?;
    render_page(&RecommendationsPage {
        heading: chrome.t(match filter {
            "con-mo" => "recommendations-open",
            "qua-han" => "recommendations-overdue",
            "hoan-thanh" => "recommendations-done",
            _ => "recommendations-follow-up",
        }),
        filter: filter.to_string(),
        recs: all
            .iter()
            .filter(|r| keep(r.follow_up(today)))
            .map(|r| rec_view(r, &names, &oversights, today, chrome.tr))
            .collect(),
        counts,
        chrome,
    })
}

#[derive(Template)]
#[template(path = "body.html")]
struct BodyPage {
    chrome: Chrome,
    name: String,
    kind: String,
    holders: Vec<(String, String, Option<String>)>,
    open: Vec<RecView>,
    /// What a share and a search engine say of it.
    description: String,
    /// The body as schema.org's `GovernmentOrganization`.
    linked_data: String,
}

/// A body's page: who holds its posts, and the public recommendations it still has to carry out.
pub async fn body(Public { state, v }: Public, IdParam(id): IdParam) -> HtmlResult {
    let day = state.app.organisation_day(&v);
    let body = state
        .app
        .bodies_with_holders(&v, day)
        .await?
        .into_iter()
        .find(|b| b.body.id == id)
        .ok_or(WebError::NotFound)?;
    let names = state.app.body_names(&v).await?;
    let oversights = state.app.oversights(&v).await?;
    let today = v.today();
    let recs = state.app.recommendations(&v).await?;
    let open: Vec<&Recommendation> = recs
        .iter()
        .filter(|r| r.responsible_body_id == id && r.follow_up(today).is_open())
        .collect();
    let chrome = chrome(&state, &v, Section::Bodies).await?;
    let posts: Vec<(String, String)> = body
        .holders
        .iter()
        .map(|h| (h.post.clone(), h.full_name.clone()))
        .collect();
    let linked_data =
        super::linked_data::script(&super::linked_data::body(&chrome, &body.body.name, &posts));
    let tr = chrome.tr;
    render_page(&BodyPage {
        description: tr.t2(
            "body-description",
            "name",
            &body.body.name,
            "kind",
            tr.name(body.body.kind),
        ),
        kind: chrome.name(body.body.kind),
        chrome,
        linked_data,
        name: body.body.name.clone(),
        holders: body
            .holders
            .iter()
            .map(|h| (h.post.clone(), h.full_name.clone(), h.term.clone()))
            .collect(),
        open: open
            .into_iter()
            .map(|r| rec_view(r, &names, &oversights, today, tr))
            .collect(),
    })
}
