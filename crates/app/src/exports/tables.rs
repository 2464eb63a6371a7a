//! The lists of the portal as tables of strings, written the way the pages write them, for the
//! XLSX and CSV exports and the open-data archive; the command line's `export` uses the same.
//!
//! The target and item tables use the headers the importer reads, so an exported sheet, edited,
//! goes back in through the import (the summary line under the targets aside).

use std::collections::HashMap;

use docs::export::ExportError;
use domain::article::{Article, Category};
use domain::body::Body;
use domain::programme::ProgrammeItem;
use domain::target::{BudgetLine, Target, TargetSummary};
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

/// A table: a title (the download's name), its headers and rows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    /// "Chỉ tiêu năm 2020": the file is saved under this name.
    pub title: String,
    pub headers: Vec<&'static str>,
    pub rows: Vec<Vec<String>>,
}

impl Table {
    /// The table as a file of the given format.
    pub fn to_bytes(&self, sheet: Sheet) -> Result<Vec<u8>, ExportError> {
        match sheet {
            Sheet::Xlsx => docs::export::export_xlsx(&self.headers, &self.rows),
            Sheet::Csv => Ok(docs::export::export_csv(&self.headers, &self.rows)),
        }
    }
}

/// "104,6%" or "—".
pub fn percent(p: Option<Decimal>) -> String {
    p.map(|p| vi::format_percent(&p.normalize().to_string(), 1))
        .unwrap_or_default()
}

fn amount(d: Decimal) -> String {
    vi::format_decimal(&d.normalize().to_string(), 0)
}

pub const TARGET_HEADERS: [&str; 9] = [
    "STT",
    "Chỉ tiêu",
    "Đơn vị tính",
    "Chiều",
    "Kế hoạch",
    "Thực hiện",
    "% kế hoạch",
    "Đánh giá",
    "Ghi chú",
];

/// One row of the targets table.
pub fn target_row(t: &Target) -> Vec<String> {
    vec![
        t.position.to_string(),
        t.name.clone(),
        t.measure.clone(),
        t.direction.label().to_string(),
        t.format_value(t.plan),
        t.actual.map(|a| t.format_value(a)).unwrap_or_default(),
        percent(t.percent_of_plan()),
        t.evaluation().label().to_string(),
        t.note.clone().unwrap_or_default(),
    ]
}

/// The targets of a year, then the summary line of the review ("hoàn thành và hoàn thành vượt
/// mức 13/15 chỉ tiêu") in a last row of its own.
pub fn targets(year: i32, targets: &[Target]) -> Table {
    let mut rows: Vec<Vec<String>> = targets.iter().map(target_row).collect();
    if !targets.is_empty() {
        let mut summary = vec![String::new(); TARGET_HEADERS.len()];
        summary[1] = format!("Tổng hợp: {}", TargetSummary::of(targets.iter()).sentence());
        rows.push(summary);
    }
    Table {
        title: format!("Chỉ tiêu năm {year}"),
        headers: TARGET_HEADERS.to_vec(),
        rows,
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
                    i.position.to_string(),
                    i.content.clone(),
                    name(&i.lead_body_id),
                    i.partner_body_ids
                        .iter()
                        .map(name)
                        .collect::<Vec<_>>()
                        .join("; "),
                    domain::time::short_date(i.time_frame.starts_on),
                    domain::time::short_date(i.time_frame.ends_on),
                    i.status.label().to_string(),
                    i.notes
                        .iter()
                        .map(|n| format!("{}: {}", domain::time::short_date(n.on), n.text))
                        .collect::<Vec<_>>()
                        .join("\n"),
                ]
            })
            .collect(),
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
                    a.title.clone(),
                    a.published_at
                        .map(domain::time::short_datetime)
                        .unwrap_or_default(),
                    categories
                        .iter()
                        .filter(|c| a.category_ids.contains(&c.id))
                        .map(|c| c.name.clone())
                        .collect::<Vec<_>>()
                        .join("; "),
                    a.summary.clone(),
                    a.byline.clone(),
                    format!("/tin-tuc/{}", a.slug.as_str()),
                ]
            })
            .collect(),
    }
}

/// A budget line as the targets page shows it: name, estimate, actual, % of the estimate.
pub fn budget_row(b: &BudgetLine) -> Vec<String> {
    vec![
        b.name.clone(),
        amount(b.estimate),
        b.actual.map(amount).unwrap_or_default(),
        percent(b.percent_of_estimate()),
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
