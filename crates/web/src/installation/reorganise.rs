//! `/he-thong/sap-xep`: merge units into one or split one into several from a day. The old units
//! end the day before and stay readable as archives, linked both ways with their successors.

use askama::Template;
use axum::response::{IntoResponse, Redirect};
use domain::ValidationError;

use app::units::Reorganisation;

use super::{Operator, OperatorForm, Top};
use crate::forms;
use crate::{AppState, WebResult};

#[derive(Template)]
#[template(path = "inst/reorganise.html")]
struct Page {
    top: Top,
    units: Vec<(i64, String)>,
    predecessors: Vec<i64>,
    successors: Vec<i64>,
    effective_on: String,
    carry_over: bool,
    errors: ValidationError,
}

async fn page(
    state: &AppState,
    user: &crate::auth::SignedIn,
    chosen: (Vec<i64>, Vec<i64>, String, bool),
    errors: ValidationError,
) -> WebResult {
    let directory = state.app.directory().await?;
    let units = directory
        .all()
        .into_iter()
        .filter(|u| u.valid_to.is_none())
        .map(|u| (u.id, u.full_name()))
        .collect();
    let page = Page {
        top: Top::of(Some(user)),
        units,
        predecessors: chosen.0,
        successors: chosen.1,
        effective_on: chosen.2,
        carry_over: chosen.3,
        errors,
    };
    crate::render::render_form(&page, &page.errors)
}

pub async fn form(Operator { state, user }: Operator) -> WebResult {
    page(
        &state,
        &user,
        Default::default(),
        ValidationError::default(),
    )
    .await
}

pub async fn submit(OperatorForm(Operator { state, user }, form): OperatorForm) -> WebResult {
    let predecessors = form.ids("predecessors")?;
    let successors = form.ids("successors")?;
    let carry_over = form.get("carry_over") == "1";
    let kept = (
        predecessors.clone(),
        successors.clone(),
        form.get("effective_on").to_string(),
        carry_over,
    );
    let Some(effective_on) = domain::time::parse_date(form.get("effective_on")) else {
        let errors = ValidationError::single(
            "effective_on",
            "Ngày hiệu lực không hợp lệ (ngày/tháng/năm)",
        );
        return page(&state, &user, kept, errors).await;
    };
    let r = Reorganisation {
        predecessors,
        successors,
        effective_on,
        carry_over,
    };
    forms::write(
        async |()| state.app.reorganise(&user.actor, &r).await,
        |_| Redirect::to("/he-thong").into_response(),
        async |errors| page(&state, &user, kept, errors).await,
    )
    .await
}
