//! Withdrawing and restoring in the workspace: the "Gỡ bỏ" buttons post here, and the list of what
//! the unit withdrew, where its administrator restores.

use askama::Template;
use axum::extract::Query;
use axum::response::{IntoResponse, Redirect};
use domain::access::Action;
use domain::withdrawal::Withdrawable;
use store::withdrawals::Withdrawal;

use super::{ws_chrome, WsChrome};
use crate::auth::CheckedForm;
use crate::extract::{IdParam, QueryMap, Staff, WithdrawableParam};
use crate::render::render_page;
use crate::WebResult;

struct Row {
    id: i64,
    kind: &'static str,
    title: String,
    when: String,
    by: String,
}

#[derive(Template)]
#[template(path = "ws/withdrawals.html")]
struct ListPage {
    ws: WsChrome,
    rows: Vec<Row>,
    can_restore: bool,
    /// What was just withdrawn, to say so.
    just: Option<String>,
}

/// Where a record's withdraw button posts: `/quan-ly/go-bo/{kind}/{id}`.
pub fn withdraw_href(kind: Withdrawable, id: i64) -> String {
    format!("/quan-ly/go-bo/{}/{id}", kind.segment())
}

/// The page of a restored record in the workspace.
fn page_of(w: &Withdrawal) -> String {
    match w.kind {
        Withdrawable::Article => format!("/quan-ly/tin-tuc/{}", w.record_id),
        Withdrawable::Person => "/quan-ly/co-quan".into(),
        // Linked again at the end of its record; the list says it is back.
        Withdrawable::Attachment => "/quan-ly/da-go".into(),
        Withdrawable::Response => format!("/quan-ly/kien-nghi/{}", w.parent_id),
        Withdrawable::ProgressNote => format!("/quan-ly/noi-dung/{}", w.parent_id),
    }
}

pub async fn list(Staff { state, user, v }: Staff, Query(q): QueryMap) -> WebResult {
    let ws = ws_chrome(&state, &user, &v).await?;
    let withdrawn = state.app.withdrawals(&v).await?;
    let just = q
        .get("vua-go")
        .and_then(|id| id.parse::<i64>().ok())
        .and_then(|id| withdrawn.iter().find(|w| w.id == id))
        .map(|w| format!("Đã gỡ bỏ “{}”.", w.title));
    let page = ListPage {
        ws,
        can_restore: v.may_here(|unit_id| Action::Restore { unit_id }),
        just,
        rows: withdrawn
            .into_iter()
            .map(|w| Row {
                id: w.id,
                kind: w.kind.label(),
                when: domain::time::short_datetime(domain::time::from_unix(w.withdrawn_at)),
                by: w.withdrawn_by,
                title: w.title,
            })
            .collect(),
    };
    Ok(render_page(&page)?.into_response())
}

/// Withdraw a record (or a part of one), then show the list of what was withdrawn saying so.
pub async fn withdraw(
    WithdrawableParam(kind): WithdrawableParam,
    IdParam(id): IdParam,
    CheckedForm(Staff { state, v, .. }, _): CheckedForm,
) -> WebResult {
    let w = state.app.withdraw(&v, kind, id).await?;
    Ok(Redirect::to(&v.link(&format!("/quan-ly/da-go?vua-go={}", w.id))).into_response())
}

/// Restore a withdrawn record, then open its page.
pub async fn restore(
    IdParam(id): IdParam,
    CheckedForm(Staff { state, v, .. }, _): CheckedForm,
) -> WebResult {
    let w = state.app.restore(&v, id).await?;
    Ok(super::see_other(&v, &page_of(&w)))
}
