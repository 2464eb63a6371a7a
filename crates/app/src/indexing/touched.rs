//! What a batch of change-log entries touches in the search index: the records to re-read, and
//! the programmes, activities, memberships, posts and terms whose records all change with them.

use std::collections::BTreeSet;

use domain::entity::Entity;
use search::Kind;
use store::ChangeEntry;

/// The records a batch of changes touches.
#[derive(Debug, Default, PartialEq, Eq)]
pub(super) struct Touched {
    pub(super) records: BTreeSet<(Kind, i64)>,
    /// Programmes whose items and targets all change (status, year).
    pub(super) programmes: BTreeSet<i64>,
    /// Oversight activities whose recommendations all change (the title, year and visibility
    /// they show).
    pub(super) oversights: BTreeSet<i64>,
    pub(super) memberships: BTreeSet<i64>,
    pub(super) posts: BTreeSet<i64>,
    pub(super) terms: BTreeSet<i64>,
}

/// What a change-log entry touches in the index (entities without documents touch nothing).
pub(super) fn affected_by(entry: &ChangeEntry, touched: &mut Touched) {
    let id = entry.entity_id;
    let Some(entity) = entry.entity_kind() else {
        return;
    };
    match entity {
        Entity::Article => {
            touched.records.insert((Kind::Article, id));
        }
        Entity::ProgrammeItem => {
            touched.records.insert((Kind::ProgrammeItem, id));
        }
        Entity::Target => {
            touched.records.insert((Kind::Target, id));
        }
        Entity::Programme => {
            touched.programmes.insert(id);
        }
        // Entries of before meetings were one aggregate name its details apart.
        Entity::Meeting | Entity::MeetingDetails => {
            touched.records.insert((Kind::Meeting, id));
        }
        Entity::Body => {
            touched.records.insert((Kind::Body, id));
        }
        Entity::Person => {
            touched.records.insert((Kind::Person, id));
        }
        Entity::Membership => {
            touched.memberships.insert(id);
            // A membership that is gone still names its person in the log.
            if let Some(person) = entry
                .before_json
                .as_deref()
                .and_then(|j| serde_json::from_str::<serde_json::Value>(j).ok())
                .and_then(|v| v.get("person_id").and_then(serde_json::Value::as_i64))
            {
                touched.records.insert((Kind::Person, person));
            }
        }
        Entity::Post => {
            touched.posts.insert(id);
        }
        Entity::Term => {
            touched.terms.insert(id);
        }
        Entity::Oversight => {
            touched.records.insert((Kind::Oversight, id));
            touched.oversights.insert(id);
        }
        Entity::Recommendation => {
            touched.records.insert((Kind::Recommendation, id));
        }
        Entity::Unit
        | Entity::UnitSuccession
        | Entity::Setting
        | Entity::BudgetLine
        | Entity::ProgrammeSignature
        | Entity::SigningKey
        | Entity::Category
        | Entity::Image
        | Entity::Attachment
        | Entity::ReminderDigest
        | Entity::User
        | Entity::UserRole
        | Entity::ApiToken
        | Entity::Invitation
        | Entity::Indicator
        | Entity::IndicatorLink
        | Entity::UnitWeights => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(entity: &str, id: i64, before: Option<&str>) -> ChangeEntry {
        ChangeEntry {
            seq: 1,
            at: 0,
            actor: "t".into(),
            entity: entity.into(),
            entity_id: id,
            action: "update".into(),
            before_json: before.map(str::to_string),
            after_json: None,
            prev_hash: String::new(),
            hash: String::new(),
            unit_id: None,
        }
    }

    #[test]
    fn log_entries_map_to_the_records_they_touch() {
        let mut t = Touched::default();
        for e in [
            entry("article", 1, None),
            entry("target", 2, None),
            entry("programme", 3, None),
            entry("membership", 4, Some(r#"{"person_id": 9}"#)),
            entry("user", 5, None),
            entry("api_token", 6, None),
            entry("oversight", 7, None),
            entry("recommendation", 8, None),
        ] {
            affected_by(&e, &mut t);
        }
        assert_eq!(
            t.records.iter().copied().collect::<Vec<_>>(),
            [
                (Kind::Article, 1),
                (Kind::Target, 2),
                (Kind::Oversight, 7),
                (Kind::Recommendation, 8),
                (Kind::Person, 9)
            ]
        );
        // An activity's recommendations show its title: they are re-indexed with it.
        assert_eq!(t.oversights.iter().copied().collect::<Vec<_>>(), [7]);
        assert_eq!(t.programmes.iter().copied().collect::<Vec<_>>(), [3]);
        assert_eq!(t.memberships.iter().copied().collect::<Vec<_>>(), [4]);
    }
}
