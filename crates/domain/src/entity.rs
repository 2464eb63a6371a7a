//! The kinds of record the change log names: one enum instead of names written as strings in every
//! write, in the history pages and in the search feed.

use serde::{Deserialize, Serialize};

macro_rules! entities {
    ($($variant:ident => $code:literal, $label:literal;)*) => {
        /// A kind of record, as the change log stores its name.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
        pub enum Entity {
            $($variant,)*
        }

        impl Entity {
            pub const ALL: &'static [Entity] = &[$(Self::$variant,)*];

            /// The name the change log keeps: "programme_item".
            pub fn as_str(self) -> &'static str {
                match self {
                    $(Self::$variant => $code,)*
                }
            }

            /// The kind a stored name or a path segment names; `None` for anything else.
            pub fn parse(s: &str) -> Option<Self> {
                match s {
                    $($code => Some(Self::$variant),)*
                    _ => None,
                }
            }

            /// What a person calls it: "nội dung phối hợp".
            pub fn label(self) -> &'static str {
                match self {
                    $(Self::$variant => $label,)*
                }
            }
        }
    };
}

entities! {
    Unit => "unit", "đơn vị hành chính";
    UnitSuccession => "unit_succession", "kế thừa giữa các đơn vị";
    Setting => "setting", "cấu hình";
    Body => "body", "cơ quan";
    Person => "person", "cán bộ";
    Term => "term", "nhiệm kỳ";
    Post => "post", "chức vụ";
    Membership => "membership", "nhiệm vụ";
    Programme => "programme", "chương trình";
    ProgrammeItem => "programme_item", "nội dung phối hợp";
    Target => "target", "chỉ tiêu";
    BudgetLine => "budget_line", "dòng ngân sách";
    ProgrammeSignature => "programme_signature", "chữ ký";
    SigningKey => "signing_key", "khóa ký";
    Meeting => "meeting", "hội nghị";
    MeetingDetails => "meeting_details", "chương trình, biên bản hội nghị";
    Category => "category", "danh mục";
    Article => "article", "tin tức";
    Image => "image", "ảnh";
    Attachment => "attachment", "tệp đính kèm";
    Oversight => "oversight", "hoạt động giám sát";
    Recommendation => "recommendation", "kiến nghị";
    ReminderDigest => "reminder_digest", "bản nhắc việc";
    User => "user", "tài khoản";
    UserRole => "user_role", "vai trò";
    ApiToken => "api_token", "mã truy cập API";
    Invitation => "invitation", "lời mời";
    Indicator => "indicator", "chỉ tiêu của danh mục";
    IndicatorLink => "indicator_link", "liên kết chỉ tiêu với danh mục";
    UnitWeights => "unit_weights", "quy mô dân cư của đơn vị";
}

impl std::fmt::Display for Entity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What a change-log entry did to its record: from whether it has a before and an after, or
/// named when a record (or a part of one) was withdrawn or restored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChangeKind {
    Create,
    Update,
    Delete,
    /// Taken off every page (gỡ bỏ), kept for the unit's administrator to restore.
    Withdraw,
    /// Put back where it was.
    Restore,
}

impl ChangeKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Create => "create",
            Self::Update => "update",
            Self::Delete => "delete",
            Self::Withdraw => "withdraw",
            Self::Restore => "restore",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "create" => Some(Self::Create),
            "update" => Some(Self::Update),
            "delete" => Some(Self::Delete),
            "withdraw" => Some(Self::Withdraw),
            "restore" => Some(Self::Restore),
            _ => None,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Create => "Tạo",
            Self::Update => "Sửa",
            Self::Delete => "Xóa",
            Self::Withdraw => "Gỡ bỏ",
            Self::Restore => "Khôi phục",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_entity_reads_back_from_its_stored_name() {
        for e in Entity::ALL {
            assert_eq!(Entity::parse(e.as_str()), Some(*e));
            assert!(!e.label().is_empty());
        }
        assert_eq!(Entity::parse("Programme"), None);
        assert_eq!(Entity::parse("../etc"), None);
    }
}
