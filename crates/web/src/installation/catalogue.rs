//! `/he-thong/danh-muc-chi-tieu`: the national indicator catalogue the operator keeps, offered to
//! every commune of every province and rolled up on `/toan-quoc`. The fields, and the question
//! asked again before a change of measure or direction, are the province's catalogue's.

use askama::Template;
use axum::extract::Path;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect};
use domain::indicator::Indicator;
use domain::ValidationError;

use super::{Operator, OperatorForm, Top};
use crate::auth::FormData;
use crate::forms::Shown;
use crate::render::{render_form, render_page};
use crate::workspace::indicators::{confirmed, parse, IndicatorFields, IndicatorRow};
use crate::{HtmlResult, WebError, WebResult};

const LIST: &str = "/he-thong/danh-muc-chi-tieu";

#[derive(Template)]
#[template(path = "inst/indicators.html")]
struct ListPage {
    top: Top,
    rows: Vec<IndicatorRow>,
}

pub async fn list(Operator { state, user }: Operator) -> HtmlResult {
    let rows = state
        .app
        .national_indicators()
        .await?
        .into_iter()
        .map(|i| {
            let href = format!("{LIST}/{}", i.id);
            IndicatorRow::of(i, Some(href), None)
        })
        .collect();
    render_page(&ListPage {
        top: Top::of(Some(&user)),
        rows,
    })
}

#[derive(Template)]
#[template(path = "inst/indicator_form.html")]
struct FormPage {
    top: Top,
    action: String,
    heading: &'static str,
    f: IndicatorFields,
}

impl FormPage {
    fn of(user: &crate::auth::SignedIn, indicator: Option<&Indicator>, shown: Shown<'_>) -> Self {
        Self {
            top: Top::of(Some(user)),
            action: indicator.map_or(LIST.into(), |i| format!("{LIST}/{}", i.id)),
            heading: IndicatorFields::heading(indicator),
            f: IndicatorFields::of(indicator, shown),
        }
    }
}

/// The form for a new national indicator.
pub async fn new(Operator { user, .. }: Operator) -> WebResult {
    let page = FormPage::of(&user, None, Shown::fresh());
    render_form(&page, &page.f.errors)
}

/// The form for a national indicator, by id.
pub async fn edit(Operator { state, user }: Operator, Path(id): Path<i64>) -> WebResult {
    let indicator = state.app.national_indicator(id).await?;
    let page = FormPage::of(&user, Some(&indicator), Shown::fresh());
    render_form(&page, &page.f.errors)
}

pub async fn create(OperatorForm(op, form): OperatorForm) -> WebResult {
    save(op, None, form).await
}

pub async fn update(Path(id): Path<i64>, OperatorForm(op, form): OperatorForm) -> WebResult {
    let indicator = op.state.app.national_indicator(id).await?;
    save(op, Some(indicator), form).await
}

/// Writes the indicator and goes back to the list; or shows the form again, with the errors
/// beside their fields, or with what a change does and the question asked again.
async fn save(
    Operator { state, user }: Operator,
    before: Option<Indicator>,
    form: FormData,
) -> WebResult {
    let written = match parse(&form) {
        Err(errors) => Err(WebError::Invalid(errors)),
        Ok(draft) => match &before {
            None => state
                .app
                .create_national_indicator(&user.actor, &draft)
                .await
                .map_err(WebError::from),
            Some(i) => state
                .app
                .update_national_indicator(&user.actor, i.id, &draft, confirmed(&form))
                .await
                .map_err(WebError::from),
        },
    };
    match written {
        Ok(_) => Ok(Redirect::to(LIST).into_response()),
        Err(WebError::Invalid(errors)) => {
            let page = FormPage::of(&user, before.as_ref(), Shown::again(&form, errors));
            render_form(&page, &page.f.errors)
        }
        Err(WebError::NeedsConfirmation(warning)) => {
            let shown = Shown::again(&form, ValidationError::default());
            let mut page = FormPage::of(&user, before.as_ref(), shown);
            page.f.warning = Some(warning);
            Ok((StatusCode::CONFLICT, render_page(&page)?).into_response())
        }
        Err(other) => Err(other),
    }
}
