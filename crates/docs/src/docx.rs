//! The Word (OOXML) writer: the page model as `word/document.xml` with A4 page size, Decree 30
//! margins, Times New Roman named in every run, and a page number header from page 2 (`titlePg`
//! with an empty first-page header).
//!
//! Written by hand on the `zip` crate rather than with docx-rs: the few parts needed are short,
//! every attribute Decree 30 cares about is set explicitly, and docx-rs would add about two
//! minutes of build on a two-core machine (a second zip and quick-xml besides its own code).

use std::fmt::Write as _;
use std::io::{Cursor, Write};

use zip::write::SimpleFileOptions;

use crate::layout::{page, Align, Block, Column, Doc, Para, Run, Table};
use crate::RenderError;

const W_NS: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
const R_NS: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

/// Points to twips.
fn tw(pt: f32) -> i64 {
    (pt * 20.0).round() as i64
}

/// Points to half-points, the unit of `w:sz`.
fn half(pt: f32) -> i64 {
    (pt * 2.0).round() as i64
}

fn fonts() -> String {
    let f = page::FONT;
    format!(r#"<w:rFonts w:ascii="{f}" w:hAnsi="{f}" w:cs="{f}" w:eastAsia="{f}"/>"#)
}

fn run_props(bold: bool, italic: bool, size: f32) -> String {
    let mut p = String::from("<w:rPr>");
    p.push_str(&fonts());
    if bold {
        p.push_str("<w:b/><w:bCs/>");
    }
    if italic {
        p.push_str("<w:i/><w:iCs/>");
    }
    let _ = write!(
        p,
        r#"<w:sz w:val="{0}"/><w:szCs w:val="{0}"/><w:lang w:val="vi-VN"/></w:rPr>"#,
        half(size)
    );
    p
}

fn run(out: &mut String, r: &Run, size: f32) {
    out.push_str("<w:r>");
    out.push_str(&run_props(r.bold, r.italic, size));
    let _ = write!(
        out,
        r#"<w:t xml:space="preserve">{}</w:t></w:r>"#,
        vi::escape(&r.text)
    );
}

fn jc(align: Align) -> &'static str {
    match align {
        Align::Left => "left",
        Align::Center => "center",
        Align::Right => "right",
        Align::Justify => "both",
    }
}

/// A paragraph inside a container `width` points wide (the page's text or a cell).
fn paragraph(out: &mut String, p: &Para, width: f32) {
    out.push_str("<w:p><w:pPr>");
    if p.keep_next {
        out.push_str("<w:keepNext/>");
    }
    if p.page_break {
        out.push_str("<w:pageBreakBefore/>");
    }
    if let Some(rule) = p.rule {
        let side = tw(((width - rule) / 2.0).max(0.0));
        let _ = write!(
            out,
            r#"<w:pBdr><w:top w:val="single" w:sz="6" w:space="1" w:color="000000"/></w:pBdr><w:spacing w:before="{}" w:after="{}" w:line="40" w:lineRule="exact"/><w:ind w:left="{side}" w:right="{side}"/><w:jc w:val="center"/>"#,
            tw(p.space_before),
            tw(p.space_after),
        );
        out.push_str(&run_props(false, false, 2.0));
        out.push_str("</w:pPr></w:p>");
        return;
    }
    let _ = write!(
        out,
        r#"<w:spacing w:before="{}" w:after="{}" w:line="{}" w:lineRule="auto"/>"#,
        tw(p.space_before),
        tw(p.space_after),
        (240.0 * p.line).round() as i64
    );
    if p.left_indent != 0.0 || p.first_indent != 0.0 {
        let _ = write!(
            out,
            r#"<w:ind w:left="{}" w:firstLine="{}"/>"#,
            tw(p.left_indent),
            tw(p.first_indent)
        );
    }
    let _ = write!(out, r#"<w:jc w:val="{}"/>"#, jc(p.align));
    out.push_str(&run_props(false, false, p.size));
    out.push_str("</w:pPr>");
    for r in &p.runs {
        run(out, r, p.size);
    }
    out.push_str("</w:p>");
}

/// A minimal paragraph that separates two tables, which Word would otherwise join into one.
fn spacer(out: &mut String) {
    out.push_str(
        r#"<w:p><w:pPr><w:spacing w:before="0" w:after="0" w:line="20" w:lineRule="exact"/>"#,
    );
    out.push_str(&run_props(false, false, 1.0));
    out.push_str("</w:pPr></w:p>");
}

fn borders(kind: &str) -> String {
    let edge = |name: &str| {
        if kind == "nil" {
            format!(r#"<w:{name} w:val="nil"/>"#)
        } else {
            format!(r#"<w:{name} w:val="single" w:sz="4" w:space="0" w:color="000000"/>"#)
        }
    };
    let mut s = String::from("<w:tblBorders>");
    for name in ["top", "left", "bottom", "right", "insideH", "insideV"] {
        s.push_str(&edge(name));
    }
    s.push_str("</w:tblBorders>");
    s
}

/// Column widths in twips that add up to the text width exactly.
fn grid(fractions: &[f32]) -> Vec<i64> {
    let total = i64::from(page::WIDTH_TWIPS - page::LEFT_TWIPS - page::RIGHT_TWIPS);
    let sum: f32 = fractions.iter().sum();
    let mut widths: Vec<i64> = fractions
        .iter()
        .map(|f| (f / sum * total as f32).floor() as i64)
        .collect();
    let rest = total - widths.iter().sum::<i64>();
    if let Some(last) = widths.last_mut() {
        *last += rest;
    }
    widths
}

fn table_start(out: &mut String, widths: &[i64], ruled: bool) {
    let total: i64 = widths.iter().sum();
    let margin = if ruled { 85 } else { 0 };
    let _ = write!(
        out,
        r#"<w:tbl><w:tblPr><w:tblW w:w="{total}" w:type="dxa"/>{}<w:tblLayout w:type="fixed"/><w:tblCellMar><w:top w:w="{v}" w:type="dxa"/><w:left w:w="{margin}" w:type="dxa"/><w:bottom w:w="{v}" w:type="dxa"/><w:right w:w="{margin}" w:type="dxa"/></w:tblCellMar><w:tblLook w:val="0000"/></w:tblPr><w:tblGrid>"#,
        borders(if ruled { "single" } else { "nil" }),
        v = if ruled { 40 } else { 0 },
    );
    for w in widths {
        let _ = write!(out, r#"<w:gridCol w:w="{w}"/>"#);
    }
    out.push_str("</w:tblGrid>");
}

fn cell(out: &mut String, width: i64, paras: &[Para], v_center: bool, inner: f32) {
    let _ = write!(out, r#"<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>"#);
    if v_center {
        out.push_str(r#"<w:vAlign w:val="center"/>"#);
    }
    out.push_str("</w:tcPr>");
    if paras.is_empty() {
        out.push_str("<w:p/>");
    }
    for p in paras {
        paragraph(out, p, inner);
    }
    out.push_str("</w:tc>");
}

fn grid_table(out: &mut String, rows: &[Vec<Column>]) {
    let Some(first) = rows.first() else {
        return;
    };
    let fractions: Vec<f32> = first.iter().map(|c| c.width).collect();
    let widths = grid(&fractions);
    table_start(out, &widths, false);
    let last = rows.len() - 1;
    for (i, row) in rows.iter().enumerate() {
        out.push_str("<w:tr><w:trPr><w:cantSplit/></w:trPr>");
        for (c, w) in row.iter().zip(&widths) {
            // Rows of one grid stay on one page: every row but the last keeps with the next.
            let paras: Vec<Para> = c
                .paras
                .iter()
                .map(|p| Para {
                    keep_next: p.keep_next || i < last,
                    ..p.clone()
                })
                .collect();
            cell(out, *w, &paras, false, *w as f32 / 20.0);
        }
        out.push_str("</w:tr>");
    }
    out.push_str("</w:tbl>");
}

fn table(out: &mut String, t: &Table) {
    let widths = grid(&t.widths);
    table_start(out, &widths, true);
    for (i, row) in t.rows.iter().enumerate() {
        out.push_str("<w:tr><w:trPr><w:cantSplit/>");
        if i < t.header_rows {
            out.push_str("<w:tblHeader/>");
        }
        out.push_str("</w:trPr>");
        for (c, w) in row.iter().zip(&widths) {
            cell(out, *w, &c.paras, true, (*w - 170) as f32 / 20.0);
        }
        out.push_str("</w:tr>");
    }
    out.push_str("</w:tbl>");
}

/// `word/document.xml` of a composed document.
pub(crate) fn document_xml(doc: &Doc) -> String {
    let mut out = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="{W_NS}" xmlns:r="{R_NS}"><w:body>"#
    );
    let text_width = page::text_width();
    let mut after_table = false;
    for b in &doc.blocks {
        match b {
            Block::Para(p) => {
                paragraph(&mut out, p, text_width);
                after_table = false;
            }
            Block::Grid(rows) => {
                if after_table {
                    spacer(&mut out);
                }
                grid_table(&mut out, rows);
                after_table = true;
            }
            Block::Table(t) => {
                if after_table {
                    spacer(&mut out);
                }
                table(&mut out, t);
                after_table = true;
            }
        }
    }
    if after_table {
        spacer(&mut out);
    }
    let _ = write!(
        out,
        r#"<w:sectPr><w:headerReference w:type="default" r:id="rId3"/><w:headerReference w:type="first" r:id="rId4"/><w:pgSz w:w="{}" w:h="{}"/><w:pgMar w:top="{}" w:right="{}" w:bottom="{}" w:left="{}" w:header="{}" w:footer="{}" w:gutter="0"/><w:cols w:space="720"/><w:titlePg/></w:sectPr></w:body></w:document>"#,
        page::WIDTH_TWIPS,
        page::HEIGHT_TWIPS,
        page::TOP_TWIPS,
        page::RIGHT_TWIPS,
        page::BOTTOM_TWIPS,
        page::LEFT_TWIPS,
        page::HEADER_TWIPS,
        page::HEADER_TWIPS,
    );
    out
}

fn page_number_header() -> String {
    let rpr = run_props(false, false, page::PAGE_NUMBER_PT);
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:hdr xmlns:w="{W_NS}" xmlns:r="{R_NS}"><w:p><w:pPr><w:jc w:val="center"/>{rpr}</w:pPr><w:r>{rpr}<w:fldChar w:fldCharType="begin"/></w:r><w:r>{rpr}<w:instrText xml:space="preserve"> PAGE </w:instrText></w:r><w:r>{rpr}<w:fldChar w:fldCharType="separate"/></w:r><w:r>{rpr}<w:t>2</w:t></w:r><w:r>{rpr}<w:fldChar w:fldCharType="end"/></w:r></w:p></w:hdr>"#
    )
}

fn empty_header() -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:hdr xmlns:w="{W_NS}" xmlns:r="{R_NS}"><w:p/></w:hdr>"#
    )
}

fn styles_xml() -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:styles xmlns:w="{W_NS}"><w:docDefaults><w:rPrDefault><w:rPr>{fonts}<w:sz w:val="{sz}"/><w:szCs w:val="{sz}"/><w:lang w:val="vi-VN" w:eastAsia="en-US" w:bidi="ar-SA"/></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults><w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style><w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/><w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style></w:styles>"#,
        fonts = fonts(),
        sz = half(page::BODY_PT),
    )
}

const SETTINGS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:settings xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:zoom w:percent="100"/><w:defaultTabStop w:val="720"/><w:characterSpacingControl w:val="doNotCompress"/><w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat></w:settings>"#;

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/><Override PartName="/word/settings.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/><Override PartName="/word/header1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"/><Override PartName="/word/header2.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"/><Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/><Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/></Types>"#;

const ROOT_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/></Relationships>"#;

const DOCUMENT_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings" Target="settings.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/header" Target="header1.xml"/><Relationship Id="rId4" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/header" Target="header2.xml"/></Relationships>"#;

const APP: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Application>phoihop</Application></Properties>"#;

fn core_xml(title: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:title>{}</dc:title><dc:creator>phoihop</dc:creator><dc:language>vi-VN</dc:language></cp:coreProperties>"#,
        vi::escape(title)
    )
}

/// The composed document as a `.docx` file. The output has no time stamps, so the same input
/// gives the same bytes.
pub(crate) fn render(doc: &Doc) -> Result<Vec<u8>, RenderError> {
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(zip::DateTime::default());
    let parts: [(&str, String); 9] = [
        ("[Content_Types].xml", CONTENT_TYPES.to_string()),
        ("_rels/.rels", ROOT_RELS.to_string()),
        ("docProps/core.xml", core_xml(&doc.title)),
        ("docProps/app.xml", APP.to_string()),
        ("word/_rels/document.xml.rels", DOCUMENT_RELS.to_string()),
        ("word/document.xml", document_xml(doc)),
        ("word/styles.xml", styles_xml()),
        ("word/settings.xml", SETTINGS.to_string()),
        ("word/header1.xml", page_number_header()),
    ];
    for (name, body) in parts
        .iter()
        .chain([("word/header2.xml", empty_header())].iter())
    {
        zip.start_file(*name, options)?;
        zip.write_all(body.as_bytes())?;
    }
    Ok(zip.finish()?.into_inner())
}

#[cfg(test)]
mod tests {
    use std::io::Read;

    use crate::samples;

    /// Unzips a generated file and reads one part, as a person checking the file would.
    fn part(docx: &[u8], name: &str) -> String {
        let mut archive = zip::ZipArchive::new(std::io::Cursor::new(docx)).expect("a zip file");
        let mut s = String::new();
        archive
            .by_name(name)
            .expect("part present")
            .read_to_string(&mut s)
            .expect("utf-8 xml");
        s
    }

    fn all_documents() -> Vec<(&'static str, Vec<u8>)> {
        vec![
            ("programme", samples::programme().to_docx().unwrap()),
            ("review", samples::review().to_docx().unwrap()),
            ("minutes", samples::minutes().to_docx().unwrap()),
            ("follow-up", samples::follow_up().to_docx().unwrap()),
        ]
    }

    #[test]
    fn every_document_is_a4_portrait_with_decree_30_margins() {
        for (name, docx) in all_documents() {
            let xml = part(&docx, "word/document.xml");
            assert!(
                xml.contains(r#"<w:pgSz w:w="11906" w:h="16838"/>"#),
                "{name}"
            );
            // 20 mm top and bottom, 30 mm left, 15 mm right, in twips.
            assert!(
                xml.contains(
                    r#"<w:pgMar w:top="1134" w:right="850" w:bottom="1134" w:left="1701""#
                ),
                "{name}"
            );
        }
    }

    #[test]
    fn every_run_names_times_new_roman() {
        for (name, docx) in all_documents() {
            let xml = part(&docx, "word/document.xml");
            let runs = xml.matches("<w:r>").count();
            let fonts = xml
                .matches(r#"<w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman""#)
                .count();
            assert!(runs > 10, "{name}");
            assert!(fonts >= runs, "{name}: {fonts} fonts for {runs} runs");
            assert!(part(&docx, "word/styles.xml").contains(r#"w:ascii="Times New Roman""#));
        }
    }

    #[test]
    fn body_text_is_fourteen_point_and_recipients_twelve_and_eleven() {
        let xml = part(
            &samples::programme().to_docx().unwrap(),
            "word/document.xml",
        );
        assert!(xml.contains(r#"<w:sz w:val="28"/>"#));
        let recipients = xml.find("Nơi nhận:").expect("recipients");
        let before = &xml[..recipients];
        let last_size = before.rfind(r#"<w:sz w:val=""#).unwrap();
        assert!(before[last_size..].starts_with(r#"<w:sz w:val="24"/>"#));
        assert!(xml.contains(r#"<w:sz w:val="22"/><w:szCs w:val="22"/><w:lang w:val="vi-VN"/></w:rPr><w:t xml:space="preserve">- Thường trực Quận ủy;"#));
    }

    #[test]
    fn the_date_line_follows_decree_30() {
        let xml = part(
            &samples::programme().to_docx().unwrap(),
            "word/document.xml",
        );
        assert!(xml.contains("Hà Nội, ngày 21 tháng 01 năm 2021"));
        assert!(xml.contains("Số: 01/CTrPH-HĐND-UBND-MTTQ"));
        assert!(xml.contains("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"));
        assert!(xml.contains("Độc lập - Tự do - Hạnh phúc"));
        let follow_up = part(
            &samples::follow_up().to_docx().unwrap(),
            "word/document.xml",
        );
        assert!(follow_up.contains("Hà Nội, ngày 30 tháng 6 năm 2021"));
    }

    #[test]
    fn page_numbers_start_on_page_two_in_a_centred_thirteen_point_header() {
        let docx = samples::review().to_docx().unwrap();
        let xml = part(&docx, "word/document.xml");
        assert!(xml.contains("<w:titlePg/>"));
        assert!(xml.contains(r#"<w:headerReference w:type="first" r:id="rId4"/>"#));
        let header = part(&docx, "word/header1.xml");
        assert!(header.contains(" PAGE "));
        assert!(header.contains(r#"<w:jc w:val="center"/>"#));
        assert!(header.contains(r#"<w:sz w:val="26"/>"#));
        assert!(!part(&docx, "word/header2.xml").contains("PAGE"));
    }

    #[test]
    fn the_same_document_gives_the_same_bytes() {
        assert_eq!(
            samples::programme().to_docx().unwrap(),
            samples::programme().to_docx().unwrap()
        );
    }

    #[test]
    fn markup_in_the_text_is_escaped() {
        let mut doc = samples::programme();
        doc.title = "Phối hợp <b>& \"kiểm tra\"".into();
        let xml = part(&doc.to_docx().unwrap(), "word/document.xml");
        assert!(xml.contains("Phối hợp &lt;b&gt;&amp; &quot;kiểm tra&quot;"));
    }
}
