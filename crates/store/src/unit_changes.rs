//! A unit's changes in the order they happened, without their contents: what the API's change
//! feed hands a program that follows the unit instead of reading every list again.

use domain::entity::Entity;
use sqlx::Row;

use crate::{Result, Store, StoreError};

/// One change of a record: which, how and when.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordChange {
    pub seq: i64,
    /// Unix seconds.
    pub at: i64,
    pub entity: Entity,
    pub entity_id: i64,
    /// "create", "update", "delete", "withdraw" or "restore".
    pub action: String,
}

impl Store {
    /// The unit's changes after `after` among records of `kinds`, oldest first, at most `limit`,
    /// and how many there are after `after` in all.
    pub async fn unit_changes_after(
        &self,
        unit_id: i64,
        kinds: &[Entity],
        after: i64,
        limit: i64,
    ) -> Result<(Vec<RecordChange>, i64)> {
        if kinds.is_empty() {
            return Ok((Vec::new(), 0));
        }
        let filter = |first: usize| {
            let marks: Vec<String> = (0..kinds.len())
                .map(|i| format!("${}", i + first))
                .collect();
            format!(
                "FROM change_log WHERE unit_id = $1 AND seq > $2 AND entity IN ({})",
                marks.join(", ")
            )
        };
        let count_sql = format!("SELECT COUNT(*) {}", filter(3));
        let list_sql = format!(
            "SELECT seq, at, entity, entity_id, action {} ORDER BY seq LIMIT $3",
            filter(4)
        );
        let mut count = sqlx::query_scalar::<_, i64>(&count_sql)
            .bind(unit_id)
            .bind(after);
        let mut list = sqlx::query(&list_sql).bind(unit_id).bind(after).bind(limit);
        for kind in kinds {
            count = count.bind(kind.as_str());
            list = list.bind(kind.as_str());
        }
        let total = count.fetch_one(self.db_read()).await?;
        let rows = list.fetch_all(self.db_read()).await?;
        let changes = rows
            .iter()
            .map(|r| {
                let code: String = r.try_get("entity")?;
                Ok(RecordChange {
                    seq: r.try_get("seq")?,
                    at: r.try_get("at")?,
                    entity: Entity::parse(&code).ok_or(StoreError::Corrupt {
                        table: "change_log",
                        column: "entity",
                        value: code,
                    })?,
                    entity_id: r.try_get("entity_id")?,
                    action: r.try_get("action")?,
                })
            })
            .collect::<Result<_>>()?;
        Ok((changes, total))
    }

    /// The slugs of a unit's articles by id, for links to them.
    pub async fn article_slugs(&self, unit_id: i64, ids: &[i64]) -> Result<Vec<(i64, String)>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let marks: Vec<String> = (0..ids.len()).map(|i| format!("${}", i + 2)).collect();
        let sql = format!(
            "SELECT id, slug FROM articles WHERE unit_id = $1 AND id IN ({})",
            marks.join(", ")
        );
        let mut q = sqlx::query(&sql).bind(unit_id);
        for id in ids {
            q = q.bind(*id);
        }
        q.fetch_all(self.db_read())
            .await?
            .iter()
            .map(|r| Ok((r.try_get("id")?, r.try_get("slug")?)))
            .collect()
    }
}
