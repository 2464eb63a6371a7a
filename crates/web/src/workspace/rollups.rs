//! A province's roll-up in its workspace: the portal's tables, counted over every programme of the
//! units below that its staff read, drafts included. Staff of a unit below are refused: they read
//! their own unit's drafts, not their siblings'.

use std::collections::HashMap;

use askama::Template;
use axum::extract::{Query, State};
use axum::response::Html;

use super::{ws_chrome, WsChrome};
use crate::extract::{Staff, YearParam};
use crate::portal::rollups::{RollUpView, Sort};
use crate::render::render_page;
use crate::{AppState, WebError};

#[derive(Template)]
#[template(path = "ws/rollups.html")]
struct RollUpPage {
    ws: WsChrome,
    view: RollUpView,
}

pub async fn show(
    State(state): State<AppState>,
    Staff { user, v }: Staff,
    YearParam(year): YearParam,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Html<String>, WebError> {
    let ws = ws_chrome(&state, &user, &v).await?;
    let (roll, previous) = state.app.roll_up_with_previous(&v, year).await?;
    render_page(&RollUpPage {
        ws,
        view: RollUpView::of(
            &roll,
            previous.as_ref(),
            "/quan-ly/chuong-trinh",
            Sort::of(&q),
        ),
    })
}
