//! Oversight (giám sát, giải trình, thanh tra, kiểm tra) and the follow-up of its recommendations
//! (kiến nghị): who must act, by when, what they answered, and whether it is overdue. Overdue is
//! derived from the deadline and the day it is asked about, never stored.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::body::BodyKind;
use crate::{Id, ValidationError};

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

/// The fields of a recommendation a person writes, checked. Its status is not among them: it
/// follows the responses (`status_after`), and overdue is derived (`FollowUp::of`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecommendationDraft {
    pub content: String,
    pub responsible_body_id: Id,
    pub deadline: Option<NaiveDate>,
    pub public: bool,
}

impl RecommendationDraft {
    /// Check every field; an empty deadline means none was set.
    pub fn parse(
        content: &str,
        responsible_body_id: Option<Id>,
        deadline: &str,
        public: bool,
    ) -> Result<Self, ValidationError> {
        let mut errors = ValidationError::default();
        let content = crate::input::text("content", content, &mut errors);
        if content.is_empty() {
            errors.push("content", "Nội dung kiến nghị không được để trống");
        } else if content.chars().count() > 4000 {
            errors.push("content", "Nội dung kiến nghị dài quá 4.000 ký tự");
        }
        if responsible_body_id.is_none() {
            errors.push(
                "responsible_body_id",
                "Hãy chọn cơ quan có trách nhiệm thực hiện",
            );
        }
        let deadline = if deadline.trim().is_empty() {
            Some(None)
        } else {
            crate::time::parse_date(deadline).map(Some)
        };
        if deadline.is_none() {
            errors.push("deadline", "Hạn thực hiện không hợp lệ (ngày/tháng/năm)");
        }
        match (responsible_body_id, deadline) {
            (Some(responsible_body_id), Some(deadline)) if errors.is_empty() => Ok(Self {
                content,
                responsible_body_id,
                deadline,
                public,
            }),
            _ => Err(errors),
        }
    }
}

/// Where a recommendation stands, as stored; overdue is derived by `FollowUp::of`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RecommendationStatus {
    Open,
    InProgress,
    Done,
}

impl RecommendationStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Open => "open",
            Self::InProgress => "in_progress",
            Self::Done => "done",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        [Self::Open, Self::InProgress, Self::Done]
            .into_iter()
            .find(|k| k.as_str() == s)
    }

    /// In the words of the follow-up, whatever the deadline.
    pub fn label(self) -> &'static str {
        match self {
            Self::Open => FollowUp::Open.label(),
            Self::InProgress => FollowUp::InProgress.label(),
            Self::Done => FollowUp::Done.label(),
        }
    }
}

/// What a person sees about a recommendation on a given day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FollowUp {
    Open,
    InProgress,
    Done,
    Overdue,
}

impl FollowUp {
    /// The state on `today`: a recommendation not done by the end of its deadline day is overdue.
    pub fn of(status: RecommendationStatus, deadline: Option<NaiveDate>, today: NaiveDate) -> Self {
        match status {
            RecommendationStatus::Done => Self::Done,
            _ if deadline.is_some_and(|d| today > d) => Self::Overdue,
            RecommendationStatus::Open => Self::Open,
            RecommendationStatus::InProgress => Self::InProgress,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Open => "open",
            Self::InProgress => "in_progress",
            Self::Done => "done",
            Self::Overdue => "overdue",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Open => "Chưa thực hiện",
            Self::InProgress => "Đang thực hiện",
            Self::Done => "Đã hoàn thành",
            Self::Overdue => "Quá hạn",
        }
    }

    /// Whether it still needs action (the "open" lists).
    pub fn is_open(self) -> bool {
        self != Self::Done
    }
}

/// A response received to a recommendation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Response {
    pub on: NaiveDate,
    pub from_body_id: Option<Id>,
    pub text: String,
    /// Whether this response reports the recommendation carried out.
    pub closes: bool,
}

/// A finding or recommendation of an oversight activity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Recommendation {
    pub id: Id,
    pub oversight_id: Id,
    pub content: String,
    pub responsible_body_id: Id,
    pub deadline: Option<NaiveDate>,
    pub status: RecommendationStatus,
    pub responses: Vec<Response>,
    pub public: bool,
}

impl Recommendation {
    pub fn follow_up(&self, today: NaiveDate) -> FollowUp {
        FollowUp::of(self.status, self.deadline, today)
    }

    /// The recommendation as it stood at the end of `day`, for a report dated then: the responses
    /// given by that day, and the status they had led to. A later response is not yet known, so
    /// a recommendation closed after the day is still open on it. When nothing came after the day,
    /// the status is the recorded one (which may predate the responses being recorded at all).
    pub fn as_of(&self, day: NaiveDate) -> Recommendation {
        if self.responses.iter().all(|r| r.on <= day) {
            return self.clone();
        }
        let mut responses: Vec<Response> = self
            .responses
            .iter()
            .filter(|r| r.on <= day)
            .cloned()
            .collect();
        responses.sort_by_key(|r| r.on);
        let status = responses
            .iter()
            .fold(RecommendationStatus::Open, status_after);
        Recommendation {
            status,
            responses,
            ..self.clone()
        }
    }

    /// Due within `days` from `today` (inclusive) and not done, or already overdue: what a reminder
    /// digest lists.
    pub fn needs_reminder(&self, today: NaiveDate, days: i64) -> bool {
        self.status != RecommendationStatus::Done
            && self
                .deadline
                .is_some_and(|d| d <= today + chrono::Duration::days(days))
    }
}

impl Response {
    /// Parse a response typed by a person.
    pub fn parse(
        on: Option<NaiveDate>,
        from_body_id: Option<Id>,
        text: &str,
        closes: bool,
    ) -> Result<Self, ValidationError> {
        let mut errors = ValidationError::default();
        let text = crate::input::text("text", text, &mut errors);
        if text.is_empty() {
            errors.push("text", "Nội dung trả lời không được để trống");
        }
        if on.is_none() {
            errors.push("on", "Ngày trả lời không hợp lệ (ngày/tháng/năm)");
        }
        match on {
            Some(on) if errors.is_empty() => Ok(Self {
                on,
                from_body_id,
                text,
                closes,
            }),
            _ => Err(errors),
        }
    }
}

/// The status after a response: a closing response makes it done; any other moves an open one on.
pub fn status_after(current: RecommendationStatus, response: &Response) -> RecommendationStatus {
    if response.closes {
        RecommendationStatus::Done
    } else if current == RecommendationStatus::Open {
        RecommendationStatus::InProgress
    } else {
        current
    }
}

/// One line of a reminder digest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DigestLine {
    pub content: String,
    pub deadline: NaiveDate,
    pub follow_up: FollowUp,
}

/// The subject and text of the daily digest to one body: overdue first, then by deadline.
pub fn compose_digest(body_name: &str, lines: &[DigestLine], today: NaiveDate) -> (String, String) {
    let mut lines = lines.to_vec();
    lines.sort_by_key(|l| (l.follow_up != FollowUp::Overdue, l.deadline));
    let overdue = lines
        .iter()
        .filter(|l| l.follow_up == FollowUp::Overdue)
        .count();
    let subject = format!(
        "[phoihop] {} kiến nghị cần xử lý ({} quá hạn) – {}",
        lines.len(),
        overdue,
        crate::time::short_date(today)
    );
    let mut text = format!(
        "Kính gửi {body_name},\r\n\r\nCác kiến nghị sau đã quá hạn hoặc đến hạn trong 7 ngày tới (tính đến ngày {}):\r\n\r\n",
        crate::time::short_date(today)
    );
    for (i, l) in lines.iter().enumerate() {
        text.push_str(&format!(
            "{}. {}\r\n   Hạn: {} – {}\r\n",
            i + 1,
            l.content,
            crate::time::short_date(l.deadline),
            l.follow_up.label()
        ));
    }
    text.push_str("\r\nThư này do hệ thống phoihop gửi tự động mỗi ngày.\r\n");
    (subject, text)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn a_recommendation_is_not_overdue_the_day_before_or_on_its_deadline_but_is_the_day_after() {
        let deadline = Some(day(2021, 6, 30));
        let s = RecommendationStatus::Open;
        assert_eq!(FollowUp::of(s, deadline, day(2021, 6, 29)), FollowUp::Open);
        assert_eq!(FollowUp::of(s, deadline, day(2021, 6, 30)), FollowUp::Open);
        assert_eq!(
            FollowUp::of(s, deadline, day(2021, 7, 1)),
            FollowUp::Overdue
        );
        let s = RecommendationStatus::InProgress;
        assert_eq!(
            FollowUp::of(s, deadline, day(2021, 6, 30)),
            FollowUp::InProgress
        );
        assert_eq!(
            FollowUp::of(s, deadline, day(2021, 7, 1)),
            FollowUp::Overdue
        );
    }

    #[test]
    fn a_done_recommendation_is_never_overdue_and_one_without_deadline_never_is() {
        assert_eq!(
            FollowUp::of(
                RecommendationStatus::Done,
                Some(day(2021, 1, 1)),
                day(2022, 1, 1)
            ),
            FollowUp::Done
        );
        assert_eq!(
            FollowUp::of(RecommendationStatus::Open, None, day(2030, 1, 1)),
            FollowUp::Open
        );
        assert!(!FollowUp::Done.is_open());
        assert!(FollowUp::Overdue.is_open());
    }

    #[test]
    fn a_closing_response_makes_it_done_and_another_moves_it_to_in_progress() {
        let r = |closes| Response {
            on: day(2021, 5, 1),
            from_body_id: None,
            text: "Đã khắc phục".into(),
            closes,
        };
        assert_eq!(
            status_after(RecommendationStatus::Open, &r(false)),
            RecommendationStatus::InProgress
        );
        assert_eq!(
            status_after(RecommendationStatus::InProgress, &r(true)),
            RecommendationStatus::Done
        );
    }

    #[test]
    fn a_recommendation_as_of_a_day_knows_only_the_responses_given_by_then() {
        let response = |on, closes| Response {
            on,
            from_body_id: None,
            text: format!("trả lời ngày {on}"),
            closes,
        };
        let rec = Recommendation {
            id: 1,
            oversight_id: 1,
            content: "Khắc phục tình trạng lấn chiếm vỉa hè".into(),
            responsible_body_id: 1,
            deadline: Some(day(2021, 3, 31)),
            status: RecommendationStatus::Done,
            responses: vec![
                response(day(2021, 6, 15), true),
                response(day(2020, 11, 2), false),
            ],
            public: true,
        };
        let end_of_2020 = rec.as_of(day(2020, 12, 31));
        assert_eq!(end_of_2020.status, RecommendationStatus::InProgress);
        assert_eq!(
            end_of_2020.responses,
            vec![response(day(2020, 11, 2), false)]
        );
        // The deadline is later than the report: legitimate, and not overdue yet.
        assert_eq!(
            end_of_2020.follow_up(day(2020, 12, 31)),
            FollowUp::InProgress
        );
        // By the review of January it was neither closed nor overdue; by May it was overdue.
        assert_eq!(
            rec.as_of(day(2021, 5, 1)).follow_up(day(2021, 5, 1)),
            FollowUp::Overdue
        );
        assert_eq!(
            rec.as_of(day(2021, 6, 15)).status,
            RecommendationStatus::Done
        );
        assert_eq!(
            rec.as_of(day(2020, 1, 1)).status,
            RecommendationStatus::Open
        );
        assert!(rec.as_of(day(2020, 1, 1)).responses.is_empty());
    }

    #[test]
    fn reminders_cover_the_next_seven_days_and_everything_overdue() {
        let rec = |deadline, status| Recommendation {
            id: 1,
            oversight_id: 1,
            content: "x".into(),
            responsible_body_id: 1,
            deadline,
            status,
            responses: vec![],
            public: true,
        };
        let today = day(2021, 6, 1);
        assert!(rec(Some(day(2021, 6, 8)), RecommendationStatus::Open).needs_reminder(today, 7));
        assert!(!rec(Some(day(2021, 6, 9)), RecommendationStatus::Open).needs_reminder(today, 7));
        assert!(
            rec(Some(day(2021, 5, 1)), RecommendationStatus::InProgress).needs_reminder(today, 7)
        );
        assert!(!rec(Some(day(2021, 5, 1)), RecommendationStatus::Done).needs_reminder(today, 7));
        assert!(!rec(None, RecommendationStatus::Open).needs_reminder(today, 7));
    }

    #[test]
    fn a_response_needs_text_and_a_date() {
        let e = Response::parse(None, None, " ", false).unwrap_err();
        assert!(e.for_field("text").is_some() && e.for_field("on").is_some());
    }

    #[test]
    fn a_digest_lists_overdue_recommendations_first() {
        let today = day(2021, 6, 1);
        let lines = [
            DigestLine {
                content: "Sắp đến hạn".into(),
                deadline: day(2021, 6, 5),
                follow_up: FollowUp::Open,
            },
            DigestLine {
                content: "Đã quá hạn".into(),
                deadline: day(2021, 3, 31),
                follow_up: FollowUp::Overdue,
            },
        ];
        let (subject, text) = compose_digest("UBND quận", &lines, today);
        assert_eq!(
            subject,
            "[phoihop] 2 kiến nghị cần xử lý (1 quá hạn) – 01/06/2021"
        );
        assert!(text.find("Đã quá hạn").unwrap() < text.find("Sắp đến hạn").unwrap());
        assert!(text.contains("Hạn: 31/03/2021 – Quá hạn"));
    }

    fn input() -> OversightInput<'static> {
        OversightInput {
            kind: "thematic_supervision",
            title: "Giám sát chuyên đề việc giải quyết đơn thư",
            conducted_by: Some((10, BodyKind::PeoplesCouncil)),
            subject_body_ids: vec![11, 11],
            starts_on: "15/06/2021",
            ends_on: "2021-07-15",
            team: "Nguyễn Văn Chiến – Trưởng đoàn\n\nLê Thị B - Thư ký\nTrưởng ban Kinh tế - Xã hội HĐND quận – Thành viên\nPhòng Y tế quận",
            documents: "Kế hoạch giám sát | /tai-lieu/1\nBáo cáo | javascript:alert(1)",
            item_ids: vec![3, 2, 3],
            findings: "  ",
            public: true,
            ..Default::default()
        }
    }

    #[test]
    fn an_oversight_draft_reads_its_team_documents_and_dates() {
        let d = OversightDraft::parse(&input()).unwrap();
        assert_eq!(d.kind, OversightKind::ThematicSupervision);
        assert_eq!(d.starts_on, day(2021, 6, 15));
        assert_eq!(d.ends_on, Some(day(2021, 7, 15)));
        assert_eq!(d.subject_body_ids, vec![11]);
        assert_eq!(d.item_ids, vec![2, 3]);
        assert_eq!(d.findings, None);
        let team: Vec<(&str, &str)> = d
            .team
            .iter()
            .map(|m| (m.name.as_str(), m.role.as_str()))
            .collect();
        assert_eq!(
            team,
            [
                ("Nguyễn Văn Chiến", "Trưởng đoàn"),
                ("Lê Thị B", "Thư ký"),
                ("Trưởng ban Kinh tế - Xã hội HĐND quận", "Thành viên"),
                ("Phòng Y tế quận", "Thành viên"),
            ]
        );
        assert_eq!(d.documents[0].url.as_deref(), Some("/tai-lieu/1"));
        assert_eq!(d.documents[1].url, None);
        // What the form writes back reads as the same team.
        let lines: Vec<String> = d.team.iter().map(TeamMember::as_line).collect();
        assert_eq!(TeamMember::parse_lines(&lines.join("\n")), d.team);
    }

    #[test]
    fn an_oversight_draft_reports_every_bad_field() {
        let bad = OversightInput {
            kind: "audit",
            title: " ",
            conducted_by: None,
            subject_body_ids: vec![],
            starts_on: "31/02/2021",
            ends_on: "sau Tết",
            ..Default::default()
        };
        let e = OversightDraft::parse(&bad).unwrap_err();
        for field in [
            "kind",
            "title",
            "conducted_by",
            "subject_body_ids",
            "starts_on",
            "ends_on",
        ] {
            assert!(e.for_field(field).is_some(), "{field}: {e}");
        }
        assert_eq!(
            e.for_field("starts_on"),
            Some("Ngày bắt đầu không hợp lệ (ngày/tháng/năm)")
        );
    }

    #[test]
    fn an_activity_ends_after_it_starts_and_may_have_no_end_yet() {
        let backwards = OversightInput {
            ends_on: "01/06/2021",
            ..input()
        };
        assert_eq!(
            OversightDraft::parse(&backwards)
                .unwrap_err()
                .for_field("ends_on"),
            Some("Ngày kết thúc phải sau ngày bắt đầu")
        );
        let open = OversightInput {
            ends_on: "",
            ..input()
        };
        assert_eq!(OversightDraft::parse(&open).unwrap().ends_on, None);
    }

    #[test]
    fn the_fronts_supervision_is_conducted_by_the_front_only() {
        let by_council = OversightInput {
            kind: "social_critique",
            ..input()
        };
        assert_eq!(
            OversightDraft::parse(&by_council)
                .unwrap_err()
                .for_field("conducted_by"),
            Some("Phản biện xã hội do Ủy ban MTTQ Việt Nam tiến hành")
        );
        let by_front = OversightInput {
            kind: "front_supervision",
            conducted_by: Some((12, BodyKind::FatherlandFront)),
            ..input()
        };
        assert!(OversightDraft::parse(&by_front).is_ok());
    }

    #[test]
    fn subjects_may_be_outside_the_units_bodies() {
        let others = OversightInput {
            subject_body_ids: vec![],
            other_subjects: "Các trường THCS trên địa bàn",
            ..input()
        };
        let d = OversightDraft::parse(&others).unwrap();
        assert_eq!(
            d.other_subjects.as_deref(),
            Some("Các trường THCS trên địa bàn")
        );
    }

    #[test]
    fn a_recommendation_draft_needs_content_and_a_body_and_a_real_deadline_if_any() {
        let e = RecommendationDraft::parse("  ", None, "30/02/2021", true).unwrap_err();
        for field in ["content", "responsible_body_id", "deadline"] {
            assert!(e.for_field(field).is_some(), "{field}");
        }
        let d = RecommendationDraft::parse(" Công khai  tiến độ ", Some(11), "", false).unwrap();
        assert_eq!(d.deadline, None);
        assert!(!d.public);
        let d = RecommendationDraft::parse("x", Some(11), "30/06/2021", true).unwrap();
        assert_eq!(d.deadline, Some(day(2021, 6, 30)));
    }

    #[test]
    fn kinds_round_trip() {
        for k in OversightKind::ALL {
            assert_eq!(OversightKind::parse(k.as_str()), Some(k));
        }
    }
}
