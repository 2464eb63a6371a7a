//! The official documents as downloads: each is made by the app for whoever asks, from what they
//! may read, and sent as PDF (shown in the browser) or DOCX (saved).

use app::reports::Format;

use super::Download;
use crate::extract::{IdParam, Visitor, YearParam};
use crate::WebError;

macro_rules! by_year {
    ($($name:ident => $method:ident, $format:expr;)*) => {$(
        pub async fn $name(
            Visitor { state, v }: Visitor,
            YearParam(year): YearParam,
        ) -> Result<Download, WebError> {
            Ok(state.app.$method(&v, year, $format).await?.into())
        }
    )*};
}

by_year! {
    programme_pdf => programme_report, Format::Pdf;
    programme_docx => programme_report, Format::Docx;
    review_pdf => review_report, Format::Pdf;
    review_docx => review_report, Format::Docx;
    follow_up_pdf => follow_up_report, Format::Pdf;
    follow_up_docx => follow_up_report, Format::Docx;
    rollup_pdf => rollup_report, Format::Pdf;
    rollup_docx => rollup_report, Format::Docx;
}

pub async fn minutes_pdf(
    Visitor { state, v }: Visitor,
    IdParam(id): IdParam,
) -> Result<Download, WebError> {
    Ok(state.app.minutes_report(&v, id, Format::Pdf).await?.into())
}

pub async fn minutes_docx(
    Visitor { state, v }: Visitor,
    IdParam(id): IdParam,
) -> Result<Download, WebError> {
    Ok(state.app.minutes_report(&v, id, Format::Docx).await?.into())
}
