//! Who is asking, for which unit, and when: every read and write of a use case takes a `Viewer`,
//! and asks `domain::access` through it, so no use case can forget whose records it reads.

use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;

use chrono::{DateTime, NaiveDate, Utc};
use domain::access::{allowed, Action, Actor, Record, UnitPath};
use domain::entity::Entity;
use domain::lang::Lang;
use domain::unit::AdminUnit;
use domain::Id;

use crate::{AppError, Result};

/// A person (or nobody) looking at one unit at one instant.
#[derive(Debug, Clone)]
pub struct Viewer {
    actor: Option<Actor>,
    unit: AdminUnit,
    at: UnitPath,
    now: DateTime<Utc>,
    base: String,
    page: String,
    lang: Lang,
    languages: &'static [Lang],
    terms: WriteTerms,
}

/// What a program writing through the API asks of its writes: that a record be unchanged since it
/// read it (`If-Match`), and that a retried creation make one record (`Idempotency-Key`). Both are
/// checked by [`crate::App`] inside the write's own transaction, which holds every other writer
/// back, so no write slips in between the check and the change.
#[derive(Debug, Clone, Default)]
pub struct WriteTerms {
    unchanged: Option<Unchanged>,
    retry: Option<RetryKey>,
    /// The change log's sequence number after this viewer's last write: the version of what it
    /// wrote, for the answer's `ETag`. Shared by the viewer's clones.
    written: Arc<AtomicI64>,
}

/// A record that must not have changed since the change log stood at `seen`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unchanged {
    /// The kinds of log entry that change the record (a meeting's minutes are kept apart from it).
    pub entities: &'static [Entity],
    pub id: Id,
    pub seen: i64,
}

/// The key a client gives a creating write, and the digest of the request it came with: the same
/// key with another request is refused rather than answered with the first request's record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetryKey {
    pub key: String,
    pub fingerprint: String,
}

impl Viewer {
    /// Built by [`crate::App::viewer`], which knows the units above.
    pub(crate) fn new(actor: Option<Actor>, unit: AdminUnit, at: UnitPath) -> Self {
        Self {
            actor,
            unit,
            at,
            now: Utc::now(),
            base: String::new(),
            page: String::from("/"),
            lang: Lang::Vi,
            languages: &[Lang::Vi],
            terms: WriteTerms::default(),
        }
    }

    /// The same viewer, whose writes first check that the record is unchanged since `seen`.
    pub fn expecting(mut self, unchanged: Option<Unchanged>) -> Self {
        self.terms.unchanged = unchanged;
        self
    }

    /// The same viewer, whose creating write is known by `key` if retried.
    pub fn retrying(mut self, key: Option<RetryKey>) -> Self {
        self.terms.retry = key;
        self
    }

    pub(crate) fn unchanged(&self) -> Option<&Unchanged> {
        self.terms.unchanged.as_ref()
    }

    pub(crate) fn retry_key(&self) -> Option<&RetryKey> {
        self.terms.retry.as_ref()
    }

    pub(crate) fn note_written(&self, seq: i64) {
        self.terms.written.store(seq, Ordering::Relaxed);
    }

    /// The change log's sequence number after this viewer's last write; 0 before any.
    pub fn written_version(&self) -> i64 {
        self.terms.written.load(Ordering::Relaxed)
    }

    /// The same viewer, whose links to the unit's pages start with `base` (`/dv/{slug}`), or
    /// with nothing where the unit is reached by its own host name or is the default.
    pub fn with_base(self, base: impl Into<String>) -> Self {
        Self {
            base: base.into(),
            ..self
        }
    }

    /// The same viewer, looking at `page`: the path (and query) of the page asked for, under the
    /// unit's address (`/tin-tuc/ky-ket?trang=2`), whatever prefix or host name reached it.
    pub fn at_page(self, page: impl Into<String>) -> Self {
        Self {
            page: page.into(),
            ..self
        }
    }

    /// The same viewer, reading the portal in `lang`: its page is the page as Vietnamese
    /// addresses it, its links in `lang` start with [`Lang::prefix`].
    pub fn in_lang(self, lang: Lang) -> Self {
        Self { lang, ..self }
    }

    /// The same viewer, on a page that exists in `languages` (the portal's pages are in every
    /// language; the workspace's and the rest, in Vietnamese alone).
    pub fn in_languages(self, languages: &'static [Lang]) -> Self {
        Self { languages, ..self }
    }

    /// The languages the page asked for exists in.
    pub fn languages(&self) -> &'static [Lang] {
        self.languages
    }

    /// The language of the interface asked for.
    pub fn lang(&self) -> Lang {
        self.lang
    }

    /// The page asked for, under the unit's address: `/` for its home page.
    pub fn page(&self) -> &str {
        &self.page
    }

    /// Where links to this unit's pages start.
    pub fn base(&self) -> &str {
        &self.base
    }

    /// A path of this unit's pages as a link in the viewer's language: `/tin-tuc` →
    /// `/dv/phuong-nghia-do/tin-tuc`, or `/dv/phuong-nghia-do/en/tin-tuc` in English.
    pub fn link(&self, path: &str) -> String {
        if path.starts_with('/') && !path.starts_with("//") {
            domain::address::link(&self.base, &self.lang.page(path))
        } else {
            path.to_string()
        }
    }

    /// The same unit, seen by an anonymous visitor: what the portal's shared pages are made as.
    pub fn anonymous(&self) -> Self {
        Self {
            actor: None,
            ..self.clone()
        }
    }

    pub fn actor(&self) -> Option<&Actor> {
        self.actor.as_ref()
    }

    pub fn unit(&self) -> &AdminUnit {
        &self.unit
    }

    pub fn unit_id(&self) -> Id {
        self.unit.id
    }

    /// Where the unit sits in the tree, for the access rule.
    pub fn at(&self) -> UnitPath {
        self.at
    }

    pub fn now(&self) -> DateTime<Utc> {
        self.now
    }

    /// The day in Vietnam at the moment of the request.
    pub fn today(&self) -> NaiveDate {
        domain::time::day_in_vietnam(self.now)
    }

    /// Whether the rule allows this.
    pub fn may(&self, action: &Action) -> bool {
        allowed(self.actor.as_ref(), action)
    }

    /// Whether this person may read a record of the unit.
    pub fn may_read(&self, record: Record) -> bool {
        self.may(&Action::Read {
            at: self.at,
            record,
        })
    }

    /// Whether this person reads the unit's workspace: staff of the unit or of a unit above it.
    pub fn is_staff(&self) -> bool {
        self.may_read(Record::Workspace)
    }

    /// A record of `unit_id` as this person may read it: one of another unit, or one the rule
    /// keeps from them, does not exist for them.
    pub fn read<T>(&self, unit_id: Id, record: Record, value: T) -> Result<T> {
        self.check(
            unit_id,
            &Action::Read {
                at: self.at,
                record,
            },
        )?;
        Ok(value)
    }

    /// Refuse, as "not found", what is not this unit's or what the rule refuses to this person.
    pub fn check(&self, unit_id: Id, action: &Action) -> Result<()> {
        if unit_id == self.unit.id && self.may(action) {
            Ok(())
        } else {
            Err(AppError::NotFound)
        }
    }

    /// The person, who must be signed in and allowed this write (or staff read).
    /// Whether this person may do, in this unit, what `action` says of a unit's id: the one
    /// writing of the checks of the unit's own pages (`v.may_here(|unit_id| Action::Sign { .. })`).
    pub fn may_here(&self, action: impl FnOnce(Id) -> Action) -> bool {
        self.may(&action(self.unit_id()))
    }

    /// [`Self::require`] of what `action` says of this unit's id.
    pub fn require_here(&self, action: impl FnOnce(Id) -> Action) -> Result<&Actor> {
        self.require(&action(self.unit_id()))
    }

    pub fn require(&self, action: &Action) -> Result<&Actor> {
        let actor = self.actor.as_ref().ok_or(AppError::Unauthorized)?;
        if actor.can(action) {
            Ok(actor)
        } else {
            Err(AppError::forbidden())
        }
    }

    /// The person, who must be staff of this unit or of one above it.
    pub fn staff(&self) -> Result<&Actor> {
        self.require(&Action::read_workspace(self.at))
    }

    /// The person, who must be allowed at least one of these writes: for a form whose target
    /// (the body it is for) is only known once it is read.
    pub fn require_any(&self, actions: impl IntoIterator<Item = Action>) -> Result<&Actor> {
        let actor = self.actor.as_ref().ok_or(AppError::Unauthorized)?;
        if actions.into_iter().any(|a| actor.can(&a)) {
            Ok(actor)
        } else {
            Err(AppError::forbidden())
        }
    }

    /// A viewer pinned to an instant, for tests and reports "as of" a moment.
    pub fn at_instant(&self, now: DateTime<Utc>) -> Self {
        Self {
            now,
            ..self.clone()
        }
    }
}
