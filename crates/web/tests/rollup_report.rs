//! A province's summary report of a year (issue 21), read back by poppler: the demo city's counts
//! over its wards as the public reads them, the drafts counted for its staff, a Word file beside
//! it, and nothing for a unit with nobody below it.

mod common;

use axum::http::StatusCode;
use common::{pdf_rows, pdf_text, spawn_app, TestApp};

const CITY: &str = "/dv/thanh-pho-ha-noi";

/// The report's words in reading order, and its lines as set (a table's row on one).
async fn report(
    app: &TestApp,
    uri: &str,
    session: Option<&common::Session>,
) -> (String, Vec<String>) {
    let file = app.download(uri, session).await;
    assert_eq!(file.status, StatusCode::OK, "{uri}");
    assert_eq!(file.content_type, "application/pdf");
    let name = if session.is_some() { "staff" } else { "public" };
    (pdf_text(&file.bytes, name), pdf_rows(&file.bytes, name))
}

fn has_row(rows: &[String], row: &str) {
    assert!(rows.iter().any(|r| r == row), "no row “{row}” in {rows:#?}");
}

/// A row of the indicators' table by its figures: its name wraps over the lines around them.
fn has_figures(rows: &[String], figures: &str) {
    assert!(
        rows.iter().any(|r| r.ends_with(figures)),
        "no row ending “{figures}” in {rows:#?}"
    );
}

#[tokio::test]
async fn the_citys_summary_holds_the_public_counts_of_its_wards() {
    let app = spawn_app().await;
    let (text, rows) = report(&app, &format!("{CITY}/tong-hop/2026/bao-cao.pdf"), None).await;
    // Each indicator's counts (exceeded, met, missed, not reported) and combined plan and
    // actual, as the demo's signed programme of Cầu Giấy gives them.
    has_figures(&rows, "% 0 0 0 1 95 —");
    has_figures(&rows, "% 1 0 0 0 98 99");
    has_figures(&rows, "% 0 0 1 0 50 38");
    has_figures(&rows, "0 0 1 0 100 76,5");
    // Each ward's line: its programme, its targets met, its contents done, in progress and late,
    // its overdue recommendations.
    has_row(&rows, "1 phường Cầu Giấy Đã ký kết 3/6 1 3 0 1");
    has_row(&rows, "2 phường Nghĩa Đô Chưa có 0 0 0 0");
    for words in [
        "UBND THÀNH PHỐ HÀ NỘI",
        "BÁO CÁO",
        "Tổng hợp kết quả thực hiện chỉ tiêu năm 2026 của các đơn vị cấp dưới",
        "của 2 đơn vị cấp dưới, theo số liệu các đơn vị đã công khai",
        "I. KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU",
        "PLRAC – Tỷ lệ rác thải sinh hoạt được phân loại tại nguồn",
        "II. TÌNH HÌNH THỰC HIỆN CỦA TỪNG ĐƠN VỊ",
        "III. CÁC ĐƠN VỊ CẦN ĐÔN ĐỐC",
        // Cầu Giấy's 38 % of waste sorted is behind its plan of 50 %.
        "PLRAC – Tỷ lệ rác thải sinh hoạt được phân loại tại nguồn: không đạt: phường Cầu Giấy.",
    ] {
        assert!(text.contains(words), "missing “{words}” in {text}");
    }
    assert!(!text.contains("chưa báo cáo: phường Nghĩa Đô"), "{text}");
}

#[tokio::test]
async fn the_citys_staff_read_the_drafts_counted_in_their_summary() {
    let app = spawn_app().await;
    let staff = app.sign_in("hn.quantri").await;
    let uri = format!("{CITY}/tong-hop/2026/bao-cao.pdf");
    let (text, rows) = report(&app, &uri, Some(&staff)).await;
    assert!(text.contains("theo số liệu các đơn vị đã nhập"), "{text}");
    has_row(&rows, "2 phường Nghĩa Đô Dự thảo 0/1 0 0 0 0");
    assert!(text.contains("chưa báo cáo: phường Nghĩa Đô"), "{text}");
    // Made for one person: no shared cache keeps it.
    let file = app.download(&uri, Some(&staff)).await;
    assert!(
        file.header("cache-control").contains("private"),
        "{:?}",
        file.headers
    );
}

#[tokio::test]
async fn the_summary_is_a_word_file_too_and_a_ward_has_none() {
    let app = spawn_app().await;
    let docx = app
        .download(&format!("{CITY}/tong-hop/2026/bao-cao.docx"), None)
        .await;
    assert_eq!(docx.status, StatusCode::OK);
    assert!(
        docx.bytes.starts_with(b"PK"),
        "a Word file is a ZIP package"
    );
    let disposition = docx.header("content-disposition");
    assert!(
        disposition.starts_with("attachment; filename=\"bao-cao-tong-hop-nam-2026.docx\""),
        "{disposition}"
    );
    let ward = app
        .download("/dv/phuong-cau-giay/tong-hop/2026/bao-cao.pdf", None)
        .await;
    assert_eq!(ward.status, StatusCode::NOT_FOUND);
}
