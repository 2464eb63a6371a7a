//! The official list of administrative units from a spreadsheet: code, name, kind, the code of the
//! unit above, the first day in force, and optionally a host name. Each cell is checked here; what
//! needs the installation (does the unit above exist, is the code taken) the caller checks, and
//! reports through [`ImportedUnit::cell`] in the same words.

use std::io::Read;

use chrono::NaiveDate;

use super::cells::{date_of, optional_text, Columns, Spec, Value};
use super::readers::{csv_rows, xlsx_rows};
use super::{collect, CellError, ImportError, Outcome};

const CODE: usize = 0;
const NAME: usize = 1;
const KIND: usize = 2;
const PARENT: usize = 3;
const VALID_FROM: usize = 4;
const HOST: usize = 5;

const UNIT_COLUMNS: [Spec; 6] = [
    Spec {
        name: "Mã",
        aliases: &["Mã đơn vị", "Mã ĐVHC", "Mã số", "Code"],
        required: true,
    },
    Spec {
        name: "Tên",
        aliases: &["Tên đơn vị", "Tên ĐVHC", "Name"],
        required: true,
    },
    Spec {
        name: "Loại",
        aliases: &["Cấp", "Loại đơn vị", "Kind"],
        required: true,
    },
    Spec {
        name: "Mã đơn vị cấp trên",
        aliases: &["Mã cấp trên", "Mã tỉnh", "Đơn vị cấp trên", "Parent code"],
        required: false,
    },
    Spec {
        name: "Hiệu lực từ",
        aliases: &["Ngày hiệu lực", "Từ ngày", "Valid from"],
        required: true,
    },
    Spec {
        name: "Tên miền",
        aliases: &["Host", "Địa chỉ trang"],
        required: false,
    },
];

/// A unit read from the official list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportedUnit {
    /// The row in the file, as Excel numbers it.
    pub row: usize,
    pub code: String,
    pub name: String,
    /// As written, lowercased: "phường".
    pub kind: String,
    pub parent_code: Option<String>,
    pub valid_from: NaiveDate,
    pub host: Option<String>,
    /// Where each column is in the file, to name a cell the caller finds wrong.
    cells: Vec<(String, String)>,
}

/// The columns a caller may name in an error about a row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnitField {
    Code,
    Kind,
    Parent,
    Host,
}

impl ImportedUnit {
    /// A message about one cell of this row, addressed as the file's own cells are.
    pub fn cell(&self, field: UnitField, message: impl Into<String>) -> CellError {
        let at = match field {
            UnitField::Code => CODE,
            UnitField::Kind => KIND,
            UnitField::Parent => PARENT,
            UnitField::Host => HOST,
        };
        let (column, column_name) = self.cells[at].clone();
        CellError {
            row: self.row,
            column,
            column_name,
            message: message.into(),
        }
    }
}

fn unit_row(cols: &Columns, row: &[Value], line: usize, out: &mut Outcome<ImportedUnit>) {
    let specs = &UNIT_COLUMNS;
    let before = out.errors.len();
    let code = cols.value(CODE, row).text().trim().to_string();
    if code.is_empty() || code.len() > 10 || !code.bytes().all(|b| b.is_ascii_digit()) {
        out.errors.push(cols.error(
            CODE,
            specs,
            line,
            "Mã đơn vị là dãy chữ số theo danh mục của Tổng cục Thống kê",
        ));
    }
    let name = vi::normalize(cols.value(NAME, row).text().trim());
    if name.is_empty() || name.chars().count() > 100 {
        out.errors.push(cols.error(
            NAME,
            specs,
            line,
            "Tên đơn vị không được để trống (tối đa 100 ký tự)",
        ));
    }
    let kind = vi::normalize(cols.value(KIND, row).text().trim()).to_lowercase();
    if !domain::unit::KINDS.contains(&kind.as_str()) {
        out.errors.push(cols.error(
            KIND,
            specs,
            line,
            format!(
                "Loại đơn vị phải là một trong: {}",
                domain::unit::KINDS.join(", ")
            ),
        ));
    }
    let parent_code = optional_text(cols.value(PARENT, row));
    let valid_from = date_of(cols.value(VALID_FROM, row))
        .map_err(|m| out.errors.push(cols.error(VALID_FROM, specs, line, m)))
        .ok();
    let host = domain::unit::parse_host(&cols.value(HOST, row).text())
        .map_err(|e| {
            out.errors
                .push(cols.error(HOST, specs, line, e.errors[0].message.clone()))
        })
        .ok()
        .flatten();
    if out.errors.len() == before {
        if let Some(valid_from) = valid_from {
            out.rows.push(ImportedUnit {
                row: line,
                code,
                name,
                kind,
                parent_code,
                valid_from,
                host,
                cells: (0..UNIT_COLUMNS.len())
                    .map(|i| {
                        let e = cols.error(i, specs, line, "");
                        (e.column, e.column_name)
                    })
                    .collect(),
            });
        }
    }
}

/// Units from an XLSX file (first sheet).
pub fn import_units_xlsx(bytes: &[u8]) -> Result<UnitsRead, ImportError> {
    let (rows, errors) = collect(
        &UNIT_COLUMNS,
        xlsx_rows(bytes)?.into_iter().map(Ok),
        unit_row,
        |_| {},
    )?
    .into_parts();
    Ok(UnitsRead { rows, errors })
}

/// Units from a CSV file (UTF-8, or a legacy Vietnamese encoding).
pub fn import_units_csv<R: Read>(reader: R) -> Result<UnitsRead, ImportError> {
    let (rows, errors) = collect(&UNIT_COLUMNS, csv_rows(reader)?, unit_row, |_| {})?.into_parts();
    Ok(UnitsRead { rows, errors })
}

/// The official list as read: the rows whose every cell is good, and every bad cell of the
/// others, so the caller adds what it checks against the installation and reports all at once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnitsRead {
    pub rows: Vec<ImportedUnit>,
    pub errors: Vec<CellError>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_official_list_reads_each_unit_and_names_every_bad_cell() {
        let csv = "Mã,Tên,Loại,Mã đơn vị cấp trên,Hiệu lực từ,Tên miền\n\
                   01,Hà Nội,Thành phố,,02/07/1976,\n\
                   00160,Nghĩa Đô,Phường,01,01/07/2025,nghiado.hanoi.gov.vn\n";
        let read = import_units_csv(csv.as_bytes()).unwrap();
        assert!(read.errors.is_empty());
        let units = read.rows;
        assert_eq!(units.len(), 2);
        assert_eq!(units[1].kind, "phường");
        assert_eq!(units[1].parent_code.as_deref(), Some("01"));
        assert_eq!(units[1].host.as_deref(), Some("nghiado.hanoi.gov.vn"));
        assert_eq!(units[1].row, 3);
        let e = units[1].cell(UnitField::Parent, "Không có đơn vị mã 01");
        assert_eq!((e.row, e.column.as_str()), (3, "D"));

        let bad = "Mã,Tên,Loại,Mã đơn vị cấp trên,Hiệu lực từ\n\
                   x,,làng,01,31/02/2025\n\
                   00160,Nghĩa Đô,phường,01,01/07/2025\n";
        let read = import_units_csv(bad.as_bytes()).unwrap();
        let columns: Vec<&str> = read.errors.iter().map(|e| e.column.as_str()).collect();
        assert_eq!(columns, ["A", "B", "C", "E"]);
        // The good row is kept for the checks against the installation.
        assert_eq!(read.rows.len(), 1);
    }
}
