//! Follow-up of recommendations in the workspace: every recommendation with its state, the reminder
//! digests of the last days, and the form that records a response.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use domain::access::Action;
use domain::oversight::Response as RecResponse;
use domain::ValidationError;

use super::{after_write, see_other, ws_chrome, WsChrome};
use crate::auth::{CheckedForm, SignedIn};
use crate::portal::oversight::{rec_view, today, RecView};
use crate::render::render_page;
use crate::{AppState, WebError};

#[derive(Template)]
#[template(path = "ws/followup.html")]
struct ListPage {
    ws: WsChrome,
    recs: Vec<(RecView, bool)>,
    digests: Vec<(String, String, String, bool)>,
}

pub async fn list(State(state): State<AppState>, user: SignedIn) -> Result<Html<String>, WebError> {
    let (ws, unit) = ws_chrome(&state, &user).await?;
    let bodies = state.store.bodies(unit.id).await?;
    let names = bodies
        .iter()
        .map(|b| (b.id, b.short_name.clone()))
        .collect();
    let oversights = state.store.oversights(unit.id).await?;
    let today = today();
    let recs = state
        .store
        .recommendations(unit.id)
        .await?
        .iter()
        .map(|r| (rec_view(r, &names, &oversights, today), r.public))
        .collect();
    let digests = state
        .store
        .digests(unit.id, 30)
        .await?
        .into_iter()
        .map(|d| {
            (
                domain::time::short_date(d.day),
                d.subject,
                d.recipient
                    .unwrap_or_else(|| "(chưa có địa chỉ thư)".into()),
                d.delivered,
            )
        })
        .collect();
    render_page(&ListPage { ws, recs, digests })
}

#[derive(Template)]
#[template(path = "ws/recommendation.html")]
struct DetailPage {
    ws: WsChrome,
    rec: RecView,
    can_respond: bool,
    /// The activity's page in the workspace.
    oversight_href: String,
    /// The form that changes the recommendation, for whoever may change its activity.
    edit_href: Option<String>,
    bodies: Vec<(String, String)>,
    responsible: String,
    errors: ValidationError,
    text: String,
}

impl DetailPage {
    fn error(&self, field: &str) -> &str {
        self.errors.for_field(field).unwrap_or("")
    }
}

async fn page(
    state: &AppState,
    user: &SignedIn,
    id: &str,
    errors: ValidationError,
    text: &str,
) -> Result<Response, WebError> {
    let (ws, unit) = ws_chrome(state, user).await?;
    let id: i64 = id.parse().map_err(|_| WebError::NotFound)?;
    let rec = state
        .store
        .recommendation(unit.id, id)
        .await?
        .ok_or(WebError::NotFound)?;
    let bodies = state.store.bodies(unit.id).await?;
    let names = bodies
        .iter()
        .map(|b| (b.id, b.short_name.clone()))
        .collect();
    let oversights = state.store.oversights(unit.id).await?;
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let conducted_by = oversights
        .iter()
        .find(|o| o.id == rec.oversight_id)
        .map(|o| o.conducted_by);
    let page = DetailPage {
        ws,
        oversight_href: format!("/quan-ly/giam-sat/{}", rec.oversight_id),
        edit_href: conducted_by
            .filter(|b| {
                user.actor.can(&Action::EditOversight {
                    unit_id: unit.id,
                    conducting_body_id: *b,
                })
            })
            .map(|_| format!("/quan-ly/kien-nghi/{}/sua", rec.id)),
        can_respond: user.actor.can(&Action::RespondRecommendation {
            unit_id: unit.id,
            responsible_body_id: rec.responsible_body_id,
        }),
        rec: rec_view(&rec, &names, &oversights, today()),
        bodies: bodies
            .iter()
            .map(|b| (b.id.to_string(), b.short_name.clone()))
            .collect(),
        responsible: rec.responsible_body_id.to_string(),
        errors,
        text: text.to_string(),
    };
    Ok((status, render_page(&page)?).into_response())
}

pub async fn show(
    State(state): State<AppState>,
    user: SignedIn,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    page(&state, &user, &id, ValidationError::default(), "").await
}

pub async fn respond(
    State(state): State<AppState>,
    Path(id): Path<String>,
    CheckedForm { user, form }: CheckedForm,
) -> Result<Response, WebError> {
    let unit = state.store.portal_unit().await?;
    let rec_id: i64 = id.parse().map_err(|_| WebError::NotFound)?;
    let rec = state
        .store
        .recommendation(unit.id, rec_id)
        .await?
        .ok_or(WebError::NotFound)?;
    user.require(&Action::RespondRecommendation {
        unit_id: unit.id,
        responsible_body_id: rec.responsible_body_id,
    })?;
    let on =
        domain::time::parse_date(form.get("on")).or_else(|| form.get("on").is_empty().then(today));
    let from = form.get("from_body_id").parse().ok();
    let response = match RecResponse::parse(on, from, form.get("text"), form.get("closes") == "1") {
        Ok(r) => r,
        Err(errors) => return page(&state, &user, &id, errors, form.get("text")).await,
    };
    let mut tx = state.store.begin(&user.actor.username).await?;
    tx.add_response(&rec, &response).await?;
    tx.commit().await?;
    after_write(&state);
    Ok(see_other(&format!("/quan-ly/kien-nghi/{rec_id}")))
}
