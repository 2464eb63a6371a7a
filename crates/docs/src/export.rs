//! Tables out: XLSX and CSV (UTF-8 with BOM, so Excel shows Vietnamese correctly) for any table of
//! strings, a streaming CSV writer for large exports, and the open-data archive — a ZIP of CSV and
//! JSON files with a README.md that describes every field.

use std::io::{Cursor, Write};

use chrono::{Datelike, NaiveDate};
use zip::write::SimpleFileOptions;

/// An export could not be written.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// The XLSX writer refused the data.
    #[error("Không tạo được tệp Excel: {0}")]
    Xlsx(String),
    /// The ZIP archive could not be assembled.
    #[error("Không tạo được tệp nén: {0}")]
    Zip(#[from] zip::result::ZipError),
    /// The output refused the bytes.
    #[error("Không ghi được tệp: {0}")]
    Io(#[from] std::io::Error),
    /// The CSV writer failed.
    #[error("Không ghi được tệp CSV: {0}")]
    Csv(#[from] csv::Error),
}

/// Excel keeps at most this many characters in a cell.
const EXCEL_CELL_MAX: usize = 32_767;

/// A table as an XLSX workbook of one sheet: bold header row, frozen, columns sized to their
/// content. Every value is written as text, exactly as given.
pub fn export_xlsx(headers: &[&str], rows: &[Vec<String>]) -> Result<Vec<u8>, ExportError> {
    use rust_xlsxwriter::{Format, Workbook};
    let err = |e: rust_xlsxwriter::XlsxError| ExportError::Xlsx(e.to_string());
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name("Dữ liệu").map_err(err)?;
    let bold = Format::new().set_bold();
    let mut widths: Vec<usize> = headers.iter().map(|h| h.chars().count()).collect();
    for (c, h) in headers.iter().enumerate() {
        sheet
            .write_string_with_format(0, c as u16, vi::nfc(h), &bold)
            .map_err(err)?;
    }
    for (r, row) in rows.iter().enumerate() {
        for (c, value) in row.iter().enumerate() {
            let value = vi::nfc(value);
            let value: String = if value.chars().count() > EXCEL_CELL_MAX {
                value
                    .chars()
                    .take(EXCEL_CELL_MAX - 1)
                    .chain(['…'])
                    .collect()
            } else {
                value
            };
            if let Some(w) = widths.get_mut(c) {
                *w = (*w).max(value.chars().count());
            }
            sheet
                .write_string(r as u32 + 1, c as u16, value)
                .map_err(err)?;
        }
    }
    for (c, w) in widths.iter().enumerate() {
        sheet
            .set_column_width(c as u16, (*w as f64 + 2.0).clamp(6.0, 80.0))
            .map_err(err)?;
    }
    sheet.set_freeze_panes(1, 0).map_err(err)?;
    workbook.save_to_buffer().map_err(err)
}

/// A cell that a spreadsheet would run as a formula gets a leading apostrophe; numbers such as
/// "-0,3" and list items such as "- Văn bản" stay as they are.
fn neutralise(value: &str) -> std::borrow::Cow<'_, str> {
    let mut chars = value.chars();
    let risky = match chars.next() {
        Some('=' | '+' | '@' | '\t' | '\r') => true,
        Some('-') => !matches!(chars.next(), None | Some('0'..='9' | ' ' | ',' | '.')),
        _ => false,
    };
    if risky {
        format!("'{value}").into()
    } else {
        value.into()
    }
}

/// Writes a table as CSV to `out`, row by row: UTF-8 with BOM, comma separated, CRLF line ends,
/// as Excel on Vietnamese Windows reads it.
pub fn write_csv<W: Write>(
    out: W,
    headers: &[&str],
    rows: impl IntoIterator<Item = Vec<String>>,
) -> Result<(), ExportError> {
    let mut out = out;
    out.write_all(b"\xEF\xBB\xBF")?;
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(out);
    writer.write_record(headers.iter().map(|h| vi::nfc(h)))?;
    for row in rows {
        writer.write_record(row.iter().map(|v| vi::nfc(&neutralise(v))))?;
    }
    writer.flush()?;
    Ok(())
}

/// A table as CSV bytes (see [`write_csv`]).
pub fn export_csv(headers: &[&str], rows: &[Vec<String>]) -> Vec<u8> {
    let mut out = Vec::new();
    // Writing into memory cannot fail.
    let _ = write_csv(&mut out, headers, rows.iter().cloned());
    out
}

/// One field of an open-data table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenDataColumn {
    /// The header in the CSV and the key in the JSON: "chi_tieu".
    pub name: String,
    /// What the field holds, for the README: "Tên chỉ tiêu".
    pub description: String,
}

/// One table of the archive.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenDataTable {
    /// File name without extension; slugified: "chi-tieu-2020".
    pub file_stem: String,
    /// Heading of the table in the README.
    pub title: String,
    /// What the table holds and where it comes from.
    pub description: String,
    /// The fields, in the order of each row's values.
    pub columns: Vec<OpenDataColumn>,
    /// The values, one `Vec` per row, as the portal shows them.
    pub rows: Vec<Vec<String>>,
}

/// An open-data archive: what it is, who publishes it under which licence, and its tables.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenDataArchive {
    /// Heading of the README.
    pub title: String,
    /// The body that publishes the data.
    pub publisher: String,
    /// "CC BY 4.0".
    pub license: String,
    /// The day the data was taken; also the files' time stamp.
    pub generated_on: NaiveDate,
    /// The tables, each written as CSV and JSON.
    pub tables: Vec<OpenDataTable>,
}

fn readme(archive: &OpenDataArchive, stems: &[String]) -> String {
    let cell = |s: &str| s.replace('|', "\\|").replace('\n', " ");
    let mut md = format!(
        "# {}\n\n- Đơn vị công bố: {}\n- Giấy phép: {}\n- Ngày tạo: {}\n\n\
         Mỗi bảng có hai tệp cùng nội dung: `.csv` (UTF-8 có BOM, phân tách bằng dấu phẩy) và \
         `.json` (mảng các đối tượng, khóa là tên trường). Số viết theo kiểu Việt Nam trong các \
         tệp được giữ nguyên như trên cổng thông tin.\n",
        archive.title,
        archive.publisher,
        archive.license,
        domain::time::short_date(archive.generated_on),
    );
    for (t, stem) in archive.tables.iter().zip(stems) {
        md.push_str(&format!(
            "\n## {}\n\n{}\n\nTệp: `{stem}.csv`, `{stem}.json` — {} dòng.\n\n| Trường | Mô tả |\n| --- | --- |\n",
            t.title,
            t.description,
            t.rows.len()
        ));
        for c in &t.columns {
            md.push_str(&format!(
                "| `{}` | {} |\n",
                cell(&c.name),
                cell(&c.description)
            ));
        }
    }
    md
}

fn json_rows(t: &OpenDataTable) -> String {
    let rows: Vec<serde_json::Value> = t
        .rows
        .iter()
        .map(|row| {
            serde_json::Value::Object(
                t.columns
                    .iter()
                    .enumerate()
                    .map(|(i, c)| {
                        let v = row.get(i).map(|v| vi::nfc(v)).unwrap_or_default();
                        (c.name.clone(), serde_json::Value::String(v))
                    })
                    .collect(),
            )
        })
        .collect();
    serde_json::to_string_pretty(&rows).unwrap_or_else(|_| "[]".to_string())
}

/// The archive as ZIP bytes: README.md, then a CSV and a JSON file per table.
pub fn open_data_archive(archive: &OpenDataArchive) -> Result<Vec<u8>, ExportError> {
    let d = archive.generated_on;
    let stamp = zip::DateTime::from_date_and_time(
        u16::try_from(d.year()).unwrap_or(1980),
        d.month() as u8,
        d.day() as u8,
        0,
        0,
        0,
    )
    .unwrap_or_default();
    let options = SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(stamp);
    let mut stems: Vec<String> = Vec::new();
    for (i, t) in archive.tables.iter().enumerate() {
        let mut stem = vi::slugify(&t.file_stem);
        if stem.is_empty() {
            stem = format!("bang-{}", i + 1);
        }
        if stems.contains(&stem) {
            stem = format!("{stem}-{}", i + 1);
        }
        stems.push(stem);
    }
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    zip.start_file("README.md", options)?;
    zip.write_all(readme(archive, &stems).as_bytes())?;
    for (t, stem) in archive.tables.iter().zip(&stems) {
        let headers: Vec<&str> = t.columns.iter().map(|c| c.name.as_str()).collect();
        zip.start_file(format!("{stem}.csv"), options)?;
        write_csv(&mut zip, &headers, t.rows.iter().cloned())?;
        zip.start_file(format!("{stem}.json"), options)?;
        zip.write_all(json_rows(t).as_bytes())?;
    }
    Ok(zip.finish()?.into_inner())
}

#[cfg(test)]
mod tests {
    use std::io::Read;

    use super::*;

    fn table() -> (Vec<&'static str>, Vec<Vec<String>>) {
        (
            vec!["STT", "Chỉ tiêu", "Kế hoạch", "Thực hiện"],
            vec![
                vec![
                    "1".into(),
                    "Tỷ lệ dân số tham gia bảo hiểm y tế".into(),
                    "90".into(),
                    "91,2".into(),
                ],
                vec![
                    "2".into(),
                    "Tỷ lệ tăng dân số tự nhiên".into(),
                    "-0,3".into(),
                    "=1+1".into(),
                ],
            ],
        )
    }

    #[test]
    fn csv_starts_with_a_bom_and_keeps_vietnamese_intact() {
        let (h, rows) = table();
        let bytes = export_csv(&h, &rows);
        assert!(bytes.starts_with(b"\xEF\xBB\xBF"));
        let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
        assert!(text.starts_with("STT,Chỉ tiêu,Kế hoạch,Thực hiện\r\n"));
        assert!(text.contains("1,Tỷ lệ dân số tham gia bảo hiểm y tế,90,\"91,2\"\r\n"));
    }

    #[test]
    fn formulas_are_defused_but_negative_numbers_are_not() {
        let (h, rows) = table();
        let text = String::from_utf8(export_csv(&h, &rows)).unwrap();
        assert!(text.contains("\"-0,3\",'=1+1"));
        assert_eq!(neutralise("- Văn bản số 215"), "- Văn bản số 215");
        assert_eq!(neutralise("-cmd"), "'-cmd");
        assert_eq!(neutralise("@SUM(A1)"), "'@SUM(A1)");
    }

    #[test]
    fn exported_csv_reads_back_through_the_importer() {
        let headers = [
            "STT",
            "Chỉ tiêu",
            "Đơn vị tính",
            "Chiều",
            "Kế hoạch",
            "Thực hiện",
        ];
        let rows = vec![vec![
            "1",
            "Thu ngân sách",
            "%",
            "Càng cao càng tốt",
            "100",
            "104,6",
        ]
        .into_iter()
        .map(String::from)
        .collect()];
        let bytes = export_csv(&headers, &rows);
        let back = crate::import::import_targets_csv(&bytes[..], |_| {}).unwrap();
        assert_eq!(back[0].actual, Some(rust_decimal::dec!(104.6)));
    }

    #[test]
    fn xlsx_export_holds_the_strings_as_text() {
        use calamine::{Data, Reader, Xlsx};
        let (h, rows) = table();
        let bytes = export_xlsx(&h, &rows).unwrap();
        let mut wb: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes)).unwrap();
        let range = wb.worksheet_range_at(0).unwrap().unwrap();
        assert_eq!(wb.sheet_names(), ["Dữ liệu"]);
        assert_eq!(range.get((0, 1)), Some(&Data::String("Chỉ tiêu".into())));
        assert_eq!(range.get((2, 3)), Some(&Data::String("=1+1".into())));
        assert_eq!(range.get((1, 3)), Some(&Data::String("91,2".into())));
    }

    #[test]
    fn the_open_data_archive_has_csv_json_and_a_readme_describing_every_field() {
        let (h, rows) = table();
        let archive = OpenDataArchive {
            title: "Chỉ tiêu phát triển kinh tế - xã hội quận Cầu Giấy".into(),
            publisher: "UBND quận Cầu Giấy".into(),
            license: "CC BY 4.0".into(),
            generated_on: NaiveDate::from_ymd_opt(2021, 1, 23).unwrap(),
            tables: vec![OpenDataTable {
                file_stem: "Chỉ tiêu 2020".into(),
                title: "Chỉ tiêu năm 2020".into(),
                description: "Kế hoạch và kết quả thực hiện.".into(),
                columns: h
                    .iter()
                    .map(|c| OpenDataColumn {
                        name: c.to_string(),
                        description: format!("Cột {c}"),
                    })
                    .collect(),
                rows,
            }],
        };
        let bytes = open_data_archive(&archive).unwrap();
        let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
        let mut names: Vec<String> = zip.file_names().map(|n| n.unwrap().to_string()).collect();
        names.sort();
        assert_eq!(
            names,
            ["README.md", "chi-tieu-2020.csv", "chi-tieu-2020.json"]
        );
        let mut readme = String::new();
        zip.by_name("README.md")
            .unwrap()
            .read_to_string(&mut readme)
            .unwrap();
        assert!(readme.contains("| `Chỉ tiêu` | Cột Chỉ tiêu |"));
        assert!(readme.contains("2 dòng"));
        let mut json = String::new();
        zip.by_name("chi-tieu-2020.json")
            .unwrap()
            .read_to_string(&mut json)
            .unwrap();
        let value: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(value[0]["Chỉ tiêu"], "Tỷ lệ dân số tham gia bảo hiểm y tế");
        assert_eq!(value[1]["Thực hiện"], "=1+1");
    }
}
