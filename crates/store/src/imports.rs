//! What a bulk import needs of the store beyond single inserts: where appended rows start.

use crate::{Result, Store};

/// The lists of a programme that rows are appended to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Positioned {
    Targets,
    Items,
}

impl Store {
    /// One past the highest position of a programme's targets or items.
    pub async fn next_position(&self, list: Positioned, programme_id: i64) -> Result<i64> {
        let table = match list {
            Positioned::Targets => "targets",
            Positioned::Items => "programme_items",
        };
        let max: Option<i64> = sqlx::query_scalar(&format!(
            "SELECT MAX(position) FROM {table} WHERE programme_id = $1"
        ))
        .bind(programme_id)
        .fetch_one(self.db_read())
        .await?;
        Ok(max.unwrap_or(0) + 1)
    }
}
