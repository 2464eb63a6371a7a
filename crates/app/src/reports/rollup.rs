//! A province's summary report of a year (báo cáo tổng hợp): its indicators across the units
//! below, each unit's line and the units to urge, counted from what the reader may read.

use std::collections::HashMap;

use docs::{RollUpDocument, RollUpIndicatorLine, RollUpUnitLine};
use domain::Id;

use super::*;
use crate::rollups::{IndicatorRollUp, ProvinceRollUp};

/// The number and symbol of the summary report when the settings name none.
pub const DEFAULT_ROLLUP_NUMBER: &str = "01/BC-UBND";

fn indicator_line(i: &IndicatorRollUp) -> RollUpIndicatorLine {
    let r = &i.roll;
    let combined = r.combined.as_ref();
    RollUpIndicatorLine {
        name: format!("{} – {}", i.indicator.code, i.indicator.name),
        measure: i.indicator.measure.clone(),
        exceeded: r.exceeded,
        met: r.met,
        missed: r.missed,
        not_reported: r.not_reported,
        plan: combined.map_or(vi::NO_FIGURE.into(), |c| c.plan_text()),
        actual: combined.map_or(vi::NO_FIGURE.into(), |c| c.actual_text()),
    }
}

fn unit_line(l: &crate::rollups::UnitLine) -> RollUpUnitLine {
    let year = l.year.as_ref();
    let items = year.map(|y| y.items).unwrap_or_default();
    RollUpUnitLine {
        name: l.unit.full_name(),
        programme: year
            .map_or("Chưa có", |y| y.programme_status.label())
            .into(),
        targets: year
            .map(|y| format!("{}/{}", y.targets.accomplished(), y.targets.total))
            .unwrap_or_default(),
        items_done: items.done,
        items_in_progress: items.in_progress,
        items_late: items.late,
        overdue_recommendations: l.overdue,
    }
}

/// A sentence an indicator some units are behind on or have not reported: "BHYT – …: chậm:
/// Phường A; chưa báo cáo: Phường B."
fn to_urge(i: &IndicatorRollUp, names: &HashMap<Id, String>) -> Option<String> {
    let list = |ids: &[Id]| {
        let named: Vec<&str> = ids
            .iter()
            .filter_map(|id| names.get(id))
            .map(String::as_str)
            .collect();
        named.join(", ")
    };
    let mut parts = Vec::new();
    if !i.roll.behind.is_empty() {
        parts.push(format!("không đạt: {}", list(&i.roll.behind)));
    }
    if !i.roll.not_reporting.is_empty() {
        parts.push(format!("chưa báo cáo: {}", list(&i.roll.not_reporting)));
    }
    (!parts.is_empty()).then(|| {
        let indicator = format!("{} – {}", i.indicator.code, i.indicator.name);
        format!("{indicator}: {}.", parts.join("; "))
    })
}

pub(super) async fn rollup_document(
    app: &App,
    v: &Viewer,
    roll: &ProvinceRollUp,
) -> Result<RollUpDocument> {
    let store = &app.store;
    let unit = v.unit();
    let year = roll.year.get();
    let now = v.today();
    // A past year is reported as it stood at its end; the current one as it stands today.
    let date = NaiveDate::from_ymd_opt(year, 12, 31)
        .filter(|end| *end < now)
        .unwrap_or(now);
    let bodies = store.bodies(unit.id).await?;
    let committee = bodies
        .iter()
        .find(|b| b.kind == BodyKind::PeoplesCommittee && b.parent_body_id.is_none());
    let held = store.bodies_with_holders(unit.id, date).await?;
    let names: HashMap<Id, String> = roll
        .lines
        .iter()
        .map(|l| (l.unit.id, l.unit.full_name()))
        .collect();
    let unit_name = unit.full_name();
    let what = if v.is_staff() {
        "theo số liệu các đơn vị đã nhập"
    } else {
        "theo số liệu các đơn vị đã công khai"
    };
    let number = setting_or(store, unit, "rollup_number_symbol", DEFAULT_ROLLUP_NUMBER).await?;
    Ok(RollUpDocument {
        issuers: vec![Issuer::new(format!("UBND {unit_name}"))],
        number_symbol: number,
        place: place(store, unit).await?,
        date,
        title: format!("Tổng hợp kết quả thực hiện chỉ tiêu năm {year} của các đơn vị cấp dưới"),
        introduction: vec![format!(
            "Ủy ban nhân dân {unit_name} tổng hợp kết quả thực hiện chương trình phối hợp công tác và các chỉ tiêu năm {year} của {} đơn vị cấp dưới, {what} đến ngày {}, như sau:",
            roll.lines.len(),
            domain::time::short_date(date)
        )],
        indicators: roll.indicators.iter().map(indicator_line).collect(),
        units: roll.lines.iter().map(unit_line).collect(),
        follow_up: roll
            .indicators
            .iter()
            .filter_map(|i| to_urge(i, &names))
            .collect(),
        signers: committee.map(|b| signer(b, &held)).into_iter().collect(),
        recipients: recipients(unit),
    })
}
