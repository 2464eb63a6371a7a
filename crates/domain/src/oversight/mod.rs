//! Oversight activities (giám sát, giải trình, thanh tra, kiểm tra): their kinds, teams, subjects,
//! documents and dates, checked from what a person typed. The follow-up of their recommendations
//! (kiến nghị) is in `recommendation`.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::body::BodyKind;
use crate::{Id, ValidationError};

mod recommendation;
pub use recommendation::*;

/// The kind of an oversight activity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OversightKind {
    /// Giám sát chuyên đề (by the HĐND, its standing committee or its committees).
    ThematicSupervision,
    /// Phiên giải trình.
    Hearing,
    /// Thanh tra.
    Inspection,
    /// Kiểm tra.
    Check,
    /// Giám sát của Mặt trận Tổ quốc.
    FrontSupervision,
    /// Phản biện xã hội của Mặt trận Tổ quốc.
    SocialCritique,
}

impl OversightKind {
    pub const ALL: [OversightKind; 6] = [
        Self::ThematicSupervision,
        Self::Hearing,
        Self::Inspection,
        Self::Check,
        Self::FrontSupervision,
        Self::SocialCritique,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::ThematicSupervision => "thematic_supervision",
            Self::Hearing => "hearing",
            Self::Inspection => "inspection",
            Self::Check => "check",
            Self::FrontSupervision => "front_supervision",
            Self::SocialCritique => "social_critique",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// Whether only the Fatherland Front conducts it: its supervision and social critique are
    /// the Front's own functions under the Law on the Fatherland Front (2015).
    pub fn is_front_only(self) -> bool {
        matches!(self, Self::FrontSupervision | Self::SocialCritique)
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::ThematicSupervision => "Giám sát chuyên đề",
            Self::Hearing => "Phiên giải trình",
            Self::Inspection => "Thanh tra",
            Self::Check => "Kiểm tra",
            Self::FrontSupervision => "Giám sát của Mặt trận Tổ quốc",
            Self::SocialCritique => "Phản biện xã hội",
        }
    }
}

/// A member of an oversight team, with their role in it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TeamMember {
    pub name: String,
    /// "Trưởng đoàn", "Thành viên", "Thư ký".
    pub role: String,
}

impl TeamMember {
    /// The role of a member whose line names none.
    pub const DEFAULT_ROLE: &'static str = "Thành viên";

    /// One member a line, "Họ tên – vai trò" (an en dash, or a hyphen between spaces as keyboards
    /// type it); a line without a role is a "Thành viên". The role is what follows the last
    /// separator, so a name such as "Trưởng ban Kinh tế - Xã hội" keeps its own hyphen when a
    /// role follows it.
    pub fn parse_lines(text: &str) -> Vec<Self> {
        text.lines()
            .map(|l| vi::normalize(l.trim()))
            .filter(|l| !l.is_empty())
            .map(|l| {
                let split = l.rsplit_once(" – ").or_else(|| l.rsplit_once(" - "));
                match split {
                    Some((name, role)) if !name.trim().is_empty() && !role.trim().is_empty() => {
                        Self {
                            name: name.trim().to_string(),
                            role: role.trim().to_string(),
                        }
                    }
                    _ => Self {
                        name: l.clone(),
                        role: Self::DEFAULT_ROLE.to_string(),
                    },
                }
            })
            .collect()
    }

    /// The line `parse_lines` reads back as this member.
    pub fn as_line(&self) -> String {
        format!("{} – {}", self.name, self.role)
    }
}

/// A document of an activity: a decision, a plan, a report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocumentRef {
    pub title: String,
    pub url: Option<String>,
}

impl DocumentRef {
    /// One document a line, "tên văn bản | đường dẫn" or just a title. Only a link within the site
    /// or over https is kept as a link, so a page never carries a `javascript:` address.
    pub fn parse_lines(text: &str) -> Vec<Self> {
        text.lines()
            .map(|l| vi::normalize(l.trim()))
            .filter(|l| !l.is_empty())
            .map(|l| match l.split_once(" | ") {
                Some((title, url))
                    if url.trim().starts_with('/') || url.trim().starts_with("https://") =>
                {
                    Self {
                        title: title.trim().to_string(),
                        url: Some(url.trim().to_string()),
                    }
                }
                _ => Self {
                    title: l,
                    url: None,
                },
            })
            .collect()
    }

    /// The line `parse_lines` reads back as this document.
    pub fn as_line(&self) -> String {
        match &self.url {
            Some(u) => format!("{} | {u}", self.title),
            None => self.title.clone(),
        }
    }
}

/// One oversight activity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Oversight {
    pub id: Id,
    pub unit_id: Id,
    pub kind: OversightKind,
    pub title: String,
    /// The body that conducts it.
    pub conducted_by: Id,
    /// The bodies examined.
    pub subject_body_ids: Vec<Id>,
    /// Subjects that are not bodies of the unit: "các trường THCS trên địa bàn".
    pub other_subjects: Option<String>,
    pub starts_on: NaiveDate,
    pub ends_on: Option<NaiveDate>,
    pub team: Vec<TeamMember>,
    pub documents: Vec<DocumentRef>,
    /// The programme items it serves.
    pub item_ids: Vec<Id>,
    pub findings: Option<String>,
    pub public: bool,
}

/// What a person typed for an oversight activity, before it is checked. The conducting body
/// comes with its kind when the choice names a body of the unit, and `None` otherwise.
#[derive(Debug, Clone, Default)]
pub struct OversightInput<'a> {
    pub kind: &'a str,
    pub title: &'a str,
    pub conducted_by: Option<(Id, BodyKind)>,
    pub subject_body_ids: Vec<Id>,
    pub other_subjects: &'a str,
    pub starts_on: &'a str,
    pub ends_on: &'a str,
    /// One member a line: see [`TeamMember::parse_lines`].
    pub team: &'a str,
    /// One document a line: see [`DocumentRef::parse_lines`].
    pub documents: &'a str,
    pub item_ids: Vec<Id>,
    pub findings: &'a str,
    pub public: bool,
}

/// The fields of an oversight activity, checked: what a form or an import may create or change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OversightDraft {
    pub kind: OversightKind,
    pub title: String,
    pub conducted_by: Id,
    pub subject_body_ids: Vec<Id>,
    pub other_subjects: Option<String>,
    pub starts_on: NaiveDate,
    pub ends_on: Option<NaiveDate>,
    pub team: Vec<TeamMember>,
    pub documents: Vec<DocumentRef>,
    pub item_ids: Vec<Id>,
    pub findings: Option<String>,
    pub public: bool,
}

fn optional_text(s: &str) -> Option<String> {
    Some(vi::normalize(s.trim())).filter(|t| !t.is_empty())
}

impl OversightDraft {
    /// The fields of a recorded activity, to change one part and keep the rest.
    pub fn of(o: &Oversight) -> Self {
        Self {
            kind: o.kind,
            title: o.title.clone(),
            conducted_by: o.conducted_by,
            subject_body_ids: o.subject_body_ids.clone(),
            other_subjects: o.other_subjects.clone(),
            starts_on: o.starts_on,
            ends_on: o.ends_on,
            team: o.team.clone(),
            documents: o.documents.clone(),
            item_ids: o.item_ids.clone(),
            findings: o.findings.clone(),
            public: o.public,
        }
    }

    /// Check every field, collecting one message per bad field.
    pub fn parse(input: &OversightInput<'_>) -> Result<Self, ValidationError> {
        let mut errors = ValidationError::default();
        let kind = OversightKind::parse(input.kind.trim());
        if kind.is_none() {
            errors.push("kind", "Hãy chọn loại hoạt động");
        }
        let title = crate::input::line("title", input.title, &mut errors);
        let findings = crate::input::text("findings", input.findings, &mut errors);
        let other_subjects =
            crate::input::text("other_subjects", input.other_subjects, &mut errors);
        let team = crate::input::text("team", input.team, &mut errors);
        let documents = crate::input::text("documents", input.documents, &mut errors);
        if title.is_empty() {
            errors.push("title", "Tên hoạt động không được để trống");
        } else if title.chars().count() > 500 {
            errors.push("title", "Tên hoạt động dài quá 500 ký tự");
        }
        match (kind, input.conducted_by) {
            (_, None) => errors.push("conducted_by", "Hãy chọn cơ quan tiến hành"),
            (Some(k), Some((_, body_kind)))
                if k.is_front_only() && body_kind != BodyKind::FatherlandFront =>
            {
                errors.push(
                    "conducted_by",
                    format!("{} do Ủy ban MTTQ Việt Nam tiến hành", k.label()),
                )
            }
            _ => {}
        }
        let mut subject_body_ids = input.subject_body_ids.clone();
        subject_body_ids.sort_unstable();
        subject_body_ids.dedup();
        let other_subjects = optional_text(&other_subjects);
        if subject_body_ids.is_empty() && other_subjects.is_none() {
            errors.push(
                "subject_body_ids",
                "Hãy chọn cơ quan được giám sát hoặc ghi đối tượng khác",
            );
        }
        let starts_on = crate::time::parse_date(input.starts_on);
        if starts_on.is_none() {
            errors.push("starts_on", "Ngày bắt đầu không hợp lệ (ngày/tháng/năm)");
        }
        let ends_on = if input.ends_on.trim().is_empty() {
            Some(None)
        } else {
            crate::time::parse_date(input.ends_on).map(Some)
        };
        match (starts_on, ends_on) {
            (_, None) => errors.push("ends_on", "Ngày kết thúc không hợp lệ (ngày/tháng/năm)"),
            (Some(s), Some(Some(e))) if e < s => {
                errors.push("ends_on", "Ngày kết thúc phải sau ngày bắt đầu")
            }
            _ => {}
        }
        let mut item_ids = input.item_ids.clone();
        item_ids.sort_unstable();
        item_ids.dedup();
        match (kind, input.conducted_by, starts_on, ends_on) {
            (Some(kind), Some((conducted_by, _)), Some(starts_on), Some(ends_on))
                if errors.is_empty() =>
            {
                Ok(Self {
                    kind,
                    title,
                    conducted_by,
                    subject_body_ids,
                    other_subjects,
                    starts_on,
                    ends_on,
                    team: TeamMember::parse_lines(&team),
                    documents: DocumentRef::parse_lines(&documents),
                    item_ids,
                    findings: optional_text(&findings),
                    public: input.public,
                })
            }
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
mod tests;
