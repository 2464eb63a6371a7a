//! Bodies, people, posts and who holds them, in the workspace: add a body, a person or a post,
//! appoint someone to a post, and end an appointment. Administrators only.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use domain::access::Action;
use domain::body::BodyKind;
use domain::ValidationError;

use super::{after_write, see_other, ws_chrome, WsChrome};
use crate::auth::{CheckedForm, SignedIn};
use crate::portal::oversight::today;
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
    errors: ValidationError,
) -> Result<Response, WebError> {
    let (ws, unit) = ws_chrome(state, user).await?;
    let store = &state.store;
    let bodies = store.bodies_with_holders(unit.id, today()).await?;
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
        can_edit: user
            .actor
            .can(&Action::EditOrganisation { unit_id: unit.id }),
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
        people: store
            .people()
            .await?
            .into_iter()
            .map(|p| (p.id, p.full_name))
            .collect(),
        posts: store
            .posts(unit.id)
            .await?
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

pub async fn show(State(state): State<AppState>, user: SignedIn) -> Result<Response, WebError> {
    page(&state, &user, ValidationError::default()).await
}

/// One form posts here with `action` naming what to do; each action checks its own fields.
pub async fn change(
    State(state): State<AppState>,
    CheckedForm { user, form }: CheckedForm,
) -> Result<Response, WebError> {
    let unit = state.store.portal_unit().await?;
    user.require(&Action::EditOrganisation { unit_id: unit.id })?;
    let bodies = state.store.bodies(unit.id).await?;
    let own_body = |id: i64| bodies.iter().any(|b| b.id == id);
    let text = |name: &'static str, message: &str| {
        let v = vi::normalize(form.get(name));
        if v.is_empty() {
            Err(ValidationError::single(name, message))
        } else {
            Ok(v)
        }
    };
    let mut tx = state.store.begin(&user.actor.username).await?;
    let result: Result<(), ValidationError> = async {
        match form.get("action") {
            "body" => {
                let name = text("name", "Tên cơ quan không được để trống")?;
                let short = text("short_name", "Tên viết tắt không được để trống")?;
                let kind = BodyKind::parse(form.get("kind"))
                    .ok_or_else(|| ValidationError::single("kind", "Hãy chọn loại cơ quan"))?;
                let parent = form
                    .get("parent_body_id")
                    .parse()
                    .ok()
                    .filter(|id| own_body(*id));
                let position = bodies.iter().map(|b| b.position).max().unwrap_or(0) + 1;
                tx.insert_body(unit.id, kind, &name, &short, parent, position)
                    .await
                    .map_err(store_error)?;
            }
            "person" => {
                let name = text("full_name", "Họ tên không được để trống")?;
                tx.insert_person(&name).await.map_err(store_error)?;
            }
            "post" => {
                let title = text("title", "Tên chức vụ không được để trống")?;
                let body = form.id("body_id", "Hãy chọn cơ quan")?;
                if !own_body(body) {
                    return Err(ValidationError::single(
                        "body_id",
                        "Cơ quan không thuộc đơn vị",
                    ));
                }
                tx.insert_post(body, &title, 10)
                    .await
                    .map_err(store_error)?;
            }
            "appoint" => {
                let person_id = form.id("person_id", "Hãy chọn người")?;
                let post_id = form.id("post_id", "Hãy chọn chức vụ")?;
                let starts_on =
                    domain::time::parse_date(form.get("starts_on")).ok_or_else(|| {
                        ValidationError::single(
                            "starts_on",
                            "Ngày bắt đầu không hợp lệ (ngày/tháng/năm)",
                        )
                    })?;
                tx.insert_membership(&store::NewMembership {
                    person_id,
                    post_id,
                    term_id: None,
                    starts_on,
                    ends_on: None,
                })
                .await
                .map_err(store_error)?;
            }
            "end" => {
                let id = form.id("membership_id", "Thiếu nhiệm vụ cần kết thúc")?;
                let ends_on = domain::time::parse_date(form.get("ends_on")).ok_or_else(|| {
                    ValidationError::single(
                        "ends_on",
                        "Ngày kết thúc không hợp lệ (ngày/tháng/năm)",
                    )
                })?;
                tx.end_membership(id, ends_on).await.map_err(store_error)?;
            }
            _ => return Err(ValidationError::single("action", "Thao tác không hợp lệ")),
        }
        Ok(())
    }
    .await;
    match result {
        Ok(()) => {
            tx.commit().await?;
            after_write(&state);
            Ok(see_other("/quan-ly/co-quan"))
        }
        Err(errors) => {
            drop(tx);
            page(&state, &user, errors).await
        }
    }
}

fn store_error(e: store::StoreError) -> ValidationError {
    match e {
        store::StoreError::Invalid(v) => v,
        other => {
            tracing::error!(error = %other, "organisation change failed");
            ValidationError::single("action", "Không lưu được thay đổi; xin thử lại")
        }
    }
}
