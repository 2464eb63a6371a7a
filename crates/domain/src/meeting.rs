//! Meetings (hội nghị, kỳ họp): when and where, who attended and in which capacity, and the
//! programme they concern.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::oversight::DocumentRef;
use crate::{Id, ValidationError};

/// What a meeting is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MeetingKind {
    /// Hội nghị tổng kết và ký kết chương trình phối hợp.
    ReviewAndSigning,
    /// Kỳ họp HĐND.
    CouncilSession,
    /// Phiên giải trình.
    Hearing,
    /// Hội nghị tiếp xúc cử tri.
    VoterContact,
    /// Giao ban, other working meetings.
    Working,
}

impl MeetingKind {
    pub const ALL: [MeetingKind; 5] = [
        Self::ReviewAndSigning,
        Self::CouncilSession,
        Self::Hearing,
        Self::VoterContact,
        Self::Working,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::ReviewAndSigning => "review_and_signing",
            Self::CouncilSession => "council_session",
            Self::Hearing => "hearing",
            Self::VoterContact => "voter_contact",
            Self::Working => "working",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::ReviewAndSigning => "Hội nghị tổng kết và ký kết",
            Self::CouncilSession => "Kỳ họp Hội đồng nhân dân",
            Self::Hearing => "Phiên giải trình",
            Self::VoterContact => "Tiếp xúc cử tri",
            Self::Working => "Họp giao ban",
        }
    }
}

/// One line of the attendance list: a named person with the capacity they attended in, or a group
/// ("đại diện Thường trực Quận ủy") that the minutes name without listing its members.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attendee {
    pub person_id: Option<Id>,
    /// The person's name, or the group's description.
    pub name: String,
    /// The posts as the minutes write them on that day: "TUV – Bí thư Quận ủy".
    pub capacity: Option<String>,
}

impl Attendee {
    /// "Trần Thị Phương Hoa – TUV – Bí thư Quận ủy", as the article lists attendees.
    pub fn as_written(&self) -> String {
        match &self.capacity {
            Some(c) => format!("{} – {}", self.name, c),
            None => self.name.clone(),
        }
    }
}

/// A meeting of one or more bodies of a unit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Meeting {
    pub id: Id,
    pub unit_id: Id,
    pub kind: MeetingKind,
    pub title: String,
    pub starts_at: DateTime<Utc>,
    pub ends_at: Option<DateTime<Utc>>,
    pub venue: String,
    pub programme_id: Option<Id>,
    pub attendees: Vec<Attendee>,
    /// Who chaired it (chủ trì), as the minutes name them; `None` until someone says.
    #[serde(default)]
    pub chair: Option<Attendee>,
    /// Who kept the minutes (thư ký).
    #[serde(default)]
    pub secretary: Option<Attendee>,
    pub agenda: Vec<String>,
    /// The minutes, kept as a draft until `minutes_published`.
    pub minutes: Option<String>,
    pub minutes_published: bool,
    pub documents: Vec<DocumentRef>,
    /// Whether the portal shows it.
    pub public: bool,
}

/// What a meeting's form says, as typed. The attendees chosen from the unit's post holders come
/// resolved in [`Chosen`]: who holds which post is the unit's record, not the form's.
#[derive(Debug, Clone, Copy, Default)]
pub struct MeetingInput<'a> {
    pub kind: &'a str,
    pub title: &'a str,
    /// "21/01/2021 14:00", or as a browser sends it ("2021-01-21T14:00").
    pub starts_at: &'a str,
    pub ends_at: &'a str,
    pub venue: &'a str,
    /// Other attendees, a line each: "name – capacity", or a group as the minutes name it.
    pub guests: &'a str,
    /// The agenda, a line an item.
    pub agenda: &'a str,
    pub minutes: &'a str,
    pub minutes_published: bool,
    /// The documents, a line each ("title | address").
    pub documents: &'a str,
    pub public: bool,
}

/// The people chosen among the unit's post holders.
#[derive(Debug, Clone, Default)]
pub struct Chosen {
    pub attendees: Vec<Attendee>,
    pub chair: Option<Attendee>,
    pub secretary: Option<Attendee>,
}

/// A meeting as its form describes it, checked: a title, a kind, a start (and an end after it), a
/// venue. Its unit is the viewer's, set by the use case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MeetingDraft {
    pub kind: MeetingKind,
    pub title: String,
    pub starts_at: DateTime<Utc>,
    pub ends_at: Option<DateTime<Utc>>,
    pub venue: String,
    pub programme_id: Option<Id>,
    /// The chosen post holders, then the guests.
    pub attendees: Vec<Attendee>,
    pub chair: Option<Attendee>,
    pub secretary: Option<Attendee>,
    pub agenda: Vec<String>,
    pub minutes: Option<String>,
    pub minutes_published: bool,
    pub documents: Vec<DocumentRef>,
    pub public: bool,
}

impl MeetingDraft {
    /// Check a meeting's fields; every field's error at once.
    pub fn parse(
        input: &MeetingInput<'_>,
        chosen: Chosen,
        programme_id: Option<Id>,
    ) -> Result<Self, ValidationError> {
        let mut errors = ValidationError::default();
        let title = crate::input::line("title", input.title, &mut errors);
        if title.is_empty() {
            errors.push("title", "Tên hội nghị không được để trống");
        }
        let kind = MeetingKind::parse(input.kind);
        if kind.is_none() {
            errors.push("kind", "Hãy chọn loại hội nghị");
        }
        let starts_at = time("starts_at", input.starts_at, true, &mut errors);
        let ends_at = time("ends_at", input.ends_at, false, &mut errors);
        if let (Some(s), Some(e)) = (starts_at, ends_at) {
            if e < s {
                errors.push("ends_at", "Giờ kết thúc phải sau giờ bắt đầu");
            }
        }
        let venue = crate::input::line("venue", input.venue, &mut errors);
        if venue.is_empty() {
            errors.push("venue", "Hãy ghi địa điểm");
        }
        let guests = crate::input::text("guests", input.guests, &mut errors);
        let agenda = crate::input::text("agenda", input.agenda, &mut errors);
        let minutes = crate::input::text("minutes", input.minutes, &mut errors);
        let documents = crate::input::text("documents", input.documents, &mut errors);
        let (Some(kind), Some(starts_at), true) = (kind, starts_at, errors.is_empty()) else {
            return Err(errors);
        };
        let mut attendees = chosen.attendees;
        attendees.extend(guest_lines(&guests));
        Ok(Self {
            kind,
            title,
            starts_at,
            ends_at,
            venue,
            programme_id,
            attendees,
            chair: chosen.chair,
            secretary: chosen.secretary,
            agenda: lines(&agenda),
            minutes: Some(minutes).filter(|m| !m.is_empty()),
            minutes_published: input.minutes_published,
            documents: DocumentRef::parse_lines(&documents),
            public: input.public,
        })
    }
}

/// A time of the form: required or not, and a message beside its field when it does not read.
fn time(
    field: &'static str,
    typed: &str,
    required: bool,
    errors: &mut ValidationError,
) -> Option<DateTime<Utc>> {
    if typed.trim().is_empty() && !required {
        return None;
    }
    let parsed = crate::time::parse_local_datetime(typed);
    if parsed.is_none() {
        errors.push(field, "Thời gian không hợp lệ, ví dụ 21/01/2021 14:00");
    }
    parsed
}

/// Guests as the minutes list them, a line each: "name – capacity", or a group.
fn guest_lines(text: &str) -> Vec<Attendee> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(|l| match l.split_once(" – ") {
            Some((name, capacity)) => Attendee {
                person_id: None,
                name: vi::normalize(name.trim()),
                capacity: Some(vi::normalize(capacity.trim())),
            },
            None => Attendee {
                person_id: None,
                name: vi::normalize(l),
                capacity: None,
            },
        })
        .collect()
}

/// The non-blank lines of a text, each normalised.
fn lines(text: &str) -> Vec<String> {
    text.lines()
        .map(|l| vi::normalize(l.trim()))
        .filter(|l| !l.is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_attendee_reads_as_the_minutes_list_them() {
        let a = Attendee {
            person_id: Some(1),
            name: "Trần Thị Phương Hoa".into(),
            capacity: Some("TUV – Bí thư Quận ủy".into()),
        };
        assert_eq!(a.as_written(), "Trần Thị Phương Hoa – TUV – Bí thư Quận ủy");
        let group = Attendee {
            person_id: None,
            name: "đại diện Thường trực Quận ủy".into(),
            capacity: None,
        };
        assert_eq!(group.as_written(), "đại diện Thường trực Quận ủy");
    }

    #[test]
    fn kinds_round_trip_through_their_codes() {
        for k in MeetingKind::ALL {
            assert_eq!(MeetingKind::parse(k.as_str()), Some(k));
        }
    }

    fn input() -> MeetingInput<'static> {
        MeetingInput {
            kind: "review_and_signing",
            title: "Hội nghị ký kết chương trình phối hợp năm 2026",
            starts_at: "16/01/2026 08:00",
            venue: "Hội trường UBND phường",
            guests: "Nguyễn Văn A – Bí thư Đảng ủy phường\nđại diện các tổ dân phố",
            agenda: "Khai mạc\n\nKý kết",
            ..MeetingInput::default()
        }
    }

    #[test]
    fn a_meeting_form_becomes_a_draft_with_its_guests_after_the_chosen_holders() {
        let chosen = Chosen {
            attendees: vec![Attendee {
                person_id: Some(7),
                name: "Trần Thị B".into(),
                capacity: Some("Chủ tịch UBND phường".into()),
            }],
            ..Chosen::default()
        };
        let d = MeetingDraft::parse(&input(), chosen, Some(3)).unwrap();
        assert_eq!(d.kind, MeetingKind::ReviewAndSigning);
        assert_eq!(d.programme_id, Some(3));
        let names: Vec<&str> = d.attendees.iter().map(|a| a.name.as_str()).collect();
        assert_eq!(
            names,
            ["Trần Thị B", "Nguyễn Văn A", "đại diện các tổ dân phố"]
        );
        assert_eq!(
            d.attendees[1].capacity.as_deref(),
            Some("Bí thư Đảng ủy phường")
        );
        assert_eq!(d.agenda, ["Khai mạc", "Ký kết"]);
        assert_eq!(d.minutes, None);
    }

    #[test]
    fn every_missing_or_wrong_field_is_named_at_once() {
        let bad = MeetingInput {
            kind: "",
            title: " ",
            starts_at: "32/01/2026 08:00",
            ends_at: "hôm qua",
            venue: "",
            ..MeetingInput::default()
        };
        let e = MeetingDraft::parse(&bad, Chosen::default(), None).unwrap_err();
        for field in ["title", "kind", "starts_at", "ends_at", "venue"] {
            assert!(e.for_field(field).is_some(), "{field}: {e:?}");
        }
    }

    #[test]
    fn a_meeting_cannot_end_before_it_starts() {
        let backwards = MeetingInput {
            ends_at: "16/01/2026 07:00",
            ..input()
        };
        let e = MeetingDraft::parse(&backwards, Chosen::default(), None).unwrap_err();
        assert_eq!(
            e.for_field("ends_at"),
            Some("Giờ kết thúc phải sau giờ bắt đầu")
        );
    }
}
