//! The inputs of the official documents: plain structs that callers fill from the store, so this
//! crate needs no database and each document can be built in a test from literals.

use chrono::{DateTime, NaiveDate, Utc};
use domain::meeting::Meeting;
use domain::target::Target;

/// An issuing body as the masthead writes it: the level above in regular capitals (optional) and
/// the body itself in bold capitals, with a short rule under it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Issuer {
    /// "HĐND THÀNH PHỐ HÀ NỘI"; written as given, upper-cased.
    pub upper: Option<String>,
    /// "HĐND QUẬN CẦU GIẤY"; written as given, upper-cased.
    pub name: String,
}

impl Issuer {
    /// A body without a line above it.
    pub fn new(name: impl Into<String>) -> Self {
        Self {
            upper: None,
            name: name.into(),
        }
    }

    /// The three parties of a joint programme of `unit` ("quận Cầu Giấy"): HĐND, UBND and
    /// Ủy ban MTTQ Việt Nam, each under the same body of `upper_unit` ("thành phố Hà Nội") when given.
    pub fn programme_parties(unit: &str, upper_unit: Option<&str>) -> Vec<Issuer> {
        ["HĐND", "UBND", "ỦY BAN MTTQ VIỆT NAM"]
            .into_iter()
            .map(|body| Issuer {
                upper: upper_unit.map(|u| format!("{body} {u}")),
                name: format!("{body} {unit}"),
            })
            .collect()
    }
}

/// A signature block: "TM. THƯỜNG TRỰC HĐND / CHỦ TỊCH / Nguyễn Văn Chiến".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signer {
    /// The capacity line, "TM. ỦY BAN NHÂN DÂN"; empty when the person signs in their own name.
    pub body_label: String,
    /// The post, "CHỦ TỊCH".
    pub role: String,
    /// The signer's full name.
    pub name: String,
}

impl Signer {
    /// The chairs of the council, the committee and the front, signing for their bodies as a
    /// joint programme is signed.
    pub fn programme_parties(
        council_chair: &str,
        committee_chair: &str,
        front_chair: &str,
    ) -> Vec<Signer> {
        [
            ("TM. THƯỜNG TRỰC HĐND", council_chair),
            ("TM. ỦY BAN NHÂN DÂN", committee_chair),
            ("TM. BAN THƯỜNG TRỰC", front_chair),
        ]
        .into_iter()
        .map(|(label, name)| Signer {
            body_label: label.to_string(),
            role: "CHỦ TỊCH".to_string(),
            name: name.to_string(),
        })
        .collect()
    }
}

/// A digital signature of a signed programme, printed in the annex of its PDF and DOCX.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignatureInfo {
    /// The person who signed.
    pub signer: String,
    /// The body they signed for.
    pub body: String,
    /// When; printed in Vietnam's time.
    pub signed_at: DateTime<Utc>,
    /// The body's Ed25519 public key, hex.
    pub public_key_hex: String,
    /// The signature over the programme's content, hex.
    pub signature_hex: String,
}

/// One content of a programme as the document lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProgrammeItemLine {
    /// What the bodies do together.
    pub content: String,
    /// The lead body, "UBND quận".
    pub lead: String,
    /// The partner bodies, "HĐND quận, Ủy ban MTTQ Việt Nam quận".
    pub partners: String,
    /// "Cả năm 2021", as `TimeFrame::label` writes it.
    pub time_frame: String,
}

/// The joint programme: "CHƯƠNG TRÌNH Phối hợp công tác năm 2021".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProgrammeDocument {
    /// The issuing bodies, in the order the masthead lists them.
    pub issuers: Vec<Issuer>,
    /// "01/CTrPH-HĐND-UBND-MTTQ"; written after "Số: ".
    pub number_symbol: String,
    /// "Hà Nội".
    pub place: String,
    /// Date of issue.
    pub date: NaiveDate,
    /// The summary under the document type: "Phối hợp công tác năm 2021".
    pub title: String,
    /// Paragraphs before the items: grounds and purpose.
    pub preamble: Vec<String>,
    /// The coordination contents, numbered in this order.
    pub items: Vec<ProgrammeItemLine>,
    /// Paragraphs after the items: "Tổ chức thực hiện".
    pub implementation: Vec<String>,
    /// Signature blocks, left to right.
    pub signers: Vec<Signer>,
    /// "Nơi nhận:" lines, without the leading dash or the trailing punctuation.
    pub recipients: Vec<String>,
    /// Digital signatures; when present they are printed in an annex.
    pub signatures: Vec<SignatureInfo>,
}

/// Counts of the year's oversight work, given by the caller.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct OversightFigures {
    /// Giám sát chuyên đề.
    pub thematic_supervisions: u32,
    /// Phiên giải trình.
    pub hearings: u32,
    /// Thanh tra.
    pub inspections: u32,
    /// Kiểm tra.
    pub checks: u32,
    /// Kiến nghị made.
    pub recommendations: u32,
    /// Of those, resolved.
    pub recommendations_resolved: u32,
}

/// The annual review report: "BÁO CÁO Tổng kết …".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReviewDocument {
    /// The issuing bodies, in the order the masthead lists them.
    pub issuers: Vec<Issuer>,
    /// Number and symbol, written after "Số: ".
    pub number_symbol: String,
    /// Place of issue, "Hà Nội".
    pub place: String,
    /// Date of issue.
    pub date: NaiveDate,
    /// "Tổng kết Chương trình phối hợp công tác năm 2020 và phương hướng, nhiệm vụ năm 2021".
    pub title: String,
    /// "quận Cầu Giấy", the subject of the summary sentence.
    pub unit_name: String,
    /// The year reviewed.
    pub year: i32,
    /// Paragraphs on the overall results.
    pub results: Vec<String>,
    /// The year's targets, in table order.
    pub targets: Vec<Target>,
    /// The year's oversight work.
    pub oversight: OversightFigures,
    /// Shortcomings (tồn tại, hạn chế); the section is left out when empty.
    pub shortcomings: Vec<String>,
    /// Tasks for the next year.
    pub next_year_tasks: Vec<String>,
    /// Signature blocks, left to right.
    pub signers: Vec<Signer>,
    /// "Nơi nhận:" lines, without the leading dash or the trailing punctuation.
    pub recipients: Vec<String>,
}

/// Minutes of a meeting: "BIÊN BẢN Hội nghị …".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MinutesDocument {
    /// The issuing bodies, in the order the masthead lists them.
    pub issuers: Vec<Issuer>,
    /// "05/BB-HĐND"; the number line is left out when `None`.
    pub number_symbol: Option<String>,
    /// Place written before the date.
    pub place: String,
    /// The meeting: title, time, venue and attendees.
    pub meeting: Meeting,
    /// Who chaired: "Nguyễn Văn Chiến – Chủ tịch HĐND quận".
    pub chair: String,
    /// The chair's name under the chair's signature.
    pub chair_name: String,
    /// Who took the minutes: "Lê Thu Hà – Chuyên viên Văn phòng".
    pub secretary: String,
    /// The secretary's name under the secretary's signature.
    pub secretary_name: String,
    /// What was presented and said, paragraph by paragraph.
    pub proceedings: Vec<String>,
    /// What the meeting concluded.
    pub conclusions: Vec<String>,
}

/// One recommendation being followed up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecommendationLine {
    /// What was recommended.
    pub content: String,
    /// The body that must act on it.
    pub responsible: String,
    /// When it was to be settled.
    pub deadline: Option<NaiveDate>,
    /// "Đang giải quyết", "Đã giải quyết xong".
    pub status: String,
    /// Whether it is settled; an unsettled one past its deadline is reported overdue.
    pub resolved: bool,
    /// The responses and remediation reported, one per line.
    pub responses: Vec<String>,
}

/// The report on following up the recommendations of oversight.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FollowUpDocument {
    /// The issuing bodies, in the order the masthead lists them.
    pub issuers: Vec<Issuer>,
    /// Number and symbol, written after "Số: ".
    pub number_symbol: String,
    /// Place of issue.
    pub place: String,
    /// Date of the report; deadlines before it count as overdue.
    pub date: NaiveDate,
    /// "Kết quả theo dõi, đôn đốc việc giải quyết kiến nghị sau giám sát năm 2021".
    pub title: String,
    /// Paragraphs before the table.
    pub introduction: Vec<String>,
    /// The recommendations, one table row each.
    pub recommendations: Vec<RecommendationLine>,
    /// Signature blocks, left to right.
    pub signers: Vec<Signer>,
    /// "Nơi nhận:" lines, without the leading dash or the trailing punctuation.
    pub recipients: Vec<String>,
}

/// One indicator of a province's summary: how its units stand on it, and the combined figures.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RollUpIndicatorLine {
    /// "BHYT – Tỷ lệ dân số tham gia bảo hiểm y tế".
    pub name: String,
    /// The unit of measure: "%".
    pub measure: String,
    pub exceeded: usize,
    pub met: usize,
    pub missed: usize,
    /// Units without an actual yet: never counted as missed.
    pub not_reported: usize,
    /// The combined plan and actual, "—" where they have no meaning.
    pub plan: String,
    pub actual: String,
}

/// One unit of a province's summary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RollUpUnitLine {
    /// "Phường Nghĩa Đô".
    pub name: String,
    /// Where its programme of the year stands: "Đã ký", "Dự thảo", "Chưa có".
    pub programme: String,
    /// "4/6" of its targets met or exceeded; empty without a programme.
    pub targets: String,
    pub items_done: usize,
    pub items_in_progress: usize,
    pub items_late: usize,
    pub overdue_recommendations: usize,
}

/// A province's summary report of a year (báo cáo tổng hợp) over the units below it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RollUpDocument {
    pub issuers: Vec<Issuer>,
    /// "15/BC-UBND".
    pub number_symbol: String,
    pub place: String,
    pub date: NaiveDate,
    /// "Tổng hợp kết quả thực hiện chỉ tiêu năm 2026 của các đơn vị cấp xã".
    pub title: String,
    pub introduction: Vec<String>,
    pub indicators: Vec<RollUpIndicatorLine>,
    pub units: Vec<RollUpUnitLine>,
    /// The units to urge: those behind or not reporting, a sentence an indicator.
    pub follow_up: Vec<String>,
    pub signers: Vec<Signer>,
    pub recipients: Vec<String>,
}
