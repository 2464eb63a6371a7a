//! Reading one cell or header: cell values, the known columns and the parsers of single values.

use calamine::Data;
use chrono::NaiveDate;
use domain::body::Body;
use domain::programme::ItemStatus;
use domain::target::{parse_quantity, Direction};
use rust_decimal::Decimal;

use super::{CellError, ImportError};

/// A cell's value as read from either kind of file.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Value {
    Empty,
    Text(String),
    Number(Decimal),
    Date(NaiveDate),
}

impl Value {
    pub(super) fn is_empty(&self) -> bool {
        match self {
            Value::Empty => true,
            Value::Text(t) => t.trim().is_empty(),
            _ => false,
        }
    }

    pub(super) fn text(&self) -> String {
        match self {
            Value::Empty => String::new(),
            Value::Text(t) => t.trim().to_string(),
            Value::Number(n) => n.normalize().to_string(),
            Value::Date(d) => domain::time::short_date(*d),
        }
    }
}

pub(super) fn from_excel(d: &Data) -> Value {
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
pub(super) fn header_key(s: &str) -> String {
    vi::fold(s)
        .chars()
        .filter(|c| c.is_alphanumeric())
        .collect()
}

/// A column the importer knows, by its Vietnamese names.
pub(super) struct Spec {
    pub(super) name: &'static str,
    pub(super) aliases: &'static [&'static str],
    pub(super) required: bool,
}

pub(super) const TARGET_COLUMNS: [Spec; 9] = [
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
    // Last in this list, so that the indices above stay; first after STT in the files written.
    Spec {
        name: "Mã chỉ tiêu",
        aliases: &["Mã", "Mã số", "Mã CT", "Code"],
        required: false,
    },
    // The province's indicator the target counts toward, by its code in the catalogue.
    Spec {
        name: "Mã danh mục",
        aliases: &["Mã chỉ tiêu danh mục", "Mã danh mục của tỉnh", "Indicator"],
        required: false,
    },
];

/// Where the target's code sits in [`TARGET_COLUMNS`].
pub(super) const TARGET_CODE: usize = 7;

/// Where the code of the province's indicator sits in [`TARGET_COLUMNS`].
pub(super) const TARGET_INDICATOR: usize = 8;

pub(super) const ITEM_COLUMNS: [Spec; 7] = [
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
pub(super) struct Columns {
    /// For each spec, the file's column index and header text.
    at: Vec<Option<(usize, String)>>,
}

impl Columns {
    pub(super) fn find(specs: &[Spec], header: &[Value]) -> Result<Self, ImportError> {
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

    pub(super) fn value<'a>(&self, spec: usize, row: &'a [Value]) -> &'a Value {
        self.at[spec]
            .as_ref()
            .and_then(|(i, _)| row.get(*i))
            .unwrap_or(&Value::Empty)
    }

    pub(super) fn error(
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
pub(super) fn quantity(value: &Value, direction: Option<Direction>) -> Result<Decimal, String> {
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

pub(super) fn optional_text(v: &Value) -> Option<String> {
    let t = v.text();
    (!t.is_empty()).then(|| vi::normalize(&t))
}

pub(super) fn parse_position(v: &Value) -> Result<Option<i64>, String> {
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

/// Finds a body by its short or full name, whatever the case and diacritics.
pub(super) fn find_body<'a>(bodies: &'a [Body], name: &str) -> Option<&'a Body> {
    let key = header_key(name);
    bodies
        .iter()
        .find(|b| header_key(&b.short_name) == key || header_key(&b.name) == key)
}

pub(super) fn parse_status(s: &str) -> Option<ItemStatus> {
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

pub(super) fn date_of(v: &Value) -> Result<NaiveDate, String> {
    match v {
        Value::Date(d) => Ok(*d),
        Value::Empty => Err("Cần nhập ngày".into()),
        other => domain::time::parse_date(&other.text())
            .ok_or_else(|| "Ngày phải viết dạng 21/01/2021 hoặc 2021-01-21".to_string()),
    }
}
