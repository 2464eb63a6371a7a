//! The PDFs read back through an independent tool, poppler's `pdftotext` and `pdfinfo`: the
//! Vietnamese text must come out intact and the pages must be A4.

use std::path::PathBuf;
use std::process::Command;

/// Runs a poppler tool on a PDF, failing with the install hint when the tool is missing: a
/// silently skipped test would hide a broken PDF.
fn poppler(tool: &str, pdf: &[u8], name: &str, args: &[&str]) -> String {
    let dir = std::env::temp_dir().join(format!("phoihop-docs-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path: PathBuf = dir.join(format!("{name}.pdf"));
    std::fs::write(&path, pdf).unwrap();
    let output = Command::new(tool)
        .args(args)
        .arg(&path)
        // pdftotext writes to a file unless told "-"; pdfinfo and pdffonts print anyway.
        .args((tool == "pdftotext").then_some("-"))
        .output()
        .unwrap_or_else(|e| {
            panic!("{tool} is needed for this test ({e}): apt-get install poppler-utils")
        });
    assert!(
        output.status.success(),
        "{tool} failed on {name}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("pdftotext writes UTF-8")
}

fn text_of(pdf: &[u8], name: &str) -> String {
    poppler("pdftotext", pdf, name, &["-enc", "UTF-8"])
}

#[test]
fn the_programme_pdf_gives_back_its_vietnamese_text_intact() {
    let text = text_of(&docs::samples::programme().to_pdf().unwrap(), "programme");
    for needle in [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "HĐND QUẬN CẦU GIẤY",
        "ỦY BAN MTTQ VIỆT NAM",
        "Ủy ban MTTQ Việt Nam quận",
        "Hà Nội, ngày 21 tháng 01 năm 2021",
        "Số: 01/CTrPH-HĐND-UBND-MTTQ",
        "CHƯƠNG TRÌNH",
        "Phối hợp công tác năm 2021",
        "“mục tiêu kép”",
        "TM. THƯỜNG TRỰC HĐND",
        "TM. ỦY BAN NHÂN DÂN",
        "TM. BAN THƯỜNG TRỰC",
        "Nguyễn Thị Thanh",
        "Nơi nhận:",
    ] {
        assert!(text.contains(needle), "{needle:?} missing from:\n{text}");
    }
}

#[test]
fn the_review_minutes_and_follow_up_pdfs_give_back_their_text() {
    let review = text_of(&docs::samples::review().to_pdf().unwrap(), "review");
    assert!(review.contains("BÁO CÁO"));
    assert!(
        review.contains("hoàn thành và hoàn thành vượt mức 3/4 chỉ tiêu"),
        "{review}"
    );
    assert!(review.contains("104,6%"));
    let minutes = text_of(&docs::samples::minutes().to_pdf().unwrap(), "minutes");
    assert!(minutes.contains("BIÊN BẢN"));
    assert!(
        minutes.contains("Trần Thị Phương Hoa – TUV – Bí thư Quận ủy"),
        "{minutes}"
    );
    assert!(minutes.contains("THƯ KÝ"));
    let follow_up = text_of(&docs::samples::follow_up().to_pdf().unwrap(), "followup");
    assert!(follow_up.contains("Kết quả theo dõi, đôn đốc việc giải quyết kiến nghị"));
    assert!(follow_up.contains("Hà Nội, ngày 30 tháng 6 năm 2021"));
}

#[test]
fn a_signed_programme_carries_its_signatures_in_an_annex() {
    let doc = docs::samples::signed_programme();
    let text = text_of(&doc.to_pdf().unwrap(), "signed");
    assert!(text.contains("THÔNG TIN CHỮ KÝ SỐ"));
    assert!(text.contains("21/01/2021") && text.contains("15:10"));
    // A key is cut over lines in its cell; its first characters stay on one line.
    let key_start = &doc.signatures[0].public_key_hex[..16];
    assert!(
        text.contains(key_start),
        "{key_start} missing from:\n{text}"
    );
}

#[test]
fn every_page_is_a4_and_the_file_says_who_made_it() {
    let info = poppler(
        "pdfinfo",
        &docs::samples::signed_programme().to_pdf().unwrap(),
        "info",
        &[],
    );
    assert!(
        info.contains("Page size:       595.3 x 841.9 pts (A4)"),
        "{info}"
    );
    assert!(info.contains("Producer:        phoihop"));
    assert!(info.contains("Title:           Chương trình Phối hợp công tác năm 2021"));
    let fonts = poppler(
        "pdffonts",
        &docs::samples::programme().to_pdf().unwrap(),
        "fonts",
        &[],
    );
    assert!(fonts.contains("LiberationSerif-Bold"), "{fonts}");
    assert!(fonts.contains("CID TrueType"));
}
