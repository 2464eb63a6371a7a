//! Bodies, people, posts and who holds them, in the workspace: add a body, a person or a post,
//! appoint someone to a post, and end an appointment. Administrators only.

use app::{OrganisationChange, Viewer};
use askama::Template;
use domain::access::Action;
use domain::body::{BodyKind, BodyTemplate};
use domain::ValidationError;

use super::withdrawals::withdraw_href;
use super::{see_other, ws_chrome, WsChrome};
use crate::auth::{CheckedForm, FormData, SignedIn};
use crate::extract::Staff;
use crate::forms;
use crate::{AppState, WebResult};
use domain::withdrawal::Withdrawable;

/// A body with its holders: (membership, post, name).
type BodyRow = (i64, String, Vec<(i64, String, String)>);

#[derive(Template)]
#[template(path = "ws/organisation.html")]
struct Page {
    ws: WsChrome,
    bodies: Vec<BodyRow>,
    kinds: Vec<(&'static str, &'static str)>,
    people: Vec<(i64, String)>,
    /// The unit's own people, with where each is withdrawn.
    own_people: Vec<(String, String)>,
    posts: Vec<(i64, String)>,
    /// The bodies proposed for the unit's level: (index, template, whether the unit has it).
    template: Vec<(usize, BodyTemplate, bool)>,
    /// Whether some body of the template is still missing.
    template_open: bool,
    /// Terms of office: (body, name, from, to).
    terms: Vec<(String, String, String, String)>,
    errors: ValidationError,
    can_edit: bool,
}

async fn page(state: &AppState, user: &SignedIn, v: &Viewer, errors: ValidationError) -> WebResult {
    let ws = ws_chrome(state, user, v).await?;
    let bodies = state.app.bodies_with_holders(v, v.today()).await?;
    let (people, posts) = state.app.people_and_posts(v).await?;
    let template: Vec<(usize, BodyTemplate, bool)> = state
        .app
        .body_template(v)
        .await?
        .into_iter()
        .enumerate()
        .map(|(i, (t, exists))| (i, t, exists))
        .collect();
    let terms = state.app.terms(v).await?;
    let names: std::collections::HashMap<i64, String> = bodies
        .iter()
        .map(|b| (b.body.id, b.body.short_name.clone()))
        .collect();
    let page = Page {
        ws,
        can_edit: v.may_here(|unit_id| Action::EditOrganisation { unit_id }),
        bodies: bodies
            .iter()
            .map(|b| {
                (
                    b.body.id,
                    b.body.name.clone(),
                    b.holders
                        .iter()
                        .map(|h| (h.membership_id, h.post.clone(), h.full_name.clone()))
                        .collect(),
                )
            })
            .collect(),
        kinds: BodyKind::ALL
            .iter()
            .map(|k| (k.as_str(), k.label()))
            .collect(),
        own_people: people
            .iter()
            .filter(|p| p.unit_id == Some(v.unit_id()))
            .map(|p| {
                (
                    p.full_name.clone(),
                    withdraw_href(Withdrawable::Person, p.id),
                )
            })
            .collect(),
        people: people.into_iter().map(|p| (p.id, p.full_name)).collect(),
        template_open: template.iter().any(|t| !t.2),
        template,
        terms: terms
            .into_iter()
            .map(|t| {
                (
                    names.get(&t.body_id).cloned().unwrap_or_default(),
                    t.name,
                    domain::time::short_date(t.starts_on),
                    t.ends_on.map(domain::time::short_date).unwrap_or_default(),
                )
            })
            .collect(),
        posts: posts
            .into_iter()
            .map(|p| {
                (
                    p.id,
                    format!(
                        "{} – {}",
                        p.title,
                        names.get(&p.body_id).cloned().unwrap_or_default()
                    ),
                )
            })
            .collect(),
        errors,
    };
    crate::render::render_form(&page, &page.errors)
}

pub async fn show(Staff { state, user, v }: Staff) -> WebResult {
    page(&state, &user, &v, ValidationError::default()).await
}

/// What the one form asks, by its `action` field; each action has its own fields.
fn parse_change(form: &FormData) -> Result<OrganisationChange, ValidationError> {
    let date = |field: &'static str, message: &str| {
        domain::time::parse_date(form.get(field))
            .ok_or_else(|| ValidationError::single(field, message))
    };
    Ok(match form.get("action") {
        "body" => OrganisationChange::Body {
            kind: BodyKind::parse(form.get("kind"))
                .ok_or_else(|| ValidationError::single("kind", "Hãy chọn loại cơ quan"))?,
            name: form.get("name").to_string(),
            short_name: form.get("short_name").to_string(),
            parent_body_id: form.get("parent_body_id").parse().ok(),
        },
        "template" => OrganisationChange::Bodies(chosen_template(form)?),
        "term" => OrganisationChange::Term {
            body_id: form.id("body_id", "Hãy chọn cơ quan")?,
            name: form.get("term_name").to_string(),
            starts_on: date(
                "term_starts_on",
                "Ngày bắt đầu nhiệm kỳ không hợp lệ (ngày/tháng/năm)",
            )?,
            ends_on: match form.get("term_ends_on") {
                "" => None,
                _ => Some(date(
                    "term_ends_on",
                    "Ngày kết thúc nhiệm kỳ không hợp lệ (ngày/tháng/năm)",
                )?),
            },
        },
        "person" => OrganisationChange::Person {
            full_name: form.get("full_name").to_string(),
        },
        "post" => OrganisationChange::Post {
            body_id: form.id("body_id", "Hãy chọn cơ quan")?,
            title: form.get("title").to_string(),
        },
        "appoint" => OrganisationChange::Appoint {
            person_id: form.id("person_id", "Hãy chọn người")?,
            post_id: form.id("post_id", "Hãy chọn chức vụ")?,
            starts_on: date("starts_on", "Ngày bắt đầu không hợp lệ (ngày/tháng/năm)")?,
        },
        "end" => OrganisationChange::End {
            membership_id: form.id("membership_id", "Thiếu nhiệm vụ cần kết thúc")?,
            ends_on: date("ends_on", "Ngày kết thúc không hợp lệ (ngày/tháng/năm)")?,
        },
        _ => return Err(ValidationError::single("action", "Thao tác không hợp lệ")),
    })
}

/// The rows of the template the administrator kept, as they edited them. Each row carries its
/// index in the template; a committee's council is named by that index and found again among the
/// rows kept.
fn chosen_template(form: &FormData) -> Result<Vec<BodyTemplate>, ValidationError> {
    let mut kept: Vec<(usize, BodyTemplate)> = Vec::new();
    for i in 0..32 {
        let field = |name: &str| form.get(&format!("{name}_{i}")).to_string();
        if field("kind").is_empty() {
            break;
        }
        if field("use") != "1" {
            continue;
        }
        let kind = BodyKind::parse(&field("kind"))
            .ok_or_else(|| ValidationError::single("template", "Loại cơ quan không hợp lệ"))?;
        let parent = field("parent").parse::<usize>().ok();
        kept.push((
            i,
            BodyTemplate {
                kind,
                name: field("name"),
                short_name: field("short"),
                parent,
            },
        ));
    }
    let indices: Vec<usize> = kept.iter().map(|(i, _)| *i).collect();
    Ok(kept
        .into_iter()
        .map(|(_, mut t)| {
            t.parent = t.parent.and_then(|p| indices.iter().position(|i| *i == p));
            t
        })
        .collect())
}

/// One form posts here with `action` naming what to do; each action checks its own fields.
pub async fn change(CheckedForm(Staff { state, user, v }, form): CheckedForm) -> WebResult {
    v.require_here(|unit_id| Action::EditOrganisation { unit_id })?;
    forms::submit(
        parse_change(&form),
        async |change| state.app.change_organisation(&v, change).await,
        |_| see_other(&v, "/quan-ly/co-quan"),
        async |errors| page(&state, &user, &v, errors).await,
    )
    .await
}
