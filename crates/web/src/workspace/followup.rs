//! Follow-up of recommendations in the workspace: every recommendation with its state, the reminder
//! digests of the last days, and the form that records a response.

use app::Viewer;
use askama::Template;
use domain::access::Action;
use domain::oversight::Response as RecResponse;
use domain::ValidationError;

use super::withdrawals::withdraw_href;
use super::{see_other, ws_chrome, WsChrome};
use crate::auth::{CheckedForm, SignedIn};
use crate::extract::{IdParam, Staff};
use crate::forms;
use crate::i18n::Tr;
use crate::portal::oversight::{rec_view, RecView};
use crate::render::render_page;
use crate::{AppState, HtmlResult, WebResult};
use domain::withdrawal::Withdrawable;

#[derive(Template)]
#[template(path = "ws/followup.html")]
struct ListPage {
    ws: WsChrome,
    recs: Vec<(RecView, bool)>,
    digests: Vec<(String, String, String, bool)>,
}

pub async fn list(Staff { state, user, v }: Staff) -> HtmlResult {
    let ws = ws_chrome(&state, &user, &v).await?;
    let names = state.app.body_names(&v).await?;
    // Recommendations name and link the activities the portal shows.
    let oversights = state.app.oversights(&v.anonymous()).await?;
    let today = v.today();
    let recs = state.app.recommendations(&v).await?;
    let recs = recs
        .iter()
        .map(|r| (rec_view(r, &names, &oversights, today, Tr::VI), r.public))
        .collect();
    let digests = state
        .app
        .digests(&v, 30)
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
    /// The responses, each with where its body withdraws it, if this person may.
    responses: Vec<((String, String, bool), Option<String>)>,
}

async fn page(
    state: &AppState,
    user: &SignedIn,
    v: &Viewer,
    id: i64,
    errors: ValidationError,
    text: &str,
) -> WebResult {
    let ws = ws_chrome(state, user, v).await?;
    let (rec, o) = state.app.recommendation(v, id).await?;
    let bodies = state.app.bodies(v).await?;
    let names = state.app.body_names(v).await?;
    let parts = state
        .app
        .parts_of(v, Withdrawable::Response, rec.id)
        .await?;
    let view = rec_view(
        &rec,
        &names,
        &[o.clone()]
            .into_iter()
            .filter(|o| state.app.may_read_oversight(&v.anonymous(), o))
            .collect::<Vec<_>>(),
        v.today(),
        Tr::VI,
    );
    // The parts come in the order the record lists its responses.
    let responses = view
        .responses
        .iter()
        .cloned()
        .zip(parts.iter().map(Some).chain(std::iter::repeat(None)))
        .map(|(x, part)| {
            let withdraw = part
                .filter(|p| {
                    v.may(&Action::RespondRecommendation {
                        unit_id: v.unit_id(),
                        responsible_body_id: p.body_id.unwrap_or(rec.responsible_body_id),
                    })
                })
                .map(|p| withdraw_href(Withdrawable::Response, p.id));
            (x, withdraw)
        })
        .collect();
    let page = DetailPage {
        responses,
        ws,
        oversight_href: format!("/quan-ly/giam-sat/{}", rec.oversight_id),
        edit_href: v
            .may(&Action::EditOversight {
                unit_id: v.unit_id(),
                conducting_body_id: o.conducted_by,
            })
            .then(|| format!("/quan-ly/kien-nghi/{}/sua", rec.id)),
        can_respond: v.may(&Action::RespondRecommendation {
            unit_id: v.unit_id(),
            responsible_body_id: rec.responsible_body_id,
        }),
        rec: view,
        // A response comes from the body the recommendation is addressed to: the only choice.
        bodies: bodies
            .iter()
            .filter(|b| b.id == rec.responsible_body_id)
            .map(|b| (b.id.to_string(), b.short_name.clone()))
            .collect(),
        responsible: rec.responsible_body_id.to_string(),
        errors,
        text: text.to_string(),
    };
    crate::render::render_form(&page, &page.errors)
}

pub async fn show(Staff { state, user, v }: Staff, IdParam(id): IdParam) -> WebResult {
    page(&state, &user, &v, id, ValidationError::default(), "").await
}

pub async fn respond(
    IdParam(id): IdParam,
    CheckedForm(Staff { state, user, v }, form): CheckedForm,
) -> WebResult {
    let (rec, _) = state.app.recommendation(&v, id).await?;
    v.require(&Action::RespondRecommendation {
        unit_id: v.unit_id(),
        responsible_body_id: rec.responsible_body_id,
    })?;
    let on = domain::time::parse_date(form.get("on"))
        .or_else(|| form.get("on").is_empty().then(|| v.today()));
    let invalid = "Cơ quan trả lời không hợp lệ";
    let from = form.optional_id("from_body_id", "from_body_id", invalid)?;
    forms::submit(
        RecResponse::parse(on, from, form.get("text"), form.get("closes") == "1"),
        async |response| state.app.respond(&v, id, &response).await,
        |_| see_other(&v, &format!("/quan-ly/kien-nghi/{id}")),
        async |errors| page(&state, &user, &v, id, errors, form.get("text")).await,
    )
    .await
}
