//! The change log, the spine of phoihop: every write appends, in its own transaction, one entry per
//! changed record (who, when, which record, before and after) whose hash chains to the previous one.
//! The same rows are the audit trail, the tamper evidence (`verify_chain`) and the feed that search
//! indexes and page caches follow (`changes_since`).

use std::collections::HashMap;

use serde::Serialize;
use sha2::{Digest, Sha256};
use sqlx::{Any, AnyConnection, Row, Transaction};

use domain::entity::{ChangeKind, Entity};

use crate::{Result, Store, StoreError};

/// The hash before the first entry.
pub const GENESIS_HASH: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// One entry of the change log as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChangeEntry {
    pub seq: i64,
    /// Unix seconds.
    pub at: i64,
    pub actor: String,
    pub entity: String,
    pub entity_id: i64,
    /// "create", "update", "delete", "withdraw" or "restore".
    pub action: String,
    pub before_json: Option<String>,
    pub after_json: Option<String>,
    pub prev_hash: String,
    pub hash: String,
    /// The unit whose record changed; `None` for what belongs to the installation (accounts,
    /// the units themselves), and for entries written before units were tenants.
    pub unit_id: Option<i64>,
}

impl ChangeEntry {
    /// The kind of record, when it is one this version of phoihop knows.
    pub fn entity_kind(&self) -> Option<Entity> {
        Entity::parse(&self.entity)
    }

    /// Whether the entry created, changed or removed its record.
    pub fn change_kind(&self) -> Option<ChangeKind> {
        ChangeKind::parse(&self.action)
    }

    /// The hash this entry must carry: SHA-256 over its fields and the previous hash, one per line.
    pub fn compute_hash(&self) -> String {
        let mut h = Sha256::new();
        for part in [
            self.seq.to_string().as_str(),
            self.at.to_string().as_str(),
            &self.actor,
            &self.entity,
            self.entity_id.to_string().as_str(),
            &self.action,
            self.before_json.as_deref().unwrap_or(""),
            self.after_json.as_deref().unwrap_or(""),
            &self.prev_hash,
        ] {
            // Length-prefixed so that no two different field splits hash alike.
            h.update(part.len().to_string().as_bytes());
            h.update(b":");
            h.update(part.as_bytes());
            h.update(b"\n");
        }
        // The unit is hashed when there is one, so entries written before units had one keep
        // their hashes and those written since cannot be moved to another unit unnoticed.
        if let Some(unit) = self.unit_id {
            let unit = format!("unit {unit}");
            h.update(unit.len().to_string().as_bytes());
            h.update(b":");
            h.update(unit.as_bytes());
            h.update(b"\n");
        }
        hex::encode(h.finalize())
    }
}

/// What a follower needs of an entry to know whose pages changed: cheap to read by the thousand.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChangeMark {
    pub seq: i64,
    pub entity: String,
    pub unit_id: Option<i64>,
}

impl ChangeMark {
    /// Whether the entry changed the units themselves, their successions or the installation's
    /// settings: what the unit directory is made of.
    pub fn touches_units(&self) -> bool {
        matches!(
            Entity::parse(&self.entity),
            Some(Entity::Unit | Entity::UnitSuccession | Entity::Setting) | None
        )
    }
}

/// A fault that `verify_chain` found, naming the entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChainFault {
    pub seq: i64,
    pub entity: String,
    pub entity_id: i64,
    /// The unit the entry names, as stored.
    pub unit_id: Option<i64>,
    pub reason: String,
}

impl std::fmt::Display for ChainFault {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "change_log #{} ({} {}",
            self.seq, self.entity, self.entity_id
        )?;
        if let Some(unit) = self.unit_id {
            write!(f, ", unit {unit}")?;
        }
        write!(f, "): {}", self.reason)
    }
}

/// A write transaction. It holds the head of the chain from `begin` to `commit`, so writers on every
/// engine and every node append one after another and the chain never forks. Dropped without
/// `commit`, it rolls back and nothing of it is written.
pub struct WriteTx {
    tx: Transaction<'static, Any>,
    actor: String,
    /// The unit the entries of this write belong to.
    pub(crate) unit_id: Option<i64>,
    at: i64,
    seq: i64,
    hash: String,
    /// The store's master key, for secrets written in this transaction.
    pub(crate) master_key: Option<std::sync::Arc<crate::sealing::MasterKey>>,
    /// The first record this write created, which a retry of it answers with.
    first_created: Option<(Entity, i64)>,
}

impl Store {
    /// Start a write on behalf of `actor` (an account name, or "system" for the demo loader).
    pub async fn begin(&self, actor: &str) -> Result<WriteTx> {
        let mut tx = self.db_write().begin().await?;
        // Writing the head first takes the write lock at once (SQLite) or locks the row (PostgreSQL).
        let row = sqlx::query("UPDATE chain_head SET seq = seq WHERE id = 1 RETURNING seq, hash")
            .fetch_one(&mut *tx)
            .await?;
        Ok(WriteTx {
            tx,
            actor: actor.to_string(),
            unit_id: None,
            at: chrono::Utc::now().timestamp(),
            seq: row.try_get("seq")?,
            hash: row.try_get("hash")?,
            master_key: self.master_key().ok(),
            first_created: None,
        })
    }

    /// Start a write on behalf of `actor` in a unit: every entry it appends names the unit.
    pub async fn begin_for(&self, actor: &str, unit_id: i64) -> Result<WriteTx> {
        let mut tx = self.begin(actor).await?;
        tx.unit_id = Some(unit_id);
        Ok(tx)
    }

    /// The sequence number of the newest entry; 0 for a new database.
    pub async fn log_head(&self) -> Result<i64> {
        Ok(
            sqlx::query_scalar::<_, i64>("SELECT seq FROM chain_head WHERE id = 1")
                .fetch_one(self.db_read())
                .await?,
        )
    }

    /// The newest entries of one unit, newest first: what its dashboard shows.
    pub async fn recent_changes_of(&self, unit_id: i64, limit: i64) -> Result<Vec<ChangeEntry>> {
        let rows = sqlx::query(
            "SELECT seq, at, actor, entity, entity_id, action, before_json, after_json, prev_hash, hash, unit_id \
             FROM change_log WHERE unit_id = $1 ORDER BY seq DESC LIMIT $2",
        )
        .bind(unit_id)
        .bind(limit)
        .fetch_all(self.db_read())
        .await?;
        rows.iter().map(entry_from_row).collect()
    }

    /// The newest entries of the unit's log about records of these kinds, newest first, at most
    /// `limit`: what a feed of one part of its work (its programmes) starts from.
    pub async fn recent_changes_of_kinds(
        &self,
        unit_id: i64,
        kinds: &[Entity],
        limit: i64,
    ) -> Result<Vec<ChangeEntry>> {
        if kinds.is_empty() {
            return Ok(Vec::new());
        }
        let marks: Vec<String> = (0..kinds.len()).map(|i| format!("${}", i + 3)).collect();
        let sql = format!(
            "SELECT seq, at, actor, entity, entity_id, action, before_json, after_json, prev_hash, hash, unit_id \
             FROM change_log WHERE unit_id = $1 AND entity IN ({}) ORDER BY seq DESC LIMIT $2",
            marks.join(", ")
        );
        let mut query = sqlx::query(&sql).bind(unit_id).bind(limit);
        for kind in kinds {
            query = query.bind(kind.as_str());
        }
        let rows = query.fetch_all(self.db_read()).await?;
        rows.iter().map(entry_from_row).collect()
    }

    /// When each record of a unit last changed: kind, id and time (Unix seconds), one row per
    /// record the log names; what a sitemap's `lastmod` and a feed's `updated` say.
    pub async fn last_changes(&self, unit_id: i64) -> Result<Vec<(String, i64, i64)>> {
        let rows = sqlx::query(
            "SELECT entity, entity_id, MAX(at) AS at FROM change_log WHERE unit_id = $1 \
             GROUP BY entity, entity_id",
        )
        .bind(unit_id)
        .fetch_all(self.db_read())
        .await?;
        rows.iter()
            .map(|r| {
                Ok((
                    r.try_get("entity")?,
                    r.try_get("entity_id")?,
                    r.try_get("at")?,
                ))
            })
            .collect()
    }

    /// When each unit last changed (Unix seconds), by unit: the sitemap index's `lastmod`.
    pub async fn last_change_of_units(&self) -> Result<HashMap<i64, i64>> {
        let rows = sqlx::query(
            "SELECT unit_id, MAX(at) AS at FROM change_log WHERE unit_id IS NOT NULL \
             GROUP BY unit_id",
        )
        .fetch_all(self.db_read())
        .await?;
        rows.iter()
            .map(|r| Ok((r.try_get("unit_id")?, r.try_get("at")?)))
            .collect()
    }

    /// Entries after `seq`, oldest first, at most `limit` of them: what a follower has not seen yet.
    pub async fn changes_since(&self, seq: i64, limit: i64) -> Result<Vec<ChangeEntry>> {
        let rows = sqlx::query(
            "SELECT seq, at, actor, entity, entity_id, action, before_json, after_json, prev_hash, hash, unit_id \
             FROM change_log WHERE seq > $1 ORDER BY seq LIMIT $2",
        )
        .bind(seq)
        .bind(limit)
        .fetch_all(self.db_read())
        .await?;
        rows.iter().map(entry_from_row).collect()
    }

    /// The marks of the entries after `seq`, oldest first, at most `limit`.
    pub async fn change_marks_since(&self, seq: i64, limit: i64) -> Result<Vec<ChangeMark>> {
        sqlx::query(
            "SELECT seq, entity, unit_id FROM change_log WHERE seq > $1 ORDER BY seq LIMIT $2",
        )
        .bind(seq)
        .bind(limit)
        .fetch_all(self.db_read())
        .await?
        .iter()
        .map(|r| {
            Ok(ChangeMark {
                seq: r.try_get("seq")?,
                entity: r.try_get("entity")?,
                unit_id: r.try_get("unit_id")?,
            })
        })
        .collect()
    }

    /// The history of one record of a unit, oldest first (with the entries written before units
    /// were tenants, which name none).
    pub async fn history(
        &self,
        unit_id: i64,
        entity: Entity,
        entity_id: i64,
    ) -> Result<Vec<ChangeEntry>> {
        let rows = sqlx::query(
            "SELECT seq, at, actor, entity, entity_id, action, before_json, after_json, prev_hash, hash, unit_id \
             FROM change_log WHERE entity = $1 AND entity_id = $2 AND (unit_id = $3 OR unit_id IS NULL) \
             ORDER BY seq",
        )
        .bind(entity.as_str())
        .bind(entity_id)
        .bind(unit_id)
        .fetch_all(self.db_read())
        .await?;
        rows.iter().map(entry_from_row).collect()
    }

    /// When a record of the unit last changed (Unix seconds); `None` when the log has nothing on it.
    pub async fn last_change_of(
        &self,
        unit_id: i64,
        entity: Entity,
        entity_id: i64,
    ) -> Result<Option<i64>> {
        let at: Option<i64> = sqlx::query_scalar(
            "SELECT MAX(at) FROM change_log \
             WHERE entity = $1 AND entity_id = $2 AND (unit_id = $3 OR unit_id IS NULL)",
        )
        .bind(entity.as_str())
        .bind(entity_id)
        .bind(unit_id)
        .fetch_one(self.db_read())
        .await?;
        Ok(at)
    }

    /// Recompute every hash of the chain and check the links, the numbering and the head. Returns
    /// the faults found, each naming its entry; an empty list means the log is intact.
    pub async fn verify_chain(&self) -> Result<Vec<ChainFault>> {
        const PAGE: i64 = 5_000;
        let mut faults = Vec::new();
        let mut expected_prev = GENESIS_HASH.to_string();
        let mut expected_seq = 1;
        loop {
            let page = self.changes_since(expected_seq - 1, PAGE).await?;
            let n = page.len() as i64;
            for e in page {
                let fault = |reason: String| ChainFault {
                    seq: e.seq,
                    entity: e.entity.clone(),
                    entity_id: e.entity_id,
                    unit_id: e.unit_id,
                    reason,
                };
                if e.seq != expected_seq {
                    faults.push(fault(format!(
                        "expected entry #{expected_seq}, found #{}: entries are missing",
                        e.seq
                    )));
                }
                if e.prev_hash != expected_prev {
                    faults.push(fault("does not link to the previous entry".into()));
                }
                if e.compute_hash() != e.hash {
                    faults.push(fault(
                        "its content does not match its hash: the row was changed".into(),
                    ));
                }
                expected_prev = e.hash.clone();
                expected_seq = e.seq + 1;
            }
            if n < PAGE {
                break;
            }
        }
        let head = sqlx::query("SELECT seq, hash FROM chain_head WHERE id = 1")
            .fetch_one(self.db_read())
            .await?;
        let (head_seq, head_hash): (i64, String) = (head.try_get("seq")?, head.try_get("hash")?);
        if head_seq != expected_seq - 1 || head_hash != expected_prev {
            faults.push(ChainFault {
                seq: head_seq,
                entity: "chain_head".into(),
                entity_id: 1,
                unit_id: None,
                reason: format!(
                    "the head names entry #{head_seq}, the log ends at #{}: entries were removed or the head was changed",
                    expected_seq - 1
                ),
            });
        }
        Ok(faults)
    }
}

fn entry_from_row(row: &sqlx::any::AnyRow) -> Result<ChangeEntry> {
    Ok(ChangeEntry {
        seq: row.try_get("seq")?,
        at: row.try_get("at")?,
        actor: row.try_get("actor")?,
        entity: row.try_get("entity")?,
        entity_id: row.try_get("entity_id")?,
        action: row.try_get("action")?,
        before_json: row.try_get("before_json")?,
        after_json: row.try_get("after_json")?,
        prev_hash: row.try_get("prev_hash")?,
        hash: row.try_get("hash")?,
        unit_id: row.try_get("unit_id")?,
    })
}

impl WriteTx {
    /// The connection, for the statements of this write.
    pub fn conn(&mut self) -> &mut AnyConnection {
        &mut self.tx
    }

    pub fn actor(&self) -> &str {
        &self.actor
    }

    /// When this write happens, in Unix seconds: the time every entry of it carries.
    pub fn at(&self) -> i64 {
        self.at
    }

    /// The first record this write created, if it created one.
    pub fn first_created(&self) -> Option<(Entity, i64)> {
        self.first_created
    }

    /// Name another unit in the entries appended from now on (the demo loader fills several
    /// units in one write).
    pub fn set_unit(&mut self, unit_id: Option<i64>) {
        self.unit_id = unit_id;
    }

    /// Append one entry for a record this transaction created, changed or removed.
    pub async fn log(
        &mut self,
        entity: Entity,
        entity_id: i64,
        before: Option<&serde_json::Value>,
        after: Option<&serde_json::Value>,
    ) -> Result<i64> {
        let action = match (before, after) {
            (None, Some(_)) => ChangeKind::Create,
            (Some(_), Some(_)) => ChangeKind::Update,
            (Some(_), None) => ChangeKind::Delete,
            (None, None) => {
                return Err(StoreError::Corrupt {
                    table: "change_log",
                    column: "before_json",
                    value: "an entry needs a before or an after".into(),
                })
            }
        };
        self.log_as(action, entity, entity_id, before, after).await
    }

    /// Append one entry of a kind named by the write (a withdrawal, a restoration).
    pub async fn log_as(
        &mut self,
        action: ChangeKind,
        entity: Entity,
        entity_id: i64,
        before: Option<&serde_json::Value>,
        after: Option<&serde_json::Value>,
    ) -> Result<i64> {
        let mut entry = ChangeEntry {
            seq: self.seq + 1,
            at: self.at,
            actor: self.actor.clone(),
            entity: entity.as_str().to_string(),
            entity_id,
            action: action.as_str().to_string(),
            // serde_json's maps are sorted, so the text of a value is canonical.
            before_json: before.map(|v| v.to_string()),
            after_json: after.map(|v| v.to_string()),
            prev_hash: self.hash.clone(),
            hash: String::new(),
            unit_id: self.unit_id,
        };
        entry.hash = entry.compute_hash();
        sqlx::query(
            "INSERT INTO change_log (seq, at, actor, entity, entity_id, action, before_json, after_json, prev_hash, hash, unit_id) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
        )
        .bind(entry.seq)
        .bind(entry.at)
        .bind(&entry.actor)
        .bind(&entry.entity)
        .bind(entry.entity_id)
        .bind(&entry.action)
        .bind(&entry.before_json)
        .bind(&entry.after_json)
        .bind(&entry.prev_hash)
        .bind(&entry.hash)
        .bind(entry.unit_id)
        .execute(&mut *self.tx)
        .await?;
        self.seq = entry.seq;
        self.hash = entry.hash;
        if action == ChangeKind::Create && self.first_created.is_none() {
            self.first_created = Some((entity, entity_id));
        }
        Ok(self.seq)
    }

    /// Log the creation of a record from its serialised form.
    pub async fn log_create<T: Serialize>(
        &mut self,
        entity: Entity,
        id: i64,
        value: &T,
    ) -> Result<i64> {
        let after = to_json(value)?;
        self.log(entity, id, None, Some(&after)).await
    }

    /// Make the write and its log entries durable together.
    pub async fn commit(mut self) -> Result<i64> {
        sqlx::query("UPDATE chain_head SET seq = $1, hash = $2 WHERE id = 1")
            .bind(self.seq)
            .bind(&self.hash)
            .execute(&mut *self.tx)
            .await?;
        self.tx.commit().await?;
        Ok(self.seq)
    }
}

/// A record as the JSON the log keeps.
pub fn to_json<T: Serialize>(value: &T) -> Result<serde_json::Value> {
    serde_json::to_value(value).map_err(|e| StoreError::Corrupt {
        table: "change_log",
        column: "after_json",
        value: e.to_string(),
    })
}
