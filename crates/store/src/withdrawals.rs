//! What was withdrawn (gỡ bỏ) and can be restored: the mark on the record's row that every read
//! leaves out, and the unit's list of withdrawn records, each with its title as its staff knew it
//! and whether the public could read it. Withdrawing and restoring are one write each, logged on
//! the record whose history tells of it.

use domain::entity::ChangeKind;
use domain::withdrawal::Withdrawable;
use serde::Serialize;
use sqlx::Row;

use crate::{Result, Store, StoreError, WriteTx};

/// A withdrawn record, as the unit's list of them shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Withdrawal {
    pub id: i64,
    pub unit_id: i64,
    pub kind: Withdrawable,
    pub record_id: i64,
    /// The record whose page it was on and whose history records it.
    pub parent_id: i64,
    pub title: String,
    /// Whether anyone could read it when it was withdrawn.
    pub was_public: bool,
    /// Unix seconds.
    pub withdrawn_at: i64,
    pub withdrawn_by: String,
}

/// What withdrawing a record needs to know of it; the use case has read it, scoped to its unit.
#[derive(Debug, Clone)]
pub struct NewWithdrawal<'a> {
    pub kind: Withdrawable,
    pub record_id: i64,
    pub parent_id: i64,
    pub title: &'a str,
    pub was_public: bool,
}

/// The table a kind of record lives in.
fn table(kind: Withdrawable) -> &'static str {
    match kind {
        Withdrawable::Article => "articles",
        Withdrawable::Person => "people",
        Withdrawable::Attachment => "attachments",
        Withdrawable::Response => "recommendation_responses",
        Withdrawable::ProgressNote => "progress_notes",
    }
}

const COLUMNS: &str =
    "id, unit_id, kind, record_id, parent_id, title, was_public, withdrawn_at, withdrawn_by";

fn from_row(row: &sqlx::any::AnyRow) -> Result<Withdrawal> {
    let kind: String = row.try_get("kind")?;
    Ok(Withdrawal {
        id: row.try_get("id")?,
        unit_id: row.try_get("unit_id")?,
        kind: Withdrawable::parse(&kind).ok_or(StoreError::Corrupt {
            table: "withdrawals",
            column: "kind",
            value: kind,
        })?,
        record_id: row.try_get("record_id")?,
        parent_id: row.try_get("parent_id")?,
        title: row.try_get("title")?,
        was_public: row.try_get::<i64, _>("was_public")? != 0,
        withdrawn_at: row.try_get("withdrawn_at")?,
        withdrawn_by: row.try_get("withdrawn_by")?,
    })
}

/// What the log keeps of a withdrawal or a restoration: which record, never what it said (the
/// record's own entries hold that, for those who may read them).
fn log_value(kind: Withdrawable, record_id: i64) -> serde_json::Value {
    serde_json::json!({ "withdrawn": kind.as_str(), "record_id": record_id })
}

impl WriteTx {
    /// Withdraw a record of the unit: marked, listed, logged. `false` when it was already
    /// withdrawn (by someone else a moment before), and nothing is written.
    pub async fn withdraw(&mut self, unit_id: i64, w: &NewWithdrawal<'_>) -> Result<bool> {
        let at = self.at();
        let marked = sqlx::query(&format!(
            "UPDATE {} SET withdrawn_at = $1 WHERE id = $2 AND withdrawn_at IS NULL",
            table(w.kind)
        ))
        .bind(at)
        .bind(w.record_id)
        .execute(self.conn())
        .await?
        .rows_affected();
        if marked != 1 {
            return Ok(false);
        }
        let by = self.actor().to_string();
        sqlx::query(
            "INSERT INTO withdrawals (unit_id, kind, record_id, parent_id, title, was_public, withdrawn_at, withdrawn_by) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(unit_id)
        .bind(w.kind.as_str())
        .bind(w.record_id)
        .bind(w.parent_id)
        .bind(w.title)
        .bind(i64::from(w.was_public))
        .bind(at)
        .bind(&by)
        .execute(self.conn())
        .await?;
        let value = log_value(w.kind, w.record_id);
        self.log_as(
            ChangeKind::Withdraw,
            w.kind.logged_as(),
            w.parent_id,
            None,
            Some(&value),
        )
        .await?;
        Ok(true)
    }

    /// Put a withdrawn record of the unit back; `None` when the unit has no such withdrawal.
    pub async fn restore(
        &mut self,
        unit_id: i64,
        withdrawal_id: i64,
    ) -> Result<Option<Withdrawal>> {
        let Some(row) = sqlx::query(&format!(
            "SELECT {COLUMNS} FROM withdrawals WHERE id = $1 AND unit_id = $2"
        ))
        .bind(withdrawal_id)
        .bind(unit_id)
        .fetch_optional(self.conn())
        .await?
        else {
            return Ok(None);
        };
        let w = from_row(&row)?;
        sqlx::query(&format!(
            "UPDATE {} SET withdrawn_at = NULL WHERE id = $1",
            table(w.kind)
        ))
        .bind(w.record_id)
        .execute(self.conn())
        .await?;
        sqlx::query("DELETE FROM withdrawals WHERE id = $1")
            .bind(w.id)
            .execute(self.conn())
            .await?;
        let value = log_value(w.kind, w.record_id);
        self.log_as(
            ChangeKind::Restore,
            w.kind.logged_as(),
            w.parent_id,
            Some(&value),
            None,
        )
        .await?;
        Ok(Some(w))
    }
}

impl Store {
    /// What the unit has withdrawn, newest first.
    pub async fn withdrawals(&self, unit_id: i64) -> Result<Vec<Withdrawal>> {
        sqlx::query(&format!(
            "SELECT {COLUMNS} FROM withdrawals WHERE unit_id = $1 ORDER BY withdrawn_at DESC, id DESC"
        ))
        .bind(unit_id)
        .fetch_all(self.db_read())
        .await?
        .iter()
        .map(from_row)
        .collect()
    }

    /// The withdrawal of one record of the unit, if it is withdrawn.
    pub async fn withdrawal_of(
        &self,
        unit_id: i64,
        kind: Withdrawable,
        record_id: i64,
    ) -> Result<Option<Withdrawal>> {
        sqlx::query(&format!(
            "SELECT {COLUMNS} FROM withdrawals WHERE unit_id = $1 AND kind = $2 AND record_id = $3"
        ))
        .bind(unit_id)
        .bind(kind.as_str())
        .bind(record_id)
        .fetch_optional(self.db_read())
        .await?
        .as_ref()
        .map(from_row)
        .transpose()
    }
}

/// A part of a record that can be withdrawn on its own (a response, a progress note), with the id
/// the record's own type does not carry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Part {
    pub id: i64,
    /// The record it belongs to: the recommendation, the item.
    pub parent_id: i64,
    pub text: String,
    /// The body that wrote it, when it says (the body a response came from).
    pub body_id: Option<i64>,
}

/// The `SELECT` of a kind's parts in the unit `$1`, as `id, parent_id, text`, in the order their
/// record lists them; `None` for kinds that are records of their own.
fn parts_sql(kind: Withdrawable) -> Option<&'static str> {
    match kind {
        Withdrawable::Response => Some(
            "SELECT x.id, x.recommendation_id AS parent_id, x.text, x.from_body_id AS body_id \
             FROM recommendation_responses x \
             JOIN recommendations r ON r.id = x.recommendation_id \
             JOIN oversights o ON o.id = r.oversight_id \
             WHERE o.unit_id = $1 AND x.withdrawn_at IS NULL",
        ),
        Withdrawable::ProgressNote => Some(
            "SELECT x.id, x.item_id AS parent_id, x.text, CAST(NULL AS BIGINT) AS body_id FROM progress_notes x \
             JOIN programme_items i ON i.id = x.item_id \
             JOIN programmes p ON p.id = i.programme_id \
             WHERE p.unit_id = $1 AND x.withdrawn_at IS NULL",
        ),
        Withdrawable::Article | Withdrawable::Person | Withdrawable::Attachment => None,
    }
}

/// The order a record lists its parts in: by date, then as they were written.
fn parts_order(kind: Withdrawable) -> &'static str {
    match kind {
        Withdrawable::Response => "ORDER BY x.responded_on, x.id",
        _ => "ORDER BY x.noted_on, x.id",
    }
}

fn part_from_row(row: &sqlx::any::AnyRow) -> Result<Part> {
    Ok(Part {
        id: row.try_get("id")?,
        parent_id: row.try_get("parent_id")?,
        text: row.try_get("text")?,
        body_id: row.try_get("body_id")?,
    })
}

impl Store {
    /// The parts of one record of the unit that are not withdrawn, in the order the record
    /// lists them (its responses, its notes): what the page offers to withdraw one by one.
    pub async fn parts_of(
        &self,
        unit_id: i64,
        kind: Withdrawable,
        parent_id: i64,
    ) -> Result<Vec<Part>> {
        let Some(select) = parts_sql(kind) else {
            return Ok(Vec::new());
        };
        let parent = match kind {
            Withdrawable::Response => "x.recommendation_id",
            _ => "x.item_id",
        };
        sqlx::query(&format!("{select} AND {parent} = $2 {}", parts_order(kind)))
            .bind(unit_id)
            .bind(parent_id)
            .fetch_all(self.db_read())
            .await?
            .iter()
            .map(part_from_row)
            .collect()
    }

    /// The texts of the withdrawn parts of one record of the unit: what its public history must
    /// no longer show.
    pub async fn withdrawn_texts(
        &self,
        unit_id: i64,
        kind: Withdrawable,
        parent_id: i64,
    ) -> Result<Vec<String>> {
        let Some(select) = parts_sql(kind) else {
            return Ok(Vec::new());
        };
        let parent = match kind {
            Withdrawable::Response => "x.recommendation_id",
            _ => "x.item_id",
        };
        let select = select.replace("x.withdrawn_at IS NULL", "x.withdrawn_at IS NOT NULL");
        sqlx::query(&format!("{select} AND {parent} = $2"))
            .bind(unit_id)
            .bind(parent_id)
            .fetch_all(self.db_read())
            .await?
            .iter()
            .map(|row| Ok(row.try_get("text")?))
            .collect()
    }

    /// One part of the unit by its id, if it is not withdrawn.
    pub async fn part(&self, unit_id: i64, kind: Withdrawable, id: i64) -> Result<Option<Part>> {
        let Some(select) = parts_sql(kind) else {
            return Ok(None);
        };
        sqlx::query(&format!("{select} AND x.id = $2"))
            .bind(unit_id)
            .bind(id)
            .fetch_optional(self.db_read())
            .await?
            .as_ref()
            .map(part_from_row)
            .transpose()
    }
}

#[cfg(test)]
mod tests {
    use domain::entity::{ChangeKind, Entity};
    use domain::withdrawal::Withdrawable;

    use super::NewWithdrawal;
    use crate::testing::fresh_stores;

    #[tokio::test]
    async fn a_withdrawn_article_leaves_every_read_and_comes_back_whole_on_every_engine() {
        for store in fresh_stores().await {
            crate::demo::load(&store).await.unwrap();
            let unit = store.default_unit().await.unwrap();
            let before = store.all_articles(unit.id).await.unwrap();
            let a = before[0].clone();
            let counted = store.searchable_counts(unit.id).await.unwrap().articles;

            let mut tx = store.begin_for("quantri", unit.id).await.unwrap();
            let new = NewWithdrawal {
                kind: Withdrawable::Article,
                record_id: a.id,
                parent_id: a.id,
                title: &a.title,
                was_public: true,
            };
            assert!(tx.withdraw(unit.id, &new).await.unwrap());
            // Twice in one write: the second finds it withdrawn already.
            assert!(!tx.withdraw(unit.id, &new).await.unwrap());
            tx.commit().await.unwrap();

            assert_eq!(store.article_by_id(unit.id, a.id).await.unwrap(), None);
            assert_eq!(
                store
                    .article_by_slug(unit.id, a.slug.as_str())
                    .await
                    .unwrap(),
                None
            );
            assert!(!store
                .all_articles(unit.id)
                .await
                .unwrap()
                .iter()
                .any(|x| x.id == a.id));
            assert_eq!(
                store.searchable_counts(unit.id).await.unwrap().articles,
                counted - 1
            );
            assert!(store
                .owned_by(unit.id, Entity::Article, &[a.id])
                .await
                .unwrap()
                .is_empty());
            let listed = store.withdrawals(unit.id).await.unwrap();
            assert_eq!(listed.len(), 1);
            assert_eq!(listed[0].title, a.title);
            assert_eq!(listed[0].withdrawn_by, "quantri");
            let history = store.history(unit.id, Entity::Article, a.id).await.unwrap();
            assert_eq!(
                history.last().unwrap().change_kind(),
                Some(ChangeKind::Withdraw)
            );

            // Another unit restores nothing; the unit restores it as it was.
            let mut tx = store.begin("operator").await.unwrap();
            assert_eq!(
                tx.restore(unit.id + 1000, listed[0].id).await.unwrap(),
                None
            );
            let restored = tx.restore(unit.id, listed[0].id).await.unwrap().unwrap();
            tx.commit().await.unwrap();
            assert_eq!(restored.record_id, a.id);
            assert_eq!(store.article_by_id(unit.id, a.id).await.unwrap(), Some(a));
            assert!(store.withdrawals(unit.id).await.unwrap().is_empty());
            assert!(store.verify_chain().await.unwrap().is_empty());
        }
    }
}
