//! The file readers: the first sheet of an XLSX file, and CSV streamed record by record.

use std::io::{BufRead, BufReader, Cursor, Read};

use calamine::{Reader, Xlsx};

use super::cells::{from_excel, Value};
use super::ImportError;
use crate::legacy::{self, Encoding};

/// The rows of the first sheet of an XLSX file, numbered as Excel numbers them.
pub(super) fn xlsx_rows(bytes: &[u8]) -> Result<Vec<(usize, Vec<Value>)>, ImportError> {
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
