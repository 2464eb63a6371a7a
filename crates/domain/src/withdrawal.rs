//! Withdrawing (gỡ bỏ) what should not have been published or kept: an article, a person, an
//! attached document, a response to a recommendation, a progress note. Withdrawn, it leaves every
//! page, list, feed and search; the change log records who withdrew it and when; the unit's
//! administrator can restore it; its public history says that it was withdrawn, never what it said.

use serde::Serialize;

use crate::entity::Entity;

/// A kind of record that can be withdrawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Withdrawable {
    Article,
    Person,
    /// A document attached to an article, a meeting or an oversight activity.
    Attachment,
    /// A response to a recommendation: a part of the recommendation's record.
    Response,
    /// A dated note on an item's progress: a part of the item's record.
    ProgressNote,
}

impl Withdrawable {
    pub const ALL: [Self; 5] = [
        Self::Article,
        Self::Person,
        Self::Attachment,
        Self::Response,
        Self::ProgressNote,
    ];

    /// The name the store keeps.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Article => "article",
            Self::Person => "person",
            Self::Attachment => "attachment",
            Self::Response => "response",
            Self::ProgressNote => "progress_note",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// The segment of the workspace's addresses: `/quan-ly/go-bo/{segment}/{id}`.
    pub fn segment(self) -> &'static str {
        match self {
            Self::Article => "tin-tuc",
            Self::Person => "can-bo",
            Self::Attachment => "tep",
            Self::Response => "tra-loi",
            Self::ProgressNote => "tien-do",
        }
    }

    pub fn from_segment(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.segment() == s)
    }

    /// What a person calls it.
    pub fn label(self) -> &'static str {
        match self {
            Self::Article => "Tin tức",
            Self::Person => "Cán bộ",
            Self::Attachment => "Tệp đính kèm",
            Self::Response => "Trả lời kiến nghị",
            Self::ProgressNote => "Ghi chú tiến độ",
        }
    }

    /// The record whose history tells of the withdrawal: the record itself, or the one a part
    /// belongs to (the recommendation of a response, the item of a note).
    pub fn logged_as(self) -> Entity {
        match self {
            Self::Article => Entity::Article,
            Self::Person => Entity::Person,
            Self::Attachment => Entity::Attachment,
            Self::Response => Entity::Recommendation,
            Self::ProgressNote => Entity::ProgrammeItem,
        }
    }
}

/// The words a withdrawn record is listed by in the workspace: its title, or the first words of
/// a text, on one line.
pub fn listed_as(text: &str) -> String {
    crate::article::first_words(text, 24)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_reads_back_from_its_name_and_its_segment() {
        for k in Withdrawable::ALL {
            assert_eq!(Withdrawable::parse(k.as_str()), Some(k));
            assert_eq!(Withdrawable::from_segment(k.segment()), Some(k));
            assert!(!k.label().is_empty());
        }
        assert_eq!(Withdrawable::from_segment("../tin-tuc"), None);
    }

    #[test]
    fn a_long_text_is_listed_by_its_first_words_on_one_line() {
        let listed = listed_as("Đã chỉ đạo\nrà soát   toàn bộ các trường hợp hộ nghèo trên địa bàn phường, báo cáo kết quả trước ngày 30/6 để tổng hợp gửi HĐND phường xem xét tại kỳ họp giữa năm");
        assert!(listed.starts_with("Đã chỉ đạo rà soát toàn bộ"));
        assert!(listed.ends_with('…'));
        assert!(!listed.contains('\n'));
    }
}
