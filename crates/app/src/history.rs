//! The history of one record from the change log: readable by whoever may read the record, with
//! the names of who changed it for staff only. Each kind of record finds its unit and its
//! visibility here, and `domain::access` answers.

use std::collections::HashMap;

use domain::access::{Action, Record};
use domain::entity::{ChangeKind, Entity};
use domain::withdrawal::Withdrawable;
use store::ChangeEntry;

use crate::meetings::meeting_record;
use crate::{App, AppError, Result, Viewer};

/// The entries of a record's history, newest first.
#[derive(Debug, Clone)]
pub struct History {
    pub entries: Vec<ChangeEntry>,
    /// Whether the reader may see which account made each change.
    pub shows_authors: bool,
    /// The names of what the entries refer to by id, so that a history reads as the portal does.
    pub names: Names,
}

/// Names of the records a history entry may refer to by id.
#[derive(Debug, Clone, Default)]
pub struct Names {
    pub bodies: HashMap<i64, String>,
    pub categories: HashMap<i64, String>,
    pub people: HashMap<i64, String>,
}

impl App {
    /// What decides who reads a record of the viewer's unit; `None` when the unit has no such
    /// record (it is gone, or another unit's: every lookup here is scoped to the unit).
    pub(crate) async fn owner_of(
        &self,
        v: &Viewer,
        entity: Entity,
        id: i64,
    ) -> Result<Option<(i64, Record)>> {
        let store = &self.store;
        let unit = v.unit_id();
        let programme = |pid: i64| async move {
            Ok::<_, AppError>(
                store
                    .programme_by_id(unit, pid)
                    .await?
                    .map(|p| (unit, Record::programme(&p))),
            )
        };
        let owned = |record: Record| async move {
            Ok::<_, AppError>(
                store
                    .owns(unit, entity, id)
                    .await?
                    .then_some((unit, record)),
            )
        };
        Ok(match entity {
            Entity::Article => store
                .article_by_id(unit, id)
                .await?
                .map(|a| (unit, Record::article(&a, v.now()))),
            Entity::Programme => programme(id).await?,
            Entity::ProgrammeItem => match store.item(unit, id).await? {
                Some(i) => programme(i.programme_id).await?,
                None => None,
            },
            Entity::Target => match store.target(unit, id).await? {
                Some(t) => programme(t.programme_id).await?,
                None => None,
            },
            Entity::BudgetLine => match store.budget_line_programme(unit, id).await? {
                Some(pid) => programme(pid).await?,
                None => None,
            },
            Entity::ProgrammeSignature => match store.signature_programme(unit, id).await? {
                Some(pid) => programme(pid).await?,
                None => None,
            },
            Entity::Meeting | Entity::MeetingDetails => store
                .meeting(unit, id)
                .await?
                .map(|m| (unit, meeting_record(&m))),
            Entity::Oversight => store
                .oversight(unit, id)
                .await?
                .map(|o| (unit, crate::oversight::activity_record(&o))),
            Entity::Recommendation => store
                .recommendation(unit, id)
                .await?
                .map(|r| (unit, Record::Recommendation { public: r.public })),
            Entity::Body
            | Entity::Post
            | Entity::Term
            | Entity::Membership
            | Entity::SigningKey
            | Entity::Category => owned(Record::Organisation).await?,
            // A person is public through the posts they held in the unit; one who held none is
            // known to the unit's staff only.
            Entity::Person => {
                if store.person(unit, id).await?.is_none() {
                    return Ok(None);
                }
                let held = !store.holdings_of_person(unit, id).await?.is_empty();
                Some((
                    unit,
                    if held {
                        Record::Organisation
                    } else {
                        Record::Workspace
                    },
                ))
            }
            Entity::Unit | Entity::UnitSuccession | Entity::UnitWeights => {
                (id == unit).then_some((id, Record::Organisation))
            }
            // A province's catalogue is public, as its organisation is.
            Entity::Indicator => owned(Record::Organisation).await?,
            // A target's link follows its programme.
            Entity::IndicatorLink => match store.target(unit, id).await? {
                Some(t) => programme(t.programme_id).await?,
                None => None,
            },
            Entity::Attachment | Entity::Image | Entity::ReminderDigest | Entity::Invitation => {
                owned(Record::Workspace).await?
            }
            // A unit's settings are logged under the unit's id; the installation's under 0.
            Entity::Setting if id != 0 => (id == unit).then_some((id, Record::Workspace)),
            // Accounts, roles, tokens and the installation's settings belong to no unit: their
            // history is the operator's to read.
            Entity::Setting | Entity::User | Entity::UserRole | Entity::ApiToken => v
                .may(&Action::ManageUnits)
                .then_some((unit, Record::Workspace)),
        })
    }

    /// The history of a record, as this person may read it.
    pub async fn history(&self, v: &Viewer, entity: Entity, id: i64) -> Result<History> {
        let Some((unit_id, record)) = self.owner_of(v, entity, id).await? else {
            return self.withdrawn_history(v, entity, id).await;
        };
        v.check(unit_id, &Action::ReadHistory { at: v.at(), record })?;
        let mut entries = self.store.history(unit_id, entity, id).await?;
        if entries.is_empty() {
            return Err(AppError::NotFound);
        }
        entries.reverse();
        if !v.is_staff() {
            self.leave_out_withdrawn_parts(unit_id, entity, id, &mut entries)
                .await?;
        }
        let names = self.names_in(unit_id, &entries).await?;
        Ok(History {
            entries,
            shows_authors: v.is_staff(),
            names,
        })
    }

    /// The history of a withdrawn record: whole for the unit's staff; for anyone else, if the
    /// public could read it, only that it was withdrawn and when, never what it said.
    async fn withdrawn_history(&self, v: &Viewer, entity: Entity, id: i64) -> Result<History> {
        let kind = match entity {
            Entity::Article => Withdrawable::Article,
            Entity::Person => Withdrawable::Person,
            _ => return Err(AppError::NotFound),
        };
        let unit_id = v.unit_id();
        let withdrawal = self
            .store
            .withdrawal_of(unit_id, kind, id)
            .await?
            .ok_or(AppError::NotFound)?;
        let mut entries = self.store.history(unit_id, entity, id).await?;
        entries.reverse();
        if v.is_staff() {
            let names = self.names_in(unit_id, &entries).await?;
            return Ok(History {
                entries,
                shows_authors: true,
                names,
            });
        }
        if !withdrawal.was_public {
            return Err(AppError::NotFound);
        }
        entries.retain(|e| e.change_kind() == Some(ChangeKind::Withdraw));
        for e in &mut entries {
            e.before_json = None;
            e.after_json = None;
        }
        Ok(History {
            entries,
            shows_authors: false,
            names: Names::default(),
        })
    }

    /// Take the withdrawn responses of a recommendation, or notes of an item, out of what its
    /// history shows the public: it says they were withdrawn, not what they said.
    async fn leave_out_withdrawn_parts(
        &self,
        unit_id: i64,
        entity: Entity,
        id: i64,
        entries: &mut [ChangeEntry],
    ) -> Result<()> {
        let (kind, key) = match entity {
            Entity::Recommendation => (Withdrawable::Response, "responses"),
            Entity::ProgrammeItem => (Withdrawable::ProgressNote, "notes"),
            _ => return Ok(()),
        };
        let texts = self.store.withdrawn_texts(unit_id, kind, id).await?;
        if texts.is_empty() {
            return Ok(());
        }
        for e in entries.iter_mut() {
            for json in [&mut e.before_json, &mut e.after_json] {
                let Some(mut value) = json
                    .as_deref()
                    .and_then(|j| serde_json::from_str::<serde_json::Value>(j).ok())
                else {
                    continue;
                };
                if let Some(parts) = value.get_mut(key).and_then(|p| p.as_array_mut()) {
                    parts.retain(|p| {
                        p.get("text")
                            .and_then(|t| t.as_str())
                            .is_none_or(|t| !texts.iter().any(|w| w == t))
                    });
                    *json = Some(value.to_string());
                }
            }
        }
        Ok(())
    }

    /// The bodies and categories of the record's unit, and the people the entries name.
    async fn names_in(&self, unit_id: i64, entries: &[ChangeEntry]) -> Result<Names> {
        let mut names = Names {
            bodies: self
                .store
                .bodies(unit_id)
                .await?
                .into_iter()
                .map(|b| (b.id, b.name))
                .collect(),
            categories: self
                .store
                .categories(unit_id)
                .await?
                .into_iter()
                .map(|c| (c.id, c.name))
                .collect(),
            people: HashMap::new(),
        };
        for entry in entries {
            for json in [&entry.before_json, &entry.after_json]
                .into_iter()
                .flatten()
            {
                let Ok(value) = serde_json::from_str::<serde_json::Value>(json) else {
                    continue;
                };
                if let Some(id) = value.get("person_id").and_then(|p| p.as_i64()) {
                    if let std::collections::hash_map::Entry::Vacant(slot) = names.people.entry(id)
                    {
                        if let Some(person) = self.store.person(unit_id, id).await? {
                            slot.insert(person.full_name);
                        }
                    }
                }
            }
        }
        Ok(names)
    }

    /// The newest entries of the unit's change log, for its workspace's dashboard: for staff.
    /// Each comes with whether this person may open the record's history, so that the dashboard
    /// links only to pages that answer.
    pub async fn recent_changes(&self, v: &Viewer, n: i64) -> Result<Vec<(ChangeEntry, bool)>> {
        v.read(v.unit_id(), Record::Workspace, ())?;
        let entries = self.store.recent_changes_of(v.unit_id(), n).await?;
        let mut out = Vec::with_capacity(entries.len());
        for entry in entries {
            let readable = match entry.entity_kind() {
                Some(entity) => self.may_read_history(v, entity, entry.entity_id).await?,
                None => false,
            };
            out.push((entry, readable));
        }
        Ok(out)
    }

    async fn may_read_history(&self, v: &Viewer, entity: Entity, id: i64) -> Result<bool> {
        Ok(match self.owner_of(v, entity, id).await? {
            Some((unit_id, record)) => v
                .check(unit_id, &Action::ReadHistory { at: v.at(), record })
                .is_ok(),
            None => false,
        })
    }
}
