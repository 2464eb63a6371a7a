//! The population and households of each unit below a province, for a year: what its roll-up's
//! means are weighed by, entered on one form and written in one go.

use askama::Template;
use domain::programme::Year;
use domain::ValidationError;
use rust_decimal::Decimal;
use store::indicators::UnitWeights;

use super::{see_other, ws_chrome, WsChrome};
use crate::auth::{CheckedForm, FormData};
use crate::extract::{Staff, YearParam};
use crate::forms::{self, Cx};
use crate::WebResult;

/// One unit's line: its id, name, and the figures as shown (typed again after an error).
struct Line {
    id: i64,
    name: String,
    population: String,
    households: String,
}

#[derive(Template)]
#[template(path = "ws/weights.html")]
struct Page {
    ws: WsChrome,
    year: i32,
    lines: Vec<Line>,
    errors: ValidationError,
}

fn shown(d: Option<Decimal>) -> String {
    d.map(|d| vi::format_decimal(&d.normalize().to_string(), 0))
        .unwrap_or_default()
}

async fn page(
    Cx { state, user, v }: Cx<'_>,
    year: Year,
    typed: Option<&FormData>,
    errors: ValidationError,
) -> WebResult {
    let ws = ws_chrome(state, user, v).await?;
    let lines = state
        .app
        .weights(v, year)
        .await?
        .into_iter()
        .map(|(u, w)| {
            let value = |field: &str, stored: Option<Decimal>| match typed {
                Some(f) => f.get(&format!("{field}_{}", u.id)).to_string(),
                None => shown(stored),
            };
            Line {
                id: u.id,
                population: value("population", w.population),
                households: value("households", w.households),
                name: u.full_name(),
            }
        })
        .collect();
    let page = Page {
        ws,
        year: year.get(),
        lines,
        errors,
    };
    crate::render::render_form(&page, &page.errors)
}

pub async fn form(Staff { state, user, v }: Staff, YearParam(year): YearParam) -> WebResult {
    let cx = Cx::new(&state, &user, &v);
    page(cx, year, None, ValidationError::default()).await
}

/// The units' figures as the form gives them, each line by the unit's id in its fields' names;
/// what is wrong is said with the unit's name.
fn parse(
    form: &FormData,
    units: &[(i64, String)],
) -> Result<Vec<(i64, UnitWeights)>, ValidationError> {
    let mut errors = ValidationError::default();
    let mut entries = Vec::new();
    for (id, name) in units {
        let mut figure = |field: &str, label: &str| match domain::indicator::parse_weight(
            form.get(&format!("{field}_{id}")),
        ) {
            Ok(value) => value,
            Err(message) => {
                errors.push("weights", format!("{label} của {name}: {message}"));
                None
            }
        };
        let weights = UnitWeights {
            population: figure("population", "Dân số"),
            households: figure("households", "Số hộ"),
        };
        entries.push((*id, weights));
    }
    errors.into_result(entries)
}

pub async fn save(
    YearParam(year): YearParam,
    CheckedForm(Staff { state, user, v }, form): CheckedForm,
) -> WebResult {
    let cx = Cx::new(&state, &user, &v);
    // The lines the form was drawn with: the units below, named by their ids.
    let units: Vec<(i64, String)> = state
        .app
        .weights(&v, year)
        .await?
        .into_iter()
        .map(|(u, _)| (u.id, u.full_name()))
        .collect();
    forms::submit(
        parse(&form, &units),
        async |entries| state.app.set_weights(&v, year, &entries).await,
        |_| see_other(&v, &format!("/quan-ly/tong-hop/{year}")),
        async |errors| page(cx, year, Some(&form), errors).await,
    )
    .await
}
