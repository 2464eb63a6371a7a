//! The file readers: the first sheet of an XLSX file, and CSV streamed record by record.

use std::io::{BufRead, BufReader, Cursor, Read};

use calamine::{Reader, Xlsx};

use super::cells::{from_excel, Value};
use super::ImportError;
use crate::legacy::{self, Encoding};

/// What an uploaded workbook may hold. An XLSX is a ZIP of XML parts, and a few megabytes can
/// inflate to gigabytes (a "bomb"): every part is inflated once, counting, before the workbook is
/// opened, and the cells are read one by one within bounds far above any programme's targets.
pub const MAX_PART_BYTES: u64 = 32 * 1024 * 1024;
/// All parts together, inflated.
pub const MAX_INFLATED_BYTES: u64 = 64 * 1024 * 1024;
/// Parts in the package; Excel writes about a dozen.
const MAX_PARTS: usize = 1_000;
/// Rows and columns read from the sheet.
pub const MAX_ROWS: u32 = 20_000;
pub const MAX_COLUMNS: u32 = 200;
/// Cells with a value.
pub const MAX_CELLS: usize = 400_000;

/// Inflate every part of the package into nothing, refusing the file as soon as a part or the
/// whole grows past its bound; whatever a part's header claims, it is the inflated bytes that
/// count.
fn check_package(bytes: &[u8]) -> Result<(), ImportError> {
    let unreadable = |e: zip::result::ZipError| {
        ImportError::Unreadable(format!("không phải tệp Excel (.xlsx) hợp lệ ({e})"))
    };
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(unreadable)?;
    if zip.len() > MAX_PARTS {
        return Err(ImportError::TooLarge(format!(
            "tệp có {} phần, nhiều hơn một bảng tính thông thường ({MAX_PARTS})",
            zip.len()
        )));
    }
    let mut total = 0u64;
    for i in 0..zip.len() {
        let part = zip.by_index(i).map_err(unreadable)?;
        let name = part
            .name()
            .map(|n| n.into_owned())
            .unwrap_or_else(|_| format!("#{i}"));
        let inflated = std::io::copy(&mut part.take(MAX_PART_BYTES + 1), &mut std::io::sink())
            .map_err(|e| ImportError::Unreadable(format!("phần “{name}” hỏng ({e})")))?;
        if inflated > MAX_PART_BYTES {
            return Err(ImportError::TooLarge(format!(
                "phần “{name}” giải nén ra hơn {} MB",
                MAX_PART_BYTES / (1024 * 1024)
            )));
        }
        total += inflated;
        if total > MAX_INFLATED_BYTES {
            return Err(ImportError::TooLarge(format!(
                "nội dung giải nén ra hơn {} MB",
                MAX_INFLATED_BYTES / (1024 * 1024)
            )));
        }
    }
    Ok(())
}

/// The rows of the first sheet of an XLSX file, numbered as Excel numbers them; each row holds
/// its cells at their column's index.
pub(super) fn xlsx_rows(bytes: &[u8]) -> Result<Vec<(usize, Vec<Value>)>, ImportError> {
    check_package(bytes)?;
    let mut workbook: Xlsx<_> =
        calamine::open_workbook_from_rs(Cursor::new(bytes)).map_err(|e| {
            ImportError::Unreadable(format!("không phải tệp Excel (.xlsx) hợp lệ ({e})"))
        })?;
    let first = workbook
        .sheet_names()
        .first()
        .cloned()
        .ok_or_else(|| ImportError::Unreadable("tệp không có trang tính nào".into()))?;
    let mut cells = workbook
        .worksheet_cells_reader(&first)
        .map_err(|e| ImportError::Unreadable(e.to_string()))?;
    // Read cell by cell: the sheet's claimed dimensions, or one cell far away, never decide how
    // much is allocated.
    let mut rows: std::collections::BTreeMap<u32, Vec<Value>> = Default::default();
    let mut count = 0usize;
    while let Some(cell) = cells
        .next_cell()
        .map_err(|e| ImportError::Unreadable(e.to_string()))?
    {
        let (row, column) = cell.get_position();
        if row >= MAX_ROWS || column >= MAX_COLUMNS {
            return Err(ImportError::TooLarge(format!(
                "có ô ở dòng {} cột {}, ngoài giới hạn {MAX_ROWS} dòng và {MAX_COLUMNS} cột",
                row + 1,
                super::column_letter(column as usize)
            )));
        }
        let value = from_excel(&calamine::Data::from(cell.get_value().clone()));
        if matches!(value, Value::Empty) {
            continue;
        }
        count += 1;
        if count > MAX_CELLS {
            return Err(ImportError::TooLarge(format!(
                "có hơn {MAX_CELLS} ô có dữ liệu"
            )));
        }
        let cells = rows.entry(row).or_default();
        if cells.len() <= column as usize {
            cells.resize(column as usize + 1, Value::Empty);
        }
        cells[column as usize] = value;
    }
    // Rows between used ones are there, empty, as Excel shows them.
    let (Some(&first_row), Some(&last_row)) = (rows.keys().next(), rows.keys().next_back()) else {
        return Ok(Vec::new());
    };
    Ok((first_row..=last_row)
        .map(|r| (r as usize + 1, rows.remove(&r).unwrap_or_default()))
        .collect())
}

/// A streaming reader of CSV records with the delimiter and encoding sniffed from the start.
pub(super) fn csv_rows<R: Read>(
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
