//! The lists of the portal as tables of typed cells, for the XLSX exports (numbers and dates that
//! Excel adds up), the CSV exports (written the way the pages write them) and the open-data archive
//! (written for machines); the command line's `export` uses the same.
//!
//! The target and item tables use the headers the importer reads, so an exported sheet, edited,
//! goes back in through the import: the summary line sits below the table, where the importer
//! passes over it, and every target carries its code, by which the import finds it again.

use std::collections::HashMap;

use docs::export::{Cell, ExportError};
use domain::article::{Article, Category};
use domain::body::Body;
use domain::programme::ProgrammeItem;
use domain::target::{BudgetLine, Direction, Target, TargetSummary};
use rust_decimal::Decimal;

/// The two spreadsheet formats of every export.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sheet {
    Xlsx,
    Csv,
}

impl Sheet {
    pub fn extension(self) -> &'static str {
        match self {
            Self::Xlsx => "xlsx",
            Self::Csv => "csv",
        }
    }

    pub fn content_type(self) -> &'static str {
        match self {
            Self::Xlsx => super::XLSX,
            Self::Csv => super::CSV,
        }
    }

    /// From a name such as "xlsx" or a file name ending in ".csv".
    pub fn parse(s: &str) -> Option<Self> {
        let ext = s.rsplit('.').next().unwrap_or(s).to_ascii_lowercase();
        match ext.as_str() {
            "xlsx" => Some(Self::Xlsx),
            "csv" => Some(Self::Csv),
            _ => None,
        }
    }
}

/// A table: a title (the download's name), its headers and rows, and the lines that go below it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    /// "Chỉ tiêu năm 2020": the file is saved under this name.
    pub title: String,
    pub headers: Vec<&'static str>,
    pub rows: Vec<Vec<Cell>>,
    /// Written under the table after an empty row: the review's summary line.
    pub notes: Vec<String>,
}

impl Table {
    /// The table as a file of the given format: typed cells in a workbook, the portal's way of
    /// writing numbers and dates in a CSV.
    pub fn to_bytes(&self, sheet: Sheet) -> Result<Vec<u8>, ExportError> {
        match sheet {
            Sheet::Xlsx => docs::export::export_xlsx(&self.headers, &self.rows, &self.notes),
            Sheet::Csv => Ok(docs::export::export_csv(&self.headers, &self.for_people())),
        }
    }

    /// The rows as the portal writes them, then an empty row and the notes, one a row.
    pub fn for_people(&self) -> Vec<Vec<String>> {
        let width = self.headers.len();
        let mut rows: Vec<Vec<String>> = self
            .rows
            .iter()
            .map(|row| row.iter().map(Cell::for_people).collect())
            .collect();
        if !self.notes.is_empty() {
            rows.push(vec![String::new(); width]);
        }
        for note in &self.notes {
            let mut row = vec![String::new(); width];
            row[0] = note.clone();
            rows.push(row);
        }
        rows
    }
}

/// A row as a program reads it (see [`Cell::for_machines`]).
pub fn for_machines(row: &[Cell]) -> Vec<String> {
    row.iter().map(Cell::for_machines).collect()
}

/// A money amount, in whole units as the budget table shows it.
fn amount(d: Decimal) -> Cell {
    Cell::Number {
        value: d,
        decimals: 0,
    }
}

fn percent_cell(p: Option<Decimal>) -> Cell {
    p.map_or(Cell::Empty, Cell::Percent)
}

fn whole(n: i64) -> Cell {
    Cell::Number {
        value: Decimal::from(n),
        decimals: 0,
    }
}

pub const TARGET_HEADERS: [&str; 10] = [
    "STT",
    "Mã chỉ tiêu",
    "Chỉ tiêu",
    "Đơn vị tính",
    "Chiều",
    "Kế hoạch",
    "Thực hiện",
    "% kế hoạch",
    "Đánh giá",
    "Ghi chú",
];

/// A plan or actual value of a target, typed as its direction reads: a quantity, a rank, Có/Không.
/// Written for people it is what [`Target::format_value`] writes.
pub fn target_value(t: &Target, value: Decimal) -> Cell {
    match t.direction {
        Direction::YesNo => Cell::YesNo(!value.is_zero()),
        Direction::Rank => Cell::Rank(value),
        Direction::HigherIsBetter | Direction::LowerIsBetter => Cell::Number { value, decimals: 2 },
    }
}

/// One row of the targets table.
pub fn target_row(t: &Target) -> Vec<Cell> {
    vec![
        whole(t.position),
        Cell::text(t.code.clone()),
        Cell::text(t.name.clone()),
        Cell::text(t.measure.clone()),
        Cell::text(t.direction.label()),
        target_value(t, t.plan),
        t.actual.map_or(Cell::Empty, |a| target_value(t, a)),
        percent_cell(t.percent_of_plan()),
        Cell::text(t.evaluation().label()),
        Cell::text(t.note.clone().unwrap_or_default()),
    ]
}

/// The targets of a year, then below them the summary line of the review ("hoàn thành và hoàn
/// thành vượt mức 13/15 chỉ tiêu").
///
/// A target counting toward a province's indicator names it in a last column, "Mã danh mục", which
/// the import reads back: `indicators` gives each such target's indicator code.
pub fn targets(year: i32, targets: &[Target], indicators: &HashMap<i64, String>) -> Table {
    let notes = if targets.is_empty() {
        Vec::new()
    } else {
        vec![format!(
            "{} {}",
            docs::import::SUMMARY_PREFIX,
            TargetSummary::of(targets.iter()).sentence()
        )]
    };
    Table {
        title: format!("Chỉ tiêu năm {year}"),
        headers: TARGET_HEADERS
            .iter()
            .copied()
            .chain(["Mã danh mục"])
            .collect(),
        rows: targets
            .iter()
            .map(|t| {
                let mut row = target_row(t);
                row.push(Cell::text(
                    indicators.get(&t.id).cloned().unwrap_or_default(),
                ));
                row
            })
            .collect(),
        notes,
    }
}

pub const ITEM_HEADERS: [&str; 8] = [
    "STT",
    "Nội dung",
    "Cơ quan chủ trì",
    "Cơ quan phối hợp",
    "Bắt đầu",
    "Kết thúc",
    "Trạng thái",
    "Tiến độ",
];

/// Short names of bodies by id.
pub fn body_names(bodies: &[Body]) -> HashMap<i64, String> {
    bodies
        .iter()
        .map(|b| (b.id, b.short_name.clone()))
        .collect()
}

/// The contents of a programme.
pub fn items(year: i32, items: &[ProgrammeItem], bodies: &[Body]) -> Table {
    let names = body_names(bodies);
    let name = |id: &i64| names.get(id).cloned().unwrap_or_default();
    Table {
        title: format!("Nội dung phối hợp năm {year}"),
        headers: ITEM_HEADERS.to_vec(),
        rows: items
            .iter()
            .map(|i| {
                vec![
                    whole(i.position),
                    Cell::text(i.content.clone()),
                    Cell::text(name(&i.lead_body_id)),
                    Cell::text(
                        i.partner_body_ids
                            .iter()
                            .map(name)
                            .collect::<Vec<_>>()
                            .join("; "),
                    ),
                    Cell::Date(i.time_frame.starts_on),
                    Cell::Date(i.time_frame.ends_on),
                    Cell::text(i.status.label()),
                    Cell::text(
                        i.notes
                            .iter()
                            .map(|n| format!("{}: {}", domain::time::short_date(n.on), n.text))
                            .collect::<Vec<_>>()
                            .join("\n"),
                    ),
                ]
            })
            .collect(),
        notes: Vec::new(),
    }
}

pub const NEWS_HEADERS: [&str; 6] = [
    "Tiêu đề",
    "Thời gian đăng",
    "Danh mục",
    "Tóm tắt",
    "Tác giả",
    "Đường dẫn",
];

/// Published articles, newest first, as the list shows them.
pub fn news(title: &str, articles: &[Article], categories: &[Category]) -> Table {
    Table {
        title: title.to_string(),
        headers: NEWS_HEADERS.to_vec(),
        rows: articles
            .iter()
            .map(|a| {
                vec![
                    Cell::text(a.title.clone()),
                    a.published_at.map_or(Cell::Empty, Cell::DateTime),
                    Cell::text(
                        categories
                            .iter()
                            .filter(|c| a.category_ids.contains(&c.id))
                            .map(|c| c.name.clone())
                            .collect::<Vec<_>>()
                            .join("; "),
                    ),
                    Cell::text(a.summary.clone()),
                    Cell::text(a.byline.clone()),
                    Cell::text(format!("/tin-tuc/{}", a.slug.as_str())),
                ]
            })
            .collect(),
        notes: Vec::new(),
    }
}

/// A budget line as the targets page shows it: name, estimate, actual, % of the estimate.
pub fn budget_row(b: &BudgetLine) -> Vec<Cell> {
    vec![
        Cell::text(b.name.clone()),
        amount(b.estimate),
        b.actual.map_or(Cell::Empty, amount),
        percent_cell(b.percent_of_estimate()),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sheets_are_named_by_extension() {
        assert_eq!(Sheet::parse("xlsx"), Some(Sheet::Xlsx));
        assert_eq!(Sheet::parse("out/chi-tieu.CSV"), Some(Sheet::Csv));
        assert_eq!(Sheet::parse("pdf"), None);
    }
}
