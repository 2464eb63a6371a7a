//! Which records belong to a unit: one question for every kind of record, so that an id arriving
//! in a form or an API body (a person, a post, a partner body, an attendee, a linked item) is
//! checked against the unit the same way whatever the use case, in one query for a whole list.

use std::collections::HashSet;

use domain::entity::Entity;

use crate::{Result, Store, StoreError};

/// How a record of a kind reaches its unit: the `SELECT` of its ids in the unit `$1`, to which
/// the list of ids is added. `None` for what belongs to the installation, not to a unit.
fn owned_ids_sql(entity: Entity) -> Option<&'static str> {
    Some(match entity {
        Entity::Body => "SELECT x.id FROM bodies x WHERE x.unit_id = $1",
        Entity::Person => {
            "SELECT x.id FROM people x WHERE x.unit_id = $1 AND x.withdrawn_at IS NULL"
        }
        Entity::Post => {
            "SELECT x.id FROM posts x JOIN bodies b ON b.id = x.body_id WHERE b.unit_id = $1"
        }
        Entity::Term => {
            "SELECT x.id FROM terms x JOIN bodies b ON b.id = x.body_id WHERE b.unit_id = $1"
        }
        Entity::Membership => {
            "SELECT x.id FROM memberships x JOIN posts p ON p.id = x.post_id \
             JOIN bodies b ON b.id = p.body_id WHERE b.unit_id = $1"
        }
        Entity::SigningKey => {
            "SELECT x.id FROM signing_keys x JOIN bodies b ON b.id = x.body_id WHERE b.unit_id = $1"
        }
        Entity::ReminderDigest => {
            "SELECT x.id FROM reminder_digests x JOIN bodies b ON b.id = x.body_id \
             WHERE b.unit_id = $1"
        }
        Entity::Programme => "SELECT x.id FROM programmes x WHERE x.unit_id = $1",
        Entity::ProgrammeItem => {
            "SELECT x.id FROM programme_items x JOIN programmes p ON p.id = x.programme_id \
             WHERE p.unit_id = $1"
        }
        Entity::Target => {
            "SELECT x.id FROM targets x JOIN programmes p ON p.id = x.programme_id \
             WHERE p.unit_id = $1"
        }
        Entity::BudgetLine => {
            "SELECT x.id FROM budget_lines x JOIN programmes p ON p.id = x.programme_id \
             WHERE p.unit_id = $1"
        }
        Entity::ProgrammeSignature => {
            "SELECT x.id FROM programme_signatures x JOIN programmes p ON p.id = x.programme_id \
             WHERE p.unit_id = $1"
        }
        Entity::Meeting | Entity::MeetingDetails => {
            "SELECT x.id FROM meetings x WHERE x.unit_id = $1"
        }
        Entity::Category => "SELECT x.id FROM categories x WHERE x.unit_id = $1",
        Entity::Article => {
            "SELECT x.id FROM articles x WHERE x.unit_id = $1 AND x.withdrawn_at IS NULL"
        }
        Entity::Image => "SELECT x.id FROM images x WHERE x.unit_id = $1",
        Entity::Attachment => {
            "SELECT x.id FROM attachments x WHERE x.unit_id = $1 AND x.withdrawn_at IS NULL"
        }
        Entity::Oversight => "SELECT x.id FROM oversights x WHERE x.unit_id = $1",
        Entity::Invitation => "SELECT x.id FROM invitations x WHERE x.unit_id = $1",
        // A province's own indicators; national ones belong to no unit and are not asked here.
        Entity::Indicator => "SELECT x.id FROM indicators x WHERE x.unit_id = $1",
        // A link is named by its target.
        Entity::IndicatorLink => {
            "SELECT x.id FROM targets x JOIN programmes p ON p.id = x.programme_id \
             WHERE p.unit_id = $1"
        }
        // A unit's weights are named by the unit.
        Entity::UnitWeights => "SELECT x.id FROM units x WHERE x.id = $1",
        Entity::Recommendation => {
            "SELECT x.id FROM recommendations x JOIN oversights o ON o.id = x.oversight_id \
             WHERE o.unit_id = $1"
        }
        Entity::Unit
        | Entity::UnitSuccession
        | Entity::Setting
        | Entity::User
        | Entity::UserRole
        | Entity::ApiToken => return None,
    })
}

/// At most this many ids are asked in one query (well under either engine's limit on binds).
const IDS_PER_QUERY: usize = 500;

impl Store {
    /// Of `ids`, those that name a record of `entity` belonging to `unit_id`: whatever is not in
    /// the answer is another unit's, or nothing at all.
    pub async fn owned_by(
        &self,
        unit_id: i64,
        entity: Entity,
        ids: &[i64],
    ) -> Result<HashSet<i64>> {
        let sql = owned_ids_sql(entity).ok_or(StoreError::NotFound(
            "loại bản ghi không thuộc riêng đơn vị nào",
        ))?;
        let mut owned = HashSet::with_capacity(ids.len());
        for chunk in ids.chunks(IDS_PER_QUERY) {
            let list = (0..chunk.len())
                .map(|i| format!("${}", i + 2))
                .collect::<Vec<_>>()
                .join(", ");
            let text = format!("{sql} AND x.id IN ({list})");
            let mut query = sqlx::query_scalar::<_, i64>(&text).bind(unit_id);
            for id in chunk {
                query = query.bind(*id);
            }
            owned.extend(query.fetch_all(self.db_read()).await?);
        }
        Ok(owned)
    }

    /// Whether one record of `entity` belongs to `unit_id`.
    pub async fn owns(&self, unit_id: i64, entity: Entity, id: i64) -> Result<bool> {
        Ok(self.owned_by(unit_id, entity, &[id]).await?.contains(&id))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_of_a_units_record_says_how_it_reaches_its_unit() {
        for entity in Entity::ALL {
            let installation = matches!(
                entity,
                Entity::Unit
                    | Entity::UnitSuccession
                    | Entity::Setting
                    | Entity::User
                    | Entity::UserRole
                    | Entity::ApiToken
            );
            assert_eq!(owned_ids_sql(*entity).is_none(), installation, "{entity:?}");
        }
    }
}
