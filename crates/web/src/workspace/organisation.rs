//! Bodies, people, posts and who holds them, in the workspace: add a body, a person or a post,
//! appoint someone to a post, and end an appointment. Administrators only.

use app::{AppError, OrganisationChange, Viewer};
use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use domain::access::Action;
use domain::body::BodyKind;
use domain::ValidationError;

use super::{see_other, ws_chrome, WsChrome};
use crate::auth::{CheckedForm, FormData, SignedIn};
use crate::extract::Staff;
use crate::render::render_page;
use crate::{AppState, WebError};

/// A body with its holders: (membership, post, name).
type BodyRow = (i64, String, Vec<(i64, String, String)>);

#[derive(Template)]
#[template(path = "ws/organisation.html")]
struct Page {
    ws: WsChrome,
    bodies: Vec<BodyRow>,
    kinds: Vec<(&'static str, &'static str)>,
    people: Vec<(i64, String)>,
    posts: Vec<(i64, String)>,
    errors: ValidationError,
    can_edit: bool,
}

impl Page {
    fn error(&self, field: &str) -> &str {
        self.errors.for_field(field).unwrap_or("")
    }
}

async fn page(
    state: &AppState,
    user: &SignedIn,
    v: &Viewer,
    errors: ValidationError,
) -> Result<Response, WebError> {
    let ws = ws_chrome(state, user, v).await?;
    let bodies = state.app.bodies_with_holders(v, v.today()).await?;
    let (people, posts) = state.app.people_and_posts(v).await?;
    let names: std::collections::HashMap<i64, String> = bodies
        .iter()
        .map(|b| (b.body.id, b.body.short_name.clone()))
        .collect();
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let page = Page {
        ws,
        can_edit: v.may(&Action::EditOrganisation {
            unit_id: v.unit_id(),
        }),
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
        people: people.into_iter().map(|p| (p.id, p.full_name)).collect(),
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
    Ok((status, render_page(&page)?).into_response())
}

pub async fn show(
    State(state): State<AppState>,
    Staff { user, v }: Staff,
) -> Result<Response, WebError> {
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

/// One form posts here with `action` naming what to do; each action checks its own fields.
pub async fn change(
    State(state): State<AppState>,
    CheckedForm { user, v, form }: CheckedForm,
) -> Result<Response, WebError> {
    v.require(&Action::EditOrganisation {
        unit_id: v.unit_id(),
    })?;
    let outcome = match parse_change(&form) {
        Ok(change) => state.app.change_organisation(&v, change).await,
        Err(errors) => Err(AppError::Invalid(errors)),
    };
    match outcome {
        Ok(()) => Ok(see_other("/quan-ly/co-quan")),
        Err(AppError::Invalid(errors)) => page(&state, &user, &v, errors).await,
        Err(e) => Err(e.into()),
    }
}
