//! What the API's write terms need from the database: the version of a record (the change log's
//! last entry on it), and the idempotency keys of creating writes, kept in the transaction that
//! creates the record.

use domain::entity::Entity;
use sqlx::{Any, AnyConnection, Row};

use crate::{Result, Store, StoreError, WriteTx};

/// How long a creating write's key is remembered: a client retries within minutes, not days.
const KEY_KEPT_SECONDS: i64 = 24 * 3600;

/// A creating write made before with the same key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DoneWrite {
    /// The digest of the request that made it.
    pub fingerprint: String,
    /// The record it created; `None` if it created none.
    pub record: Option<(Entity, i64)>,
}

/// The last entry of the change log on a record of the unit (or written before units were
/// tenants) among `entities`; 0 when there is none.
async fn last_seq(
    conn: &mut AnyConnection,
    unit_id: i64,
    entities: &[Entity],
    id: i64,
) -> Result<i64> {
    let mut sql = String::from(
        "SELECT COALESCE(MAX(seq), 0) FROM change_log \
         WHERE entity_id = $1 AND (unit_id = $2 OR unit_id IS NULL) AND entity IN (",
    );
    for i in 0..entities.len().max(1) {
        if i > 0 {
            sql.push_str(", ");
        }
        sql.push_str(&format!("${}", i + 3));
    }
    sql.push(')');
    let mut q = sqlx::query_scalar::<Any, i64>(&sql).bind(id).bind(unit_id);
    if entities.is_empty() {
        q = q.bind("");
    }
    for e in entities {
        q = q.bind(e.as_str());
    }
    Ok(q.fetch_one(conn).await?)
}

/// The write made with a key since `since`.
async fn done_write(
    conn: &mut AnyConnection,
    unit_id: i64,
    user_id: i64,
    key: &str,
    since: i64,
) -> Result<Option<DoneWrite>> {
    let Some(row) = sqlx::query(
        "SELECT fingerprint, entity, entity_id FROM idempotency_keys \
         WHERE unit_id = $1 AND user_id = $2 AND key = $3 AND created_at > $4",
    )
    .bind(unit_id)
    .bind(user_id)
    .bind(key)
    .bind(since)
    .fetch_optional(conn)
    .await?
    else {
        return Ok(None);
    };
    let entity: Option<String> = row.try_get("entity")?;
    let record = match entity {
        None => None,
        Some(code) => Some((
            Entity::parse(&code).ok_or(StoreError::Corrupt {
                table: "idempotency_keys",
                column: "entity",
                value: code,
            })?,
            row.try_get("entity_id")?,
        )),
    };
    Ok(Some(DoneWrite {
        fingerprint: row.try_get("fingerprint")?,
        record,
    }))
}

impl Store {
    /// The write an account already made in a unit with this key, within the last day: what a
    /// retry answers before checking anything the first attempt changed (a name now taken).
    pub async fn idempotent_write(
        &self,
        unit_id: i64,
        user_id: i64,
        key: &str,
    ) -> Result<Option<DoneWrite>> {
        let since = chrono::Utc::now().timestamp() - KEY_KEPT_SECONDS;
        let mut conn = self.db_read().acquire().await?;
        done_write(&mut conn, unit_id, user_id, key, since).await
    }

    /// The version of a record: see [`WriteTx::last_change_of`].
    pub async fn last_seq_of(&self, unit_id: i64, entities: &[Entity], id: i64) -> Result<i64> {
        let mut conn = self.db_read().acquire().await?;
        last_seq(&mut conn, unit_id, entities, id).await
    }
}

impl WriteTx {
    /// The sequence number of the last entry of the change log on a record, as this write sees
    /// it: a client that read the record at a later or equal number has seen its last change.
    pub async fn last_change_of(
        &mut self,
        unit_id: i64,
        entities: &[Entity],
        id: i64,
    ) -> Result<i64> {
        last_seq(self.conn(), unit_id, entities, id).await
    }

    /// The write an account already made in a unit with this key, within the last day, as this
    /// write sees it.
    pub async fn idempotent_write(
        &mut self,
        unit_id: i64,
        user_id: i64,
        key: &str,
    ) -> Result<Option<DoneWrite>> {
        let since = self.at() - KEY_KEPT_SECONDS;
        done_write(self.conn(), unit_id, user_id, key, since).await
    }

    /// Remember this write's key with the first record it created, and forget the keys older
    /// than a day. Two retries racing each other both pass [`Self::idempotent_write`] only one
    /// after another, since each holds the chain's head: the second finds the first's key.
    pub async fn keep_idempotency_key(
        &mut self,
        unit_id: i64,
        user_id: i64,
        key: &str,
        fingerprint: &str,
    ) -> Result<()> {
        let at = self.at();
        sqlx::query("DELETE FROM idempotency_keys WHERE created_at <= $1")
            .bind(at - KEY_KEPT_SECONDS)
            .execute(self.conn())
            .await?;
        let record = self.first_created();
        sqlx::query(
            "INSERT INTO idempotency_keys (unit_id, user_id, key, fingerprint, entity, entity_id, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(unit_id)
        .bind(user_id)
        .bind(key)
        .bind(fingerprint)
        .bind(record.map(|(e, _)| e.as_str()))
        .bind(record.map(|(_, id)| id))
        .bind(at)
        .execute(self.conn())
        .await?;
        Ok(())
    }
}
