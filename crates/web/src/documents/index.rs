//! `/van-ban`: every document and export of the portal on one page, by year, with the minutes of
//! each meeting.

use askama::Template;

use crate::extract::Public;
use crate::portal::{chrome, Chrome, Section};
use crate::render::{render_page, Badge};
use crate::HtmlResult;

struct MeetingLink {
    id: i64,
    title: String,
    when: String,
}

struct YearDocs {
    year: i32,
    title: String,
    status: Badge,
    has_targets: bool,
    /// Whether the year had oversight, and so a follow-up report.
    has_oversight: bool,
    meetings: Vec<MeetingLink>,
}

#[derive(Template)]
#[template(path = "documents/index.html")]
struct IndexPage {
    chrome: Chrome,
    years: Vec<YearDocs>,
    other_meetings: Vec<MeetingLink>,
}

pub async fn show(Public { state, v }: Public) -> HtmlResult {
    let app = &state.app;
    let chrome = chrome(&state, &v, Section::Documents).await?;
    let meetings = app.meetings(&v).await?;
    let oversight_years: Vec<i32> = app
        .oversights(&v)
        .await?
        .iter()
        .map(|o| chrono::Datelike::year(&o.starts_on))
        .collect();
    let link = |m: &domain::meeting::Meeting| MeetingLink {
        id: m.id,
        title: m.title.clone(),
        when: domain::time::short_date(domain::time::day_in_vietnam(m.starts_at)),
    };
    let mut years = Vec::new();
    for p in app.programmes(&v).await? {
        let has_targets = !app.programme_overview(&v, p.year).await?.targets.is_empty();
        years.push(YearDocs {
            year: p.year.get(),
            title: p.title.clone(),
            status: Badge::of(p.status, chrome.tr),
            has_targets,
            has_oversight: oversight_years.contains(&p.year.get()),
            meetings: meetings
                .iter()
                .filter(|m| m.programme_id == Some(p.id))
                .map(link)
                .collect(),
        });
    }
    let other_meetings = meetings
        .iter()
        .filter(|m| m.programme_id.is_none())
        .map(link)
        .collect();
    render_page(&IndexPage {
        chrome,
        years,
        other_meetings,
    })
}
