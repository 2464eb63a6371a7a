//! The home page: the latest news, the current programme at a glance, the newest review's summary.

use askama::Template;
use domain::programme::ItemStatus;
use domain::target::TargetSummary;

use super::{chrome, linked_data, CardView, Chrome, Section};
use crate::extract::Public;
use crate::render::{render_page, Badge};
use crate::{HtmlResult, WebError};

struct ProgrammeGlance {
    year: i32,
    title: String,
    status: Badge,
    parties: String,
    items: usize,
    done: usize,
    in_progress: usize,
    signed_on: Option<String>,
}

struct TargetsGlance {
    year: i32,
    sentence: String,
}

struct MeetingGlance {
    title: String,
    when: String,
    venue: String,
}

#[derive(Template)]
#[template(path = "home.html")]
struct HomePage {
    chrome: Chrome,
    latest: Vec<CardView>,
    programme: Option<ProgrammeGlance>,
    targets: Option<TargetsGlance>,
    meeting: Option<MeetingGlance>,
    /// The unit as schema.org's `GovernmentOrganization`.
    linked_data: String,
}

pub async fn show(Public { state, v }: Public) -> HtmlResult {
    let app = &state.app;
    let chrome = chrome(&state, &v, Section::Home).await?;
    let latest = app
        .articles_page(&v, None, 0, 6)
        .await?
        .items
        .iter()
        .map(CardView::from)
        .collect();
    let names = app.body_names(&v).await?;
    let programme = match app.current_programme(&v).await? {
        Some(p) => {
            let items = app.programme_overview(&v, p.year).await?.items;
            Some(ProgrammeGlance {
                year: p.year.get(),
                title: p.title.clone(),
                status: Badge::of(p.status, chrome.tr),
                parties: super::names_of(&p.party_ids, &names, " – "),
                items: items.len(),
                done: items
                    .iter()
                    .filter(|i| i.status == ItemStatus::Done)
                    .count(),
                in_progress: items
                    .iter()
                    .filter(|i| i.status == ItemStatus::InProgress)
                    .count(),
                signed_on: p.signed_on.map(domain::time::short_date),
            })
        }
        None => None,
    };
    let targets = match chrome.targets_year {
        Some(year) => {
            let year = domain::programme::Year::new(year).map_err(|_| WebError::NotFound)?;
            let targets = app.programme_overview(&v, year).await?.targets;
            (!targets.is_empty()).then(|| TargetsGlance {
                year: year.get(),
                sentence: chrome.tr.targets_sentence(&TargetSummary::of(&targets)),
            })
        }
        None => None,
    };
    let meeting = app
        .meetings(&v)
        .await?
        .into_iter()
        .next()
        .map(|m| MeetingGlance {
            title: m.title,
            when: domain::time::short_datetime(m.starts_at),
            venue: m.venue,
        });
    let directory = app.directory().await?;
    let above = match directory.ancestors(v.unit_id()).first() {
        Some(u) => Some((vi::capitalize(&u.full_name()), app.unit_origin(u).await?)),
        None => None,
    };
    let linked_data = linked_data::script(&linked_data::unit(
        &chrome,
        above
            .as_ref()
            .map(|(name, url)| (name.as_str(), url.as_str())),
    ));
    render_page(&HomePage {
        chrome,
        linked_data,
        latest,
        programme,
        targets,
        meeting,
    })
}
