//! Turning one row of cells into a target or a programme item, naming every bad cell.

use std::collections::HashMap;

use chrono::NaiveDate;
use domain::body::Body;
use domain::programme::{ItemDraft, ItemStatus, TimeFrame};

use super::cells::{
    date_of, find_body, optional_text, parse_direction, parse_position, parse_status, quantity,
    Columns, Value, ITEM_COLUMNS, TARGET_CODE, TARGET_COLUMNS, TARGET_INDICATOR,
};
use super::{ImportedTarget, Outcome};

/// A parser of target rows that also refuses a code given twice in one file: each code names one
/// target, so two rows with it could not both be imported.
pub(super) fn target_rows() -> impl FnMut(&Columns, &[Value], usize, &mut Outcome<ImportedTarget>) {
    let mut codes: HashMap<String, usize> = HashMap::new();
    move |cols, row, line, out| {
        let before = out.errors.len();
        let code = optional_text(cols.value(TARGET_CODE, row));
        if let Some(code) = &code {
            if let Some(first) = codes.get(&code_key(code)) {
                out.errors.push(cols.error(
                    TARGET_CODE,
                    &TARGET_COLUMNS,
                    line,
                    format!("Mã chỉ tiêu \"{code}\" đã có ở dòng {first}; mỗi mã chỉ ghi một lần"),
                ));
            } else {
                codes.insert(code_key(code), line);
            }
        }
        target_row(cols, row, line, code, before, out);
    }
}

/// A code as codes are compared: no case, no surrounding spaces ("ct01" is "CT01").
pub fn code_key(code: &str) -> String {
    vi::nfc(code.trim()).to_uppercase()
}

/// The hygiene of the forms and the API (`domain::input`), for the text cells of a target's row: a
/// cell with control or direction-changing characters is named, and nothing of the file is written.
/// (A content's row has it through `ItemDraft::parse`.)
fn check_target_text(
    cols: &Columns,
    row: &[Value],
    line: usize,
    columns: &[(usize, bool)],
    out: &mut Outcome<ImportedTarget>,
) {
    for &(column, multiline) in columns {
        if let Some(problem) = domain::input::problem(&cols.value(column, row).text(), multiline) {
            out.errors
                .push(cols.error(column, &TARGET_COLUMNS, line, problem));
        }
    }
}

fn target_row(
    cols: &Columns,
    row: &[Value],
    line: usize,
    code: Option<String>,
    before: usize,
    out: &mut Outcome<ImportedTarget>,
) {
    let specs = &TARGET_COLUMNS;
    let position = parse_position(cols.value(0, row))
        .map_err(|m| out.errors.push(cols.error(0, specs, line, m)))
        .ok()
        .flatten();
    check_target_text(cols, row, line, &[(1, false), (2, false), (6, true)], out);
    let name = vi::normalize(&cols.value(1, row).text());
    if name.is_empty() {
        out.errors
            .push(cols.error(1, specs, line, "Tên chỉ tiêu không được để trống"));
    } else if name.chars().count() > 1000 {
        out.errors
            .push(cols.error(1, specs, line, "Tên chỉ tiêu dài quá 1.000 ký tự"));
    }
    let measure = vi::normalize(&cols.value(2, row).text());
    let direction_text = cols.value(3, row).text();
    let direction = parse_direction(&direction_text);
    if direction.is_none() {
        let message = if direction_text.is_empty() {
            "Cần ghi chiều đánh giá".to_string()
        } else {
            format!("Không hiểu chiều \"{direction_text}\"")
        };
        out.errors.push(cols.error(
            3,
            specs,
            line,
            format!(
                "{message}: Càng cao càng tốt, Càng thấp càng tốt, Đạt / không đạt hoặc Thứ hạng"
            ),
        ));
    }
    let plan = quantity(cols.value(4, row), direction)
        .map_err(|m| out.errors.push(cols.error(4, specs, line, m)))
        .ok();
    let actual_value = cols.value(5, row);
    let actual = if actual_value.is_empty() {
        None
    } else {
        quantity(actual_value, direction)
            .map_err(|m| out.errors.push(cols.error(5, specs, line, m)))
            .ok()
    };
    let note = optional_text(cols.value(6, row));
    let indicator = optional_text(cols.value(TARGET_INDICATOR, row)).map(|code| {
        let cell = cols.error(TARGET_INDICATOR, specs, line, "");
        (code_key(&code), cell)
    });
    if out.errors.len() == before {
        if let (Some(direction), Some(plan)) = (direction, plan) {
            out.rows.push(ImportedTarget {
                line,
                code,
                position,
                name,
                measure,
                direction,
                plan,
                actual,
                note,
                indicator,
            });
        }
    }
}

pub(super) fn item_row(
    cols: &Columns,
    bodies: &[Body],
    row: &[Value],
    line: usize,
    out: &mut Outcome<ItemDraft>,
) {
    let specs = &ITEM_COLUMNS;
    let before = out.errors.len();
    let _ = parse_position(cols.value(0, row))
        .map_err(|m| out.errors.push(cols.error(0, specs, line, m)));
    let known = || {
        bodies
            .iter()
            .map(|b| b.short_name.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let lead_text = cols.value(2, row).text();
    let lead = if lead_text.is_empty() {
        out.errors
            .push(cols.error(2, specs, line, "Cần ghi cơ quan chủ trì"));
        None
    } else {
        let found = find_body(bodies, &lead_text);
        if found.is_none() {
            out.errors.push(cols.error(
                2,
                specs,
                line,
                format!("Không có cơ quan \"{lead_text}\"; các cơ quan: {}", known()),
            ));
        }
        found
    };
    let mut partners = Vec::new();
    for name in cols
        .value(3, row)
        .text()
        .split([',', ';', '\n'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        match find_body(bodies, name) {
            Some(b) => partners.push(b.id),
            None => out.errors.push(cols.error(
                3,
                specs,
                line,
                format!("Không có cơ quan \"{name}\"; các cơ quan: {}", known()),
            )),
        }
    }
    let starts = date_of(cols.value(4, row))
        .map_err(|m| out.errors.push(cols.error(4, specs, line, m)))
        .ok();
    let ends = date_of(cols.value(5, row))
        .map_err(|m| out.errors.push(cols.error(5, specs, line, m)))
        .ok();
    let status_text = cols.value(6, row).text();
    let status = parse_status(&status_text);
    if status.is_none() {
        let labels: Vec<&str> = ItemStatus::ALL.iter().map(|s| s.label()).collect();
        out.errors.push(cols.error(
            6,
            specs,
            line,
            format!(
                "Không hiểu trạng thái \"{status_text}\"; dùng: {}",
                labels.join(", ")
            ),
        ));
    }
    let frame = match (starts, ends) {
        (Some(s), Some(e)) => TimeFrame::new(s, e)
            .map_err(|err| {
                let m = err
                    .for_field("ends_on")
                    .unwrap_or("Thời gian không hợp lệ")
                    .to_string();
                out.errors.push(cols.error(5, specs, line, m));
            })
            .ok(),
        _ => None,
    };
    let content = cols.value(1, row).text();
    // The item's own rules run even when other cells failed, so that every bad cell is named;
    // a stand-in lead and time frame take the place of the ones that could not be read.
    let stand_in = NaiveDate::default();
    let draft = ItemDraft::parse(
        &content,
        lead.map_or(-1, |b| b.id),
        partners,
        frame.unwrap_or(TimeFrame {
            starts_on: stand_in,
            ends_on: stand_in,
        }),
        status.unwrap_or(ItemStatus::NotStarted),
    );
    match draft {
        Ok(draft) if out.errors.len() == before => out.rows.push(draft),
        Ok(_) => {}
        Err(e) => {
            for fe in e.errors {
                let spec = if fe.field == "content" { 1 } else { 3 };
                out.errors.push(cols.error(spec, specs, line, fe.message));
            }
        }
    }
}
