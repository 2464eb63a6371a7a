//! The history of one record, read from the change log: who changed which field from what to what,
//! and when. Signed-in staff see every record's history; the public sees the history of what is
//! public, without the names of the accounts.

use askama::Template;
use axum::extract::{Path, State};
use axum::response::Html;
use chrono::Utc;
use domain::access::Action;
use domain::programme::ProgrammeStatus;

use super::programme::{action_label, entity_label};
use crate::auth::SignedIn;
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

/// Records whose history may be public, provided the record itself is.
const PUBLIC_KINDS: &[&str] = &[
    "article",
    "programme",
    "programme_item",
    "target",
    "budget_line",
    "meeting",
    "body",
    "category",
    "unit",
    "term",
    "post",
    "person",
    "membership",
    "programme_signature",
    "signing_key",
];

async fn is_public(state: &AppState, entity: &str, id: i64) -> Result<bool, WebError> {
    if !PUBLIC_KINDS.contains(&entity) {
        return Ok(false);
    }
    let store = &state.store;
    Ok(match entity {
        "article" => store
            .article_by_id(id)
            .await?
            .is_some_and(|a| a.is_public_at(Utc::now())),
        "programme" => store
            .programme_by_id(id)
            .await?
            .is_some_and(|p| p.status != ProgrammeStatus::Draft),
        "programme_item" => match store.item(id).await? {
            Some(item) => store
                .programme_by_id(item.programme_id)
                .await?
                .is_some_and(|p| p.status != ProgrammeStatus::Draft),
            None => false,
        },
        _ => true,
    })
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
    user: Option<SignedIn>,
    Path((entity, id)): Path<(String, String)>,
) -> Result<Html<String>, WebError> {
    let id: i64 = id.parse().map_err(|_| WebError::NotFound)?;
    let unit = state.store.portal_unit().await?;
    let staff = user
        .as_ref()
        .is_some_and(|u| u.actor.can(&Action::ReadWorkspace { unit_id: unit.id }));
    if !staff && !is_public(&state, &entity, id).await? {
        return Err(WebError::NotFound);
    }
    let entries = state.store.history(&entity, id).await?;
    if entries.is_empty() {
        return Err(WebError::NotFound);
    }
    let changes = entries
        .iter()
        .rev()
        .map(|e| Change {
            when: domain::time::short_datetime(domain::time::from_unix(e.at)),
            who: if staff {
                e.actor.clone()
            } else {
                "Cán bộ đơn vị".into()
            },
            action: action_label(&e.action),
            fields: diff(e.before_json.as_deref(), e.after_json.as_deref()),
        })
        .collect();
    render_page(&HistoryPage {
        chrome: crate::portal::chrome(&state, Section::Home).await?,
        what: format!("{} #{id}", entity_label(&entity)),
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
