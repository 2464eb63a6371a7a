//! The history of one record, read from the change log: who changed which field from what to what,
//! and when. Signed-in staff see every record's history; the public sees the history of what is
//! public, without the names of the accounts.

use askama::Template;

use super::history_view;
use super::programme::{change_label, entity_label};
use crate::extract::{EntityParam, IdParam, Visitor};
use crate::portal::Section;
use crate::render::render_page;
use crate::HtmlResult;

struct Change {
    when: String,
    who: String,
    action: String,
    fields: Vec<(String, String, String)>,
}

#[derive(Template)]
#[template(path = "history.html")]
struct HistoryPage {
    chrome: crate::portal::Chrome,
    what: String,
    changes: Vec<Change>,
}

pub async fn show(
    Visitor { state, v }: Visitor,
    EntityParam(entity): EntityParam,
    IdParam(id): IdParam,
) -> HtmlResult {
    let history = state.app.history(&v, entity, id).await?;
    let changes = history
        .entries
        .iter()
        .map(|e| {
            let (before, after) = (e.before_json.as_deref(), e.after_json.as_deref());
            let withdrawal = history_view::withdrawal_line(e.change_kind(), before, after);
            Change {
                when: domain::time::short_datetime(domain::time::from_unix(e.at)),
                who: if history.shows_authors {
                    e.actor.clone()
                } else {
                    "Cán bộ đơn vị".into()
                },
                fields: if withdrawal.is_some() {
                    Vec::new()
                } else {
                    history_view::changes(entity, before, after, &history.names)
                },
                action: withdrawal.unwrap_or_else(|| change_label(e.change_kind()).to_string()),
            }
        })
        .collect();
    render_page(&HistoryPage {
        chrome: crate::portal::chrome(&state, &v.anonymous(), Section::Home).await?,
        what: match history
            .entries
            .iter()
            .find_map(|e| history_view::title(e.before_json.as_deref(), e.after_json.as_deref()))
        {
            Some(title) => format!("{} “{title}”", entity_label(Some(entity))),
            None => format!("{} số {id}", entity_label(Some(entity))),
        },
        changes,
    })
}
