//! Meetings (hội nghị, kỳ họp): when and where, who attended and in which capacity, and the
//! programme they concern.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::oversight::DocumentRef;
use crate::Id;

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
}
