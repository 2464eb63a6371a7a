//! The joint work programme (chương trình phối hợp công tác) of a year: its parties, its lifecycle
//! draft → signed → in progress → reviewed, and its items (nội dung phối hợp) with their owners.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::{Id, ValidationError};

/// A calendar year a programme or a target belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "i32", into = "i32")]
pub struct Year(i32);

impl Year {
    /// The years the system accepts: from the founding of the state to a horizon that catches typos.
    pub const RANGE: std::ops::RangeInclusive<i32> = crate::time::YEARS;

    pub fn new(year: i32) -> Result<Self, ValidationError> {
        if Self::RANGE.contains(&year) {
            Ok(Self(year))
        } else {
            Err(ValidationError::single(
                "year",
                format!(
                    "Năm phải từ {} đến {}",
                    Self::RANGE.start(),
                    Self::RANGE.end()
                ),
            ))
        }
    }

    /// Parse a year typed by a person or taken from a URL.
    pub fn parse(input: &str) -> Result<Self, ValidationError> {
        input
            .trim()
            .parse::<i32>()
            .map_err(|_| ValidationError::single("year", "Năm phải là một số, ví dụ 2021"))
            .and_then(Self::new)
    }

    pub fn get(self) -> i32 {
        self.0
    }
}

impl TryFrom<i32> for Year {
    type Error = ValidationError;
    fn try_from(value: i32) -> Result<Self, Self::Error> {
        Self::new(value)
    }
}

impl From<Year> for i32 {
    fn from(value: Year) -> Self {
        value.0
    }
}

impl std::fmt::Display for Year {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

/// Where a programme is in its yearly cycle.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProgrammeStatus {
    Draft,
    Signed,
    InProgress,
    Reviewed,
}

/// A lifecycle step that the rules do not allow.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("Không thể chuyển chương trình từ \"{}\" sang \"{}\"", .from.label(), .to.label())]
pub struct LifecycleError {
    pub from: ProgrammeStatus,
    pub to: ProgrammeStatus,
}

impl ProgrammeStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Draft => "draft",
            Self::Signed => "signed",
            Self::InProgress => "in_progress",
            Self::Reviewed => "reviewed",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        [Self::Draft, Self::Signed, Self::InProgress, Self::Reviewed]
            .into_iter()
            .find(|k| k.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Draft => "Dự thảo",
            Self::Signed => "Đã ký kết",
            Self::InProgress => "Đang thực hiện",
            Self::Reviewed => "Đã tổng kết",
        }
    }

    /// The one step forward the lifecycle allows, and the step back from signed to draft that a
    /// rejected signature needs. A reviewed programme is final.
    pub fn transition(self, to: Self) -> Result<Self, LifecycleError> {
        use ProgrammeStatus::*;
        match (self, to) {
            (Draft, Signed) | (Signed, InProgress) | (InProgress, Reviewed) | (Signed, Draft) => {
                Ok(to)
            }
            _ => Err(LifecycleError { from: self, to }),
        }
    }

    /// Whether the content may still be edited in place; once signed, a change needs a new version.
    pub fn is_editable(self) -> bool {
        self == Self::Draft
    }
}

/// One year's joint programme of a unit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Programme {
    pub id: Id,
    pub unit_id: Id,
    pub year: Year,
    /// "Chương trình phối hợp công tác năm 2021".
    pub title: String,
    pub status: ProgrammeStatus,
    /// The bodies that sign it, in the order the document lists them.
    pub party_ids: Vec<Id>,
    pub signed_on: Option<NaiveDate>,
    pub reviewed_on: Option<NaiveDate>,
    /// The review's conclusion, once reviewed.
    pub review_summary: Option<String>,
    /// The version being drafted or in force: 1 at first, one more each time a change to the
    /// content of a signed programme opens a version to be signed again.
    #[serde(default = "first_version")]
    pub version: i64,
    /// The version in force: the last one every party signed. `None` until the first signing; less
    /// than `version` while an amendment is drafted.
    #[serde(default)]
    pub signed_version: Option<i64>,
}

impl Programme {
    /// Whether an amendment (sửa đổi, bổ sung) of a signed programme is being drafted: the signed
    /// version stays in force, and public, until every party signs it.
    pub fn amending(&self) -> bool {
        self.signed_version.is_some_and(|s| s < self.version)
    }
}

fn first_version() -> i64 {
    1
}

/// Progress of one item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ItemStatus {
    NotStarted,
    InProgress,
    Done,
    Postponed,
}

impl ItemStatus {
    pub const ALL: [ItemStatus; 4] = [
        Self::NotStarted,
        Self::InProgress,
        Self::Done,
        Self::Postponed,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::NotStarted => "not_started",
            Self::InProgress => "in_progress",
            Self::Done => "done",
            Self::Postponed => "postponed",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::NotStarted => "Chưa triển khai",
            Self::InProgress => "Đang thực hiện",
            Self::Done => "Hoàn thành",
            Self::Postponed => "Tạm hoãn",
        }
    }
}

/// When an item is to be carried out. Items of a programme usually run all year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimeFrame {
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
}

impl TimeFrame {
    pub fn new(starts_on: NaiveDate, ends_on: NaiveDate) -> Result<Self, ValidationError> {
        if ends_on < starts_on {
            return Err(ValidationError::single(
                "ends_on",
                "Ngày kết thúc phải sau ngày bắt đầu",
            ));
        }
        Ok(Self { starts_on, ends_on })
    }

    /// "Cả năm 2021", "Quý I/2021" style labels are for people; this is the plain range.
    pub fn label(&self) -> String {
        use chrono::Datelike;
        let (s, e) = (self.starts_on, self.ends_on);
        if s.year() == e.year() && s.ordinal() == 1 && e.month() == 12 && e.day() == 31 {
            format!("Cả năm {}", s.year())
        } else {
            format!(
                "{} – {}",
                crate::time::short_date(s),
                crate::time::short_date(e)
            )
        }
    }
}

/// A dated note on how an item is going.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProgressNote {
    pub on: NaiveDate,
    pub text: String,
}

/// One coordination content of a programme, with its lead and partner bodies.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProgrammeItem {
    pub id: Id,
    pub programme_id: Id,
    pub position: i64,
    pub content: String,
    pub lead_body_id: Id,
    pub partner_body_ids: Vec<Id>,
    pub time_frame: TimeFrame,
    pub status: ItemStatus,
    pub notes: Vec<ProgressNote>,
}

/// The fields a person gives to create or change an item, parsed from a form or from JSON.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemDraft {
    pub content: String,
    pub lead_body_id: Id,
    pub partner_body_ids: Vec<Id>,
    pub time_frame: TimeFrame,
    pub status: ItemStatus,
}

/// An item as its form or the API says it, as typed: one reading of the fields for both doors.
#[derive(Debug, Clone, Default)]
pub struct ItemInput<'a> {
    pub content: &'a str,
    /// `None` when none was chosen (or the choice was not an id).
    pub lead_body_id: Option<Id>,
    pub partner_body_ids: Vec<Id>,
    /// 21/01/2021 or 2021-01-21.
    pub starts_on: &'a str,
    pub ends_on: &'a str,
    /// not_started, in_progress, done or postponed
    pub status: &'a str,
}

impl ItemDraft {
    /// Every field of an item as typed, each bad one named with its message.
    pub fn from_input(input: &ItemInput<'_>) -> Result<Self, ValidationError> {
        let mut errors = ValidationError::default();
        if input.lead_body_id.is_none() {
            errors.push("lead_body_id", "Hãy chọn cơ quan chủ trì");
        }
        let starts = crate::time::parse_date(input.starts_on);
        let ends = crate::time::parse_date(input.ends_on);
        if starts.is_none() {
            errors.push("starts_on", "Ngày bắt đầu không hợp lệ (ngày/tháng/năm)");
        }
        if ends.is_none() {
            errors.push("ends_on", "Ngày kết thúc không hợp lệ (ngày/tháng/năm)");
        }
        let status = ItemStatus::parse(input.status);
        if status.is_none() {
            errors.push("status", "Hãy chọn trạng thái");
        }
        let frame = match (starts, ends) {
            (Some(s), Some(e)) => TimeFrame::new(s, e)
                .map_err(|e| errors.errors.extend(e.errors))
                .ok(),
            _ => None,
        };
        match (input.lead_body_id, frame, status) {
            (Some(lead), Some(frame), Some(status)) => {
                match Self::parse(
                    input.content,
                    lead,
                    input.partner_body_ids.clone(),
                    frame,
                    status,
                ) {
                    Ok(d) if errors.is_empty() => Ok(d),
                    Ok(_) => Err(errors),
                    Err(e) => {
                        errors.errors.extend(e.errors);
                        Err(errors)
                    }
                }
            }
            _ => {
                if input.content.trim().is_empty() {
                    errors.push("content", "Nội dung phối hợp không được để trống");
                }
                Err(errors)
            }
        }
    }

    /// Check the rules that hold within one item: content present, lead not also a partner.
    pub fn parse(
        content: &str,
        lead_body_id: Id,
        mut partner_body_ids: Vec<Id>,
        time_frame: TimeFrame,
        status: ItemStatus,
    ) -> Result<Self, ValidationError> {
        let mut errors = ValidationError::default();
        let content = crate::input::text("content", content, &mut errors);
        if content.is_empty() {
            errors.push("content", "Nội dung phối hợp không được để trống");
        } else if content.chars().count() > 4000 {
            errors.push("content", "Nội dung phối hợp dài quá 4.000 ký tự");
        }
        if partner_body_ids.contains(&lead_body_id) {
            errors.push(
                "partner_body_ids",
                "Cơ quan chủ trì không đồng thời là cơ quan phối hợp",
            );
        }
        partner_body_ids.sort_unstable();
        partner_body_ids.dedup();
        errors.into_result(Self {
            content,
            lead_body_id,
            partner_body_ids,
            time_frame,
            status,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn whole_year(y: i32) -> TimeFrame {
        TimeFrame::new(
            NaiveDate::from_ymd_opt(y, 1, 1).unwrap(),
            NaiveDate::from_ymd_opt(y, 12, 31).unwrap(),
        )
        .unwrap()
    }

    #[test]
    fn a_programme_moves_forward_one_step_at_a_time() {
        use ProgrammeStatus::*;
        assert_eq!(Draft.transition(Signed), Ok(Signed));
        assert_eq!(Signed.transition(InProgress), Ok(InProgress));
        assert_eq!(InProgress.transition(Reviewed), Ok(Reviewed));
        assert!(Draft.transition(Reviewed).is_err());
        assert!(Reviewed.transition(Draft).is_err());
        assert!(InProgress.transition(Signed).is_err());
    }

    #[test]
    fn a_refused_step_says_why_in_vietnamese() {
        let err = ProgrammeStatus::Reviewed
            .transition(ProgrammeStatus::Draft)
            .unwrap_err();
        assert_eq!(
            err.to_string(),
            "Không thể chuyển chương trình từ \"Đã tổng kết\" sang \"Dự thảo\""
        );
    }

    #[test]
    fn only_a_draft_is_edited_in_place() {
        assert!(ProgrammeStatus::Draft.is_editable());
        assert!(!ProgrammeStatus::Signed.is_editable());
        assert!(!ProgrammeStatus::Reviewed.is_editable());
    }

    #[test]
    fn years_outside_the_range_are_refused_with_a_message() {
        assert_eq!(Year::parse("2021").unwrap().get(), 2021);
        assert!(Year::parse("20210").is_err());
        assert_eq!(
            Year::parse("năm ngoái")
                .unwrap_err()
                .for_field("year")
                .unwrap(),
            "Năm phải là một số, ví dụ 2021"
        );
    }

    #[test]
    fn a_time_frame_cannot_end_before_it_starts() {
        let err = TimeFrame::new(
            NaiveDate::from_ymd_opt(2021, 5, 1).unwrap(),
            NaiveDate::from_ymd_opt(2021, 4, 1).unwrap(),
        )
        .unwrap_err();
        assert!(err.for_field("ends_on").is_some());
    }

    #[test]
    fn a_whole_year_is_labelled_as_such() {
        assert_eq!(whole_year(2021).label(), "Cả năm 2021");
        let q1 = TimeFrame::new(
            NaiveDate::from_ymd_opt(2021, 1, 1).unwrap(),
            NaiveDate::from_ymd_opt(2021, 3, 31).unwrap(),
        )
        .unwrap();
        assert_eq!(q1.label(), "01/01/2021 – 31/03/2021");
    }

    #[test]
    fn an_item_needs_content_and_a_lead_that_is_not_also_a_partner() {
        let err = ItemDraft::parse(
            "  ",
            1,
            vec![1, 2],
            whole_year(2021),
            ItemStatus::NotStarted,
        )
        .unwrap_err();
        assert!(err.for_field("content").is_some());
        assert!(err.for_field("partner_body_ids").is_some());

        let ok = ItemDraft::parse(
            "Phối hợp tuyên truyền",
            1,
            vec![3, 2, 3],
            whole_year(2021),
            ItemStatus::NotStarted,
        )
        .unwrap();
        assert_eq!(ok.partner_body_ids, vec![2, 3]);
    }

    #[test]
    fn statuses_round_trip_through_their_codes() {
        for s in ItemStatus::ALL {
            assert_eq!(ItemStatus::parse(s.as_str()), Some(s));
        }
        for s in [
            ProgrammeStatus::Draft,
            ProgrammeStatus::Signed,
            ProgrammeStatus::InProgress,
            ProgrammeStatus::Reviewed,
        ] {
            assert_eq!(ProgrammeStatus::parse(s.as_str()), Some(s));
        }
    }
}
