//! A province's roll-up in its workspace: the portal's tables, counted over every programme of the
//! units below that its staff read, drafts included. Staff of a unit below are refused: they read
//! their own unit's drafts, not their siblings'.

use askama::Template;
use axum::extract::Query;

use std::collections::BTreeSet;

use domain::access::Action;

use axum::response::{IntoResponse, Redirect};

use super::{ws_chrome, WsChrome};
use domain::target::Evaluation;

use crate::auth::CheckedForm;
use crate::extract::{QueryMap, Staff, YearParam};
use crate::i18n::Tr;
use crate::portal::rollups::{RollUpView, Sort};
use crate::render::render_page;
use crate::{HtmlResult, WebResult};

#[derive(Template)]
#[template(path = "ws/rollups.html")]
struct RollUpPage {
    ws: WsChrome,
    view: RollUpView,
    /// The units with a linked target not reported yet, when this person may ask them to report.
    to_remind: Option<usize>,
    /// What the last request to report did.
    reminded: Option<String>,
}

/// "Đã gửi đề nghị báo cáo đến 2 đơn vị; 1 đơn vị đã được nhắc hôm nay." from the address the
/// request came back to.
fn reminded(q: &std::collections::HashMap<String, String>) -> Option<String> {
    let count = |key: &str| q.get(key).and_then(|n| n.parse::<usize>().ok());
    let (sent, already) = (count("da-nhac")?, count("da-co").unwrap_or(0));
    let mut notice = format!("Đã ghi đề nghị báo cáo gửi {sent} đơn vị");
    if already > 0 {
        notice.push_str(&format!(
            "; {already} đơn vị đã được nhắc hôm nay, không gửi lại"
        ));
    }
    notice.push_str(". Thư được gửi đến địa chỉ thư của Ủy ban nhân dân từng đơn vị.");
    Some(notice)
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
        Tr::VI,
    );
    let waiting: BTreeSet<i64> = roll
        .indicators
        .iter()
        .flat_map(|i| i.roll.not_reporting.iter().copied())
        .collect();
    let may_remind = v.may_here(|unit_id| Action::RemindUnits { unit_id });
    let ws = ws_chrome(&state, &user, &v).await?;
    render_page(&RollUpPage {
        ws,
        view,
        to_remind: may_remind.then_some(waiting.len()),
        reminded: reminded(&q),
    })
}

/// Ask the units that have not reported to report, then back to the roll-up saying what was done.
pub async fn remind(
    YearParam(year): YearParam,
    CheckedForm(Staff { state, v, .. }, _): CheckedForm,
) -> WebResult {
    let done = state.app.remind_unreported(&v, year).await?;
    let back = format!(
        "/quan-ly/tong-hop/{year}?da-nhac={}&da-co={}",
        done.recorded, done.already
    );
    // The page says what was done; not the generic "saved".
    Ok(Redirect::to(&v.link(&back)).into_response())
}
