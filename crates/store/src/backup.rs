//! Consistent snapshots for `phoihop backup` while the server runs: SQLite copies itself at one
//! instant (`VACUUM INTO`); PostgreSQL holds an exported snapshot that `pg_dump` shares, so that
//! the change-log head the backup reports is exactly the one it holds.

use std::path::Path;

use sqlx::pool::PoolConnection;
use sqlx::{Any, Row};

use crate::{Engine, Result, Store, StoreError};

/// The newest change-log entry a snapshot holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Head {
    pub seq: i64,
    pub hash: String,
}

/// A PostgreSQL snapshot kept open, for `pg_dump --snapshot` to read.
pub struct HeldSnapshot {
    conn: PoolConnection<Any>,
    /// What `pg_dump --snapshot` takes.
    pub id: String,
    pub head: Head,
}

impl HeldSnapshot {
    /// End the snapshot once the dump has read it.
    pub async fn release(mut self) -> Result<()> {
        sqlx::query("COMMIT").execute(&mut *self.conn).await?;
        Ok(())
    }
}

async fn head_of(conn: &mut PoolConnection<Any>) -> Result<Head> {
    let row = sqlx::query("SELECT seq, hash FROM chain_head WHERE id = 1")
        .fetch_one(&mut **conn)
        .await?;
    Ok(Head {
        seq: row.try_get("seq")?,
        hash: row.try_get("hash")?,
    })
}

impl Store {
    /// SQLite: write the whole database, as it stands at one instant, to a new file at `path`;
    /// writers go on meanwhile. Returns the change-log head the copy holds.
    pub async fn copy_sqlite_into(&self, path: &Path) -> Result<Head> {
        if self.engine() != Engine::Sqlite {
            return Err(StoreError::Unsupported("VACUUM INTO chỉ dùng cho SQLite"));
        }
        let target = path.to_string_lossy().replace('\'', "''");
        sqlx::query(&format!("VACUUM INTO '{target}'"))
            .execute(self.db_write())
            .await?;
        let copy = Store::connect(&format!("sqlite://{}", path.display())).await?;
        let mut conn = copy.db_read().acquire().await?;
        let head = head_of(&mut conn).await;
        drop(conn);
        copy.close().await;
        head
    }

    /// PostgreSQL: open a read-only snapshot and export it for `pg_dump`, with the head it holds.
    pub async fn hold_snapshot(&self) -> Result<HeldSnapshot> {
        let mut conn = self.db_write().acquire().await?;
        sqlx::query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
            .execute(&mut *conn)
            .await?;
        let id: String = sqlx::query_scalar("SELECT pg_export_snapshot()::text")
            .fetch_one(&mut *conn)
            .await?;
        let head = head_of(&mut conn).await?;
        Ok(HeldSnapshot { conn, id, head })
    }

    /// Whether the database holds no tables of phoihop's yet: what a restore may go into.
    pub async fn is_blank(&self) -> Result<bool> {
        let sql = match self.engine() {
            Engine::Sqlite => {
                "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            }
            Engine::Postgres => {
                "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = 'public'"
            }
        };
        let count: i64 = sqlx::query_scalar(sql).fetch_one(self.db_read()).await?;
        Ok(count == 0)
    }
}
