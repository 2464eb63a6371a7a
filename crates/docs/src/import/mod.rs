//! Import of targets (chỉ tiêu) and programme items from spreadsheets (XLSX) and CSV files: headers
//! are found whatever their case or diacritics, every bad cell is reported with its address and a
//! Vietnamese message, and nothing is returned unless every row is good — a half-imported sheet is
//! worse than none. CSV is read record by record, so a file of 100,000 rows is never held whole.

use std::io::Read;

use domain::body::Body;
use domain::programme::ItemDraft;
use domain::target::Direction;
use rust_decimal::Decimal;

use cells::{Columns, Spec, Value, ITEM_COLUMNS, TARGET_COLUMNS};
use readers::{csv_rows, xlsx_rows};
use rows::{item_row, target_rows};

pub use rows::code_key;

pub use cells::{column_letter, parse_direction};
pub use templates::{items_template_xlsx, targets_template_xlsx};
pub use units::{import_units_csv, import_units_xlsx, ImportedUnit, UnitField, UnitsRead};

mod cells;
mod readers;
mod rows;
mod templates;
mod units;

#[cfg(test)]
mod tests;

/// One cell that could not be read, addressed as Excel shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CellError {
    /// Row number, 1-based, as in Excel (the header is usually row 1).
    pub row: usize,
    /// Column letter: "A", "B", … "AA".
    pub column: String,
    /// The column's header as the file writes it.
    pub column_name: String,
    /// What is wrong, in Vietnamese.
    pub message: String,
}

impl CellError {
    /// Where the cell is, as a list of errors names it: "Dòng 4, cột C (Tên đơn vị)".
    pub fn location(&self) -> String {
        if self.column.is_empty() {
            format!("Dòng {} ({})", self.row, self.column_name)
        } else {
            format!(
                "Dòng {}, cột {} ({})",
                self.row, self.column, self.column_name
            )
        }
    }
}

impl std::fmt::Display for CellError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "Ô {}{} (cột \"{}\"): {}",
            self.column, self.row, self.column_name, self.message
        )
    }
}

/// Why a file was not imported. Nothing is imported in any of these cases.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ImportError {
    /// The file is not a readable spreadsheet or CSV.
    #[error("Không đọc được tệp: {0}")]
    Unreadable(String),
    /// The file inflates, or reaches, beyond what an import reads.
    #[error("Tệp quá lớn để nhập: {0}; hãy chia thành nhiều tệp nhỏ hơn")]
    TooLarge(String),
    /// The file has no header row.
    #[error("Tệp không có dòng tiêu đề")]
    NoHeader,
    /// Required columns are not among the headers.
    #[error("Tệp thiếu cột: {}", .0.join(", "))]
    MissingColumns(Vec<String>),
    /// Cells with bad values: all of them, in row order.
    #[error("Có {} ô không hợp lệ, chưa nhập dòng nào: {}", .0.len(), .0.first().map(ToString::to_string).unwrap_or_default())]
    Cells(Vec<CellError>),
}

/// The first words of the line an export writes below a table ("Tổng hợp: hoàn thành … 13/15 chỉ
/// tiêu"); a row holding only such a line is not data, and is passed over.
pub const SUMMARY_PREFIX: &str = "Tổng hợp:";

/// What the first cell of a template's example row says; that row is never imported.
pub const EXAMPLE_MARK: &str = "Ví dụ";

/// A target read from a file, ready to be stored under a programme.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportedTarget {
    /// The row in the file, as Excel numbers it.
    pub line: usize,
    /// The "Mã chỉ tiêu" column: what the row is matched by against the programme's targets.
    pub code: Option<String>,
    /// The STT column, when given.
    pub position: Option<i64>,
    /// The target's name, normalised (NFC, traditional tone placement).
    pub name: String,
    /// Unit of measure; empty when the column is absent or blank.
    pub measure: String,
    /// Which way is better.
    pub direction: Direction,
    /// The planned value.
    pub plan: Decimal,
    /// The achieved value, when the file gives one.
    pub actual: Option<Decimal>,
    /// The "Ghi chú" column.
    pub note: Option<String>,
    /// The "Mã danh mục" column: the code of the province's indicator the target counts toward
    /// (in capitals), with its cell, to name it if the catalogue has no such code. Without it
    /// the target's link stays as it is.
    pub indicator: Option<(String, CellError)>,
}

/// Collects rows or errors; all or nothing.
struct Outcome<T> {
    rows: Vec<T>,
    errors: Vec<CellError>,
}

impl<T> Outcome<T> {
    fn new() -> Self {
        Self {
            rows: Vec::new(),
            errors: Vec::new(),
        }
    }

    fn finish(self) -> Result<Vec<T>, ImportError> {
        let (rows, errors) = self.into_parts();
        if errors.is_empty() {
            Ok(rows)
        } else {
            Err(ImportError::Cells(errors))
        }
    }

    /// The good rows and the bad cells, for a caller that checks more before it decides.
    fn into_parts(mut self) -> (Vec<T>, Vec<CellError>) {
        sort_cells(&mut self.errors);
        (self.rows, self.errors)
    }
}

/// Bad cells in reading order: by row, then left to right.
pub fn sort_cells(errors: &mut [CellError]) {
    errors.sort_by(|a, b| {
        (a.row, a.column.len(), &a.column).cmp(&(b.row, b.column.len(), &b.column))
    });
}

/// How often the progress callback is told, in rows.
const PROGRESS_EVERY: usize = 1000;

/// Runs rows through a row parser: finds the header (the first non-empty row), then parses every
/// non-empty row after it, reporting progress.
fn run<T>(
    specs: &[Spec],
    rows: impl Iterator<Item = Result<(usize, Vec<Value>), ImportError>>,
    parse: impl FnMut(&Columns, &[Value], usize, &mut Outcome<T>),
    progress: impl FnMut(usize),
) -> Result<Vec<T>, ImportError> {
    collect(specs, rows, parse, progress)?.finish()
}

/// Every row through the parser: the good rows and the bad cells, both kept.
fn collect<T>(
    specs: &[Spec],
    mut rows: impl Iterator<Item = Result<(usize, Vec<Value>), ImportError>>,
    mut parse: impl FnMut(&Columns, &[Value], usize, &mut Outcome<T>),
    mut progress: impl FnMut(usize),
) -> Result<Outcome<T>, ImportError> {
    let columns = loop {
        match rows.next() {
            None => return Err(ImportError::NoHeader),
            Some(row) => {
                let (_, row) = row?;
                if row.iter().any(|v| !v.is_empty()) {
                    break Columns::find(specs, &row)?;
                }
            }
        }
    };
    let mut out = Outcome::new();
    let mut done = 0;
    for row in rows {
        let (line, row) = row?;
        if row.iter().all(Value::is_empty) || is_summary(&row) || is_example(&row) {
            continue;
        }
        parse(&columns, &row, line, &mut out);
        done += 1;
        if done % PROGRESS_EVERY == 0 {
            progress(done);
        }
    }
    if done % PROGRESS_EVERY != 0 || done == 0 {
        progress(done);
    }
    Ok(out)
}

/// A row whose one filled cell is an export's summary line.
fn is_summary(row: &[Value]) -> bool {
    let mut filled = row.iter().filter(|v| !v.is_empty());
    match (filled.next(), filled.next()) {
        (Some(Value::Text(t)), None) => {
            cells::header_key(t).starts_with(&cells::header_key(SUMMARY_PREFIX))
        }
        _ => false,
    }
}

/// A template's example row: its first filled cell says "Ví dụ".
fn is_example(row: &[Value]) -> bool {
    row.iter()
        .find(|v| !v.is_empty())
        .is_some_and(|v| cells::header_key(&v.text()) == cells::header_key(EXAMPLE_MARK))
}

/// Targets from an XLSX file (first sheet).
pub fn import_targets_xlsx(
    bytes: &[u8],
    progress: impl FnMut(usize),
) -> Result<Vec<ImportedTarget>, ImportError> {
    run(
        &TARGET_COLUMNS,
        xlsx_rows(bytes)?.into_iter().map(Ok),
        target_rows(),
        progress,
    )
}

/// Targets from a CSV file (UTF-8 with or without BOM, or a legacy Vietnamese encoding; comma,
/// semicolon or tab separated), read as a stream.
pub fn import_targets_csv<R: Read>(
    reader: R,
    progress: impl FnMut(usize),
) -> Result<Vec<ImportedTarget>, ImportError> {
    run(&TARGET_COLUMNS, csv_rows(reader)?, target_rows(), progress)
}

/// Programme items from an XLSX file; body names are matched against `bodies` (short or full
/// name, whatever the case and diacritics).
pub fn import_items_xlsx(
    bytes: &[u8],
    bodies: &[Body],
    progress: impl FnMut(usize),
) -> Result<Vec<ItemDraft>, ImportError> {
    run(
        &ITEM_COLUMNS,
        xlsx_rows(bytes)?.into_iter().map(Ok),
        |c, r, l, o| item_row(c, bodies, r, l, o),
        progress,
    )
}

/// Programme items from a CSV file, read as a stream.
pub fn import_items_csv<R: Read>(
    reader: R,
    bodies: &[Body],
    progress: impl FnMut(usize),
) -> Result<Vec<ItemDraft>, ImportError> {
    run(
        &ITEM_COLUMNS,
        csv_rows(reader)?,
        |c, r, l, o| item_row(c, bodies, r, l, o),
        progress,
    )
}
