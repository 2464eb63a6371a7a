//! Official documents, exports and the spreadsheet import through the router (issue 6): the files
//! answer with their type and name, read back with independent tools (poppler, a ZIP reader,
//! calamine), hold the demo's facts, and an import writes all its rows or none.

mod common;

use std::io::{Cursor, Read};

use axum::http::StatusCode;
use common::{pdf_text, spawn_app, Part, TestApp};

const PDF: &str = "application/pdf";
const DOCX: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

fn zip_entry(bytes: &[u8], name: &str) -> String {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes.to_vec())).expect("a ZIP archive");
    let mut text = String::new();
    zip.by_name(name)
        .unwrap_or_else(|_| panic!("{name} is missing from the archive"))
        .read_to_string(&mut text)
        .unwrap();
    text
}

fn zip_names(bytes: &[u8]) -> Vec<String> {
    let zip = zip::ZipArchive::new(Cursor::new(bytes.to_vec())).expect("a ZIP archive");
    let mut names: Vec<String> = zip.file_names().map(|n| n.unwrap().to_string()).collect();
    names.sort();
    names
}

fn assert_contains(text: &str, needles: &[&str]) {
    for needle in needles {
        assert!(text.contains(needle), "{needle:?} missing from:\n{text}");
    }
}

/// The rows of a CSV export, without its BOM.
/// A CSV for people, read as Excel set to Vietnamese reads it: cells apart at `;`.
fn csv_rows(bytes: &[u8]) -> Vec<Vec<String>> {
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "CSV without BOM");
    let text = std::str::from_utf8(&bytes[3..]).unwrap();
    let header = text.lines().next().unwrap_or_default();
    assert!(
        header.contains(';') && !header.contains(','),
        "a CSV for people has its cells apart at `;`: {header}"
    );
    csv::ReaderBuilder::new()
        .has_headers(false)
        .delimiter(b';')
        .from_reader(&bytes[3..])
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect()
}

#[tokio::test]
async fn the_programme_downloads_as_pdf_with_its_signatures_and_as_docx() {
    let app = spawn_app().await;
    let pdf = app.download("/chuong-trinh/2021/van-ban.pdf", None).await;
    assert_eq!(pdf.status, StatusCode::OK);
    assert_eq!(pdf.content_type, PDF);
    let disposition = pdf.header("content-disposition");
    assert!(
        disposition.starts_with(
            "inline; filename=\"chuong-trinh-phoi-hop-cong-tac-nam-2021.pdf\"; filename*=UTF-8''Ch%C6%B0%C6%A1ng"
        ),
        "{disposition}"
    );
    let text = pdf_text(&pdf.bytes, "programme");
    assert_contains(
        &text,
        &[
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            "HĐND QUẬN CẦU GIẤY",
            "ỦY BAN MTTQ VIỆT NAM",
            "Số: 01/CTrPH-HĐND-UBND-MTTQ",
            "Cầu Giấy, ngày 21 tháng 01 năm 2021",
            "CHƯƠNG TRÌNH",
            "Phối hợp công tác năm 2021",
            "“mục tiêu kép”",
            "TM. THƯỜNG TRỰC HĐND",
            "Nguyễn Văn Chiến",
            "Bùi Tuấn Anh",
            "Nguyễn Thị Thanh",
            // The annex with the three bodies' digital signatures.
            "PHỤ LỤC",
            "Khóa công khai (Ed25519):",
        ],
    );

    let docx = app.download("/chuong-trinh/2021/van-ban.docx", None).await;
    assert_eq!(docx.status, StatusCode::OK);
    assert_eq!(docx.content_type, DOCX);
    assert!(docx
        .header("content-disposition")
        .starts_with("attachment; filename=\"chuong-trinh-phoi-hop-cong-tac-nam-2021.docx\""));
    let xml = zip_entry(&docx.bytes, "word/document.xml");
    assert_contains(&xml, &["CHƯƠNG TRÌNH", "Nguyễn Thị Thanh", "w:pgSz"]);
}

#[tokio::test]
async fn the_number_and_symbol_come_from_the_settings_when_set() {
    let app = spawn_app().await;
    let unit = app.store.default_unit().await.unwrap();
    let mut tx = app.store.begin("test").await.unwrap();
    tx.set_unit_setting(
        unit.id,
        "programme_number_symbol",
        "07/CTrPH-HĐND-UBND-MTTQ",
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    let pdf = app.download("/chuong-trinh/2021/van-ban.pdf", None).await;
    assert_contains(
        &pdf_text(&pdf.bytes, "numbered"),
        &["Số: 07/CTrPH-HĐND-UBND-MTTQ"],
    );
}

#[tokio::test]
async fn the_review_report_has_the_targets_the_summary_and_next_years_tasks() {
    let app = spawn_app().await;
    let pdf = app.download("/chi-tieu/2020/bao-cao.pdf", None).await;
    assert_eq!(pdf.status, StatusCode::OK);
    assert_eq!(pdf.content_type, PDF);
    let text = pdf_text(&pdf.bytes, "review");
    assert_contains(
        &text,
        &[
            "BÁO CÁO",
            "Cầu Giấy, ngày 21 tháng 01 năm 2021",
            "hoàn thành và hoàn thành vượt mức 13/15 chỉ tiêu",
            "104,6%",
            "Công tác giám sát",
            "PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM 2021",
            "Tồn tại, hạn chế",
            "“mục tiêu kép”",
        ],
    );
    let docx = app.download("/chi-tieu/2020/bao-cao.docx", None).await;
    assert_eq!(docx.content_type, DOCX);
    assert!(zip_entry(&docx.bytes, "word/document.xml").contains("BÁO CÁO"));
}

#[tokio::test]
async fn the_minutes_of_the_conference_name_the_attendees_and_both_signers() {
    let app = spawn_app().await;
    let unit = app.store.default_unit().await.unwrap();
    let meeting = app.store.meetings(unit.id).await.unwrap()[0].id;
    let pdf = app
        .download(&format!("/hoi-nghi/{meeting}/bien-ban.pdf"), None)
        .await;
    assert_eq!(pdf.status, StatusCode::OK, "{}", pdf.text());
    let text = pdf_text(&pdf.bytes, "minutes");
    assert_contains(
        &text,
        &[
            "BIÊN BẢN",
            "Trần Thị Phương Hoa – TUV – Bí thư Quận ủy",
            "Hội trường Quận ủy",
            "hoàn thành và hoàn thành vượt mức 13/15 chỉ tiêu",
            "THƯ KÝ",
            "CHỦ TRÌ",
            "Nguyễn Văn Chiến",
        ],
    );
    let docx = app
        .download(&format!("/hoi-nghi/{meeting}/bien-ban.docx"), None)
        .await;
    assert_eq!(docx.content_type, DOCX);
    assert_eq!(
        app.download("/hoi-nghi/999999/bien-ban.pdf", None)
            .await
            .status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn a_draft_programme_is_a_document_for_staff_only() {
    let app = spawn_app().await;
    let admin = app.sign_in("quantri").await;
    let made = app
        .post_form("/quan-ly/chuong-trinh", Some(&admin), &[("year", "2022")])
        .await;
    assert_eq!(made.status, StatusCode::SEE_OTHER, "{}", made.body);
    for uri in [
        "/chuong-trinh/2022/van-ban.pdf",
        "/chuong-trinh/2022/noi-dung.csv",
        "/chi-tieu/2022/bang.xlsx",
        "/chi-tieu/2022/bao-cao.docx",
    ] {
        assert_eq!(
            app.download(uri, None).await.status,
            StatusCode::NOT_FOUND,
            "{uri}"
        );
    }
    let staff = app
        .download("/chuong-trinh/2022/van-ban.pdf", Some(&admin))
        .await;
    assert_eq!(staff.status, StatusCode::OK);
    assert_eq!(staff.header("cache-control"), "private, no-store");
    // Every role of the unit's staff reads drafts.
    let reader = app.sign_in("doc").await;
    assert_eq!(
        app.download("/chi-tieu/2022/bang.csv", Some(&reader))
            .await
            .status,
        StatusCode::OK
    );
}

#[tokio::test]
async fn the_targets_export_holds_the_fifteen_targets_and_the_summary() {
    let app = spawn_app().await;
    let csv = app.download("/chi-tieu/2020/bang.csv", None).await;
    assert_eq!(csv.status, StatusCode::OK);
    assert_eq!(csv.content_type, "text/csv; charset=utf-8");
    assert!(csv
        .header("content-disposition")
        .contains("filename=\"chi-tieu-nam-2020.csv\""));
    let rows = csv_rows(&csv.bytes);
    assert_eq!(
        rows[0][..7],
        [
            "STT",
            "Mã chỉ tiêu",
            "Chỉ tiêu",
            "Đơn vị tính",
            "Chiều",
            "Kế hoạch",
            "Thực hiện"
        ]
    );
    assert_eq!(
        rows.len(),
        1 + 15 + 2,
        "header, 15 targets, an empty row and the summary below"
    );
    let first = &rows[1];
    assert_eq!(first[1], "CT01");
    assert_eq!(
        first[2],
        "Thu ngân sách nhà nước trên địa bàn so với dự toán Thành phố giao"
    );
    // The CSV for people keeps the portal's Vietnamese numbers.
    assert_eq!(
        (first[6].as_str(), first[7].as_str(), first[8].as_str()),
        ("104,6", "104,6%", "Vượt")
    );
    assert!(rows[3][2].starts_with("Thứ hạng của quận"));
    assert_eq!(rows[3][5], "Thứ 1");
    assert!(rows[16].iter().all(String::is_empty));
    assert_eq!(
        rows[17][0],
        "Tổng hợp: hoàn thành và hoàn thành vượt mức 13/15 chỉ tiêu"
    );
}

#[tokio::test]
async fn the_targets_workbook_holds_numbers_excel_can_add_up_and_the_summary_below() {
    use calamine::{Data, Reader};
    let app = spawn_app().await;
    let xlsx = app.download("/chi-tieu/2020/bang.xlsx", None).await;
    assert_eq!(xlsx.content_type, XLSX);
    let mut wb: calamine::Xlsx<_> =
        calamine::open_workbook_from_rs(Cursor::new(xlsx.bytes)).unwrap();
    let range = wb.worksheet_range_at(0).unwrap().unwrap();
    assert_eq!(range.height(), 1 + 15 + 2);
    assert_eq!(
        range.get((2, 2)),
        Some(&Data::String(
            "Tốc độ tăng huy động vốn đầu tư xã hội".into()
        ))
    );
    // Plan and actual of the revenue target are numbers, its share of the plan a percentage.
    assert_eq!(range.get((1, 0)), Some(&Data::Float(1.0)));
    assert_eq!(range.get((1, 5)), Some(&Data::Float(100.0)));
    assert_eq!(range.get((1, 6)), Some(&Data::Float(104.6)));
    assert_eq!(range.get((1, 7)), Some(&Data::Float(1.046)));
    // Every plan is a number (a yes/no target says "Có"), so SUM over the column works.
    let numeric_plans = (1..=15)
        .filter(|r| matches!(range.get((*r, 5)), Some(Data::Float(_))))
        .count();
    let yes_no = (1..=15)
        .filter(|r| range.get((*r, 4)) == Some(&Data::String("Đạt / không đạt".into())))
        .count();
    assert_eq!(numeric_plans + yes_no, 15);
    assert!(numeric_plans >= 12, "{numeric_plans} numeric plans");
    // The summary is below the table, after an empty row, not in it.
    assert!((0..10).all(|c| matches!(range.get((16, c)), Some(Data::Empty) | None)));
    assert_eq!(
        range.get((17, 0)),
        Some(&Data::String(
            "Tổng hợp: hoàn thành và hoàn thành vượt mức 13/15 chỉ tiêu".into()
        ))
    );

    let items = app.download("/chuong-trinh/2021/noi-dung.xlsx", None).await;
    let mut wb: calamine::Xlsx<_> =
        calamine::open_workbook_from_rs(Cursor::new(items.bytes)).unwrap();
    let range = wb.worksheet_range_at(0).unwrap().unwrap();
    assert_eq!(range.get((0, 4)), Some(&Data::String("Bắt đầu".into())));
    match range.get((2, 4)) {
        // 01/01/2021 is Excel's day 44197.
        Some(Data::DateTime(d)) => assert!(d.is_datetime() && d.as_f64() == 44197.0, "{d:?}"),
        other => panic!("a typed date, not {other:?}"),
    }
}

#[tokio::test]
async fn the_items_and_the_news_export_as_csv_and_xlsx() {
    let app = spawn_app().await;
    let items = app.download("/chuong-trinh/2021/noi-dung.csv", None).await;
    assert_eq!(items.status, StatusCode::OK);
    let rows = csv_rows(&items.bytes);
    assert_eq!(rows.len(), 1 + 5);
    assert_eq!(rows[0][..3], ["STT", "Nội dung", "Cơ quan chủ trì"]);
    assert_eq!(rows[2][2], "HĐND quận");
    assert_eq!(rows[2][4], "01/01/2021");
    // What the portal exports, the import reads back.
    let unit = app.store.default_unit().await.unwrap();
    let bodies = app.store.bodies(unit.id).await.unwrap();
    let back = docs::import::import_items_csv(&items.bytes[..], &bodies, |_| {}).unwrap();
    assert_eq!(back.len(), 5);

    let news = app.download("/tin-tuc.csv", None).await;
    assert_eq!(news.status, StatusCode::OK);
    let rows = csv_rows(&news.bytes);
    assert_eq!(rows.len(), 1 + 5, "the five published articles");
    assert!(rows
        .iter()
        .any(|r| r[0] == store::demo::SEED_ARTICLE_TITLE && r[1] == "23/01/2021 14:46"));
    let thong_bao = app.download("/tin-tuc.csv?danh-muc=thong-bao", None).await;
    assert_eq!(csv_rows(&thong_bao.bytes).len(), 1 + 1);
    let xlsx = app.download("/tin-tuc.xlsx", None).await;
    assert_eq!(xlsx.content_type, XLSX);
    assert_eq!(
        app.download("/tin-tuc.csv?danh-muc=khong-co", None)
            .await
            .status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn the_open_data_archive_holds_csv_and_json_for_every_table_and_a_readme() {
    let app = spawn_app().await;
    let zip = app.download("/du-lieu-mo.zip", None).await;
    assert_eq!(zip.status, StatusCode::OK);
    assert_eq!(zip.content_type, "application/zip");
    let names = zip_names(&zip.bytes);
    for stem in [
        "don-vi-hanh-chinh",
        "co-quan",
        "nguoi-giu-chuc-vu",
        "chuong-trinh",
        "noi-dung-phoi-hop",
        "chi-tieu",
        "ngan-sach",
        "hoi-nghi",
        "tin-tuc",
    ] {
        for ext in ["csv", "json"] {
            let name = format!("{stem}.{ext}");
            assert!(names.contains(&name), "{name} missing: {names:?}");
        }
    }
    let readme = zip_entry(&zip.bytes, "README.md");
    assert_contains(
        &readme,
        &[
            "# Dữ liệu mở – quận Cầu Giấy",
            "CC BY 4.0",
            "| `chi_tieu` | Tên chỉ tiêu |",
            "## Ngân sách",
        ],
    );
    let targets: serde_json::Value =
        serde_json::from_str(&zip_entry(&zip.bytes, "chi-tieu.json")).unwrap();
    let targets = targets.as_array().unwrap();
    assert_eq!(targets.iter().filter(|t| t["nam"] == "2020").count(), 15);
    assert_eq!(
        targets
            .iter()
            .filter(|t| t["danh_gia"] == "Không đạt")
            .count(),
        2
    );
    let holders = zip_entry(&zip.bytes, "nguoi-giu-chuc-vu.csv");
    assert_contains(&holders, &["Nguyễn Văn Chiến", "Chủ tịch"]);
    // The open data is for programs: plain numbers, ISO dates and instants.
    let revenue = targets
        .iter()
        .find(|t| t["nam"] == "2020" && t["stt"] == "1")
        .unwrap();
    assert_eq!(
        (
            &revenue["ma"],
            &revenue["thuc_hien"],
            &revenue["phan_tram_ke_hoach"]
        ),
        (
            &serde_json::json!("CT01"),
            &serde_json::json!("104.6"),
            &serde_json::json!("104.6")
        )
    );
    let meetings: serde_json::Value =
        serde_json::from_str(&zip_entry(&zip.bytes, "hoi-nghi.json")).unwrap();
    assert_eq!(meetings[0]["bat_dau"], "2021-01-21T14:00:00+07:00");
    let budget: serde_json::Value =
        serde_json::from_str(&zip_entry(&zip.bytes, "ngan-sach.json")).unwrap();
    assert!(budget
        .as_array()
        .unwrap()
        .iter()
        .all(|b| !b["du_toan"].as_str().unwrap().contains(',')));
}

#[tokio::test]
async fn the_portal_pages_link_their_downloads() {
    let app = spawn_app().await;
    app.get("/chuong-trinh/2021")
        .await
        .shows("/chuong-trinh/2021/van-ban.pdf")
        .shows("/chuong-trinh/2021/noi-dung.xlsx");
    app.get("/chi-tieu/2020")
        .await
        .shows("/chi-tieu/2020/bao-cao.pdf")
        .shows("/chi-tieu/2020/bang.csv");
    app.get("/tin-tuc").await.shows("/tin-tuc.xlsx");
    let index = app.get("/van-ban").await;
    assert_eq!(index.status, StatusCode::OK);
    index
        .shows("/du-lieu-mo.zip")
        .shows("/bien-ban.pdf")
        .shows("/chi-tieu/2020/bao-cao.docx");
}

// ---- Import ----

const GOOD_CSV: &str = "STT,Chỉ tiêu,Đơn vị tính,Chiều,Kế hoạch,Thực hiện,Ghi chú\n\
1,Tỷ lệ hộ gia đình sử dụng dịch vụ công trực tuyến,%,Càng cao càng tốt,60,\"63,5\",\n\
2,Số vụ vi phạm trật tự xây dựng,vụ,Càng thấp càng tốt,20,,Chưa có số liệu\n";

/// Two rows with bad cells: row 3 has an unknown direction and a plan that is no number.
const BAD_CSV: &str = "STT,Chỉ tiêu,Đơn vị tính,Chiều,Kế hoạch,Thực hiện,Ghi chú\n\
1,Tỷ lệ hộ nghèo,%,Càng thấp càng tốt,\"0,5\",\"0,3\",\n\
2,Thu ngân sách,%,Càng nhiều càng vui,nhiều,,\n\
3,,%,Càng cao càng tốt,100,abc,\n";

const IMPORT: &str = "/quan-ly/chuong-trinh/2021/nhap-chi-tieu";

async fn target_count(app: &TestApp, year: i32) -> usize {
    let unit = app.store.default_unit().await.unwrap();
    let p = app
        .store
        .programme(unit.id, domain::programme::Year::new(year).unwrap())
        .await
        .unwrap()
        .unwrap();
    app.store.targets(p.id).await.unwrap().len()
}

fn token_of(html: &str) -> String {
    let marker = r#"name="token" value=""#;
    let start = html.find(marker).expect("a confirmation form") + marker.len();
    html[start..start + 64].to_string()
}

#[tokio::test]
async fn a_spreadsheet_with_bad_rows_writes_nothing_and_names_each_bad_cell() {
    let app = spawn_app().await;
    let admin = app.sign_in("quantri").await;
    let form = app.get_as(IMPORT, &admin.cookie).await;
    assert_eq!(form.status, StatusCode::OK);
    form.shows("/quan-ly/mau/chi-tieu.xlsx")
        .shows("enctype=\"multipart/form-data\"");
    let head = app.store.log_head().await.unwrap();
    let before = target_count(&app, 2021).await;

    let page = app
        .post_multipart(
            IMPORT,
            Some(&admin),
            &[
                Part::Field("csrf", &admin.csrf),
                Part::Field("reporting_body_id", ""),
                Part::File("file", "chi-tieu.csv", BAD_CSV.as_bytes()),
            ],
        )
        .await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    page.shows("Chưa nhập dòng nào: 4 ô cần sửa")
        .shows("Dòng 3, cột D (Chiều)")
        .shows("Không hiểu chiều")
        .shows("Dòng 3, cột E (Kế hoạch)")
        .shows("Giá trị phải là một số")
        .shows("Dòng 4, cột B (Chỉ tiêu)")
        .shows("Tên chỉ tiêu không được để trống")
        .shows("Dòng 4, cột F (Thực hiện)")
        .does_not_show("Xác nhận nhập");
    assert_eq!(app.store.log_head().await.unwrap(), head, "nothing written");
    assert_eq!(target_count(&app, 2021).await, before);
}

#[tokio::test]
async fn a_valid_spreadsheet_previews_then_confirms_in_one_write() {
    let app = spawn_app().await;
    let admin = app.sign_in("quantri").await;
    let unit = app.store.default_unit().await.unwrap();
    let ubnd = app
        .store
        .bodies(unit.id)
        .await
        .unwrap()
        .into_iter()
        .find(|b| b.short_name == "UBND quận")
        .unwrap()
        .id
        .to_string();
    let head = app.store.log_head().await.unwrap();
    let preview = app
        .post_multipart(
            IMPORT,
            Some(&admin),
            &[
                Part::Field("csrf", &admin.csrf),
                Part::Field("reporting_body_id", &ubnd),
                Part::File("file", "chi-tieu.csv", GOOD_CSV.as_bytes()),
            ],
        )
        .await;
    assert_eq!(preview.status, StatusCode::OK, "{}", preview.body);
    preview
        .shows("Xem trước: 2 chỉ tiêu hợp lệ")
        .shows("Tỷ lệ hộ gia đình sử dụng dịch vụ công trực tuyến")
        .shows("63,5")
        .shows("105,8%")
        .shows("Vượt")
        .shows("Chưa có số liệu")
        .shows("cơ quan báo cáo: UBND quận")
        .shows("Xác nhận nhập");
    assert_eq!(
        app.store.log_head().await.unwrap(),
        head,
        "a preview writes nothing"
    );

    let token = token_of(&preview.body);
    // The confirmation needs the form's token like every other form.
    let forged = app
        .post_form_without_csrf(&format!("{IMPORT}/xac-nhan"), &admin, &[("token", &token)])
        .await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);

    let done = app
        .post_form(
            &format!("{IMPORT}/xac-nhan"),
            Some(&admin),
            &[("token", &token)],
        )
        .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    assert!(done.headers["location"].to_str().unwrap().starts_with(
        "/quan-ly/chuong-trinh/2021/nhap-chi-tieu?da-nhap=2&moi=2&thay-doi=0&khong-doi=0"
    ));
    assert_eq!(
        app.store.log_head().await.unwrap(),
        head + 3,
        "one log entry per row and the amendment the new targets open, in one write"
    );
    app.get_as(
        "/quan-ly/chuong-trinh/2021/nhap-chi-tieu?da-nhap=2&moi=2&thay-doi=0&khong-doi=0",
        &admin.cookie,
    )
    .await
    .shows("Đã nhập 2 chỉ tiêu trong một lần ghi: 2 mới, 0 thay đổi, 0 không đổi.");
    // New targets of the signed programme: in its amendment for the staff, on the portal once
    // every party signs it.
    app.get_as("/quan-ly/chuong-trinh/2021", &admin.cookie)
        .await
        .shows("Tỷ lệ hộ gia đình sử dụng dịch vụ công trực tuyến")
        .shows("Số vụ vi phạm trật tự xây dựng");
    app.get("/chi-tieu/2021")
        .await
        .does_not_show("Tỷ lệ hộ gia đình sử dụng dịch vụ công trực tuyến");
    let unit = app.store.default_unit().await.unwrap();
    let p = app
        .store
        .programme(unit.id, domain::programme::Year::new(2021).unwrap())
        .await
        .unwrap()
        .unwrap();
    let targets = app.store.targets(p.id).await.unwrap();
    assert!(targets
        .iter()
        .all(|t| t.reporting_body_id.map(|b| b.to_string()) == Some(ubnd.clone())));

    // The same token does not import twice.
    let again = app
        .post_form(
            &format!("{IMPORT}/xac-nhan"),
            Some(&admin),
            &[("token", &token)],
        )
        .await;
    assert_eq!(again.status, StatusCode::BAD_REQUEST);
    assert_eq!(app.store.log_head().await.unwrap(), head + 3);
}

/// Uploads a file of targets for the unit itself, as the administrator, and answers the preview.
async fn preview_targets(
    app: &TestApp,
    admin: &common::Session,
    year: i32,
    name: &str,
    bytes: &[u8],
) -> common::Page {
    let page = app
        .post_multipart(
            &format!("/quan-ly/chuong-trinh/{year}/nhap-chi-tieu"),
            Some(admin),
            &[
                Part::Field("csrf", &admin.csrf),
                Part::Field("reporting_body_id", ""),
                Part::File("file", name, bytes),
            ],
        )
        .await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    page
}

/// Confirms a preview; answers where it leads.
async fn confirm_targets(
    app: &TestApp,
    admin: &common::Session,
    year: i32,
    preview: &common::Page,
) -> String {
    let done = app
        .post_form(
            &format!("/quan-ly/chuong-trinh/{year}/nhap-chi-tieu/xac-nhan"),
            Some(admin),
            &[("token", &token_of(&preview.body))],
        )
        .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    done.headers["location"].to_str().unwrap().to_string()
}

/// How many rows of a preview carry each badge of what importing does.
fn row_changes(page: &common::Page) -> (usize, usize, usize) {
    let count = |label: &str| page.body.matches(&format!(">{label}</span>")).count();
    (count("mới"), count("thay đổi"), count("không đổi"))
}

#[tokio::test]
async fn an_exported_table_of_targets_imports_back_with_every_row_unchanged() {
    let app = spawn_app().await;
    let admin = app.sign_in("quantri").await;
    let before = target_count(&app, 2020).await;
    for name in ["bang.xlsx", "bang.csv"] {
        let export = app.download(&format!("/chi-tieu/2020/{name}"), None).await;
        assert_eq!(export.status, StatusCode::OK);
        let preview = preview_targets(&app, &admin, 2020, name, &export.bytes).await;
        preview
            .shows("Xem trước: 15 chỉ tiêu hợp lệ")
            .shows("Khi nhập: 0 mới, 0 thay đổi, 15 không đổi");
        assert_eq!(row_changes(&preview), (0, 0, 15), "{name}");
        let head = app.store.log_head().await.unwrap();
        let location = confirm_targets(&app, &admin, 2020, &preview).await;
        assert!(
            location.contains("da-nhap=15&moi=0&thay-doi=0&khong-doi=15"),
            "{location}"
        );
        assert_eq!(
            app.store.log_head().await.unwrap(),
            head,
            "nothing to write"
        );
        assert_eq!(target_count(&app, 2020).await, before, "{name}");
    }
}

#[tokio::test]
async fn importing_the_same_file_twice_adds_no_target_twice() {
    let app = spawn_app().await;
    let admin = app.sign_in("quantri").await;
    let before = target_count(&app, 2021).await;
    let first = preview_targets(&app, &admin, 2021, "chi-tieu.csv", GOOD_CSV.as_bytes()).await;
    first.shows("Khi nhập: 2 mới, 0 thay đổi, 0 không đổi");
    confirm_targets(&app, &admin, 2021, &first).await;
    assert_eq!(target_count(&app, 2021).await, before + 2);

    let again = preview_targets(&app, &admin, 2021, "chi-tieu.csv", GOOD_CSV.as_bytes()).await;
    again.shows("Khi nhập: 0 mới, 0 thay đổi, 2 không đổi");
    assert_eq!(row_changes(&again), (0, 0, 2));
    confirm_targets(&app, &admin, 2021, &again).await;
    assert_eq!(target_count(&app, 2021).await, before + 2, "no duplicate");

    // The export gives each target its code; edited and sorted otherwise, the rows still find
    // their targets by code, not by where they sit.
    let export = app.download("/chi-tieu/2021/bang.csv", Some(&admin)).await;
    let mut rows = csv_rows(&export.bytes);
    let header = rows.remove(0);
    let mut data: Vec<Vec<String>> = rows
        .into_iter()
        .filter(|r| !r[0].is_empty() && !r[0].starts_with("Tổng hợp"))
        .collect();
    data.reverse();
    let renamed = data
        .iter_mut()
        .find(|r| r[2] == "Số vụ vi phạm trật tự xây dựng")
        .unwrap();
    renamed[2] = "Số vụ vi phạm trật tự xây dựng đô thị".into();
    renamed[5] = "18".into();
    let mut edited = csv::Writer::from_writer(Vec::new());
    edited.write_record(&header).unwrap();
    for r in &data {
        edited.write_record(r).unwrap();
    }
    let edited = edited.into_inner().unwrap();
    let preview = preview_targets(&app, &admin, 2021, "sua.csv", &edited).await;
    assert_eq!(row_changes(&preview), (0, 1, data.len() - 1));
    confirm_targets(&app, &admin, 2021, &preview).await;
    assert_eq!(target_count(&app, 2021).await, before + 2);
    let unit = app.store.default_unit().await.unwrap();
    let p = app
        .store
        .programme(unit.id, domain::programme::Year::new(2021).unwrap())
        .await
        .unwrap()
        .unwrap();
    let target = app
        .store
        .targets(p.id)
        .await
        .unwrap()
        .into_iter()
        .find(|t| t.name == "Số vụ vi phạm trật tự xây dựng đô thị")
        .expect("the target renamed, not a new one");
    assert_eq!(target.plan, rust_decimal::Decimal::from(18));
}

#[tokio::test]
async fn the_template_and_legacy_encoded_files_import() {
    let app = spawn_app().await;
    let editor = app.sign_in("cv.ubnd").await;
    let template = app
        .download("/quan-ly/mau/chi-tieu.xlsx", Some(&editor))
        .await;
    assert_eq!(template.status, StatusCode::OK);
    assert_eq!(template.content_type, XLSX);
    let unit = app.store.default_unit().await.unwrap();
    let ubnd = app
        .store
        .bodies(unit.id)
        .await
        .unwrap()
        .into_iter()
        .find(|b| b.short_name == "UBND quận")
        .unwrap()
        .id
        .to_string();
    let preview = app
        .post_multipart(
            IMPORT,
            Some(&editor),
            &[
                Part::Field("csrf", &editor.csrf),
                Part::Field("reporting_body_id", &ubnd),
                Part::File("file", "mau.xlsx", &template.bytes),
            ],
        )
        .await;
    // The template's example row is never imported.
    assert_eq!(preview.status, StatusCode::UNPROCESSABLE_ENTITY);
    preview
        .shows("Tệp không có dòng dữ liệu nào")
        .does_not_show("Xác nhận nhập");

    let lower = "chỉ tiêu,chiều,kế hoạch\ntỷ lệ hộ gia đình văn hóa,càng cao càng tốt,90\n";
    let tcvn3 = docs::legacy::encode(lower, docs::legacy::Encoding::Tcvn3).unwrap();
    let preview = app
        .post_multipart(
            IMPORT,
            Some(&editor),
            &[
                Part::Field("csrf", &editor.csrf),
                Part::Field("reporting_body_id", &ubnd),
                Part::File("file", "cu.csv", &tcvn3),
            ],
        )
        .await;
    assert_eq!(preview.status, StatusCode::OK, "{}", preview.body);
    preview
        .shows("bảng mã TCVN3 (ABC)")
        .shows("tỷ lệ hộ gia đình văn hóa");

    // An editor imports for their own body only.
    let other = app
        .post_multipart(
            IMPORT,
            Some(&editor),
            &[
                Part::Field("csrf", &editor.csrf),
                Part::Field("reporting_body_id", ""),
                Part::File("file", "chi-tieu.csv", GOOD_CSV.as_bytes()),
            ],
        )
        .await;
    assert_eq!(other.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn readers_and_strangers_cannot_import() {
    let app = spawn_app().await;
    let head = app.store.log_head().await.unwrap();
    let anonymous = app.get(IMPORT).await;
    assert_eq!(anonymous.status, StatusCode::SEE_OTHER);
    assert!(anonymous.headers["location"]
        .to_str()
        .unwrap()
        .starts_with("/dang-nhap?next="));
    let anonymous_post = app
        .post_multipart(
            IMPORT,
            None,
            &[Part::File("file", "chi-tieu.csv", GOOD_CSV.as_bytes())],
        )
        .await;
    assert_eq!(anonymous_post.status, StatusCode::UNAUTHORIZED);
    assert_eq!(
        app.download("/quan-ly/mau/chi-tieu.xlsx", None)
            .await
            .status,
        StatusCode::SEE_OTHER
    );

    let reader = app.sign_in("doc").await;
    assert_eq!(
        app.get_as(IMPORT, &reader.cookie).await.status,
        StatusCode::FORBIDDEN
    );
    let post = app
        .post_multipart(
            IMPORT,
            Some(&reader),
            &[
                Part::Field("csrf", &reader.csrf),
                Part::Field("reporting_body_id", ""),
                Part::File("file", "chi-tieu.csv", GOOD_CSV.as_bytes()),
            ],
        )
        .await;
    assert_eq!(post.status, StatusCode::FORBIDDEN);
    assert_eq!(app.store.log_head().await.unwrap(), head);
}

#[tokio::test]
async fn an_upload_without_its_form_token_is_refused() {
    let app = spawn_app().await;
    let admin = app.sign_in("quantri").await;
    let head = app.store.log_head().await.unwrap();
    for parts in [
        vec![Part::File("file", "chi-tieu.csv", GOOD_CSV.as_bytes())],
        vec![
            Part::Field(
                "csrf",
                "0000000000000000000000000000000000000000000000000000000000000000",
            ),
            Part::File("file", "chi-tieu.csv", GOOD_CSV.as_bytes()),
        ],
    ] {
        let page = app.post_multipart(IMPORT, Some(&admin), &parts).await;
        assert_eq!(page.status, StatusCode::FORBIDDEN);
        page.shows("Biểu mẫu đã hết hạn")
            .does_not_show("Xác nhận nhập");
    }
    assert_eq!(app.store.log_head().await.unwrap(), head);
}

#[tokio::test]
async fn an_upload_over_the_limit_is_refused_with_a_message() {
    let app = spawn_app().await;
    let admin = app.sign_in("quantri").await;
    let big = vec![b'a'; web::documents::MAX_UPLOAD_BYTES + 1024];
    let page = app
        .post_multipart(
            IMPORT,
            Some(&admin),
            &[
                Part::Field("csrf", &admin.csrf),
                Part::File("file", "lon.csv", &big),
            ],
        )
        .await;
    assert_eq!(page.status, StatusCode::PAYLOAD_TOO_LARGE);
    page.shows("Tệp quá lớn: trang này nhận tệp tối đa 20 MB");
}

#[tokio::test]
async fn programme_contents_import_within_the_editors_bodies() {
    let app = spawn_app().await;
    let items = "Nội dung,Cơ quan chủ trì,Cơ quan phối hợp,Bắt đầu,Kết thúc,Trạng thái\n\
        Phối hợp tổ chức tiếp xúc cử tri trước kỳ họp,HĐND quận,UBND quận,01/06/2021,30/06/2021,\n";
    let uri = "/quan-ly/chuong-trinh/2021/nhap-noi-dung";
    // The editor of the committee may not import what the council leads.
    let ubnd = app.sign_in("cv.ubnd").await;
    let page = app
        .post_multipart(
            uri,
            Some(&ubnd),
            &[
                Part::Field("csrf", &ubnd.csrf),
                Part::File("file", "noi-dung.csv", items.as_bytes()),
            ],
        )
        .await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
    page.shows("Bạn không có quyền nhập nội dung do HĐND quận chủ trì");

    let hdnd = app.sign_in("cv.hdnd").await;
    let preview = app
        .post_multipart(
            uri,
            Some(&hdnd),
            &[
                Part::Field("csrf", &hdnd.csrf),
                Part::File("file", "noi-dung.csv", items.as_bytes()),
            ],
        )
        .await;
    assert_eq!(preview.status, StatusCode::OK, "{}", preview.body);
    preview.shows("sẽ mở bản sửa đổi, bổ sung");
    let done = app
        .post_form(
            &format!("{uri}/xac-nhan"),
            Some(&hdnd),
            &[("token", &token_of(&preview.body))],
        )
        .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    // In the amendment, for the staff; the portal keeps the version in force until it is signed.
    app.get_as("/quan-ly/chuong-trinh/2021", &hdnd.cookie)
        .await
        .shows("Phối hợp tổ chức tiếp xúc cử tri trước kỳ họp");
    app.get("/chuong-trinh/2021")
        .await
        .does_not_show("Phối hợp tổ chức tiếp xúc cử tri trước kỳ họp");
}

#[tokio::test]
async fn the_follow_up_report_lists_the_years_recommendations() {
    let app = spawn_app().await;
    let pdf = app
        .download("/van-ban/theo-doi-kien-nghi/2020/bao-cao.pdf", None)
        .await;
    assert_eq!(pdf.status, StatusCode::OK, "{}", pdf.text());
    assert_eq!(pdf.content_type, PDF);
    let text = pdf_text(&pdf.bytes, "followup");
    assert_contains(
        &text,
        &[
            "THƯỜNG TRỰC HĐND",
            "Kết quả theo dõi, đôn đốc việc giải quyết kiến nghị sau giám sát năm 2020",
            "Cầu Giấy, ngày 31 tháng 12 năm 2020",
            "TM. THƯỜNG TRỰC HĐND",
            "Nguyễn Văn Chiến",
        ],
    );
    let unit = app.store.default_unit().await.unwrap();
    let public_2020: Vec<i64> = app
        .store
        .oversights(unit.id)
        .await
        .unwrap()
        .into_iter()
        .filter(|o| o.public && chrono::Datelike::year(&o.starts_on) == 2020)
        .map(|o| o.id)
        .collect();
    let first = app
        .store
        .recommendations(unit.id)
        .await
        .unwrap()
        .into_iter()
        .find(|r| r.public && public_2020.contains(&r.oversight_id))
        .expect("the demo has public recommendations of 2020");
    let words: String = first
        .content
        .split_whitespace()
        .take(5)
        .collect::<Vec<_>>()
        .join(" ");
    assert_contains(&text, &[&words]);
    let docx = app
        .download("/van-ban/theo-doi-kien-nghi/2020/bao-cao.docx", None)
        .await;
    assert_eq!(docx.content_type, DOCX);
}

#[tokio::test]
async fn a_meeting_kept_from_the_portal_has_no_public_minutes() {
    let app = spawn_app().await;
    let unit = app.store.default_unit().await.unwrap();
    let mut tx = app.store.begin("test").await.unwrap();
    let meeting = tx
        .insert_meeting(&store::NewMeeting {
            unit_id: unit.id,
            kind: domain::meeting::MeetingKind::Working,
            title: "Họp giao ban Thường trực tháng 3".into(),
            starts_at: chrono::Utc::now(),
            ends_at: None,
            venue: "Phòng họp số 2".into(),
            programme_id: None,
            attendees: Vec::new(),
            chair: None,
            secretary: None,
            agenda: vec!["Rà soát tiến độ các nội dung phối hợp".into()],
            minutes: Some("Các cơ quan báo cáo tiến độ; thống nhất lịch họp tháng sau.".into()),
            minutes_published: false,
            documents: Vec::new(),
            public: false,
        })
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let uri = format!("/hoi-nghi/{}/bien-ban.pdf", meeting.id);
    assert_eq!(app.download(&uri, None).await.status, StatusCode::NOT_FOUND);
    app.get("/van-ban")
        .await
        .does_not_show("Họp giao ban Thường trực tháng 3");
    let admin = app.sign_in("quantri").await;
    let staff = app.download(&uri, Some(&admin)).await;
    assert_eq!(staff.status, StatusCode::OK);
    assert_eq!(staff.header("cache-control"), "private, no-store");
    assert_contains(
        &pdf_text(&staff.bytes, "working"),
        &[
            "Hội nghị làm việc theo chương trình: (1) Rà soát tiến độ các nội dung phối hợp.",
            "thống nhất lịch họp tháng sau",
        ],
    );
}

#[tokio::test]
async fn importing_into_a_reviewed_year_asks_first_and_writes_only_once_confirmed() {
    let app = spawn_app().await;
    let admin = app.sign_in("quantri").await;
    let before = target_count(&app, 2020).await;
    // New figures for two targets of the year, their terms as signed.
    let figures = "STT;Chỉ tiêu;Đơn vị tính;Chiều;Kế hoạch;Thực hiện;Ghi chú\n\
1;Tỷ lệ dân số tham gia bảo hiểm y tế;%;Càng cao càng tốt;90;91,6;\n\
2;Số lao động được giải quyết việc làm;người;Càng cao càng tốt;4000;4150;\n";
    let preview = preview_targets(&app, &admin, 2020, "chi-tieu.csv", figures.as_bytes()).await;
    preview
        .shows("Chương trình năm 2020 đã được tổng kết ngày 21/01/2021")
        .shows("sẽ làm thay đổi số liệu của báo cáo tổng kết")
        .shows(r#"name="xac_nhan" value="1" required"#);
    let head = app.store.log_head().await.unwrap();
    let token = token_of(&preview.body);
    let unconfirmed = app
        .post_form(
            "/quan-ly/chuong-trinh/2020/nhap-chi-tieu/xac-nhan",
            Some(&admin),
            &[("token", &token)],
        )
        .await;
    assert_eq!(unconfirmed.status, StatusCode::BAD_REQUEST);
    unconfirmed.shows("Chưa có gì được ghi");
    assert_eq!(app.store.log_head().await.unwrap(), head, "nothing written");
    assert_eq!(target_count(&app, 2020).await, before);
    // The same file, still waiting, is written once the box is ticked.
    let confirmed = app
        .post_form(
            "/quan-ly/chuong-trinh/2020/nhap-chi-tieu/xac-nhan",
            Some(&admin),
            &[("token", &token), ("xac_nhan", "1")],
        )
        .await;
    assert_eq!(
        confirmed.status,
        StatusCode::SEE_OTHER,
        "{}",
        confirmed.body
    );
    assert_eq!(target_count(&app, 2020).await, before);
    assert_eq!(app.store.log_head().await.unwrap(), head + 2, "two figures");
    // New targets are new terms, which a reviewed programme no longer takes.
    let new = preview_targets(&app, &admin, 2020, "chi-tieu.csv", GOOD_CSV.as_bytes()).await;
    let refused = app
        .post_form(
            "/quan-ly/chuong-trinh/2020/nhap-chi-tieu/xac-nhan",
            Some(&admin),
            &[("token", &token_of(&new.body)), ("xac_nhan", "1")],
        )
        .await;
    assert_ne!(refused.status, StatusCode::SEE_OTHER);
    refused.shows("Chương trình đã tổng kết");
    assert_eq!(target_count(&app, 2020).await, before);
}

#[tokio::test]
async fn programme_contents_imported_twice_are_there_once_and_the_second_import_writes_nothing() {
    let app = spawn_app().await;
    let items = "Nội dung,Cơ quan chủ trì,Cơ quan phối hợp,Bắt đầu,Kết thúc,Trạng thái\n\
        Phối hợp tổ chức tiếp xúc cử tri trước kỳ họp,HĐND quận,UBND quận,01/06/2021,30/06/2021,\n\
        Phối hợp giám sát việc giải quyết kiến nghị của cử tri,HĐND quận,,01/07/2021,31/12/2021,\n";
    let uri = "/quan-ly/chuong-trinh/2021/nhap-noi-dung";
    let hdnd = app.sign_in("cv.hdnd").await;
    let unit = app.store.default_unit().await.unwrap();
    let programme = app
        .store
        .programme(unit.id, domain::programme::Year::new(2021).unwrap())
        .await
        .unwrap()
        .unwrap();
    let before = app.store.items(programme.id).await.unwrap().len();
    for round in 0..2 {
        let preview = app
            .post_multipart(
                uri,
                Some(&hdnd),
                &[
                    Part::Field("csrf", &hdnd.csrf),
                    Part::File("file", "noi-dung.csv", items.as_bytes()),
                ],
            )
            .await;
        assert_eq!(preview.status, StatusCode::OK, "{}", preview.body);
        let head = app.store.log_head().await.unwrap();
        let done = app
            .post_form(
                &format!("{uri}/xac-nhan"),
                Some(&hdnd),
                &[("token", &token_of(&preview.body))],
            )
            .await;
        assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
        if round == 1 {
            assert_eq!(
                app.store.log_head().await.unwrap(),
                head,
                "the same file again changes nothing"
            );
        }
        assert_eq!(
            app.store.items(programme.id).await.unwrap().len(),
            before + 2,
            "round {round}"
        );
    }
}
