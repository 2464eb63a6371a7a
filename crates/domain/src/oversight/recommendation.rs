//! Recommendations (kiến nghị) of an oversight activity and their follow-up: who must act, by
//! when, what they answered, whether it is overdue (derived from the deadline and the day asked
//! about, never stored), and the daily digest of what needs doing.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::{Id, ValidationError};

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

/// How the recommendations of one activity stand on a day: what a list of activities shows.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct FollowUpCount {
    /// Not done and not overdue: open or in progress.
    pub open: usize,
    pub overdue: usize,
    pub done: usize,
}

impl FollowUpCount {
    /// The count of the recommendations of the activity `oversight_id` among `recs` on `today`.
    pub fn of(recs: &[Recommendation], oversight_id: Id, today: NaiveDate) -> Self {
        let mut count = Self::default();
        for r in recs.iter().filter(|r| r.oversight_id == oversight_id) {
            match r.follow_up(today) {
                FollowUp::Open | FollowUp::InProgress => count.open += 1,
                FollowUp::Overdue => count.overdue += 1,
                FollowUp::Done => count.done += 1,
            }
        }
        count
    }
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
    fn an_activitys_count_holds_its_own_recommendations_each_once_as_they_stand_that_day() {
        let rec = |oversight_id, deadline, status| Recommendation {
            id: 1,
            oversight_id,
            content: "x".into(),
            responsible_body_id: 1,
            deadline,
            status,
            responses: vec![],
            public: true,
        };
        let recs = [
            rec(1, None, RecommendationStatus::Open),
            rec(1, Some(day(2021, 6, 30)), RecommendationStatus::InProgress),
            rec(1, Some(day(2021, 5, 31)), RecommendationStatus::InProgress),
            rec(1, Some(day(2021, 5, 31)), RecommendationStatus::Done),
            rec(2, Some(day(2021, 5, 31)), RecommendationStatus::Open),
        ];
        let today = day(2021, 6, 1);
        let count = FollowUpCount::of(&recs, 1, today);
        assert_eq!(
            count,
            FollowUpCount {
                open: 2,
                overdue: 1,
                done: 1
            }
        );
        assert_eq!(FollowUpCount::of(&recs, 3, today), FollowUpCount::default());
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
}
