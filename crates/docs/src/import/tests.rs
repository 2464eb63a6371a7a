//! Unit tests of the importer: CSV and XLSX, good and bad rows, encodings, templates, streaming.

use super::*;
use chrono::NaiveDate;
use domain::programme::ItemStatus;
use rust_decimal::dec;

use crate::legacy::{self, Encoding};

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
fn the_template_example_row_is_never_imported() {
    assert!(
        import_targets_xlsx(&targets_template_xlsx().unwrap(), |_| {})
            .unwrap()
            .is_empty()
    );
    assert!(
        import_items_xlsx(&items_template_xlsx().unwrap(), &bodies(), |_| {})
            .unwrap()
            .is_empty()
    );
}

#[test]
fn a_filled_template_imports_its_rows_with_their_codes_and_not_the_example() {
    use calamine::{Reader, Xlsx};
    let template = targets_template_xlsx().unwrap();
    let mut wb: Xlsx<_> = calamine::open_workbook_from_rs(std::io::Cursor::new(template)).unwrap();
    let range = wb.worksheet_range_at(0).unwrap().unwrap();
    let headers: Vec<String> = (0..8)
        .map(|c| range.get((0, c)).unwrap().to_string())
        .collect();
    assert_eq!(headers[..3], ["STT", "Mã chỉ tiêu", "Chỉ tiêu"]);
    assert_eq!(range.get((1, 0)).unwrap().to_string(), "Ví dụ");
    // What a person adds under the example, in the template's columns.
    let mut rows: Vec<Vec<Option<&str>>> = vec![
        headers.iter().map(|h| Some(h.as_str())).collect(),
        vec![
            Some("Ví dụ"),
            Some("CT01"),
            Some("Tỷ lệ dân số tham gia bảo hiểm y tế"),
            Some("%"),
            Some("Càng cao càng tốt"),
            Some("90"),
            Some("91,2"),
        ],
    ];
    rows.push(vec![
        Some("1"),
        Some("ct-07"),
        Some("Thu ngân sách"),
        Some("%"),
        Some("Càng cao càng tốt"),
        Some("100"),
        Some("104,6"),
    ]);
    let back = import_targets_xlsx(&xlsx(&rows, &[]), |_| {}).unwrap();
    assert_eq!(back.len(), 1);
    assert_eq!(back[0].name, "Thu ngân sách");
    assert_eq!(back[0].code.as_deref(), Some("ct-07"));
    assert_eq!(back[0].line, 3);
}

#[test]
fn a_code_given_twice_in_one_file_is_refused() {
    let errors = cell_errors(csv("Mã chỉ tiêu,Chỉ tiêu,Chiều,Kế hoạch\n\
         CT01,Thu ngân sách,Càng cao càng tốt,100\n\
         ct01 ,Chi ngân sách,Càng thấp càng tốt,100\n"));
    assert_eq!(
        errors,
        vec![(
            3,
            "A".into(),
            "Mã chỉ tiêu".into(),
            "Mã chỉ tiêu \"ct01\" đã có ở dòng 2; mỗi mã chỉ ghi một lần".into()
        )]
    );
}

#[test]
fn the_summary_line_below_an_exported_table_is_not_read_as_a_target() {
    let rows = csv("STT,Chỉ tiêu,Chiều,Kế hoạch\n\
         1,Thu ngân sách,Càng cao càng tốt,100\n\
         ,,,\n\
         Tổng hợp: hoàn thành và hoàn thành vượt mức 1/1 chỉ tiêu,,,\n")
    .unwrap();
    assert_eq!(rows.len(), 1);
    // A row that says more than the summary is still a row, and still checked.
    assert!(csv("Chỉ tiêu,Chiều,Kế hoạch\nTổng hợp: thu ngân sách,Càng cao càng tốt,\n").is_err());
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
    assert!(errors
        .iter()
        .any(|e| e.row == 4 && e.column == "D" && e.message.starts_with("Ngày phải viết dạng")));
    assert!(errors
        .iter()
        .any(|e| e.row == 4 && e.column == "F" && e.message.starts_with("Không hiểu trạng thái")));
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

/// A package of XML parts, each given as its name and its text, deflated as Excel does.
fn package(parts: &[(&str, Vec<u8>)]) -> Vec<u8> {
    use std::io::Write;
    let mut out = std::io::Cursor::new(Vec::new());
    let mut zip = zip::ZipWriter::new(&mut out);
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .large_file(true);
    for (name, bytes) in parts {
        zip.start_file(*name, options).unwrap();
        zip.write_all(bytes).unwrap();
    }
    zip.finish().unwrap();
    out.into_inner()
}

#[test]
fn a_workbook_whose_shared_strings_inflate_past_the_bound_is_refused_before_it_is_opened() {
    // 40 MB of one repeated string, a few dozen kilobytes once deflated.
    let mut strings = b"<?xml version=\"1.0\"?><sst><si><t>".to_vec();
    strings.resize(40 * 1024 * 1024, b'a');
    strings.extend_from_slice(b"</t></si></sst>");
    let bomb = package(&[
        ("[Content_Types].xml", b"<Types/>".to_vec()),
        ("xl/workbook.xml", b"<workbook/>".to_vec()),
        ("xl/sharedStrings.xml", strings),
    ]);
    assert!(
        bomb.len() < 1024 * 1024,
        "the file itself is small: {}",
        bomb.len()
    );
    match import_targets_xlsx(&bomb, |_| {}) {
        Err(ImportError::TooLarge(why)) => assert!(
            why.contains("xl/sharedStrings.xml") && why.contains("32 MB"),
            "{why}"
        ),
        other => panic!("expected the bomb refused, got {other:?}"),
    }
}

#[test]
fn a_cell_far_beyond_the_rows_an_import_reads_is_refused_without_allocating_the_sheet() {
    // A valid header and one target, then a cell at the last row Excel has: a sheet whose
    // rectangle would be a million rows wide.
    let mut wb = rust_xlsxwriter::Workbook::new();
    let sheet = wb.add_worksheet();
    for (c, h) in ["STT", "Chỉ tiêu", "Đơn vị tính", "Chiều", "Kế hoạch"]
        .iter()
        .enumerate()
    {
        sheet.write_string(0, c as u16, *h).unwrap();
    }
    sheet.write_string(1, 1, "Tỷ lệ hộ nghèo").unwrap();
    sheet.write_string(1048575, 16383, "x").unwrap();
    let file = wb.save_to_buffer().unwrap();
    match import_targets_xlsx(&file, |_| {}) {
        Err(ImportError::TooLarge(why)) => {
            assert!(why.contains("dòng 1048576") && why.contains("XFD"), "{why}");
            assert!(ImportError::TooLarge(why)
                .to_string()
                .starts_with("Tệp quá lớn để nhập"));
        }
        other => panic!("expected the sheet refused, got {other:?}"),
    }
}

#[test]
fn a_cell_with_control_or_direction_characters_is_named_as_the_forms_name_it() {
    let text = "STT,Chỉ tiêu,Đơn vị tính,Chiều,Kế hoạch,Thực hiện,Ghi chú\n\
        1,Tỷ lệ hộ nghèo\u{7},%,Càng thấp càng tốt,\"0,5\",,\n\
        2,Thu ngân sách,%\u{202E},Càng cao càng tốt,100,,\n";
    let errors = cell_errors(csv(text));
    assert_eq!(errors.len(), 2, "{errors:?}");
    assert_eq!((errors[0].0, errors[0].1.as_str()), (2, "B"));
    assert!(errors[0].3.starts_with("Có ký tự điều khiển"), "{errors:?}");
    assert_eq!((errors[1].0, errors[1].1.as_str()), (3, "C"));
    assert!(errors[1].3.starts_with("Có ký tự đảo chiều"), "{errors:?}");
}
