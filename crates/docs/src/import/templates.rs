//! The blank workbooks people fill in: the headers the importer reads and one example row, marked
//! "Ví dụ" so that it is never imported.

use domain::programme::ItemStatus;
use domain::target::Direction;

use super::cells::{Spec, ITEM_COLUMNS, TARGET_CODE, TARGET_COLUMNS, TARGET_INDICATOR};
use super::EXAMPLE_MARK;
use crate::export::ExportError;

/// A template's columns: each header, its example value and its width.
type Column<'a> = (&'a str, &'a str, f64);

fn template(
    columns: &[Column<'_>],
    list: Option<(u16, &[&str])>,
    name: &str,
) -> Result<Vec<u8>, ExportError> {
    use rust_xlsxwriter::{Color, DataValidation, Format, Note, Workbook};
    let err = |e: rust_xlsxwriter::XlsxError| ExportError::Xlsx(e.to_string());
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name(name).map_err(err)?;
    let bold = Format::new().set_bold().set_text_wrap();
    // The example reads as an example: grey italics, and a note on its mark.
    let example = Format::new().set_italic().set_font_color(Color::Gray);
    for (i, (header, value, width)) in columns.iter().enumerate() {
        let col = i as u16;
        sheet
            .write_string_with_format(0, col, *header, &bold)
            .map_err(err)?;
        let value = if i == 0 { EXAMPLE_MARK } else { value };
        sheet
            .write_string_with_format(1, col, value, &example)
            .map_err(err)?;
        sheet.set_column_width(col, *width).map_err(err)?;
    }
    let note = Note::new(format!(
        "Dòng có chữ \"{EXAMPLE_MARK}\" ở cột đầu không được nhập. Ghi dữ liệu từ dòng 3, hoặc ghi đè lên dòng này và xóa chữ \"{EXAMPLE_MARK}\"."
    ));
    sheet.insert_note(1, 0, &note).map_err(err)?;
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

fn name(specs: &[Spec], i: usize) -> &'static str {
    specs[i].name
}

/// A blank XLSX for targets, with the headers the importer reads (the code right after STT), one
/// example row and a list of the directions in the "Chiều" column.
pub fn targets_template_xlsx() -> Result<Vec<u8>, ExportError> {
    let t = &TARGET_COLUMNS;
    let directions: Vec<&str> = Direction::ALL.iter().map(|d| d.label()).collect();
    template(
        &[
            (name(t, 0), "1", 8.0),
            (name(t, TARGET_CODE), "CT01", 14.0),
            (name(t, 1), "Tỷ lệ dân số tham gia bảo hiểm y tế", 60.0),
            (name(t, 2), "%", 14.0),
            (name(t, 3), "Càng cao càng tốt", 20.0),
            (name(t, 4), "90", 14.0),
            (name(t, 5), "91,2", 14.0),
            (name(t, 6), "", 30.0),
            (name(t, TARGET_INDICATOR), "BHYT", 16.0),
        ],
        Some((4, &directions)),
        "Chỉ tiêu",
    )
}

/// A blank XLSX for programme items, with one example row and a list of the statuses.
pub fn items_template_xlsx() -> Result<Vec<u8>, ExportError> {
    let c = &ITEM_COLUMNS;
    let statuses: Vec<&str> = ItemStatus::ALL.iter().map(|s| s.label()).collect();
    template(
        &[
            (name(c, 0), "1", 8.0),
            (
                name(c, 1),
                "Phối hợp tuyên truyền, triển khai thực hiện Nghị quyết Đại hội Đảng bộ các cấp",
                60.0,
            ),
            (name(c, 2), "UBND quận", 18.0),
            (name(c, 3), "HĐND quận, Ủy ban MTTQ Việt Nam quận", 18.0),
            (name(c, 4), "01/01/2021", 18.0),
            (name(c, 5), "31/12/2021", 18.0),
            (name(c, 6), "Chưa triển khai", 18.0),
        ],
        Some((6, &statuses)),
        "Nội dung phối hợp",
    )
}
