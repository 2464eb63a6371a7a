//! The kinds of record the index holds, with their stable codes and Vietnamese labels.

use serde::{Deserialize, Serialize};

/// What sort of record a [`Document`](crate::Document) is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// Tin tức: a news article of the portal.
    Article,
    /// Nội dung phối hợp: an item of a joint work programme.
    ProgrammeItem,
    /// Chỉ tiêu: a target.
    Target,
    /// Giám sát, kiểm tra: an oversight activity.
    Oversight,
    /// Kiến nghị: a recommendation from oversight.
    Recommendation,
    /// Hội nghị: a meeting.
    Meeting,
    /// Cơ quan: a body.
    Body,
    /// Cán bộ: a person.
    Person,
}

impl Kind {
    /// Every kind, in the order results and facets list them.
    pub const ALL: [Kind; 8] = [
        Kind::Article,
        Kind::ProgrammeItem,
        Kind::Target,
        Kind::Oversight,
        Kind::Recommendation,
        Kind::Meeting,
        Kind::Body,
        Kind::Person,
    ];

    /// The code used in URLs and JSON (`"programme_item"`).
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Article => "article",
            Kind::ProgrammeItem => "programme_item",
            Kind::Target => "target",
            Kind::Oversight => "oversight",
            Kind::Recommendation => "recommendation",
            Kind::Meeting => "meeting",
            Kind::Body => "body",
            Kind::Person => "person",
        }
    }

    /// The kind whose [`as_str`](Kind::as_str) is `s`.
    pub fn parse(s: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// The Vietnamese name shown to users.
    pub fn label(self) -> &'static str {
        match self {
            Kind::Article => "Tin tức",
            Kind::ProgrammeItem => "Nội dung phối hợp",
            Kind::Target => "Chỉ tiêu",
            Kind::Oversight => "Giám sát, kiểm tra",
            Kind::Recommendation => "Kiến nghị",
            Kind::Meeting => "Hội nghị",
            Kind::Body => "Cơ quan",
            Kind::Person => "Cán bộ",
        }
    }

    /// The number stored in the index. Changing these needs a new
    /// [`SCHEMA_VERSION`](crate::SCHEMA_VERSION).
    pub(crate) fn code(self) -> u64 {
        match self {
            Kind::Article => 1,
            Kind::ProgrammeItem => 2,
            Kind::Target => 3,
            Kind::Oversight => 4,
            Kind::Recommendation => 5,
            Kind::Meeting => 6,
            Kind::Body => 7,
            Kind::Person => 8,
        }
    }

    /// The kind stored as `code`.
    pub(crate) fn from_code(code: u64) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.code() == code)
    }
}

impl std::fmt::Display for Kind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.label())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_round_trips_through_its_code_and_its_name() {
        for kind in Kind::ALL {
            assert_eq!(Kind::parse(kind.as_str()), Some(kind));
            assert_eq!(Kind::from_code(kind.code()), Some(kind));
        }
        assert_eq!(Kind::parse("Article"), None);
        assert_eq!(Kind::from_code(0), None);
    }

    #[test]
    fn labels_are_vietnamese() {
        assert_eq!(Kind::ProgrammeItem.label(), "Nội dung phối hợp");
        assert_eq!(Kind::Oversight.to_string(), "Giám sát, kiểm tra");
    }
}
