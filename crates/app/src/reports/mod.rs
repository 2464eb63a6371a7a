//! The official documents made from the data: the joint programme, the review report, the minutes
//! of a meeting and the follow-up report of recommendations, each as PDF and DOCX in the
//! presentation of Decree 30/2020. This module maps the records a person may read into the `docs`
//! crate's input structs; the layout is that crate's.

use chrono::{Datelike, NaiveDate};
use docs::{
    FollowUpDocument, Issuer, MinutesDocument, OversightFigures, ProgrammeDocument,
    ProgrammeItemLine, RecommendationLine, ReviewDocument, SignatureInfo, Signer,
};
use domain::access::{anyone_may_read, Action, Record};
use domain::body::{Body, BodyKind};
use domain::programme::{Programme, Year};
use domain::target::TargetSummary;
use domain::unit::AdminUnit;
use store::{BodyWithHolders, Store};

use crate::exports::{tables::body_names, DOCX, PDF};
use crate::meetings::{meeting_record, minutes_record};
use crate::programmes::programme_parties;
use crate::{App, AppError, Result, Viewer};

mod follow_up;
mod minutes;
mod programme;
mod rollup;

use follow_up::follow_up_document;
pub use follow_up::DEFAULT_FOLLOW_UP_NUMBER;
use minutes::minutes_document;
use programme::{file_name, programme_document, review_document};
use rollup::rollup_document;
pub use rollup::DEFAULT_ROLLUP_NUMBER;

/// The number and symbol of the programme when the settings name none.
pub const DEFAULT_PROGRAMME_NUMBER: &str = "01/CTrPH-HĐND-UBND-MTTQ";
/// The number and symbol of the review report when the settings name none.
pub const DEFAULT_REVIEW_NUMBER: &str = "02/BC-HĐND-UBND-MTTQ";

/// The two formats of every document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Pdf,
    Docx,
}

impl Format {
    pub fn extension(self) -> &'static str {
        match self {
            Self::Pdf => "pdf",
            Self::Docx => "docx",
        }
    }
}

/// Anything that renders as both.
trait Document {
    fn pdf(&self) -> Result<Vec<u8>, docs::RenderError>;
    fn docx(&self) -> Result<Vec<u8>, docs::RenderError>;
}

macro_rules! document {
    ($($ty:ty),*) => {$(
        impl Document for $ty {
            fn pdf(&self) -> Result<Vec<u8>, docs::RenderError> {
                self.to_pdf()
            }
            fn docx(&self) -> Result<Vec<u8>, docs::RenderError> {
                self.to_docx()
            }
        }
    )*};
}
document!(
    ProgrammeDocument,
    ReviewDocument,
    MinutesDocument,
    FollowUpDocument,
    docs::RollUpDocument
);

/// A document rendered for a person: its bytes, its type, the name it is saved under, and whether
/// it holds what only staff may read (so no shared cache may keep it).
#[derive(Debug, Clone)]
pub struct Rendered {
    pub bytes: Vec<u8>,
    pub content_type: &'static str,
    /// "Chương trình phối hợp công tác năm 2021.pdf".
    pub file_name: String,
    /// PDFs open in the browser; Word files are saved.
    pub inline: bool,
    pub private: bool,
}

fn render(doc: &impl Document, format: Format, name: &str, private: bool) -> Result<Rendered> {
    let bytes = match format {
        Format::Pdf => doc.pdf(),
        Format::Docx => doc.docx(),
    }?;
    Ok(Rendered {
        bytes,
        content_type: match format {
            Format::Pdf => PDF,
            Format::Docx => DOCX,
        },
        file_name: format!("{name}.{}", format.extension()),
        inline: format == Format::Pdf,
        private,
    })
}

/// A setting of the unit, or the default when unset or blank.
async fn setting_or(store: &Store, unit: &AdminUnit, key: &str, default: &str) -> Result<String> {
    Ok(store
        .unit_setting(unit.id, key)
        .await?
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| default.to_string()))
}

/// The place written before the date: the setting `document_place`, else the unit's own name as
/// Decree 30/2020 has it ("Nghĩa Đô" for a ward's bodies).
async fn place(store: &Store, unit: &AdminUnit) -> Result<String> {
    setting_or(store, unit, "document_place", &unit.document_place()).await
}

/// A body in the masthead: "HĐND QUẬN CẦU GIẤY", "ỦY BAN MTTQ VIỆT NAM QUẬN CẦU GIẤY".
fn issuer(body: &Body, unit: &AdminUnit) -> Issuer {
    let unit = unit.full_name();
    Issuer::new(match body.kind {
        BodyKind::PeoplesCouncil => format!("HĐND {unit}"),
        BodyKind::PeoplesCommittee => format!("UBND {unit}"),
        BodyKind::FatherlandFront => format!("Ủy ban MTTQ Việt Nam {unit}"),
        _ => body.name.clone(),
    })
}

fn parties<'a>(bodies: &'a [Body], ids: &[i64]) -> Vec<&'a Body> {
    ids.iter()
        .filter_map(|id| bodies.iter().find(|b| b.id == *id))
        .collect()
}

/// Who held the head post of a body on a day: the "Chủ tịch" (or "Bí thư"), else the first holder.
fn head_of(held: &[BodyWithHolders], body_id: i64) -> Option<&store::Holder> {
    let holders = &held.iter().find(|b| b.body.id == body_id)?.holders;
    holders
        .iter()
        .find(|h| {
            let post = vi::fold(&h.post);
            post == "chu tich" || post == "bi thu"
        })
        .or(holders.first())
}

/// The signature block of a party's head: "TM. THƯỜNG TRỰC HĐND / CHỦ TỊCH / Nguyễn Văn Chiến".
fn signer(body: &Body, held: &[BodyWithHolders]) -> Signer {
    let head = head_of(held, body.id);
    let body_label = match body.kind {
        BodyKind::PeoplesCouncil => "TM. THƯỜNG TRỰC HĐND".to_string(),
        BodyKind::PeoplesCommittee => "TM. ỦY BAN NHÂN DÂN".to_string(),
        BodyKind::FatherlandFront => "TM. BAN THƯỜNG TRỰC".to_string(),
        _ => format!("TM. {}", body.short_name.to_uppercase()),
    };
    Signer {
        body_label,
        role: head.map_or_else(|| "CHỦ TỊCH".to_string(), |h| h.post.to_uppercase()),
        name: head.map(|h| h.full_name.clone()).unwrap_or_default(),
    }
}

fn recipients(unit: &AdminUnit) -> Vec<String> {
    let lower = match unit.kind.as_str() {
        "quận" | "huyện" | "thị xã" | "thành phố" => "các phường, xã",
        _ => "các thôn, tổ dân phố",
    };
    vec![
        "Thường trực cấp ủy, HĐND, UBND cấp trên".to_string(),
        "Ủy ban MTTQ Việt Nam cấp trên".to_string(),
        "Thường trực cấp ủy cùng cấp".to_string(),
        format!("HĐND, UBND, Ủy ban MTTQ Việt Nam {lower}"),
        "Lưu: VT".to_string(),
    ]
}

impl App {
    /// The programme of a year as a document, if this person may read it as one.
    async fn documented_programme(
        &self,
        v: &Viewer,
        year: Year,
    ) -> Result<(store::ProgrammeOverview, Vec<Body>)> {
        let overview = self
            .programme_overview_as(v, year, |at, record| Action::ReadDocument { at, record })
            .await?;
        Ok((overview, self.store.bodies(v.unit_id()).await?))
    }

    /// The joint programme of a year, as the parties sign it.
    pub async fn programme_report(
        &self,
        v: &Viewer,
        year: Year,
        format: Format,
    ) -> Result<Rendered> {
        let (overview, bodies) = self.documented_programme(v, year).await?;
        let doc = programme_document(&self.store, v.unit(), &overview, &bodies, v.today()).await?;
        render(
            &doc,
            format,
            &file_name(&overview.programme.title, year.get()),
            !anyone_may_read(Record::programme(&overview.programme)),
        )
    }

    /// The review report of a year. What it counts of oversight is what this person may read.
    pub async fn review_report(&self, v: &Viewer, year: Year, format: Format) -> Result<Rendered> {
        let (overview, bodies) = self.documented_programme(v, year).await?;
        let doc = review_document(self, v, &overview, &bodies).await?;
        render(
            &doc,
            format,
            &format!("Báo cáo tổng kết năm {}", year.get()),
            v.is_staff() || !anyone_may_read(Record::programme(&overview.programme)),
        )
    }

    /// The minutes of a meeting, if this person may read the meeting (and its programme).
    pub async fn minutes_report(&self, v: &Viewer, id: i64, format: Format) -> Result<Rendered> {
        let meeting = self
            .store
            .meeting(v.unit_id(), id)
            .await?
            .ok_or(AppError::NotFound)?;
        v.check(
            meeting.unit_id,
            &Action::ReadDocument {
                at: v.at(),
                record: meeting_record(&meeting),
            },
        )?;
        let programme = match meeting.programme_id {
            Some(pid) => Some(self.programme_by_id(v, pid).await?),
            None => None,
        };
        let name = format!(
            "Biên bản hội nghị {}",
            domain::time::short_date(domain::time::day_in_vietnam(meeting.starts_at))
                .replace('/', "-")
        );
        let doc = minutes_document(self, v, meeting, programme.as_ref()).await?;
        render(&doc, format, &name, v.is_staff())
    }

    /// The follow-up report of a year's recommendations: what this person may read of them.
    pub async fn follow_up_report(
        &self,
        v: &Viewer,
        year: Year,
        format: Format,
    ) -> Result<Rendered> {
        v.check(
            v.unit_id(),
            &Action::ReadDocument {
                at: v.at(),
                record: Record::Organisation,
            },
        )?;
        // A year without oversight this person may read has no report to give.
        if !self
            .oversights(v)
            .await?
            .iter()
            .any(|o| o.starts_on.year() == year.get())
        {
            return Err(AppError::NotFound);
        }
        let doc = follow_up_document(self, v, year.get()).await?;
        render(
            &doc,
            format,
            &format!("Báo cáo theo dõi kiến nghị năm {}", year.get()),
            v.is_staff(),
        )
    }

    /// The summary report of a year over the units below the viewer's unit: what this person may
    /// read of them, as the roll-up counts it.
    pub async fn rollup_report(&self, v: &Viewer, year: Year, format: Format) -> Result<Rendered> {
        let roll = self.roll_up(v, year).await?;
        let doc = rollup_document(self, v, &roll).await?;
        let name = format!("Báo cáo tổng hợp năm {}", year.get());
        render(&doc, format, &name, v.is_staff())
    }
}
