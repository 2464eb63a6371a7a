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
    FollowUpDocument
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

/// The place written before the date: the province's name ("Hà Nội"), or the setting
/// `document_place`.
async fn place(store: &Store, unit: &AdminUnit) -> Result<String> {
    let mut province = unit.clone();
    while let Some(parent) = province.parent_id {
        province = store.unit(parent).await?;
    }
    setting_or(store, unit, "document_place", &province.name).await
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

/// "Chương trình phối hợp công tác năm 2021" → "Phối hợp công tác năm 2021".
fn summary_of_title(title: &str) -> String {
    let rest = title.trim();
    let rest = ["Chương trình ", "chương trình "]
        .iter()
        .find_map(|p| rest.strip_prefix(p))
        .unwrap_or(rest);
    let mut chars = rest.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The joint programme as the parties sign it, with the digital signatures of its current
/// version in the annex.
async fn programme_document(
    store: &Store,
    unit: &AdminUnit,
    overview: &store::ProgrammeOverview,
    bodies: &[Body],
    today: NaiveDate,
) -> Result<ProgrammeDocument> {
    let p = &overview.programme;
    let year = p.year.get();
    let date = p.signed_on.unwrap_or(today);
    let held = store.bodies_with_holders(unit.id, date).await?;
    let party_ids = if p.party_ids.is_empty() {
        programme_parties(bodies)
    } else {
        p.party_ids.clone()
    };
    let party_bodies = parties(bodies, &party_ids);
    let names = body_names(bodies);
    let name = |id: &i64| names.get(id).cloned().unwrap_or_default();
    let version = store.programme_version(p.id).await?;
    let signatures = store
        .signatures(p.id)
        .await?
        .into_iter()
        .filter(|s| s.version == version && s.verifies)
        .map(|s| SignatureInfo {
            signer: s.signer,
            body: s.body_name,
            signed_at: domain::time::from_unix(s.signed_at),
            public_key_hex: s.public_key,
            signature_hex: s.signature,
        })
        .collect();
    let unit_name = unit.full_name();
    let number_key = format!("programme_number_symbol.{year}");
    let number = match store.unit_setting(unit.id, &number_key).await? {
        Some(n) if !n.trim().is_empty() => n.trim().to_string(),
        _ => {
            setting_or(
                store,
                unit,
                "programme_number_symbol",
                DEFAULT_PROGRAMME_NUMBER,
            )
            .await?
        }
    };
    Ok(ProgrammeDocument {
        issuers: party_bodies.iter().map(|b| issuer(b, unit)).collect(),
        number_symbol: number,
        place: place(store, unit).await?,
        date,
        title: summary_of_title(&p.title),
        preamble: vec![
            format!("Căn cứ chức năng, nhiệm vụ, quyền hạn của Hội đồng nhân dân, Ủy ban nhân dân và Ủy ban Mặt trận Tổ quốc Việt Nam theo quy định của pháp luật, Thường trực HĐND, UBND và Ban Thường trực Ủy ban MTTQ Việt Nam {unit_name} thống nhất Chương trình phối hợp công tác năm {year} như sau:"),
            format!("Nâng cao hiệu quả phối hợp giữa Thường trực HĐND, UBND và Ban Thường trực Ủy ban MTTQ Việt Nam {unit_name} trong việc thực hiện chức năng, nhiệm vụ của mỗi cơ quan theo quy định của pháp luật; việc phối hợp bảo đảm nguyên tắc dân chủ, công khai, đúng quy định, không làm ảnh hưởng đến hoạt động riêng của mỗi cơ quan."),
        ],
        items: overview
            .items
            .iter()
            .map(|i| ProgrammeItemLine {
                content: i.content.clone(),
                lead: name(&i.lead_body_id),
                partners: i
                    .partner_body_ids
                    .iter()
                    .map(name)
                    .collect::<Vec<_>>()
                    .join(", "),
                time_frame: i.time_frame.label(),
            })
            .collect(),
        implementation: vec![
            format!("Thường trực HĐND, UBND, Ban Thường trực Ủy ban MTTQ Việt Nam {unit_name} có trách nhiệm chỉ đạo các cơ quan chuyên môn và cấp dưới triển khai thực hiện Chương trình này."),
            "Định kỳ 6 tháng và cuối năm, các bên tổ chức sơ kết, tổng kết việc thực hiện Chương trình phối hợp.".to_string(),
        ],
        signers: party_bodies.iter().map(|b| signer(b, &held)).collect(),
        recipients: recipients(unit),
        signatures,
    })
}

fn file_name(title: &str, year: i32) -> String {
    if title.contains(&year.to_string()) {
        title.to_string()
    } else {
        format!("{title} {year}")
    }
}

/// Counts of the year's oversight work from the store's oversight records, with the
/// recommendations resolved as they stood on `date`, the report's date.
async fn oversight_figures(
    app: &App,
    v: &Viewer,
    year: i32,
    date: NaiveDate,
) -> Result<OversightFigures> {
    use domain::oversight::{OversightKind, RecommendationStatus};
    let in_year = |d: NaiveDate| d.year() == year;
    let oversights: Vec<_> = app
        .oversights(v)
        .await?
        .into_iter()
        .filter(|o| in_year(o.starts_on))
        .collect();
    let count = |kinds: &[OversightKind]| {
        oversights
            .iter()
            .filter(|o| kinds.contains(&o.kind))
            .count() as u32
    };
    let ids: Vec<i64> = oversights.iter().map(|o| o.id).collect();
    let recommendations: Vec<_> = app
        .recommendations(v)
        .await?
        .into_iter()
        .filter(|r| ids.contains(&r.oversight_id))
        .map(|r| r.as_of(date))
        .collect();
    Ok(OversightFigures {
        thematic_supervisions: count(&[
            OversightKind::ThematicSupervision,
            OversightKind::FrontSupervision,
        ]),
        hearings: count(&[OversightKind::Hearing]),
        inspections: count(&[OversightKind::Inspection]),
        checks: count(&[OversightKind::Check]),
        recommendations: recommendations.len() as u32,
        recommendations_resolved: recommendations
            .iter()
            .filter(|r| r.status == RecommendationStatus::Done)
            .count() as u32,
    })
}

/// The review report of a year: results, the targets table and its summary, oversight, and the
/// next year's programme contents as its tasks.
async fn review_document(
    app: &App,
    v: &Viewer,
    overview: &store::ProgrammeOverview,
    bodies: &[Body],
) -> Result<ReviewDocument> {
    let store = &app.store;
    let unit = v.unit();
    let p = &overview.programme;
    let year = p.year.get();
    let date = p.reviewed_on.unwrap_or(v.today());
    let held = store.bodies_with_holders(unit.id, date).await?;
    let party_ids = if p.party_ids.is_empty() {
        programme_parties(bodies)
    } else {
        p.party_ids.clone()
    };
    let party_bodies = parties(bodies, &party_ids);
    let mut results: Vec<String> = p
        .review_summary
        .iter()
        .flat_map(|s| s.lines())
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect();
    if !overview.items.is_empty() {
        let done = overview
            .items
            .iter()
            .filter(|i| i.status == domain::programme::ItemStatus::Done)
            .count();
        results.push(format!(
            "Trong năm, các bên đã hoàn thành {done}/{} nội dung phối hợp của Chương trình.",
            overview.items.len()
        ));
    }
    if results.is_empty() {
        results.push(format!(
            "Chương trình phối hợp công tác năm {year} đang được triển khai; báo cáo tổng hợp kết quả đến ngày {}.",
            domain::time::short_date(date)
        ));
    }
    let shortcomings = overview
        .targets
        .iter()
        .filter(|t| t.evaluation() == domain::target::Evaluation::Missed)
        .map(|t| {
            format!(
                "Chỉ tiêu “{}” chưa đạt kế hoạch: thực hiện {}{}, kế hoạch {}{}.",
                t.name,
                t.actual.map(|a| t.format_value(a)).unwrap_or_default(),
                measure_suffix(&t.measure),
                t.format_value(t.plan),
                measure_suffix(&t.measure),
            )
        })
        .collect();
    let next_tasks = match Year::new(year + 1) {
        Ok(next) => match app.programme_overview(v, next).await {
            Ok(n) => n.items.iter().map(|i| i.content.clone()).collect(),
            Err(AppError::NotFound) => Vec::new(),
            Err(e) => return Err(e),
        },
        Err(_) => Vec::new(),
    };
    let number_key = format!("review_number_symbol.{year}");
    let number = match store.unit_setting(unit.id, &number_key).await? {
        Some(n) if !n.trim().is_empty() => n.trim().to_string(),
        _ => setting_or(store, unit, "review_number_symbol", DEFAULT_REVIEW_NUMBER).await?,
    };
    Ok(ReviewDocument {
        issuers: party_bodies.iter().map(|b| issuer(b, unit)).collect(),
        number_symbol: number,
        place: place(store, unit).await?,
        date,
        title: format!(
            "Tổng kết Chương trình phối hợp công tác năm {year} và phương hướng, nhiệm vụ năm {}",
            year + 1
        ),
        unit_name: unit.full_name(),
        year,
        results,
        targets: overview.targets.clone(),
        oversight: oversight_figures(app, v, year, date).await?,
        shortcomings,
        next_year_tasks: next_tasks,
        signers: party_bodies.iter().map(|b| signer(b, &held)).collect(),
        recipients: recipients(unit),
    })
}

fn measure_suffix(measure: &str) -> String {
    match measure.trim() {
        "" => String::new(),
        "%" => "%".to_string(),
        m => format!(" {m}"),
    }
}

/// The minutes of a meeting: who attended, who chaired, what was presented, what was concluded.
async fn minutes_document(
    app: &App,
    v: &Viewer,
    meeting: domain::meeting::Meeting,
    programme: Option<&Programme>,
) -> Result<MinutesDocument> {
    let store = &app.store;
    let unit = v.unit();
    let bodies = store.bodies(unit.id).await?;
    let day = domain::time::day_in_vietnam(meeting.starts_at);
    let held = store.bodies_with_holders(unit.id, day).await?;
    let party_ids = match programme {
        Some(p) if !p.party_ids.is_empty() => p.party_ids.clone(),
        _ => programme_parties(&bodies),
    };
    let party_bodies = parties(&bodies, &party_ids);
    // The council's chair presides over the joint conference; else the first party's head.
    let chair_body = party_bodies
        .iter()
        .find(|b| b.kind == BodyKind::PeoplesCouncil)
        .or(party_bodies.first());
    let chair = chair_body.and_then(|b| head_of(&held, b.id).map(|h| (b, h)));
    let (chair_text, chair_name) = match chair {
        Some((body, h)) => {
            let written = meeting
                .attendees
                .iter()
                .find(|a| a.person_id == Some(h.person_id) || a.name == h.full_name)
                .map(|a| a.as_written())
                .unwrap_or_else(|| format!("{} – {} {}", h.full_name, h.post, body.short_name));
            (written, h.full_name.clone())
        }
        None => ("Đại diện Thường trực HĐND".to_string(), String::new()),
    };
    let secretary_name = setting_or(store, unit, "minutes_secretary_name", "").await?;
    let secretary = setting_or(
        store,
        unit,
        "minutes_secretary",
        &if secretary_name.is_empty() {
            format!("Chuyên viên Văn phòng HĐND và UBND {}", unit.full_name())
        } else {
            format!("{secretary_name} – Chuyên viên Văn phòng")
        },
    )
    .await?;
    let mut proceedings = Vec::new();
    let mut conclusions = Vec::new();
    let unit_name = unit.full_name();
    if let Some(p) = programme {
        let year = p.year.get();
        if meeting.kind == domain::meeting::MeetingKind::ReviewAndSigning {
            if let Ok(previous) = Year::new(year - 1) {
                if let Some(prev) = store.programme_overview(unit.id, previous).await? {
                    if v.may_read(Record::programme(&prev.programme)) {
                        let mut text = format!(
                            "Hội nghị nghe báo cáo tổng kết Chương trình phối hợp công tác năm {}",
                            year - 1
                        );
                        if !prev.targets.is_empty() {
                            text.push_str(&format!(
                                ": {}",
                                TargetSummary::of(&prev.targets).sentence()
                            ));
                        }
                        text.push('.');
                        proceedings.push(text);
                        if let Some(s) = &prev.programme.review_summary {
                            proceedings.push(s.clone());
                        }
                    }
                }
            }
            if p.signed_on.is_some() {
                proceedings.push(format!(
                    "Đại diện Thường trực HĐND, UBND, Ban Thường trực Ủy ban MTTQ Việt Nam {unit_name} ký kết {}.",
                    lowercase_first(&p.title)
                ));
                conclusions.push(format!(
                    "Hội nghị thống nhất {}; các cơ quan tổ chức triển khai thực hiện theo chức năng, nhiệm vụ được giao.",
                    lowercase_first(&p.title)
                ));
            }
        }
    }
    // The minutes the office wrote, once published (staff read them before), take the place of
    // the account made from the records; the agenda comes first either way.
    let written: Vec<String> = meeting
        .minutes
        .iter()
        .filter(|_| v.may_read(minutes_record(&meeting)))
        .flat_map(|m| m.lines())
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect();
    if !written.is_empty() {
        proceedings = written;
    }
    if !meeting.agenda.is_empty() {
        let agenda = meeting
            .agenda
            .iter()
            .enumerate()
            .map(|(i, a)| format!("({}) {}", i + 1, a.trim().trim_end_matches('.')))
            .collect::<Vec<_>>()
            .join("; ");
        proceedings.insert(0, format!("Hội nghị làm việc theo chương trình: {agenda}."));
    }
    if proceedings.is_empty() {
        proceedings.push(format!(
            "{} – {}.",
            meeting.kind.label(),
            meeting.title.trim()
        ));
    }
    Ok(MinutesDocument {
        issuers: party_bodies.iter().map(|b| issuer(b, unit)).collect(),
        number_symbol: None,
        place: place(store, unit).await?,
        meeting,
        chair: chair_text,
        chair_name,
        secretary,
        secretary_name,
        proceedings,
        conclusions,
    })
}

fn lowercase_first(s: &str) -> String {
    let mut chars = s.trim().chars();
    match chars.next() {
        Some(c) => c.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The number and symbol of the follow-up report when the settings name none.
pub const DEFAULT_FOLLOW_UP_NUMBER: &str = "01/BC-TTHĐND";

/// The report on following up the recommendations of a year's oversight: each recommendation with
/// the body responsible, its deadline, where it stands on the report's date, and the responses.
/// The public sees the public recommendations of public oversight; staff see all.
async fn follow_up_document(app: &App, v: &Viewer, year: i32) -> Result<FollowUpDocument> {
    let store = &app.store;
    let unit = v.unit();
    let bodies = store.bodies(unit.id).await?;
    let names = body_names(&bodies);
    let name = |id: i64| names.get(&id).cloned().unwrap_or_default();
    let now = v.today();
    // A past year is reported as it stood at its end; the current one as it stands today.
    let date = NaiveDate::from_ymd_opt(year, 12, 31)
        .filter(|end| *end < now)
        .unwrap_or(now);
    let oversights: Vec<_> = app
        .oversights(v)
        .await?
        .into_iter()
        .filter(|o| o.starts_on.year() == year)
        .collect();
    let recommendations: Vec<RecommendationLine> = app
        .recommendations(v)
        .await?
        .into_iter()
        .filter(|r| oversights.iter().any(|o| o.id == r.oversight_id))
        // The report tells what was known on its date: no later response, no later closing.
        .map(|r| r.as_of(date))
        .map(|r| RecommendationLine {
            status: r.follow_up(date).label().to_string(),
            resolved: r.status == domain::oversight::RecommendationStatus::Done,
            responsible: name(r.responsible_body_id),
            deadline: r.deadline,
            responses: r
                .responses
                .iter()
                .map(|x| match x.from_body_id {
                    Some(b) => format!(
                        "{} – {}: {}",
                        domain::time::short_date(x.on),
                        name(b),
                        x.text
                    ),
                    None => format!("{}: {}", domain::time::short_date(x.on), x.text),
                })
                .collect(),
            content: r.content,
        })
        .collect();
    let council = bodies
        .iter()
        .find(|b| b.kind == BodyKind::PeoplesCouncil && b.parent_body_id.is_none());
    let held = store.bodies_with_holders(unit.id, date).await?;
    let unit_name = unit.full_name();
    Ok(FollowUpDocument {
        issuers: vec![Issuer {
            upper: Some(format!("HĐND {unit_name}")),
            name: "THƯỜNG TRỰC HĐND".to_string(),
        }],
        number_symbol: setting_or(store, unit, "follow_up_number_symbol", DEFAULT_FOLLOW_UP_NUMBER)
            .await?,
        place: place(store, unit).await?,
        date,
        title: format!(
            "Kết quả theo dõi, đôn đốc việc giải quyết kiến nghị sau giám sát năm {year}"
        ),
        introduction: vec![format!(
            "Thường trực HĐND {unit_name} báo cáo kết quả theo dõi, đôn đốc việc giải quyết {} kiến nghị qua {} cuộc giám sát, giải trình, thanh tra, kiểm tra năm {year} như sau:",
            recommendations.len(),
            oversights.len()
        )],
        recommendations,
        signers: council.map(|b| signer(b, &held)).into_iter().collect(),
        recipients: recipients(unit),
    })
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
        let meeting = self.store.meeting(id).await?.ok_or(AppError::NotFound)?;
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
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_summary_under_the_type_drops_the_type() {
        assert_eq!(
            summary_of_title("Chương trình phối hợp công tác năm 2021"),
            "Phối hợp công tác năm 2021"
        );
        assert_eq!(summary_of_title("Kế hoạch chung"), "Kế hoạch chung");
    }
}
