//! Following a unit: its changes after a point of the change log, oldest first, for a program
//! that keeps another system in step with it (the API's `/api/v1/changes`).

use chrono::{DateTime, Utc};
use domain::entity::Entity;

use crate::{App, Result, Viewer};

/// The kinds of record a unit's changes name: its work, not its staff's accounts, roles, keys
/// and invitations, which are each person's own business.
pub const FOLLOWED: &[Entity] = &[
    Entity::Setting,
    Entity::Body,
    Entity::Person,
    Entity::Term,
    Entity::Post,
    Entity::Membership,
    Entity::Programme,
    Entity::ProgrammeItem,
    Entity::Target,
    Entity::BudgetLine,
    Entity::ProgrammeSignature,
    Entity::Meeting,
    Entity::MeetingDetails,
    Entity::Category,
    Entity::Article,
    Entity::Image,
    Entity::Attachment,
    Entity::Oversight,
    Entity::Recommendation,
    Entity::Indicator,
    Entity::IndicatorLink,
    Entity::UnitWeights,
];

/// One change of a record of the unit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// Its place in the change log: a follower asks for what comes after the last it saw.
    pub seq: i64,
    pub at: DateTime<Utc>,
    pub entity: Entity,
    pub id: i64,
    /// "create", "update", "delete", "withdraw" or "restore".
    pub action: String,
    /// An article's address, which the API names it by.
    pub slug: Option<String>,
}

/// A run of changes and how many follow `after` in all.
#[derive(Debug, Clone)]
pub struct Changes {
    pub items: Vec<Change>,
    pub total: i64,
}

impl App {
    /// The unit's changes after `after`, at most `limit`, for its staff (or of a unit above):
    /// a draft's changes are as private as the draft.
    pub async fn changes_after(&self, v: &Viewer, after: i64, limit: i64) -> Result<Changes> {
        v.staff()?;
        let (list, total) = self
            .store
            .unit_changes_after(v.unit_id(), FOLLOWED, after, limit)
            .await?;
        let article_ids: Vec<i64> = list
            .iter()
            .filter(|c| c.entity == Entity::Article)
            .map(|c| c.entity_id)
            .collect();
        let slugs: std::collections::HashMap<i64, String> = self
            .store
            .article_slugs(v.unit_id(), &article_ids)
            .await?
            .into_iter()
            .collect();
        let items = list
            .into_iter()
            .map(|c| Change {
                seq: c.seq,
                at: domain::time::from_unix(c.at),
                entity: c.entity,
                id: c.entity_id,
                action: c.action,
                slug: (c.entity == Entity::Article)
                    .then(|| slugs.get(&c.entity_id).cloned())
                    .flatten(),
            })
            .collect();
        Ok(Changes { items, total })
    }
}
