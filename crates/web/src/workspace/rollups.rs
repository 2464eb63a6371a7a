//! A province's roll-up in its workspace: the portal's tables, counted over every programme of the
//! units below that its staff read, drafts included. Staff of a unit below are refused: they read
//! their own unit's drafts, not their siblings'.

use askama::Template;
use axum::extract::Query;

use super::{ws_chrome, WsChrome};
use crate::extract::{QueryMap, Staff, YearParam};
use crate::portal::rollups::{RollUpView, Sort};
use crate::render::render_page;
use crate::HtmlResult;

#[derive(Template)]
#[template(path = "ws/rollups.html")]
struct RollUpPage {
    ws: WsChrome,
    view: RollUpView,
}

pub async fn show(
    Staff { state, user, v }: Staff,
    YearParam(year): YearParam,
    Query(q): QueryMap,
) -> HtmlResult {
    // Each unit named leads to its programme, drafts included, as the staff read it.
    let (roll, previous) = state.app.roll_up_with_previous(&v, year).await?;
    let view = RollUpView::of(
        &roll,
        previous.as_ref(),
        "/quan-ly/chuong-trinh",
        Sort::of(&q),
    );
    let ws = ws_chrome(&state, &user, &v).await?;
    render_page(&RollUpPage { ws, view })
}
