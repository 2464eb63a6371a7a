//! Import of targets (chỉ tiêu) and programme items from spreadsheets (XLSX) and CSV files: headers
//! are found whatever their case or diacritics, every bad cell is reported with its address and a
//! Vietnamese message, and nothing is returned unless every row is good — a half-imported sheet is
//! worse than none. CSV is read record by record, so a file of 100,000 rows is never held whole.

use std::io::{BufRead, BufReader, Cursor, Read};

use calamine::{Data, Reader, Xlsx};
use chrono::NaiveDate;
use domain::body::Body;
use domain::programme::{ItemDraft, ItemStatus, TimeFrame};
use domain::target::{parse_quantity, Direction};
use rust_decimal::Decimal;

use crate::export::ExportError;
use crate::legacy::{self, Encoding};

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

/// A target read from a file, ready to be stored under a programme.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportedTarget {
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
}

/// A cell's value as read from either kind of file.
#[derive(Debug, Clone, PartialEq)]
enum Value {
    Empty,
    Text(String),
    Number(Decimal),
    Date(NaiveDate),
}

impl Value {
    fn is_empty(&self) -> bool {
        match self {
            Value::Empty => true,
            Value::Text(t) => t.trim().is_empty(),
            _ => false,
        }
    }

    fn text(&self) -> String {
        match self {
            Value::Empty => String::new(),
            Value::Text(t) => t.trim().to_string(),
            Value::Number(n) => n.normalize().to_string(),
            Value::Date(d) => domain::time::short_date(*d),
        }
    }
}

fn from_excel(d: &Data) -> Value {
    match d {
        Data::Empty => Value::Empty,
        Data::String(s) => Value::Text(vi::normalize(s)),
        Data::Int(i) => Value::Number(Decimal::from(*i)),
        // The shortest decimal that reads back as the same float is what Excel displays.
        Data::Float(f) => f
            .to_string()
            .parse::<Decimal>()
            .map_or_else(|_| Value::Text(f.to_string()), Value::Number),
        Data::Bool(b) => Value::Number(Decimal::from(u8::from(*b))),
        Data::DateTime(dt) if dt.is_datetime() => {
            // Excel's serial day 0 is 1899-12-30 once its 1900 leap-year bug is accounted for.
            let days = dt.as_f64().floor() as i64;
            NaiveDate::from_ymd_opt(1899, 12, 30)
                .and_then(|base| base.checked_add_signed(chrono::Duration::days(days)))
                .map_or(Value::Empty, Value::Date)
        }
        Data::DateTime(dt) => Value::Text(dt.as_f64().to_string()),
        Data::DateTimeIso(s) => domain::time::parse_date(s.get(..10).unwrap_or(s))
            .map_or_else(|| Value::Text(s.clone()), Value::Date),
        Data::DurationIso(s) => Value::Text(s.clone()),
        Data::Error(e) => Value::Text(format!("#{e:?}")),
    }
}

/// "A", "B", … "Z", "AA" for a 0-based column index.
pub fn column_letter(index: usize) -> String {
    let mut n = index + 1;
    let mut out = Vec::new();
    while n > 0 {
        let rem = (n - 1) % 26;
        out.push(b'A' + rem as u8);
        n = (n - 1) / 26;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

/// Folded header text: no case, no diacritics, letters and digits only.
fn header_key(s: &str) -> String {
    vi::fold(s)
        .chars()
        .filter(|c| c.is_alphanumeric())
        .collect()
}

/// A column the importer knows, by its Vietnamese names.
struct Spec {
    name: &'static str,
    aliases: &'static [&'static str],
    required: bool,
}

const TARGET_COLUMNS: [Spec; 7] = [
    Spec {
        name: "STT",
        aliases: &["TT", "Số thứ tự"],
        required: false,
    },
    Spec {
        name: "Chỉ tiêu",
        aliases: &["Tên chỉ tiêu", "Nội dung chỉ tiêu"],
        required: true,
    },
    Spec {
        name: "Đơn vị tính",
        aliases: &["ĐVT", "Đơn vị"],
        required: false,
    },
    Spec {
        name: "Chiều",
        aliases: &["Chiều đánh giá", "Hướng", "Direction"],
        required: true,
    },
    Spec {
        name: "Kế hoạch",
        aliases: &["KH", "Chỉ tiêu kế hoạch", "Kế hoạch giao", "Plan"],
        required: true,
    },
    Spec {
        name: "Thực hiện",
        aliases: &["TH", "Kết quả thực hiện", "Kết quả", "Actual"],
        required: false,
    },
    Spec {
        name: "Ghi chú",
        aliases: &["Note"],
        required: false,
    },
];

const ITEM_COLUMNS: [Spec; 7] = [
    Spec {
        name: "STT",
        aliases: &["TT", "Số thứ tự"],
        required: false,
    },
    Spec {
        name: "Nội dung",
        aliases: &["Nội dung phối hợp", "Nội dung công việc"],
        required: true,
    },
    Spec {
        name: "Cơ quan chủ trì",
        aliases: &["Chủ trì", "Đơn vị chủ trì"],
        required: true,
    },
    Spec {
        name: "Cơ quan phối hợp",
        aliases: &["Phối hợp", "Đơn vị phối hợp"],
        required: false,
    },
    Spec {
        name: "Bắt đầu",
        aliases: &["Ngày bắt đầu", "Từ ngày"],
        required: true,
    },
    Spec {
        name: "Kết thúc",
        aliases: &["Ngày kết thúc", "Đến ngày", "Thời hạn"],
        required: true,
    },
    Spec {
        name: "Trạng thái",
        aliases: &["Tình trạng"],
        required: false,
    },
];

/// Where each known column sits in the file, and its header as written.
struct Columns {
    /// For each spec, the file's column index and header text.
    at: Vec<Option<(usize, String)>>,
}

impl Columns {
    fn find(specs: &[Spec], header: &[Value]) -> Result<Self, ImportError> {
        let keys: Vec<String> = header.iter().map(|v| header_key(&v.text())).collect();
        let at: Vec<Option<(usize, String)>> = specs
            .iter()
            .map(|spec| {
                let wanted: Vec<String> = std::iter::once(spec.name)
                    .chain(spec.aliases.iter().copied())
                    .map(header_key)
                    .collect();
                keys.iter()
                    .position(|k| wanted.contains(k))
                    .map(|i| (i, header[i].text()))
            })
            .collect();
        let missing: Vec<String> = specs
            .iter()
            .zip(&at)
            .filter(|(s, a)| s.required && a.is_none())
            .map(|(s, _)| s.name.to_string())
            .collect();
        if missing.is_empty() {
            Ok(Self { at })
        } else {
            Err(ImportError::MissingColumns(missing))
        }
    }

    fn value<'a>(&self, spec: usize, row: &'a [Value]) -> &'a Value {
        self.at[spec]
            .as_ref()
            .and_then(|(i, _)| row.get(*i))
            .unwrap_or(&Value::Empty)
    }

    fn error(
        &self,
        spec: usize,
        specs: &[Spec],
        row: usize,
        message: impl Into<String>,
    ) -> CellError {
        let (column, column_name) = match &self.at[spec] {
            Some((i, name)) => (column_letter(*i), name.clone()),
            None => (String::new(), specs[spec].name.to_string()),
        };
        CellError {
            row,
            column,
            column_name,
            message: message.into(),
        }
    }
}

/// Parses a direction written as a code or as Vietnamese people write it.
pub fn parse_direction(s: &str) -> Option<Direction> {
    let key = header_key(s);
    if let Some(d) = Direction::parse(s.trim()) {
        return Some(d);
    }
    match key.as_str() {
        "higher" | "cangcaocangtot" | "caohon" | "tang" | "cao" => Some(Direction::HigherIsBetter),
        "lower" | "cangthapcangtot" | "thaphon" | "giam" | "thap" => Some(Direction::LowerIsBetter),
        "yesno" | "datkhongdat" | "cokhong" | "hoanthanhkhonghoanthanh" => Some(Direction::YesNo),
        "rank" | "thuhang" | "xephang" | "hang" => Some(Direction::Rank),
        _ => None,
    }
}

/// A plan or actual value: a number, or for yes/no targets "Có"/"Không"/"Đạt"/"Không đạt", or
/// for ranks "Thứ 1".
fn quantity(value: &Value, direction: Option<Direction>) -> Result<Decimal, String> {
    match value {
        Value::Number(n) => Ok(*n),
        Value::Date(_) => Err("Giá trị phải là một số, không phải ngày tháng".into()),
        Value::Empty => Err("Cần nhập giá trị".into()),
        Value::Text(t) => {
            let key = header_key(t);
            match (direction, key.as_str()) {
                (Some(Direction::YesNo), "co" | "dat" | "hoanthanh" | "x") => {
                    return Ok(Decimal::ONE)
                }
                (Some(Direction::YesNo), "khong" | "khongdat" | "chuahoanthanh") => {
                    return Ok(Decimal::ZERO)
                }
                _ => {}
            }
            let t = match direction {
                Some(Direction::Rank) => {
                    let folded = vi::fold(t);
                    folded
                        .trim()
                        .strip_prefix("thu")
                        .map_or_else(|| t.clone(), |rest| rest.trim().to_string())
                }
                _ => t.clone(),
            };
            parse_quantity("value", &t).map_err(|e| {
                let mut message = e
                    .for_field("value")
                    .unwrap_or("Giá trị không hợp lệ")
                    .to_string();
                if direction == Some(Direction::YesNo) {
                    message.push_str(" (hoặc Có / Không)");
                }
                message
            })
        }
    }
}

fn optional_text(v: &Value) -> Option<String> {
    let t = v.text();
    (!t.is_empty()).then(|| vi::normalize(&t))
}

fn parse_position(v: &Value) -> Result<Option<i64>, String> {
    match v {
        Value::Empty => Ok(None),
        Value::Number(n) if n.fract().is_zero() => i64::try_from(*n)
            .map(Some)
            .map_err(|_| "Số thứ tự quá lớn".to_string()),
        other => {
            let t = other.text();
            if t.is_empty() {
                return Ok(None);
            }
            t.trim_end_matches('.')
                .parse::<i64>()
                .map(Some)
                .map_err(|_| "Số thứ tự phải là số nguyên".to_string())
        }
    }
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

    fn finish(mut self) -> Result<Vec<T>, ImportError> {
        if self.errors.is_empty() {
            Ok(self.rows)
        } else {
            // In reading order: by row, then left to right.
            self.errors.sort_by(|a, b| {
                (a.row, a.column.len(), &a.column).cmp(&(b.row, b.column.len(), &b.column))
            });
            Err(ImportError::Cells(self.errors))
        }
    }
}

fn target_row(cols: &Columns, row: &[Value], line: usize, out: &mut Outcome<ImportedTarget>) {
    let specs = &TARGET_COLUMNS;
    let before = out.errors.len();
    let position = parse_position(cols.value(0, row))
        .map_err(|m| out.errors.push(cols.error(0, specs, line, m)))
        .ok()
        .flatten();
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
    if out.errors.len() == before {
        if let (Some(direction), Some(plan)) = (direction, plan) {
            out.rows.push(ImportedTarget {
                position,
                name,
                measure,
                direction,
                plan,
                actual,
                note,
            });
        }
    }
}

/// Finds a body by its short or full name, whatever the case and diacritics.
fn find_body<'a>(bodies: &'a [Body], name: &str) -> Option<&'a Body> {
    let key = header_key(name);
    bodies
        .iter()
        .find(|b| header_key(&b.short_name) == key || header_key(&b.name) == key)
}

fn parse_status(s: &str) -> Option<ItemStatus> {
    if s.trim().is_empty() {
        return Some(ItemStatus::NotStarted);
    }
    let key = header_key(s);
    ItemStatus::parse(s.trim()).or_else(|| {
        ItemStatus::ALL
            .into_iter()
            .find(|st| header_key(st.label()) == key || header_key(st.as_str()) == key)
    })
}

fn date_of(v: &Value) -> Result<NaiveDate, String> {
    match v {
        Value::Date(d) => Ok(*d),
        Value::Empty => Err("Cần nhập ngày".into()),
        other => domain::time::parse_date(&other.text())
            .ok_or_else(|| "Ngày phải viết dạng 21/01/2021 hoặc 2021-01-21".to_string()),
    }
}

fn item_row(
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

/// How often the progress callback is told, in rows.
const PROGRESS_EVERY: usize = 1000;

/// Runs rows through a row parser: finds the header (the first non-empty row), then parses every
/// non-empty row after it, reporting progress.
fn run<T>(
    specs: &[Spec],
    mut rows: impl Iterator<Item = Result<(usize, Vec<Value>), ImportError>>,
    mut parse: impl FnMut(&Columns, &[Value], usize, &mut Outcome<T>),
    mut progress: impl FnMut(usize),
) -> Result<Vec<T>, ImportError> {
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
        if row.iter().all(Value::is_empty) {
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
    out.finish()
}

/// The rows of the first sheet of an XLSX file, numbered as Excel numbers them.
fn xlsx_rows(bytes: &[u8]) -> Result<Vec<(usize, Vec<Value>)>, ImportError> {
    let mut workbook: Xlsx<_> =
        calamine::open_workbook_from_rs(Cursor::new(bytes)).map_err(|e| {
            ImportError::Unreadable(format!("không phải tệp Excel (.xlsx) hợp lệ ({e})"))
        })?;
    let range = workbook
        .worksheet_range_at(0)
        .ok_or_else(|| ImportError::Unreadable("tệp không có trang tính nào".into()))?
        .map_err(|e| ImportError::Unreadable(e.to_string()))?;
    let (first_row, first_col) = range.start().unwrap_or((0, 0));
    Ok(range
        .rows()
        .enumerate()
        .map(|(i, cells)| {
            // Cells left of the used range are empty, so that column letters stay right.
            let mut row = vec![Value::Empty; first_col as usize];
            row.extend(cells.iter().map(from_excel));
            (first_row as usize + i + 1, row)
        })
        .collect())
}

/// A streaming reader of CSV records with the delimiter and encoding sniffed from the start.
fn csv_rows<R: Read>(
    reader: R,
) -> Result<impl Iterator<Item = Result<(usize, Vec<Value>), ImportError>>, ImportError> {
    let mut reader = BufReader::with_capacity(64 * 1024, reader);
    let head = reader
        .fill_buf()
        .map_err(|e| ImportError::Unreadable(e.to_string()))?;
    let bom = head.starts_with(b"\xEF\xBB\xBF");
    let head = if bom { &head[3..] } else { head };
    let encoding = match std::str::from_utf8(head) {
        Ok(_) => Encoding::Utf8,
        // A character cut at the end of the buffer is still UTF-8.
        Err(e) if e.error_len().is_none() => Encoding::Utf8,
        Err(_) => legacy::detect(head),
    };
    let first_line = head.split(|b| *b == b'\n').next().unwrap_or_default();
    let delimiter = [b',', b';', b'\t']
        .into_iter()
        .max_by_key(|d| first_line.iter().filter(|b| *b == d).count())
        .unwrap_or(b',');
    if bom {
        reader.consume(3);
    }
    let csv = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(reader);
    let mut record = csv::ByteRecord::new();
    let mut csv = csv;
    let mut index = 0usize;
    Ok(std::iter::from_fn(move || {
        match csv.read_byte_record(&mut record) {
            Ok(false) => None,
            Ok(true) => {
                index += 1;
                let values = record
                    .iter()
                    .map(|field| {
                        let text = match encoding {
                            Encoding::Utf8 | Encoding::Ascii => match std::str::from_utf8(field) {
                                Ok(s) => vi::normalize(s),
                                Err(_) => vi::normalize(&String::from_utf8_lossy(field)),
                            },
                            other => vi::normalize(&legacy::decode(field, other)),
                        };
                        if text.trim().is_empty() {
                            Value::Empty
                        } else {
                            Value::Text(text)
                        }
                    })
                    .collect();
                Some(Ok((index, values)))
            }
            Err(e) => Some(Err(ImportError::Unreadable(format!(
                "CSV lỗi ở dòng {}: {e}",
                index + 1
            )))),
        }
    }))
}

/// Targets from an XLSX file (first sheet).
pub fn import_targets_xlsx(
    bytes: &[u8],
    progress: impl FnMut(usize),
) -> Result<Vec<ImportedTarget>, ImportError> {
    run(
        &TARGET_COLUMNS,
        xlsx_rows(bytes)?.into_iter().map(Ok),
        target_row,
        progress,
    )
}

/// Targets from a CSV file (UTF-8 with or without BOM, or a legacy Vietnamese encoding; comma,
/// semicolon or tab separated), read as a stream.
pub fn import_targets_csv<R: Read>(
    reader: R,
    progress: impl FnMut(usize),
) -> Result<Vec<ImportedTarget>, ImportError> {
    run(&TARGET_COLUMNS, csv_rows(reader)?, target_row, progress)
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

fn template(
    headers: &[&str],
    example: &[&str],
    list: Option<(u16, &[&str])>,
    name: &str,
) -> Result<Vec<u8>, ExportError> {
    use rust_xlsxwriter::{DataValidation, Format, Workbook};
    let err = |e: rust_xlsxwriter::XlsxError| ExportError::Xlsx(e.to_string());
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name(name).map_err(err)?;
    let bold = Format::new().set_bold().set_text_wrap();
    for (i, h) in headers.iter().enumerate() {
        let col = i as u16;
        sheet
            .write_string_with_format(0, col, *h, &bold)
            .map_err(err)?;
        sheet
            .write_string(1, col, example.get(i).copied().unwrap_or(""))
            .map_err(err)?;
        let width = if i == 1 { 60.0 } else { 18.0 };
        sheet.set_column_width(col, width).map_err(err)?;
    }
    sheet.set_freeze_panes(1, 0).map_err(err)?;
    if let Some((col, values)) = list {
        let validation = DataValidation::new()
            .allow_list_strings(values)
            .map_err(err)?;
        sheet
            .add_data_validation(1, col, 10_000, col, &validation)
            .map_err(err)?;
    }
    workbook.save_to_buffer().map_err(err)
}

/// A blank XLSX for targets, with the headers the importer reads, one example row and a list of
/// the directions in the "Chiều" column.
pub fn targets_template_xlsx() -> Result<Vec<u8>, ExportError> {
    let headers: Vec<&str> = TARGET_COLUMNS.iter().map(|s| s.name).collect();
    let directions: Vec<&str> = Direction::ALL.iter().map(|d| d.label()).collect();
    template(
        &headers,
        &[
            "1",
            "Tỷ lệ dân số tham gia bảo hiểm y tế",
            "%",
            "Càng cao càng tốt",
            "90",
            "91,2",
            "",
        ],
        Some((3, &directions)),
        "Chỉ tiêu",
    )
}

/// A blank XLSX for programme items, with one example row and a list of the statuses.
pub fn items_template_xlsx() -> Result<Vec<u8>, ExportError> {
    let headers: Vec<&str> = ITEM_COLUMNS.iter().map(|s| s.name).collect();
    let statuses: Vec<&str> = ItemStatus::ALL.iter().map(|s| s.label()).collect();
    template(
        &headers,
        &[
            "1",
            "Phối hợp tuyên truyền, triển khai thực hiện Nghị quyết Đại hội Đảng bộ các cấp",
            "UBND quận",
            "HĐND quận, Ủy ban MTTQ Việt Nam quận",
            "01/01/2021",
            "31/12/2021",
            "Chưa triển khai",
        ],
        Some((6, &statuses)),
        "Nội dung phối hợp",
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal::dec;

    fn csv(text: &str) -> Result<Vec<ImportedTarget>, ImportError> {
        import_targets_csv(text.as_bytes(), |_| {})
    }

    fn cell_errors(
        result: Result<Vec<ImportedTarget>, ImportError>,
    ) -> Vec<(usize, String, String, String)> {
        match result {
            Err(ImportError::Cells(errors)) => errors
                .into_iter()
                .map(|e| (e.row, e.column, e.column_name, e.message))
                .collect(),
            other => panic!("expected cell errors, got {other:?}"),
        }
    }

    #[test]
    fn a_good_csv_gives_every_row_with_vietnamese_numbers_and_words() {
        let rows = csv(
            "\u{FEFF}STT;Chỉ tiêu;Đơn vị tính;Chiều;Kế hoạch;Thực hiện;Ghi chú\n\
             1;Tỷ lệ dân số tham gia bảo hiểm y tế;%;Càng cao càng tốt;90;91,2;\n\
             2;Thứ hạng thi vào lớp 10;hạng;Thứ hạng;Thứ 1;Thứ 1;Năm thứ 12 liên tiếp\n\
             3;Hoàn thành chỉ tiêu giao quân;;Đạt / không đạt;Có;Có;\n\
             4;Thu ngân sách;triệu đồng;higher;9.530.000;;\n",
        )
        .unwrap();
        assert_eq!(rows.len(), 4);
        assert_eq!(rows[0].direction, Direction::HigherIsBetter);
        assert_eq!(rows[0].actual, Some(dec!(91.2)));
        assert_eq!(rows[1].direction, Direction::Rank);
        assert_eq!(rows[1].plan, dec!(1));
        assert_eq!(rows[1].note.as_deref(), Some("Năm thứ 12 liên tiếp"));
        assert_eq!(rows[2].plan, dec!(1));
        assert_eq!(rows[3].plan, dec!(9530000));
        assert_eq!(rows[3].actual, None);
        assert_eq!(rows[3].position, Some(4));
    }

    #[test]
    fn a_csv_with_bad_rows_names_every_bad_cell_and_imports_nothing() {
        let result = csv(
            "STT,Chỉ tiêu,Đơn vị tính,Chiều,Kế hoạch,Thực hiện,Ghi chú\n\
             1,Tỷ lệ hộ nghèo,%,Càng thấp càng tốt,0.5,0.3,\n\
             2,Thu ngân sách,%,Càng nhiều càng vui,nhiều,,\n\
             ,,,,,,\n\
             x,,%,higher,100,abc,\n",
        );
        assert_eq!(
            cell_errors(result),
            vec![
                (3, "D".into(), "Chiều".into(), "Không hiểu chiều \"Càng nhiều càng vui\": Càng cao càng tốt, Càng thấp càng tốt, Đạt / không đạt hoặc Thứ hạng".into()),
                (3, "E".into(), "Kế hoạch".into(), "Giá trị phải là một số, ví dụ 1.234,5".into()),
                (5, "A".into(), "STT".into(), "Số thứ tự phải là số nguyên".into()),
                (5, "B".into(), "Chỉ tiêu".into(), "Tên chỉ tiêu không được để trống".into()),
                (5, "F".into(), "Thực hiện".into(), "Giá trị phải là một số, ví dụ 1.234,5".into()),
            ]
        );
    }

    #[test]
    fn headers_are_found_whatever_their_case_diacritics_and_order() {
        let rows = csv("GHI CHU,ke hoach,Chi Tieu,chieu danh gia,Thuc hien\n\
             ,100,Thu ngân sách,cang cao cang tot,104.6\n")
        .unwrap();
        assert_eq!(rows[0].name, "Thu ngân sách");
        assert_eq!(rows[0].plan, dec!(100));
        assert_eq!(rows[0].actual, Some(dec!(104.6)));
    }

    #[test]
    fn missing_required_columns_are_named() {
        assert_eq!(
            csv("STT,Tên,Thực hiện\n1,a,2\n").unwrap_err(),
            ImportError::MissingColumns(vec!["Chỉ tiêu".into(), "Chiều".into(), "Kế hoạch".into()])
        );
        assert_eq!(csv("\n\n").unwrap_err(), ImportError::NoHeader);
    }

    #[test]
    fn a_csv_in_windows_1258_or_tcvn3_is_read_as_unicode() {
        let text = "Chỉ tiêu,Chiều,Kế hoạch\nTỷ lệ hộ gia đình văn hóa,Càng cao càng tốt,90\n";
        let bytes = legacy::encode(text, Encoding::Windows1258).unwrap();
        assert_eq!(
            import_targets_csv(&bytes[..], |_| {}).unwrap()[0].name,
            "Tỷ lệ hộ gia đình văn hóa"
        );
        let lower = "chỉ tiêu,chiều,kế hoạch\ntỷ lệ hộ gia đình văn hóa,càng cao càng tốt,90\n";
        let bytes = legacy::encode(lower, Encoding::Tcvn3).unwrap();
        assert_eq!(
            import_targets_csv(&bytes[..], |_| {}).unwrap()[0].name,
            "tỷ lệ hộ gia đình văn hóa"
        );
    }

    fn xlsx(rows: &[Vec<Option<&str>>], numbers: &[(u32, u16, f64)]) -> Vec<u8> {
        let mut wb = rust_xlsxwriter::Workbook::new();
        let sheet = wb.add_worksheet();
        for (r, row) in rows.iter().enumerate() {
            for (c, v) in row.iter().enumerate() {
                if let Some(v) = v {
                    sheet.write_string(r as u32, c as u16, *v).unwrap();
                }
            }
        }
        for (r, c, n) in numbers {
            sheet.write_number(*r, *c, *n).unwrap();
        }
        wb.save_to_buffer().unwrap()
    }

    #[test]
    fn an_xlsx_with_bad_rows_names_every_bad_cell_and_imports_nothing() {
        let header = [
            "STT",
            "Chỉ tiêu",
            "Đơn vị tính",
            "Chiều",
            "Kế hoạch",
            "Thực hiện",
            "Ghi chú",
        ];
        let bytes = xlsx(
            &[
                header.iter().map(|h| Some(*h)).collect(),
                vec![
                    None,
                    Some("Tỷ lệ tham gia BHYT"),
                    Some("%"),
                    Some("Càng cao càng tốt"),
                ],
                vec![
                    None,
                    Some("Số hộ nghèo"),
                    Some("hộ"),
                    Some(""),
                    Some("không"),
                ],
                vec![
                    None,
                    Some("Giao quân"),
                    None,
                    Some("Đạt / không đạt"),
                    Some("Có"),
                    Some("Chưa rõ"),
                ],
            ],
            &[
                (1, 0, 1.0),
                (1, 4, 90.0),
                (1, 5, 91.2),
                (2, 0, 2.0),
                (3, 0, 3.0),
            ],
        );
        let result = import_targets_xlsx(&bytes, |_| {});
        let errors = cell_errors(result);
        let addresses: Vec<String> = errors.iter().map(|e| format!("{}{}", e.1, e.0)).collect();
        assert_eq!(addresses, ["D3", "E3", "F4"]);
        assert_eq!(errors[0].2, "Chiều");
        assert!(errors[0].3.starts_with("Cần ghi chiều đánh giá"));
        assert_eq!(
            errors[2].3,
            "Giá trị phải là một số, ví dụ 1.234,5 (hoặc Có / Không)"
        );
    }

    #[test]
    fn an_xlsx_with_numbers_in_cells_and_an_offset_table_imports() {
        let bytes = xlsx(
            &[
                vec![],
                vec![
                    None,
                    Some("chỉ tiêu"),
                    Some("CHIỀU"),
                    Some("kế hoạch"),
                    Some("thực hiện"),
                ],
                vec![None, Some("Thu ngân sách"), Some("higher"), None, None],
            ],
            &[(2, 3, 9530000.0), (2, 4, 104.6)],
        );
        let rows = import_targets_xlsx(&bytes, |_| {}).unwrap();
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].plan, dec!(9530000));
        assert_eq!(rows[0].actual, Some(dec!(104.6)));
    }

    #[test]
    fn the_template_has_the_headers_and_an_example_row_that_imports() {
        let rows = import_targets_xlsx(&targets_template_xlsx().unwrap(), |_| {}).unwrap();
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].actual, Some(dec!(91.2)));
        let bodies = bodies();
        let items = import_items_xlsx(&items_template_xlsx().unwrap(), &bodies, |_| {}).unwrap();
        assert_eq!(items[0].lead_body_id, 2);
        assert_eq!(items[0].partner_body_ids, vec![1, 3]);
    }

    #[test]
    fn a_garbage_file_is_refused_as_unreadable() {
        assert!(matches!(
            import_targets_xlsx(b"not a zip", |_| {}),
            Err(ImportError::Unreadable(_))
        ));
    }

    fn bodies() -> Vec<Body> {
        use domain::body::BodyKind;
        let body = |id, kind, name: &str, short: &str| Body {
            id,
            unit_id: 1,
            kind,
            name: name.into(),
            short_name: short.into(),
            parent_body_id: None,
            position: id,
        };
        vec![
            body(
                1,
                BodyKind::PeoplesCouncil,
                "Hội đồng nhân dân quận Cầu Giấy",
                "HĐND quận",
            ),
            body(
                2,
                BodyKind::PeoplesCommittee,
                "Ủy ban nhân dân quận Cầu Giấy",
                "UBND quận",
            ),
            body(
                3,
                BodyKind::FatherlandFront,
                "Ủy ban Mặt trận Tổ quốc Việt Nam quận Cầu Giấy",
                "Ủy ban MTTQ Việt Nam quận",
            ),
        ]
    }

    #[test]
    fn items_name_their_bodies_by_short_name_without_diacritics() {
        let items = import_items_csv(
            "Nội dung,Cơ quan chủ trì,Cơ quan phối hợp,Bắt đầu,Kết thúc,Trạng thái\n\
             Phối hợp tuyên truyền,ubnd quan,\"HĐND quận; uy ban mttq viet nam quan\",01/01/2021,2021-12-31,Đang thực hiện\n"
                .as_bytes(),
            &bodies(),
            |_| {},
        )
        .unwrap();
        assert_eq!(items[0].lead_body_id, 2);
        assert_eq!(items[0].partner_body_ids, vec![1, 3]);
        assert_eq!(items[0].status, ItemStatus::InProgress);
        assert_eq!(
            items[0].time_frame.ends_on,
            NaiveDate::from_ymd_opt(2021, 12, 31).unwrap()
        );
    }

    #[test]
    fn items_with_unknown_bodies_or_backward_dates_are_all_reported() {
        let result = import_items_csv(
            "Nội dung,Cơ quan chủ trì,Cơ quan phối hợp,Bắt đầu,Kết thúc,Trạng thái\n\
             Phối hợp A,Sở Tài chính,UBND quận,01/01/2021,31/12/2021,\n\
             Phối hợp B,UBND quận,UBND quận,01/06/2021,01/01/2021,\n\
             ,HĐND quận,,hôm qua,31/12/2021,xong rồi\n"
                .as_bytes(),
            &bodies(),
            |_| {},
        );
        let Err(ImportError::Cells(errors)) = result else {
            panic!("expected cell errors")
        };
        let addresses: Vec<String> = errors
            .iter()
            .map(|e| format!("{}{}", e.column, e.row))
            .collect();
        assert_eq!(addresses, ["B2", "C3", "E3", "A4", "D4", "F4"]);
        assert_eq!(
            errors[1].message,
            "Cơ quan chủ trì không đồng thời là cơ quan phối hợp"
        );
        assert_eq!(errors[3].message, "Nội dung phối hợp không được để trống");
        assert!(errors[0]
            .message
            .starts_with("Không có cơ quan \"Sở Tài chính\""));
        assert!(errors.iter().any(|e| e.row == 3
            && e.column == "E"
            && e.message == "Ngày kết thúc phải sau ngày bắt đầu"));
        assert!(errors.iter().any(|e| e.row == 4
            && e.column == "D"
            && e.message.starts_with("Ngày phải viết dạng")));
        assert!(errors.iter().any(|e| e.row == 4
            && e.column == "F"
            && e.message.starts_with("Không hiểu trạng thái")));
    }

    /// Produces a CSV of `rows` targets on demand, so the test never holds the file.
    struct Generated {
        rows: usize,
        next: usize,
        pending: Vec<u8>,
    }

    impl Read for Generated {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            while self.pending.len() < buf.len() && self.next <= self.rows {
                if self.next == 0 {
                    self.pending.extend_from_slice(
                        "STT,Chỉ tiêu,Đơn vị tính,Chiều,Kế hoạch,Thực hiện,Ghi chú\n".as_bytes(),
                    );
                } else {
                    let n = self.next;
                    self.pending.extend_from_slice(
                        format!("{n},Chỉ tiêu số {n} của phường,%,Càng cao càng tốt,{n}.5,\"1.234,5\",ghi chú\n").as_bytes(),
                    );
                }
                self.next += 1;
            }
            let n = buf.len().min(self.pending.len());
            buf[..n].copy_from_slice(&self.pending[..n]);
            self.pending.drain(..n);
            Ok(n)
        }
    }

    #[test]
    fn a_hundred_thousand_row_csv_streams_with_progress() {
        let started = std::time::Instant::now();
        let mut seen = Vec::new();
        let rows = import_targets_csv(
            Generated {
                rows: 100_000,
                next: 0,
                pending: Vec::new(),
            },
            |done| seen.push(done),
        )
        .unwrap();
        let elapsed = started.elapsed();
        assert_eq!(rows.len(), 100_000);
        assert_eq!(rows[99_999].plan, dec!(100000.5));
        assert_eq!(rows[0].actual, Some(dec!(1234.5)));
        assert_eq!(seen.last(), Some(&100_000));
        assert!(seen.windows(2).all(|w| w[0] < w[1]));
        assert_eq!(seen.len(), 100);
        // Generous for an unoptimised build on a shared machine; release takes well under a second.
        assert!(elapsed.as_secs() < 30, "took {elapsed:?}");
        eprintln!("100k rows in {elapsed:?}");
    }

    #[test]
    fn column_letters_run_past_z() {
        assert_eq!(column_letter(0), "A");
        assert_eq!(column_letter(25), "Z");
        assert_eq!(column_letter(26), "AA");
        assert_eq!(column_letter(701), "ZZ");
        assert_eq!(column_letter(702), "AAA");
    }
}
