//! Who may do what: roles scoped to a unit or to one body, and the one rule that decides every
//! action. It denies by default: an action no arm allows is refused.

use serde::{Deserialize, Serialize};

use crate::Id;

/// A role of an account, scoped as the role requires.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "role", rename_all = "snake_case")]
pub enum Role {
    /// Quản trị: everything in the unit except signing for a body.
    Admin { unit_id: Id },
    /// Chuyên viên: drafts and updates what one body leads or reports.
    Editor { unit_id: Id, body_id: Id },
    /// Thủ trưởng: what an editor of the body may, and signing for it.
    Head { unit_id: Id, body_id: Id },
    /// Đọc: reads the workspace of the unit.
    Reader { unit_id: Id },
}

impl Role {
    pub fn code(&self) -> &'static str {
        match self {
            Self::Admin { .. } => "admin",
            Self::Editor { .. } => "editor",
            Self::Head { .. } => "head",
            Self::Reader { .. } => "reader",
        }
    }

    /// Build a role from its stored parts.
    pub fn from_parts(code: &str, unit_id: Id, body_id: Option<Id>) -> Option<Self> {
        match (code, body_id) {
            ("admin", None) => Some(Self::Admin { unit_id }),
            ("reader", None) => Some(Self::Reader { unit_id }),
            ("editor", Some(body_id)) => Some(Self::Editor { unit_id, body_id }),
            ("head", Some(body_id)) => Some(Self::Head { unit_id, body_id }),
            _ => None,
        }
    }

    pub fn unit_id(&self) -> Id {
        match *self {
            Self::Admin { unit_id }
            | Self::Reader { unit_id }
            | Self::Editor { unit_id, .. }
            | Self::Head { unit_id, .. } => unit_id,
        }
    }

    pub fn body_id(&self) -> Option<Id> {
        match *self {
            Self::Editor { body_id, .. } | Self::Head { body_id, .. } => Some(body_id),
            _ => None,
        }
    }

    pub fn label(&self) -> &'static str {
        match self {
            Self::Admin { .. } => "Quản trị đơn vị",
            Self::Editor { .. } => "Chuyên viên",
            Self::Head { .. } => "Thủ trưởng cơ quan",
            Self::Reader { .. } => "Người đọc",
        }
    }
}

/// The person behind a request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Actor {
    pub user_id: Id,
    pub username: String,
    pub display_name: String,
    pub roles: Vec<Role>,
}

/// Something a person wants to do, with what the rule needs to know about its target.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// See the workspace of a unit, with drafts and histories.
    ReadWorkspace { unit_id: Id },
    /// Create a programme, change its lifecycle, copy last year's, change many items at once.
    ManageProgramme { unit_id: Id },
    /// Add or change an item led by `lead_body_id`.
    EditItem { unit_id: Id, lead_body_id: Id },
    /// Add or change a target reported by `reporting_body_id` (None: the unit's own).
    EditTarget {
        unit_id: Id,
        reporting_body_id: Option<Id>,
    },
    /// Write or publish news.
    EditArticle { unit_id: Id },
    /// Prepare a meeting and its attendance.
    EditMeeting { unit_id: Id },
    /// Change bodies, people, posts and memberships.
    EditOrganisation { unit_id: Id },
    /// Sign a programme on behalf of a body.
    Sign { unit_id: Id, body_id: Id },
    /// Record or change an oversight activity conducted by `conducting_body_id`, and its
    /// recommendations.
    EditOversight { unit_id: Id, conducting_body_id: Id },
    /// Record a response to a recommendation addressed to `responsible_body_id`.
    RespondRecommendation {
        unit_id: Id,
        responsible_body_id: Id,
    },
    /// Manage accounts, tokens and keys.
    ManageAccounts { unit_id: Id },
}

impl Action {
    fn unit_id(&self) -> Id {
        match *self {
            Self::ReadWorkspace { unit_id }
            | Self::ManageProgramme { unit_id }
            | Self::EditItem { unit_id, .. }
            | Self::EditTarget { unit_id, .. }
            | Self::EditArticle { unit_id }
            | Self::EditMeeting { unit_id }
            | Self::EditOrganisation { unit_id }
            | Self::Sign { unit_id, .. }
            | Self::EditOversight { unit_id, .. }
            | Self::RespondRecommendation { unit_id, .. }
            | Self::ManageAccounts { unit_id } => unit_id,
        }
    }
}

/// Whether one role allows one action. Every arm names what it allows; the rest is refused.
fn role_allows(role: &Role, action: &Action) -> bool {
    if role.unit_id() != action.unit_id() {
        return false;
    }
    match (role, action) {
        (_, Action::ReadWorkspace { .. }) => true,
        // Signing is personal to the head of the body: not even an administrator signs for it.
        (Role::Head { body_id, .. }, Action::Sign { body_id: b, .. }) => body_id == b,
        (_, Action::Sign { .. }) => false,
        (Role::Admin { .. }, _) => true,
        (
            Role::Editor { body_id, .. } | Role::Head { body_id, .. },
            Action::EditItem { lead_body_id, .. },
        ) => body_id == lead_body_id,
        (
            Role::Editor { body_id, .. } | Role::Head { body_id, .. },
            Action::EditTarget {
                reporting_body_id: Some(b),
                ..
            },
        ) => body_id == b,
        (
            Role::Editor { .. } | Role::Head { .. },
            Action::EditArticle { .. } | Action::EditMeeting { .. },
        ) => true,
        // The body that conducted the oversight records it and what it recommends; the bodies it
        // examined answer through `RespondRecommendation`, never by rewriting the findings.
        (
            Role::Editor { body_id, .. } | Role::Head { body_id, .. },
            Action::EditOversight {
                conducting_body_id, ..
            },
        ) => body_id == conducting_body_id,
        (
            Role::Editor { body_id, .. } | Role::Head { body_id, .. },
            Action::RespondRecommendation {
                responsible_body_id,
                ..
            },
        ) => body_id == responsible_body_id,
        _ => false,
    }
}

impl Actor {
    /// The one rule: may this person do this?
    pub fn can(&self, action: &Action) -> bool {
        self.roles.iter().any(|r| role_allows(r, action))
    }

    /// The bodies this person may sign for.
    pub fn signs_for(&self) -> Vec<Id> {
        self.roles
            .iter()
            .filter_map(|r| match r {
                Role::Head { body_id, .. } => Some(*body_id),
                _ => None,
            })
            .collect()
    }
}

/// The rule for a request that may have no person behind it: anonymous visitors may do nothing here.
pub fn allowed(actor: Option<&Actor>, action: &Action) -> bool {
    actor.is_some_and(|a| a.can(action))
}

#[cfg(test)]
mod tests {
    use super::*;

    const UNIT: Id = 2;
    const OTHER_UNIT: Id = 9;
    const HDND: Id = 10;
    const UBND: Id = 11;

    fn actor(roles: Vec<Role>) -> Actor {
        Actor {
            user_id: 1,
            username: "u".into(),
            display_name: "U".into(),
            roles,
        }
    }

    #[test]
    fn an_anonymous_visitor_may_do_nothing_in_the_workspace() {
        assert!(!allowed(None, &Action::ReadWorkspace { unit_id: UNIT }));
        assert!(!allowed(None, &Action::EditArticle { unit_id: UNIT }));
    }

    #[test]
    fn an_account_without_roles_may_do_nothing() {
        let a = actor(vec![]);
        assert!(!a.can(&Action::ReadWorkspace { unit_id: UNIT }));
    }

    #[test]
    fn an_editor_changes_only_what_their_body_leads_or_reports() {
        let a = actor(vec![Role::Editor {
            unit_id: UNIT,
            body_id: HDND,
        }]);
        assert!(a.can(&Action::EditItem {
            unit_id: UNIT,
            lead_body_id: HDND
        }));
        assert!(!a.can(&Action::EditItem {
            unit_id: UNIT,
            lead_body_id: UBND
        }));
        assert!(a.can(&Action::EditTarget {
            unit_id: UNIT,
            reporting_body_id: Some(HDND)
        }));
        assert!(!a.can(&Action::EditTarget {
            unit_id: UNIT,
            reporting_body_id: Some(UBND)
        }));
        assert!(!a.can(&Action::EditTarget {
            unit_id: UNIT,
            reporting_body_id: None
        }));
        assert!(!a.can(&Action::ManageProgramme { unit_id: UNIT }));
        assert!(!a.can(&Action::Sign {
            unit_id: UNIT,
            body_id: HDND
        }));
        assert!(!a.can(&Action::ManageAccounts { unit_id: UNIT }));
    }

    #[test]
    fn only_the_responsible_body_and_the_administrator_answer_a_recommendation() {
        let respond = Action::RespondRecommendation {
            unit_id: UNIT,
            responsible_body_id: UBND,
        };
        assert!(actor(vec![Role::Editor {
            unit_id: UNIT,
            body_id: UBND
        }])
        .can(&respond));
        assert!(!actor(vec![Role::Editor {
            unit_id: UNIT,
            body_id: HDND
        }])
        .can(&respond));
        assert!(actor(vec![Role::Admin { unit_id: UNIT }]).can(&respond));
        assert!(!actor(vec![Role::Reader { unit_id: UNIT }]).can(&respond));
    }

    #[test]
    fn only_the_conducting_body_and_the_administrator_record_an_oversight_activity() {
        let edit = Action::EditOversight {
            unit_id: UNIT,
            conducting_body_id: HDND,
        };
        for role in [
            Role::Editor {
                unit_id: UNIT,
                body_id: HDND,
            },
            Role::Head {
                unit_id: UNIT,
                body_id: HDND,
            },
            Role::Admin { unit_id: UNIT },
        ] {
            assert!(actor(vec![role]).can(&edit), "{role:?}");
        }
        for role in [
            // The body examined does not write the findings about itself.
            Role::Editor {
                unit_id: UNIT,
                body_id: UBND,
            },
            Role::Head {
                unit_id: UNIT,
                body_id: UBND,
            },
            Role::Reader { unit_id: UNIT },
            Role::Admin {
                unit_id: OTHER_UNIT,
            },
            Role::Editor {
                unit_id: OTHER_UNIT,
                body_id: HDND,
            },
        ] {
            assert!(!actor(vec![role]).can(&edit), "{role:?}");
        }
        assert!(!allowed(None, &edit));
    }

    #[test]
    fn a_head_signs_only_for_their_own_body() {
        let a = actor(vec![Role::Head {
            unit_id: UNIT,
            body_id: UBND,
        }]);
        assert!(a.can(&Action::Sign {
            unit_id: UNIT,
            body_id: UBND
        }));
        assert!(!a.can(&Action::Sign {
            unit_id: UNIT,
            body_id: HDND
        }));
        assert_eq!(a.signs_for(), vec![UBND]);
    }

    #[test]
    fn an_administrator_does_everything_in_the_unit_but_sign() {
        let a = actor(vec![Role::Admin { unit_id: UNIT }]);
        assert!(a.can(&Action::ManageProgramme { unit_id: UNIT }));
        assert!(a.can(&Action::EditItem {
            unit_id: UNIT,
            lead_body_id: UBND
        }));
        assert!(a.can(&Action::ManageAccounts { unit_id: UNIT }));
        assert!(!a.can(&Action::Sign {
            unit_id: UNIT,
            body_id: UBND
        }));
        assert!(!a.can(&Action::ManageProgramme {
            unit_id: OTHER_UNIT
        }));
    }

    #[test]
    fn a_reader_reads_and_writes_nothing() {
        let a = actor(vec![Role::Reader { unit_id: UNIT }]);
        assert!(a.can(&Action::ReadWorkspace { unit_id: UNIT }));
        assert!(!a.can(&Action::EditArticle { unit_id: UNIT }));
        assert!(!a.can(&Action::EditMeeting { unit_id: UNIT }));
    }

    #[test]
    fn roles_rebuild_from_their_stored_parts_only_when_well_formed() {
        assert_eq!(
            Role::from_parts("editor", UNIT, Some(HDND)),
            Some(Role::Editor {
                unit_id: UNIT,
                body_id: HDND
            })
        );
        assert_eq!(Role::from_parts("editor", UNIT, None), None);
        assert_eq!(Role::from_parts("admin", UNIT, Some(HDND)), None);
        assert_eq!(Role::from_parts("god", UNIT, None), None);
    }
}

/// An account name: 3 to 40 lowercase ASCII letters, digits, dots, hyphens or underscores, so it can
/// be typed on any keyboard and shown in logs as it is.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Username(String);

impl Username {
    pub fn parse(input: &str) -> Result<Self, crate::ValidationError> {
        let s = input.trim().to_ascii_lowercase();
        let ok = (3..=40).contains(&s.len())
            && s.bytes().all(|b| {
                b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'.' | b'-' | b'_')
            });
        if ok {
            Ok(Self(s))
        } else {
            Err(crate::ValidationError::single(
                "username",
                "Tên đăng nhập gồm 3–40 chữ cái không dấu, chữ số, dấu chấm, gạch ngang hoặc gạch dưới",
            ))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A new password, long enough to resist guessing.
pub struct NewPassword(String);

impl NewPassword {
    pub const MIN_CHARS: usize = 10;

    pub fn parse(input: &str) -> Result<Self, crate::ValidationError> {
        let n = input.chars().count();
        if n < Self::MIN_CHARS {
            Err(crate::ValidationError::single(
                "password",
                format!("Mật khẩu cần ít nhất {} ký tự", Self::MIN_CHARS),
            ))
        } else if n > 200 {
            Err(crate::ValidationError::single(
                "password",
                "Mật khẩu dài quá 200 ký tự",
            ))
        } else {
            Ok(Self(input.to_string()))
        }
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for NewPassword {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("NewPassword(***)")
    }
}

#[cfg(test)]
mod credential_tests {
    use super::*;

    #[test]
    fn usernames_are_plain_lowercase_ascii() {
        assert_eq!(Username::parse(" CV.HDND ").unwrap().as_str(), "cv.hdnd");
        for bad in ["ab", "nguyễn", "a b", "x'; drop"] {
            assert!(Username::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn a_short_password_is_refused_and_a_password_never_prints() {
        assert!(NewPassword::parse("ngan").is_err());
        let p = NewPassword::parse("một mật khẩu dài").unwrap();
        assert_eq!(format!("{p:?}"), "NewPassword(***)");
    }
}
