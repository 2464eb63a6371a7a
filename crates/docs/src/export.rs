//! Tables out: XLSX with typed cells (numbers, percentages and dates that Excel can add up), CSV
//! (UTF-8 with BOM, so Excel shows Vietnamese correctly) for any table of strings, a streaming CSV
//! writer for large exports (the open-data archive, [`crate::open_data`], writes its tables with it).

use std::io::Write;

use chrono::{DateTime, Datelike, NaiveDate, Timelike, Utc};
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;

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

/// One cell of an exported table, typed: a workbook stores numbers and dates as Excel does, a CSV
/// for people writes them as the portal shows them, and an open-data file as machines read them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cell {
    Empty,
    Text(String),
    /// A quantity, shown with at most `decimals` decimals.
    Number {
        value: Decimal,
        decimals: u32,
    },
    /// A share in percent: 104.6 is 104,6 %.
    Percent(Decimal),
    /// A place in a ranking: "Thứ 1".
    Rank(Decimal),
    /// A yes/no value: "Có" or "Không".
    YesNo(bool),
    Date(NaiveDate),
    /// An instant, shown in Vietnam's time.
    DateTime(DateTime<Utc>),
}

impl Cell {
    /// Text, or nothing when the text is empty.
    pub fn text(s: impl Into<String>) -> Self {
        let s = s.into();
        if s.is_empty() {
            Self::Empty
        } else {
            Self::Text(s)
        }
    }

    /// As the portal writes it: "1.234,5", "104,6%", "Thứ 1", "Có", "21/01/2021".
    pub fn for_people(&self) -> String {
        match self {
            Self::Empty => String::new(),
            Self::Text(s) => s.clone(),
            Self::Number { value, decimals } => {
                vi::format_decimal(&value.normalize().to_string(), *decimals as usize)
            }
            Self::Percent(p) => vi::percent(Some(p)),
            Self::Rank(r) => format!("Thứ {}", r.normalize()),
            Self::YesNo(b) => if *b { "Có" } else { "Không" }.to_string(),
            Self::Date(d) => domain::time::short_date(*d),
            Self::DateTime(at) => domain::time::short_datetime(*at),
        }
    }

    /// As a program reads it: "1234.5", "104.6" (percent), 1 or 0 for yes/no, "2021-01-21",
    /// "2021-01-23T14:46:00+07:00".
    pub fn for_machines(&self) -> String {
        match self {
            Self::Empty => String::new(),
            Self::Text(s) => s.clone(),
            Self::Number { value, .. } | Self::Percent(value) | Self::Rank(value) => {
                value.normalize().to_string()
            }
            Self::YesNo(b) => u8::from(*b).to_string(),
            Self::Date(d) => d.format("%Y-%m-%d").to_string(),
            Self::DateTime(at) => at
                .with_timezone(&domain::time::vietnam())
                .to_rfc3339_opts(chrono::SecondsFormat::Secs, false),
        }
    }
}

/// Digits after the decimal point that a value shows, at most `max`.
fn shown_decimals(value: Decimal, max: u32) -> usize {
    value.normalize().scale().min(max) as usize
}

/// The number format of a quantity. A format string cannot ask for Vietnamese separators: Excel
/// writes `#,##0.0` with the separators of the reader's locale, so on Vietnamese Windows it shows
/// "1.234,5". The decimals are those the value has (at most what the portal shows), so 90 shows
/// "90" and 91,25 shows "91,25", never "90,00".
fn number_format(value: Decimal, max: u32) -> String {
    match shown_decimals(value, max) {
        0 => "#,##0".to_string(),
        n => format!("#,##0.{}", "0".repeat(n)),
    }
}

/// A table as an XLSX workbook of one sheet: bold header row, frozen and repeated on every printed
/// page, A4 paper, columns sized to their content, numbers, percentages and dates as typed cells.
/// `notes` (the review's summary line) go below the table after an empty row, outside it, so that
/// the sheet reads back through the importer as the table alone.
pub fn export_xlsx(
    headers: &[&str],
    rows: &[Vec<Cell>],
    notes: &[String],
) -> Result<Vec<u8>, ExportError> {
    use rust_xlsxwriter::{ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook};
    let err = |e: rust_xlsxwriter::XlsxError| ExportError::Xlsx(e.to_string());
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name("Dữ liệu").map_err(err)?;
    let bold = Format::new()
        .set_bold()
        .set_text_wrap()
        .set_align(FormatAlign::Top)
        .set_border_bottom(FormatBorder::Thin);
    let top = Format::new().set_align(FormatAlign::Top);
    let wrapped = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    let date = top.clone().set_num_format("dd/mm/yyyy");
    let date_time = top.clone().set_num_format("dd/mm/yyyy hh:mm");
    let mut widths: Vec<usize> = headers.iter().map(|h| h.chars().count()).collect();
    for (c, h) in headers.iter().enumerate() {
        sheet
            .write_string_with_format(0, c as u16, vi::nfc(h), &bold)
            .map_err(err)?;
    }
    for (r, row) in rows.iter().enumerate() {
        let r = r as u32 + 1;
        for (c, cell) in row.iter().enumerate() {
            let col = c as u16;
            let shown = cell.for_people();
            if let Some(w) = widths.get_mut(c) {
                *w = (*w).max(shown.chars().count());
            }
            match cell {
                Cell::Empty => {}
                Cell::Text(value) => {
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
                    let format = if value.contains('\n') { &wrapped } else { &top };
                    sheet
                        .write_string_with_format(r, col, value, format)
                        .map_err(err)?;
                }
                Cell::YesNo(_) => {
                    sheet
                        .write_string_with_format(r, col, shown, &top)
                        .map_err(err)?;
                }
                Cell::Number { value, decimals } => {
                    let format = top.clone().set_num_format(number_format(*value, *decimals));
                    sheet
                        .write_number_with_format(r, col, value.to_f64().unwrap_or(0.0), &format)
                        .map_err(err)?;
                }
                // Stored as a fraction, as Excel keeps percentages: 104,6% is 1.046.
                Cell::Percent(p) => {
                    let format = top.clone().set_num_format(match shown_decimals(*p, 1) {
                        0 => "0%".to_string(),
                        n => format!("0.{}%", "0".repeat(n)),
                    });
                    let fraction = (*p / Decimal::ONE_HUNDRED).to_f64().unwrap_or(0.0);
                    sheet
                        .write_number_with_format(r, col, fraction, &format)
                        .map_err(err)?;
                }
                // A number that reads "Thứ 1", so ranks sort and compare as numbers.
                Cell::Rank(value) => {
                    let format = top.clone().set_num_format("\"Thứ \"0");
                    sheet
                        .write_number_with_format(r, col, value.to_f64().unwrap_or(0.0), &format)
                        .map_err(err)?;
                }
                Cell::Date(d) => {
                    let day = ExcelDateTime::from_ymd(
                        u16::try_from(d.year()).unwrap_or(1900),
                        d.month() as u8,
                        d.day() as u8,
                    )
                    .map_err(err)?;
                    sheet
                        .write_datetime_with_format(r, col, day, &date)
                        .map_err(err)?;
                }
                Cell::DateTime(at) => {
                    let local = at.with_timezone(&domain::time::vietnam());
                    let moment = ExcelDateTime::from_ymd(
                        u16::try_from(local.year()).unwrap_or(1900),
                        local.month() as u8,
                        local.day() as u8,
                    )
                    .and_then(|d| d.and_hms(local.hour() as u16, local.minute() as u8, 0))
                    .map_err(err)?;
                    sheet
                        .write_datetime_with_format(r, col, moment, &date_time)
                        .map_err(err)?;
                }
            }
        }
    }
    let below = rows.len() as u32 + 2;
    let italic = Format::new().set_italic();
    for (i, note) in notes.iter().enumerate() {
        sheet
            .write_string_with_format(below + i as u32, 0, vi::nfc(note), &italic)
            .map_err(err)?;
    }
    for (c, w) in widths.iter().enumerate() {
        sheet
            .set_column_width(c as u16, (*w as f64 + 2.0).clamp(6.0, 60.0))
            .map_err(err)?;
    }
    sheet.set_freeze_panes(1, 0).map_err(err)?;
    // Printed as offices print: A4, the header row on every page, one page wide, numbered.
    sheet.set_paper_size(9);
    if headers.len() > 5 {
        sheet.set_landscape();
    }
    sheet.set_repeat_rows(0, 0).map_err(err)?;
    sheet.set_print_fit_to_pages(1, 0);
    sheet.set_footer("&CTrang &P/&N");
    workbook.save_to_buffer().map_err(err)
}

/// A cell that a spreadsheet would run as a formula gets a leading apostrophe (OWASP's advice for
/// CSV injection). Excel and LibreOffice start a formula at `=`, `+`, `-` or `@`, after leading
/// spaces too, and read TAB and CR as the start of a cell; a number, negative or signed, in the
/// Vietnamese or the plain format ("-0,3", "-1.234,5", "-3.5", "12%"), is not a formula and stays
/// a number.
fn neutralise(value: &str) -> std::borrow::Cow<'_, str> {
    let start = value.trim_start_matches(' ');
    let risky = match start.chars().next() {
        Some('=' | '+' | '-' | '@') => !is_number(start),
        Some('\t' | '\r' | '\n') => true,
        _ => false,
    };
    if risky {
        format!("'{value}").into()
    } else {
        value.into()
    }
}

/// Whether a cell is a number and nothing else: an optional sign, digits with `.` and `,` between
/// them, an optional `%`.
fn is_number(text: &str) -> bool {
    let digits = text.strip_prefix(['-', '+']).unwrap_or(text);
    let digits = digits.strip_suffix('%').unwrap_or(digits);
    digits.starts_with(|c: char| c.is_ascii_digit())
        && digits.ends_with(|c: char| c.is_ascii_digit())
        && digits
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == ',')
}

/// Whom a CSV is written for. Excel set to Vietnamese (decimal comma) splits a line at its list
/// separator, `;`, and opens a comma-separated file as one column; programs and open-data portals
/// read commas, with plain numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CsvFor {
    /// `;` between cells, numbers as Vietnamese write them ("104,6").
    People,
    /// `,` between cells, numbers with a point.
    Machines,
}

/// Writes a table as CSV to `out`, row by row: UTF-8 with BOM, CRLF line ends, cells separated
/// as its readers expect (see [`CsvFor`]).
pub fn write_csv<W: Write>(
    out: W,
    headers: &[&str],
    rows: impl IntoIterator<Item = Vec<String>>,
    readers: CsvFor,
) -> Result<(), ExportError> {
    let mut out = out;
    out.write_all(b"\xEF\xBB\xBF")?;
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .delimiter(match readers {
            CsvFor::People => b';',
            CsvFor::Machines => b',',
        })
        .from_writer(out);
    writer.write_record(headers.iter().map(|h| vi::nfc(h)))?;
    for row in rows {
        writer.write_record(row.iter().map(|v| vi::nfc(&neutralise(v))))?;
    }
    writer.flush()?;
    Ok(())
}

/// A table as CSV bytes for people, to open in Excel (see [`write_csv`]).
pub fn export_csv(headers: &[&str], rows: &[Vec<String>]) -> Vec<u8> {
    let mut out = Vec::new();
    // Writing into memory cannot fail.
    let _ = write_csv(&mut out, headers, rows.iter().cloned(), CsvFor::People);
    out
}

#[cfg(test)]
mod tests {
    use std::io::{Cursor, Read};

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
        assert!(text.starts_with("STT;Chỉ tiêu;Kế hoạch;Thực hiện\r\n"));
        // Cells apart as Excel set to Vietnamese splits them, the decimal comma left alone.
        assert!(text.contains("1;Tỷ lệ dân số tham gia bảo hiểm y tế;90;91,2\r\n"));
    }

    #[test]
    fn a_csv_for_machines_keeps_commas_between_cells() {
        let mut out = Vec::new();
        write_csv(
            &mut out,
            &["nam", "ke_hoach"],
            [vec!["2021".to_string(), "91.2".to_string()]],
            CsvFor::Machines,
        )
        .unwrap();
        assert_eq!(
            String::from_utf8(out[3..].to_vec()).unwrap(),
            "nam,ke_hoach\r\n2021,91.2\r\n"
        );
    }

    #[test]
    fn formulas_are_defused_but_negative_numbers_are_not() {
        let (h, rows) = table();
        let text = String::from_utf8(export_csv(&h, &rows)).unwrap();
        assert!(text.contains("-0,3;'=1+1"));
        assert_eq!(neutralise("-cmd"), "'-cmd");
        assert_eq!(neutralise("@SUM(A1)"), "'@SUM(A1)");
        // A sum of numbers is still a formula: the issue's example runs a program.
        assert_eq!(
            neutralise("-2+3+cmd|' /C calc'!A0"),
            "'-2+3+cmd|' /C calc'!A0"
        );
        assert_eq!(neutralise("  =1+1"), "'  =1+1");
        assert_eq!(neutralise("- Văn bản số 215"), "'- Văn bản số 215");
        assert_eq!(neutralise("+84 24 3756"), "'+84 24 3756");
        for number in ["-0,3", "-1.234,5", "-3.5", "+12", "12%", "-7", "0"] {
            assert_eq!(neutralise(number), number, "{number} stays a number");
        }
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

    fn typed() -> (Vec<&'static str>, Vec<Vec<Cell>>) {
        let at = chrono::DateTime::parse_from_rfc3339("2021-01-23T14:46:00+07:00")
            .unwrap()
            .with_timezone(&Utc);
        (
            vec![
                "STT",
                "Chỉ tiêu",
                "Kế hoạch",
                "Thực hiện",
                "% kế hoạch",
                "Ngày",
                "Lúc",
            ],
            vec![
                vec![
                    Cell::Number {
                        value: rust_decimal::dec!(1),
                        decimals: 0,
                    },
                    Cell::text("Thu ngân sách"),
                    Cell::Number {
                        value: rust_decimal::dec!(9530000),
                        decimals: 2,
                    },
                    Cell::Number {
                        value: rust_decimal::dec!(104.6),
                        decimals: 2,
                    },
                    Cell::Percent(rust_decimal::dec!(104.6)),
                    Cell::Date(NaiveDate::from_ymd_opt(2021, 1, 21).unwrap()),
                    Cell::DateTime(at),
                ],
                vec![
                    Cell::Number {
                        value: rust_decimal::dec!(2),
                        decimals: 0,
                    },
                    Cell::text("=1+1"),
                    Cell::Rank(rust_decimal::dec!(1)),
                    Cell::YesNo(true),
                    Cell::Empty,
                    Cell::Empty,
                    Cell::Empty,
                ],
            ],
        )
    }

    #[test]
    fn xlsx_export_writes_numbers_percentages_and_dates_as_typed_cells() {
        use calamine::{Data, Reader, Xlsx};
        let (h, rows) = typed();
        let bytes = export_xlsx(&h, &rows, &["Tổng hợp: 1/1".into()]).unwrap();
        let mut wb: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes)).unwrap();
        let range = wb.worksheet_range_at(0).unwrap().unwrap();
        assert_eq!(wb.sheet_names(), ["Dữ liệu"]);
        assert_eq!(range.get((0, 1)), Some(&Data::String("Chỉ tiêu".into())));
        assert_eq!(range.get((1, 0)), Some(&Data::Float(1.0)));
        assert_eq!(range.get((1, 2)), Some(&Data::Float(9_530_000.0)));
        assert_eq!(range.get((1, 3)), Some(&Data::Float(104.6)));
        assert_eq!(range.get((1, 4)), Some(&Data::Float(1.046)));
        // Excel counts days from 30/12/1899; 21/01/2021 is day 44217.
        match range.get((1, 5)) {
            Some(Data::DateTime(d)) => assert!(d.is_datetime() && d.as_f64() == 44217.0),
            other => panic!("a typed date, not {other:?}"),
        }
        match range.get((1, 6)) {
            Some(Data::DateTime(d)) => {
                let minutes = ((d.as_f64() - 44219.0) * 24.0 * 60.0).round();
                assert!(d.is_datetime() && minutes == (14 * 60 + 46) as f64, "{d:?}");
            }
            other => panic!("a typed date and time, not {other:?}"),
        }
        // A formula stays text; a rank is a number that reads "Thứ 1".
        assert_eq!(range.get((2, 1)), Some(&Data::String("=1+1".into())));
        assert_eq!(range.get((2, 2)), Some(&Data::Float(1.0)));
        assert_eq!(range.get((2, 3)), Some(&Data::String("Có".into())));
        // The summary sits below the table after an empty row.
        assert_eq!(range.get((3, 0)), Some(&Data::Empty));
        assert_eq!(
            range.get((4, 0)),
            Some(&Data::String("Tổng hợp: 1/1".into()))
        );
    }

    #[test]
    fn xlsx_export_is_set_up_for_a4_with_the_header_repeated_on_every_page() {
        let (h, rows) = typed();
        let bytes = export_xlsx(&h, &rows, &[]).unwrap();
        let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
        let mut sheet = String::new();
        zip.by_name("xl/worksheets/sheet1.xml")
            .unwrap()
            .read_to_string(&mut sheet)
            .unwrap();
        assert!(sheet.contains(r#"paperSize="9""#), "{sheet}");
        assert!(sheet.contains(r#"orientation="landscape""#));
        let mut workbook = String::new();
        zip.by_name("xl/workbook.xml")
            .unwrap()
            .read_to_string(&mut workbook)
            .unwrap();
        assert!(workbook.contains("_xlnm.Print_Titles"), "{workbook}");
        assert!(workbook.contains("$1:$1"));
    }

    #[test]
    fn cells_are_written_for_people_and_for_machines() {
        let (_, rows) = typed();
        let people: Vec<String> = rows[0].iter().map(Cell::for_people).collect();
        assert_eq!(
            people,
            [
                "1",
                "Thu ngân sách",
                "9.530.000",
                "104,6",
                "104,6%",
                "21/01/2021",
                "23/01/2021 14:46"
            ]
        );
        let machines: Vec<String> = rows[0].iter().map(Cell::for_machines).collect();
        assert_eq!(
            machines,
            [
                "1",
                "Thu ngân sách",
                "9530000",
                "104.6",
                "104.6",
                "2021-01-21",
                "2021-01-23T14:46:00+07:00"
            ]
        );
        assert_eq!(rows[1][2].for_people(), "Thứ 1");
        assert_eq!(rows[1][3].for_people(), "Có");
        assert_eq!(rows[1][3].for_machines(), "1");
    }
}
