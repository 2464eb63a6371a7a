//! Ids that arrive in a form or an API body are checked against the unit of the request, one way
//! for every use case: a ward's form naming another ward's person, body or item writes nothing and
//! says so beside the field.

use domain::entity::Entity;

use crate::{App, AppError, Result, Viewer};

impl App {
    /// Every id of `ids` must name a record of `entity` of the viewer's unit; otherwise the field
    /// says which kind of record is not the unit's.
    pub(crate) async fn check_owned(
        &self,
        v: &Viewer,
        field: &'static str,
        entity: Entity,
        ids: &[i64],
    ) -> Result<()> {
        if ids.is_empty() {
            return Ok(());
        }
        let owned = self.store.owned_by(v.unit_id(), entity, ids).await?;
        if ids.iter().all(|id| owned.contains(id)) {
            Ok(())
        } else {
            Err(AppError::field(field, not_the_units(entity)))
        }
    }
}

/// "Cơ quan không thuộc đơn vị này".
fn not_the_units(entity: Entity) -> String {
    let label = entity.label();
    let mut chars = label.chars();
    let first: String = chars
        .next()
        .map(|c| c.to_uppercase().collect())
        .unwrap_or_default();
    format!("{first}{} không thuộc đơn vị này", chars.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_message_names_the_kind_of_record() {
        assert_eq!(
            not_the_units(Entity::Body),
            "Cơ quan không thuộc đơn vị này"
        );
        assert_eq!(
            not_the_units(Entity::ProgrammeItem),
            "Nội dung phối hợp không thuộc đơn vị này"
        );
    }
}
