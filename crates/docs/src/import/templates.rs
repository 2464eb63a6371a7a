//! The blank workbooks people fill in: the headers the importer reads and one example row.

use domain::programme::ItemStatus;
use domain::target::Direction;

use super::cells::{ITEM_COLUMNS, TARGET_COLUMNS};
use crate::export::ExportError;

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
