//! Who may read and who may write what: roles scoped to a unit or to one body, the places records
//! belong to, and the one rule that answers every action. It refuses by default: an action no arm
//! names is refused, and whether a record is public is decided here and nowhere else.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::article::Article;
use crate::programme::{Programme, ProgrammeStatus};
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
    /// Quản trị hệ thống: the installation's operator, who sets units up; the command line acts
    /// as the operator. Everything in every unit except signing for a body.
    Operator,
}

impl Role {
    pub fn code(&self) -> &'static str {
        match self {
            Self::Admin { .. } => "admin",
            Self::Editor { .. } => "editor",
            Self::Head { .. } => "head",
            Self::Reader { .. } => "reader",
            Self::Operator => "operator",
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

    /// The unit the role is scoped to; `None` for the operator, who is above every unit.
    pub fn unit_id(&self) -> Option<Id> {
        match *self {
            Self::Admin { unit_id }
            | Self::Reader { unit_id }
            | Self::Editor { unit_id, .. }
            | Self::Head { unit_id, .. } => Some(unit_id),
            Self::Operator => None,
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
            Self::Operator => "Quản trị hệ thống",
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
    /// What the personal API token behind the request allows, within the roles; `None` for a
    /// person signed in (or the command line), whom only the roles limit.
    pub grant: Option<Grant>,
}

/// The kinds of record a token may be limited to writing: what the API's writes change, one
/// kind per part of the workspace.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WriteKind {
    /// The programme: its lifecycle, contents and progress notes.
    Programme,
    /// Targets: plans, actual values and definitions.
    Target,
    /// Meetings, their attendance and minutes.
    Meeting,
    /// Oversight activities, recommendations and responses.
    Oversight,
    /// Bodies, people, posts and memberships.
    Organisation,
    /// News: articles, categories and pictures.
    Article,
}

impl WriteKind {
    pub const ALL: [WriteKind; 6] = [
        Self::Programme,
        Self::Target,
        Self::Meeting,
        Self::Oversight,
        Self::Organisation,
        Self::Article,
    ];

    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Programme => "programme",
            Self::Target => "target",
            Self::Meeting => "meeting",
            Self::Oversight => "oversight",
            Self::Organisation => "organisation",
            Self::Article => "article",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }

    pub const fn label(self) -> &'static str {
        match self {
            Self::Programme => "Chương trình, nội dung phối hợp",
            Self::Target => "Chỉ tiêu",
            Self::Meeting => "Hội nghị",
            Self::Oversight => "Giám sát, kiến nghị",
            Self::Organisation => "Cơ quan, cán bộ, chức vụ",
            Self::Article => "Tin tức, danh mục, ảnh",
        }
    }

    /// The kind of record an action writes; `None` for what no token may do at all: sign, manage
    /// accounts, indicators and units, remind or restore — a person does those, signed in.
    pub fn of(action: &Action) -> Option<Self> {
        match action {
            Action::ManageProgramme { .. } | Action::EditItem { .. } => Some(Self::Programme),
            Action::EditTarget { .. } => Some(Self::Target),
            Action::EditArticle { .. } => Some(Self::Article),
            Action::EditMeeting { .. } => Some(Self::Meeting),
            Action::EditOrganisation { .. } => Some(Self::Organisation),
            Action::EditOversight { .. } | Action::RespondRecommendation { .. } => {
                Some(Self::Oversight)
            }
            _ => None,
        }
    }
}

/// What a personal API token may do, within its holder's roles: read only, or write some kinds of
/// record or every kind the API writes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Grant {
    /// Read what the holder may read; write nothing.
    ReadOnly,
    /// Also write these kinds, as the roles allow.
    Write(Vec<WriteKind>),
}

impl Grant {
    /// A token that writes every kind the API writes.
    pub fn write_all() -> Self {
        Self::Write(WriteKind::ALL.to_vec())
    }

    /// Whether the token lets its holder attempt this write (the roles still decide).
    pub fn permits(&self, action: &Action) -> bool {
        match self {
            Self::ReadOnly => false,
            Self::Write(kinds) => WriteKind::of(action).is_some_and(|k| kinds.contains(&k)),
        }
    }

    /// How the grant is kept: `read`, or `write:` and the kinds' codes.
    pub fn code(&self) -> String {
        match self {
            Self::ReadOnly => "read".into(),
            Self::Write(kinds) => format!(
                "write:{}",
                kinds
                    .iter()
                    .map(|k| k.as_str())
                    .collect::<Vec<_>>()
                    .join(",")
            ),
        }
    }

    /// A grant read back from [`Grant::code`]; `None` for anything else.
    pub fn from_code(code: &str) -> Option<Self> {
        if code == "read" {
            return Some(Self::ReadOnly);
        }
        let kinds = code.strip_prefix("write:")?;
        kinds
            .split(',')
            .filter(|k| !k.is_empty())
            .map(WriteKind::parse)
            .collect::<Option<Vec<_>>>()
            .map(Self::Write)
    }

    /// "Chỉ đọc", or the kinds it writes.
    pub fn describe(&self) -> String {
        match self {
            Self::ReadOnly => "Chỉ đọc".into(),
            Self::Write(kinds) if kinds.len() == WriteKind::ALL.len() => {
                "Đọc và ghi mọi loại dữ liệu".into()
            }
            Self::Write(kinds) => format!(
                "Đọc; ghi: {}",
                kinds
                    .iter()
                    .map(|k| k.label().to_lowercase())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        }
    }
}

impl Actor {
    /// The command line, which acts as the installation's operator: whoever runs it holds the
    /// database already.
    pub fn command_line() -> Self {
        Self {
            user_id: 0,
            username: "cli".into(),
            display_name: "Dòng lệnh".into(),
            roles: vec![Role::Operator],
            grant: None,
        }
    }
}

/// How many units a unit can have above it: a ward of before 2025 had its district and its province.
const MAX_ABOVE: usize = 3;

/// Where a record belongs: its unit, and the units above that unit in the tree, nearest first.
/// Staff of a unit above read what belongs here; only the unit's own staff change it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct UnitPath {
    unit_id: Id,
    above: [Option<Id>; MAX_ABOVE],
}

impl UnitPath {
    /// A unit with nothing above it, such as a province.
    pub fn top(unit_id: Id) -> Self {
        Self {
            unit_id,
            above: [None; MAX_ABOVE],
        }
    }

    /// A unit and the units above it, nearest first; a tree deeper than administrative levels go
    /// keeps its nearest ancestors.
    pub fn new(unit_id: Id, above: &[Id]) -> Self {
        let mut path = Self::top(unit_id);
        for (slot, id) in path.above.iter_mut().zip(above) {
            *slot = Some(*id);
        }
        path
    }

    pub fn unit_id(&self) -> Id {
        self.unit_id
    }

    /// The units above, nearest first.
    pub fn above(&self) -> impl Iterator<Item = Id> + '_ {
        self.above.iter().flatten().copied()
    }

    /// Whether `unit_id` is this unit or one above it.
    fn within(&self, unit_id: Id) -> bool {
        self.unit_id == unit_id || self.above().any(|u| u == unit_id)
    }
}

/// What is read, with what decides whether anyone may read it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Record {
    /// The workspace itself: its lists with drafts, reminder digests, import previews, and who
    /// changed a record. Never public.
    Workspace,
    /// The unit, its bodies, people, posts, terms and memberships, the news categories, the
    /// public keys of the signers: what makes the portal, public always.
    Organisation,
    /// A programme and what follows it: its contents, targets, budget, signatures, versions.
    /// `signed_before`: an earlier version was signed, and the programme is being amended.
    Programme {
        status: ProgrammeStatus,
        signed_before: bool,
    },
    Meeting {
        public: bool,
    },
    /// The minutes of a meeting.
    Minutes {
        meeting_public: bool,
        published: bool,
    },
    Oversight {
        public: bool,
    },
    /// A recommendation; public on its own even when its activity is not (the portal then does
    /// not name the activity).
    Recommendation {
        public: bool,
    },
    /// A picture of the news, served by the hash of its file: public once an article anyone may
    /// read shows it, for staff alone before (a draft's pictures, whose address anyone holding
    /// the original file could compute).
    Picture {
        in_public_article: bool,
    },
    /// An article: a draft has no publication time, a scheduled one a time still to come.
    Article {
        published_at: Option<DateTime<Utc>>,
        now: DateTime<Utc>,
    },
}

impl Record {
    pub fn programme(p: &Programme) -> Self {
        Self::Programme {
            status: p.status,
            signed_before: p.signed_version.is_some() || p.version > 1,
        }
    }

    pub fn article(a: &Article, now: DateTime<Utc>) -> Self {
        Self::Article {
            published_at: a.published_at,
            now,
        }
    }

    /// Whether anyone at all, signed in or not, may read it. Private to this module: every other
    /// layer asks [`allowed`], so the answer can never be copied and drift.
    fn is_public(self) -> bool {
        match self {
            Self::Workspace => false,
            Self::Organisation => true,
            Self::Picture { in_public_article } => in_public_article,
            // A programme is public once signed; one being amended stays in force, and public.
            Self::Programme {
                status,
                signed_before,
            } => status != ProgrammeStatus::Draft || signed_before,
            Self::Meeting { public } | Self::Oversight { public } => public,
            Self::Recommendation { public } => public,
            Self::Minutes {
                meeting_public,
                published,
            } => meeting_public && published,
            Self::Article { published_at, now } => published_at.is_some_and(|at| at <= now),
        }
    }
}

/// Something a person wants to do, with what the rule needs to know about its target.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// See a record: a page, an API answer, a search result, a feed entry.
    Read { at: UnitPath, record: Record },
    /// See the history of a record from the change log.
    ReadHistory { at: UnitPath, record: Record },
    /// Download an official document made from a record (PDF, DOCX).
    ReadDocument { at: UnitPath, record: Record },
    /// Take a record out in a spreadsheet, a CSV file or the open-data archive.
    ReadExport { at: UnitPath, record: Record },
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
    /// Manage the unit's staff and their roles, the heads' signing keys, and the unit's settings.
    ManageAccounts { unit_id: Id },
    /// Keep the catalogue of indicators a province offers its communes, and the weights its
    /// roll-ups average by: the province's administrators.
    ManageIndicators { unit_id: Id },
    /// Ask the units below to report their figures: any of the province's working staff.
    RemindUnits { unit_id: Id },
    /// Put back what someone withdrew: the unit's administrator's call, not the writer's.
    Restore { unit_id: Id },
    /// Create units, import the official list, merge and split them, map host names, and appoint
    /// each unit's first administrator: the installation's own business.
    ManageUnits,
    /// Keep the national indicators offered to every commune: the installation's operator.
    ManageNationalIndicators,
}

impl Action {
    /// Reading the workspace of the unit at `at`.
    pub fn read_workspace(at: UnitPath) -> Self {
        Self::Read {
            at,
            record: Record::Workspace,
        }
    }

    /// The unit a write changes; `None` for reads, which may reach down the tree, and for the
    /// installation's own business.
    fn written_unit(&self) -> Option<Id> {
        match *self {
            Self::Read { .. }
            | Self::ReadHistory { .. }
            | Self::ReadDocument { .. }
            | Self::ReadExport { .. }
            | Self::ManageUnits
            | Self::ManageNationalIndicators => None,
            Self::ManageProgramme { unit_id }
            | Self::EditItem { unit_id, .. }
            | Self::EditTarget { unit_id, .. }
            | Self::EditArticle { unit_id }
            | Self::EditMeeting { unit_id }
            | Self::EditOrganisation { unit_id }
            | Self::Sign { unit_id, .. }
            | Self::EditOversight { unit_id, .. }
            | Self::RespondRecommendation { unit_id, .. }
            | Self::ManageAccounts { unit_id }
            | Self::ManageIndicators { unit_id }
            | Self::RemindUnits { unit_id }
            | Self::Restore { unit_id } => Some(unit_id),
        }
    }
}

/// Whether one role allows one write. Every arm names what it allows; the rest is refused.
fn role_writes(role: &Role, action: &Action) -> bool {
    match (role, action) {
        (Role::Operator, Action::ManageUnits | Action::ManageNationalIndicators) => true,
        (_, Action::ManageUnits | Action::ManageNationalIndicators) => false,
        // Signing is personal to the head of the body: neither an administrator nor the operator
        // signs for it.
        (_, Action::Sign { .. }) if role.unit_id() != action.written_unit() => false,
        (Role::Head { body_id, .. }, Action::Sign { body_id: b, .. }) => body_id == b,
        (_, Action::Sign { .. }) => false,
        (Role::Operator, _) => true,
        _ if action.written_unit() != role.unit_id() => false,
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
            Action::EditArticle { .. } | Action::EditMeeting { .. } | Action::RemindUnits { .. },
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

/// The one rule: may this person — `None` for an anonymous visitor — do this?
///
/// Reads: what is public, anyone; everything else, any member of staff of the record's unit or
/// of a unit above it. Writes: only staff of the unit itself, as their role allows.
pub fn allowed(actor: Option<&Actor>, action: &Action) -> bool {
    match *action {
        Action::Read { at, record }
        | Action::ReadHistory { at, record }
        | Action::ReadDocument { at, record }
        | Action::ReadExport { at, record } => {
            record.is_public()
                || actor.is_some_and(|a| {
                    a.roles
                        .iter()
                        .any(|r| r.unit_id().is_none_or(|u| at.within(u)))
                })
        }
        _ => actor.is_some_and(|a| {
            a.grant.as_ref().is_none_or(|g| g.permits(action))
                && a.roles.iter().any(|r| role_writes(r, action))
        }),
    }
}

/// Whether `actor` may give a new password to an account holding the roles `holder` (a member of
/// staff who forgot theirs, or whom a run of wrong passwords locked out). Only someone who manages
/// the accounts of every unit the account works in: otherwise the administrator of one ward could
/// take over an account that also administers another unit, or the installation. An account with
/// no role at all, and the operator's, are the operator's business.
pub fn may_reset_password(actor: &Actor, holder: &[Role]) -> bool {
    let operator = actor.roles.contains(&Role::Operator);
    if holder.is_empty() {
        return operator;
    }
    holder.iter().all(|role| match role.unit_id() {
        Some(unit_id) => actor.can(&Action::ManageAccounts { unit_id }),
        None => operator,
    })
}

/// Whether anyone at all, an anonymous visitor included, may read a record: what the search index
/// marks public and what a shared cache may keep.
pub fn anyone_may_read(record: Record) -> bool {
    record.is_public()
}

impl Actor {
    /// [`allowed`] for a signed-in person.
    pub fn can(&self, action: &Action) -> bool {
        allowed(Some(self), action)
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

/// Which of a unit's articles a reader may list, for a list that is paged in the database rather
/// than asked about record by record. Derived from [`allowed`], so the two cannot disagree.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ArticleScope {
    /// Drafts and scheduled articles too.
    Everything,
    /// Those published at or before this instant.
    PublishedBy(DateTime<Utc>),
}

pub fn article_scope(actor: Option<&Actor>, at: UnitPath, now: DateTime<Utc>) -> ArticleScope {
    let draft = Record::Article {
        published_at: None,
        now,
    };
    if allowed(actor, &Action::Read { at, record: draft }) {
        ArticleScope::Everything
    } else {
        ArticleScope::PublishedBy(now)
    }
}

/// What a person is told when the rule refuses a write.
pub const REFUSED: &str =
    "Vai trò của bạn không cho phép thao tác này. Nếu cần, hãy liên hệ quản trị đơn vị.";

#[cfg(test)]
mod tests;
