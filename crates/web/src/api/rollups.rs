//! The API's roll-ups: a province's indicators across the units below it for a year, counted as
//! the asker may read the units' programmes (the public: signed ones; the province's staff, with a
//! token: drafts too), and the national one over every province, from the public programmes.

use axum::extract::State;
use axum::Json;
use serde::Serialize;
use utoipa::ToSchema;

use super::{Api, ApiErrorBody, ApiResult};
use crate::auth::ApiReader;
use crate::extract::YearParam;
use crate::AppState;

/// A unit below the province, with its year as the asker may read it.
#[derive(Serialize, ToSchema)]
pub struct RollUpUnitDto {
    pub id: i64,
    pub name: String,
    /// Its portal: `/dv/{slug}`.
    pub slug: String,
    /// Its programme of the year summed up; absent when it has none the asker may read.
    pub programme: Option<UnitYearDto>,
    /// Its recommendations overdue today that the asker may read.
    pub overdue_recommendations: usize,
}

/// A unit's programme of a year, summed up.
#[derive(Serialize, ToSchema)]
pub struct UnitYearDto {
    /// draft, signed, in_progress or reviewed
    pub status: String,
    pub targets: usize,
    /// Targets met or exceeded.
    pub targets_accomplished: usize,
    pub targets_not_reported: usize,
    pub contents: usize,
    pub contents_done: usize,
    pub contents_in_progress: usize,
    /// Not done, not postponed, past the end of their time frame.
    pub contents_late: usize,
}

/// The figure of the units together, where adding up or averaging means something.
#[derive(Serialize, ToSchema)]
pub struct CombinedDto {
    /// Decimal as text.
    pub plan: String,
    /// Decimal as text; absent before any unit reported.
    pub actual: Option<String>,
    /// pending (until every unit counted reported), missed, met or exceeded.
    pub evaluation: String,
}

/// One indicator across the units.
#[derive(Serialize, ToSchema)]
pub struct IndicatorRollUpDto {
    pub id: i64,
    pub code: String,
    pub name: String,
    pub measure: String,
    /// higher, lower, yes_no or rank
    pub direction: String,
    /// sum, mean_by_population, mean_by_households or count_met
    pub combine: String,
    /// Units with a target linked to it.
    pub units: usize,
    pub exceeded: usize,
    pub met: usize,
    pub missed: usize,
    /// A unit without an actual has not reported: never counted as missed.
    pub not_reported: usize,
    pub combined: Option<CombinedDto>,
    /// The units that missed it, furthest behind first.
    pub behind_unit_ids: Vec<i64>,
    pub not_reporting_unit_ids: Vec<i64>,
    /// Units left out of a weighted mean for want of a weight.
    pub unweighted_unit_ids: Vec<i64>,
}

/// A year's roll-up.
#[derive(Serialize, ToSchema)]
pub struct RollUpDto {
    pub year: i32,
    pub units: Vec<RollUpUnitDto>,
    pub indicators: Vec<IndicatorRollUpDto>,
}

/// The year's roll-up of the units below the unit asked (a province).
#[utoipa::path(get, path = "/api/v1/rollups/{year}", params(("year" = i32, Path, description = "Năm, ví dụ 2026", example = 2026)),
    responses((status = 200, body = RollUpDto), (status = 404, body = ApiErrorBody)))]
pub async fn rollup(
    ApiReader { state, v }: ApiReader,
    Api(YearParam(year)): Api<YearParam>,
) -> ApiResult<RollUpDto> {
    let roll = state.app.roll_up(&v, year).await?;
    Ok(Json(RollUpDto {
        year: year.get(),
        units: roll
            .lines
            .iter()
            .map(|l| RollUpUnitDto {
                id: l.unit.id,
                name: l.unit.full_name(),
                slug: l.unit.slug.to_string(),
                programme: l.year.as_ref().map(|y| UnitYearDto {
                    status: y.programme_status.as_str().into(),
                    targets: y.targets.total,
                    targets_accomplished: y.targets.accomplished(),
                    targets_not_reported: y.targets.pending,
                    contents: y.items.total,
                    contents_done: y.items.done,
                    contents_in_progress: y.items.in_progress,
                    contents_late: y.items.late,
                }),
                overdue_recommendations: l.overdue,
            })
            .collect(),
        indicators: roll.indicators.iter().map(indicator_dto).collect(),
    }))
}

/// One indicator across the units, as both roll-ups give it.
fn indicator_dto(i: &app::rollups::IndicatorRollUp) -> IndicatorRollUpDto {
    let text = |d: rust_decimal::Decimal| d.normalize().to_string();
    IndicatorRollUpDto {
        id: i.indicator.id,
        code: i.indicator.code.to_string(),
        name: i.indicator.name.clone(),
        measure: i.indicator.measure.clone(),
        direction: i.indicator.direction.as_str().into(),
        combine: i.indicator.combine.as_str().into(),
        units: i.roll.units,
        exceeded: i.roll.exceeded,
        met: i.roll.met,
        missed: i.roll.missed,
        not_reported: i.roll.not_reported,
        combined: i.roll.combined.as_ref().map(|c| CombinedDto {
            plan: text(c.plan),
            actual: c.actual.map(text),
            evaluation: c.evaluation.as_str().into(),
        }),
        behind_unit_ids: i.roll.behind.clone(),
        not_reporting_unit_ids: i.roll.not_reporting.clone(),
        unweighted_unit_ids: i.roll.unweighted.clone(),
    }
}

/// A province's communes summed up.
#[derive(Serialize, ToSchema)]
pub struct NationalProvinceDto {
    pub id: i64,
    pub name: String,
    /// Its portal, `/dv/{slug}`, where its own roll-up is.
    pub slug: String,
    /// Its communes in force.
    pub communes: usize,
    /// Those with a signed programme of the year.
    pub programmes: usize,
    pub targets: usize,
    /// Targets met or exceeded.
    pub targets_accomplished: usize,
    pub targets_not_reported: usize,
    pub contents: usize,
    pub contents_done: usize,
    pub contents_late: usize,
    pub overdue_recommendations: usize,
}

/// A year across the installation.
#[derive(Serialize, ToSchema)]
pub struct NationalRollUpDto {
    pub year: i32,
    /// The communes in force, over every province.
    pub communes: usize,
    pub provinces: Vec<NationalProvinceDto>,
    /// The installation's own indicators across every commune.
    pub indicators: Vec<IndicatorRollUpDto>,
}

/// The year's national roll-up, from the communes' public programmes.
#[utoipa::path(get, path = "/api/v1/toan-quoc/{year}", params(("year" = i32, Path, description = "Năm, ví dụ 2026", example = 2026)),
    responses((status = 200, body = NationalRollUpDto), (status = 404, body = ApiErrorBody)))]
pub async fn national(
    State(state): State<AppState>,
    Api(YearParam(year)): Api<YearParam>,
) -> ApiResult<NationalRollUpDto> {
    let roll = state.app.national_roll_up(None, year).await?;
    let province = |p: &app::rollups::ProvinceTotal| NationalProvinceDto {
        id: p.unit.id,
        name: p.unit.full_name(),
        slug: p.unit.slug.to_string(),
        communes: p.communes,
        programmes: p.programmes,
        targets: p.targets.total,
        targets_accomplished: p.targets.accomplished(),
        targets_not_reported: p.targets.pending,
        contents: p.items.total,
        contents_done: p.items.done,
        contents_late: p.items.late,
        overdue_recommendations: p.overdue,
    };
    Ok(Json(NationalRollUpDto {
        year: year.get(),
        communes: roll.communes,
        provinces: roll.provinces.iter().map(province).collect(),
        indicators: roll.indicators.iter().map(indicator_dto).collect(),
    }))
}
