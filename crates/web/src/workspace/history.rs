//! The history of one record, read from the change log: who changed which field from what to what,
//! and when. Signed-in staff see every record's history; the public sees the history of what is
//! public, without the names of the accounts.

use askama::Template;
use axum::extract::State;
use axum::response::Html;

use super::programme::{change_label, entity_label};
use crate::extract::{EntityParam, IdParam, Visitor};
use crate::portal::Section;
use crate::render::render_page;
use crate::{AppState, WebError};

struct Change {
    when: String,
    who: String,
    action: &'static str,
    fields: Vec<(String, String, String)>,
}

#[derive(Template)]
#[template(path = "history.html")]
struct HistoryPage {
    chrome: crate::portal::Chrome,
    what: String,
    changes: Vec<Change>,
}

fn show_value(v: Option<&serde_json::Value>) -> String {
    let s = match v {
        None | Some(serde_json::Value::Null) => "—".to_string(),
        Some(serde_json::Value::String(s)) => s.clone(),
        Some(other) => other.to_string(),
    };
    domain::article::first_words(&s, 60)
}

/// The fields that differ between two versions of a record, in key order.
fn diff(before: Option<&str>, after: Option<&str>) -> Vec<(String, String, String)> {
    let parse = |s: Option<&str>| -> serde_json::Map<String, serde_json::Value> {
        s.and_then(|s| serde_json::from_str::<serde_json::Value>(s).ok())
            .and_then(|v| v.as_object().cloned())
            .unwrap_or_default()
    };
    let (b, a) = (parse(before), parse(after));
    let mut keys: Vec<&String> = b.keys().chain(a.keys()).collect();
    keys.sort();
    keys.dedup();
    keys.into_iter()
        .filter(|k| k.as_str() != "id" && b.get(*k) != a.get(*k))
        .map(|k| (k.clone(), show_value(b.get(k)), show_value(a.get(k))))
        .collect()
}

pub async fn show(
    State(state): State<AppState>,
    Visitor(v): Visitor,
    EntityParam(entity): EntityParam,
    IdParam(id): IdParam,
) -> Result<Html<String>, WebError> {
    let history = state.app.history(&v, entity, id).await?;
    let changes = history
        .entries
        .iter()
        .map(|e| Change {
            when: domain::time::short_datetime(domain::time::from_unix(e.at)),
            who: if history.shows_authors {
                e.actor.clone()
            } else {
                "Cán bộ đơn vị".into()
            },
            action: change_label(e.change_kind()),
            fields: diff(e.before_json.as_deref(), e.after_json.as_deref()),
        })
        .collect();
    render_page(&HistoryPage {
        chrome: crate::portal::chrome(&state, &v.anonymous(), Section::Home).await?,
        what: format!("{} #{id}", entity_label(Some(entity))),
        changes,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_diff_lists_only_the_fields_that_changed() {
        let d = diff(
            Some(r#"{"id":1,"actual":"5.2","name":"Tăng trưởng"}"#),
            Some(r#"{"id":1,"actual":"9.5","name":"Tăng trưởng"}"#),
        );
        assert_eq!(d, vec![("actual".into(), "5.2".into(), "9.5".into())]);
    }

    #[test]
    fn a_creation_lists_every_field_from_nothing() {
        let d = diff(None, Some(r#"{"name":"Thu ngân sách","plan":"100"}"#));
        assert_eq!(d.len(), 2);
        assert_eq!(d[0].1, "—");
    }
}
