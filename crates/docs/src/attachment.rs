//! Files attached to articles, meetings and oversight activities: what a file is, told from its
//! bytes and never from its name, so that a program renamed `.pdf` or a macro-bearing workbook is
//! refused before anything is kept.

use std::io::Cursor;

use sha2::{Digest, Sha256};

/// The largest file accepted: a scanned report of a few dozen pages.
pub const MAX_ATTACHMENT_BYTES: usize = 20 * 1024 * 1024;
/// Entries a DOCX or XLSX may list. Office writes a few dozen; the bound keeps a crafted central
/// directory from being walked for long. Nothing is ever inflated here.
const MAX_ZIP_ENTRIES: usize = 10_000;

/// The kinds of document staff attach.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AttachmentKind {
    Pdf,
    Docx,
    Xlsx,
}

impl AttachmentKind {
    /// The extension the file is served with.
    pub fn extension(self) -> &'static str {
        match self {
            Self::Pdf => "pdf",
            Self::Docx => "docx",
            Self::Xlsx => "xlsx",
        }
    }

    /// The media type it is served as.
    pub fn mime(self) -> &'static str {
        match self {
            Self::Pdf => "application/pdf",
            Self::Docx => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            Self::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        }
    }

    /// How a page names the kind next to the link: "PDF", "Word", "Excel".
    pub fn label(self) -> &'static str {
        match self {
            Self::Pdf => "PDF",
            Self::Docx => "Word",
            Self::Xlsx => "Excel",
        }
    }

    /// The kind for an extension as stored, if it is one.
    pub fn from_extension(ext: &str) -> Option<Self> {
        match ext {
            "pdf" => Some(Self::Pdf),
            "docx" => Some(Self::Docx),
            "xlsx" => Some(Self::Xlsx),
            _ => None,
        }
    }
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum AttachmentError {
    #[error("Hãy chọn một tệp để đính kèm")]
    Empty,
    #[error("Tệp quá lớn: tối đa {} MB", MAX_ATTACHMENT_BYTES / (1024 * 1024))]
    TooLarge,
    #[error("Tệp Word hoặc Excel định dạng cũ (.doc, .xls): hãy lưu lại thành .docx hoặc .xlsx rồi tải lên")]
    LegacyOffice,
    #[error("Tệp có chứa macro; hãy lưu lại thành .docx hoặc .xlsx không có macro")]
    Macros,
    #[error("Chỉ nhận tệp PDF, Word (.docx) hoặc Excel (.xlsx)")]
    Unsupported,
}

/// An uploaded file found to be a document of a kind that may be attached.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckedAttachment {
    pub kind: AttachmentKind,
    /// SHA-256 of the file, in hex: how the change log names it.
    pub hash: String,
}

/// Tell what an uploaded file is from its content and refuse what may not be attached.
pub fn check(bytes: &[u8]) -> Result<CheckedAttachment, AttachmentError> {
    if bytes.is_empty() {
        return Err(AttachmentError::Empty);
    }
    if bytes.len() > MAX_ATTACHMENT_BYTES {
        return Err(AttachmentError::TooLarge);
    }
    let kind = if bytes.starts_with(b"%PDF-") {
        AttachmentKind::Pdf
    } else if bytes.starts_with(b"PK\x03\x04") {
        office_kind(bytes)?
    } else if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        return Err(AttachmentError::LegacyOffice);
    } else {
        return Err(AttachmentError::Unsupported);
    };
    Ok(CheckedAttachment {
        kind,
        hash: hex(&Sha256::digest(bytes)),
    })
}

/// A ZIP package is a DOCX or an XLSX by the main part it lists; only the central directory is
/// read, never a compressed entry, so a crafted archive costs nothing to look at.
fn office_kind(bytes: &[u8]) -> Result<AttachmentKind, AttachmentError> {
    let archive =
        zip::ZipArchive::new(Cursor::new(bytes)).map_err(|_| AttachmentError::Unsupported)?;
    if archive.len() > MAX_ZIP_ENTRIES {
        return Err(AttachmentError::Unsupported);
    }
    let names: Vec<String> = archive
        .file_names()
        .map(|n| n.map(|n| n.into_owned()))
        .collect::<Result<_, _>>()
        .map_err(|_| AttachmentError::Unsupported)?;
    if names.iter().any(|n| n.ends_with("vbaProject.bin")) {
        return Err(AttachmentError::Macros);
    }
    let has = |part: &str| {
        names.iter().any(|n| n == part) && names.iter().any(|n| n == "[Content_Types].xml")
    };
    if has("word/document.xml") {
        Ok(AttachmentKind::Docx)
    } else if has("xl/workbook.xml") {
        Ok(AttachmentKind::Xlsx)
    } else {
        Err(AttachmentError::Unsupported)
    }
}

fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    bytes.iter().fold(String::new(), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}

/// A size as a reader wants it next to a link: "340 KB", "1,2 MB".
pub fn human_size(bytes: u64) -> String {
    const KB: u64 = 1024;
    const MB: u64 = 1024 * 1024;
    if bytes < MB {
        format!("{} KB", bytes.div_ceil(KB).max(1))
    } else {
        let tenths = (bytes * 10).div_ceil(MB);
        if tenths % 10 == 0 {
            format!("{} MB", tenths / 10)
        } else {
            format!("{},{} MB", tenths / 10, tenths % 10)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn package(parts: &[&str]) -> Vec<u8> {
        let mut out = Cursor::new(Vec::new());
        let mut zip = zip::ZipWriter::new(&mut out);
        for part in parts {
            zip.start_file(*part, zip::write::SimpleFileOptions::default())
                .unwrap();
            zip.write_all(b"<x/>").unwrap();
        }
        zip.finish().unwrap();
        out.into_inner()
    }

    #[test]
    fn a_pdf_is_known_by_its_first_bytes_whatever_its_name() {
        let checked = check(b"%PDF-1.7\n%...").unwrap();
        assert_eq!(checked.kind, AttachmentKind::Pdf);
        assert_eq!(checked.hash.len(), 64);
    }

    #[test]
    fn word_and_excel_packages_are_told_apart_by_their_main_part() {
        let docx = package(&["[Content_Types].xml", "word/document.xml"]);
        let xlsx = package(&["[Content_Types].xml", "xl/workbook.xml"]);
        assert_eq!(check(&docx).unwrap().kind, AttachmentKind::Docx);
        assert_eq!(check(&xlsx).unwrap().kind, AttachmentKind::Xlsx);
    }

    #[test]
    fn a_package_with_macros_is_refused() {
        let docm = package(&[
            "[Content_Types].xml",
            "word/document.xml",
            "word/vbaProject.bin",
        ]);
        assert_eq!(check(&docm), Err(AttachmentError::Macros));
    }

    #[test]
    fn programs_plain_zips_old_office_files_and_nothing_are_refused() {
        assert_eq!(check(b"MZ\x90\x00"), Err(AttachmentError::Unsupported));
        assert_eq!(
            check(&package(&["readme.txt"])),
            Err(AttachmentError::Unsupported)
        );
        assert_eq!(
            check(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0]),
            Err(AttachmentError::LegacyOffice)
        );
        assert_eq!(check(b""), Err(AttachmentError::Empty));
        assert_eq!(
            check(b"PK\x03\x04broken"),
            Err(AttachmentError::Unsupported)
        );
    }

    #[test]
    fn a_file_over_the_limit_is_refused_before_it_is_read() {
        let mut big = b"%PDF-".to_vec();
        big.resize(MAX_ATTACHMENT_BYTES + 1, b' ');
        assert_eq!(check(&big), Err(AttachmentError::TooLarge));
    }

    #[test]
    fn sizes_read_as_vietnamese_write_them() {
        assert_eq!(human_size(10), "1 KB");
        assert_eq!(human_size(340 * 1024), "340 KB");
        assert_eq!(human_size(1024 * 1024), "1 MB");
        assert_eq!(human_size(1_300_000), "1,3 MB");
    }
}
