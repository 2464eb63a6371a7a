//! The "Mã danh mục" column of a targets file: each row's indicator, by its code in the catalogue
//! the unit is offered, and the link written with the target. A code the catalogue lacks, or one
//! given to two rows, is named by its cell, and nothing of the file is written.

use std::collections::HashMap;

use docs::import::{CellError, ImportedTarget};
use domain::indicator::Indicator;
use domain::target::Target;

use super::matching::TargetRow;

/// The indicator each row names, by its line; or the cells naming one not offered, or one twice
/// (a programme counts toward an indicator through one target).
pub(super) fn chosen(
    rows: &[ImportedTarget],
    offered: &[Indicator],
) -> Result<HashMap<usize, Indicator>, Vec<CellError>> {
    let mut chosen = HashMap::new();
    let mut first: HashMap<&str, usize> = HashMap::new();
    let mut errors = Vec::new();
    for row in rows {
        let Some((code, cell)) = &row.indicator else {
            continue;
        };
        let refuse = |message: String| CellError {
            message,
            ..cell.clone()
        };
        match offered.iter().find(|i| i.code.as_str() == code) {
            None => errors.push(refuse(format!(
                "Mã danh mục \"{code}\" không có trong danh mục chỉ tiêu của tỉnh"
            ))),
            Some(_) if first.contains_key(code.as_str()) => errors.push(refuse(format!(
                "Mã danh mục \"{code}\" đã ghi ở dòng {}; mỗi chỉ tiêu của danh mục chỉ liên kết một chỉ tiêu",
                first[code.as_str()]
            ))),
            Some(indicator) => {
                first.insert(code, row.line);
                chosen.insert(row.line, indicator.clone());
            }
        }
    }
    if errors.is_empty() {
        Ok(chosen)
    } else {
        docs::import::sort_cells(&mut errors);
        Err(errors)
    }
}

/// A row linked to an indicator takes its measure and direction, as the target form does.
pub(super) fn adopt(rows: &mut [ImportedTarget], chosen: &HashMap<usize, Indicator>) {
    for row in rows {
        if let Some(indicator) = chosen.get(&row.line) {
            row.measure = indicator.measure.clone();
            row.direction = indicator.direction;
        }
    }
}

/// The cells naming an indicator that another target of the programme, not the row's own, counts
/// toward already.
pub(super) fn taken_elsewhere(
    rows: &[TargetRow],
    chosen: &HashMap<usize, Indicator>,
    links: &HashMap<i64, i64>,
    existing: &[Target],
) -> Vec<CellError> {
    let mut errors = Vec::new();
    for r in rows {
        let (Some(indicator), Some((_, cell))) = (chosen.get(&r.row.line), &r.row.indicator) else {
            continue;
        };
        let this = r.existing.as_ref().map(|t| t.id);
        let holder = links
            .iter()
            .find(|(t, i)| **i == indicator.id && Some(**t) != this)
            .and_then(|(t, _)| existing.iter().find(|e| e.id == *t));
        if let Some(holder) = holder {
            errors.push(CellError {
                message: format!(
                    "Chỉ tiêu \"{}\" của chương trình đã liên kết với mã danh mục {}",
                    holder.name, indicator.code
                ),
                ..cell.clone()
            });
        }
    }
    errors
}
