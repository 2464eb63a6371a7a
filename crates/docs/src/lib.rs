//! Official documents and spreadsheets for phoihop (issue 6): the joint programme, the review
//! report, meeting minutes and the recommendations follow-up as DOCX and PDF in the presentation
//! of Decree 30/2020/NĐ-CP; target and item import from XLSX and CSV with every bad cell named;
//! XLSX, CSV and open-data exports; and conversion of text in the old Vietnamese encodings
//! (TCVN3, VNI, Windows-1258) to Unicode.
//!
//! The crate receives plain values and returns bytes, or parses bytes into domain values; it
//! knows nothing of the database or HTTP. Errors are typed with `thiserror` and their messages
//! are in Vietnamese, for the people who read them.
//!
//! ```no_run
//! let pdf = docs::samples::programme().to_pdf()?;
//! let docx = docs::samples::programme().to_docx()?;
//! # Ok::<(), docs::RenderError>(())
//! ```

mod compose;
mod docx;
mod font;
mod layout;
mod model;
mod pdf;

pub mod atom;
pub mod attachment;
pub mod export;
pub mod ical;
pub mod image;
pub mod import;
pub mod legacy;
pub mod open_data;
pub mod samples;
pub mod sitemap;

pub use layout::page;
pub use model::{
    FollowUpDocument, Issuer, MinutesDocument, OversightFigures, ProgrammeDocument,
    ProgrammeItemLine, RecommendationLine, ReviewDocument, RollUpDocument, RollUpIndicatorLine,
    RollUpUnitLine, SignatureInfo, Signer,
};

/// A document could not be written.
#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    /// The DOCX package could not be assembled.
    #[error("Không tạo được tệp Word: {0}")]
    Zip(#[from] zip::result::ZipError),
    /// Writing into memory failed.
    #[error("Không ghi được văn bản: {0}")]
    Io(#[from] std::io::Error),
    /// The bundled font could not be subset for the PDF.
    #[error("Không nhúng được phông chữ vào tệp PDF: {0}")]
    Font(String),
}
