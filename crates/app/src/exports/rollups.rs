//! A province's roll-up as two tables: its indicators across the units below, and each unit's
//! year, with typed cells that Excel adds up.

use docs::export::Cell;
use rust_decimal::Decimal;

use super::tables::Table;
use crate::rollups::ProvinceRollUp;

pub const INDICATOR_HEADERS: [&str; 12] = [
    "Mã",
    "Chỉ tiêu",
    "Đơn vị tính",
    "Cách tổng hợp",
    "Số đơn vị có chỉ tiêu",
    "Vượt",
    "Đạt",
    "Không đạt",
    "Chưa báo cáo",
    "Kế hoạch chung",
    "Thực hiện chung",
    "Đánh giá chung",
];

pub const UNIT_HEADERS: [&str; 9] = [
    "Đơn vị",
    "Số chỉ tiêu",
    "Chỉ tiêu đạt và vượt",
    "Chỉ tiêu chưa báo cáo",
    "Số nội dung",
    "Nội dung hoàn thành",
    "Nội dung đang thực hiện",
    "Nội dung chậm tiến độ",
    "Kiến nghị quá hạn",
];

fn count(n: usize) -> Cell {
    Cell::Number {
        value: Decimal::from(n as u64),
        decimals: 0,
    }
}

fn figure(value: Decimal) -> Cell {
    Cell::Number { value, decimals: 2 }
}

/// Each indicator of the catalogue across the units: the counts, and the combined figure where
/// adding up or averaging means something.
pub fn indicators(roll: &ProvinceRollUp) -> Table {
    Table {
        title: format!("Tổng hợp chỉ tiêu các đơn vị năm {}", roll.year),
        headers: INDICATOR_HEADERS.to_vec(),
        rows: roll
            .indicators
            .iter()
            .map(|i| {
                let r = &i.roll;
                let combined = r.combined.as_ref();
                vec![
                    Cell::text(i.indicator.code.to_string()),
                    Cell::text(i.indicator.name.clone()),
                    Cell::text(i.indicator.measure.clone()),
                    Cell::text(i.indicator.combine.label()),
                    count(r.units),
                    count(r.exceeded),
                    count(r.met),
                    count(r.missed),
                    count(r.not_reported),
                    combined.map_or(Cell::Empty, |c| figure(c.plan)),
                    combined.and_then(|c| c.actual).map_or(Cell::Empty, figure),
                    combined.map_or(Cell::Empty, |c| Cell::text(c.evaluation.label())),
                ]
            })
            .collect(),
        notes: vec![format!(
            "{} đơn vị trực thuộc; chưa báo cáo không tính là không đạt.",
            roll.lines.len()
        )],
    }
}

/// Each unit's year as the viewer may read it: a unit without one has its name alone.
pub fn units(roll: &ProvinceRollUp) -> Table {
    Table {
        title: format!("Tổng hợp từng đơn vị năm {}", roll.year),
        headers: UNIT_HEADERS.to_vec(),
        rows: roll
            .lines
            .iter()
            .map(|l| {
                let mut row = vec![Cell::text(l.unit.full_name())];
                match &l.year {
                    Some(y) => row.extend([
                        count(y.targets.total),
                        count(y.targets.accomplished()),
                        count(y.targets.pending),
                        count(y.items.total),
                        count(y.items.done),
                        count(y.items.in_progress),
                        count(y.items.late),
                    ]),
                    None => row.extend(std::iter::repeat_n(Cell::Empty, 7)),
                }
                row.push(count(l.overdue));
                row
            })
            .collect(),
        notes: Vec::new(),
    }
}
