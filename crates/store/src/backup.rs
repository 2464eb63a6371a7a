//! Consistent snapshots for `phoihop backup` while the server runs: SQLite copies itself at one
//! instant (`VACUUM INTO`); PostgreSQL holds an exported snapshot that `pg_dump` shares, so that
//! the change-log head the backup reports is exactly the one it holds.

use std::path::Path;

use sqlx::pool::PoolConnection;
use sqlx::{Any, AnyConnection, Connection, Row};

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

    /// Whether the database holds no tables of phoihop's yet: what a restore may go into. The
    /// mark of a restore left unfinished does not count.
    pub async fn is_blank(&self) -> Result<bool> {
        let sql = match self.engine() {
            Engine::Sqlite => {
                "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' \
                 AND name <> 'phoihop_restore_unfinished'"
            }
            Engine::Postgres => {
                "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = 'public' \
                 AND table_name <> 'phoihop_restore_unfinished'"
            }
        };
        let count: i64 = sqlx::query_scalar(sql).fetch_one(self.db_read()).await?;
        Ok(count == 0)
    }

    /// Whether a restore began on this database and did not finish (its mark is still there).
    pub async fn restore_unfinished(&self) -> Result<bool> {
        let sql = match self.engine() {
            Engine::Sqlite => {
                "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' \
                 AND name = 'phoihop_restore_unfinished'"
            }
            Engine::Postgres => {
                "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = 'public' \
                 AND table_name = 'phoihop_restore_unfinished'"
            }
        };
        let count: i64 = sqlx::query_scalar(sql).fetch_one(self.db_read()).await?;
        Ok(count > 0)
    }

    /// Mark the database as being restored into, before anything of the backup reaches it: until
    /// the mark is taken away, `Store::open` (and so `serve`) refuses it.
    pub async fn mark_restore_started(&self) -> Result<()> {
        sqlx::query("CREATE TABLE IF NOT EXISTS phoihop_restore_unfinished (started_at BIGINT)")
            .execute(self.db_write())
            .await?;
        Ok(())
    }

    /// The restore was verified: the database may be used.
    pub async fn mark_restore_finished(&self) -> Result<()> {
        sqlx::query("DROP TABLE IF EXISTS phoihop_restore_unfinished")
            .execute(self.db_write())
            .await?;
        Ok(())
    }

    /// PostgreSQL: empty the database again after a restore that did not verify (or a restore
    /// left unfinished), keeping the mark: back to what a restore may go into.
    pub async fn wipe_for_restore(&self) -> Result<()> {
        if self.engine() != Engine::Postgres {
            return Err(StoreError::Unsupported("chỉ dùng cho PostgreSQL"));
        }
        let mut tx = self.db_write().begin().await?;
        sqlx::query("DROP SCHEMA public CASCADE")
            .execute(&mut *tx)
            .await?;
        sqlx::query("CREATE SCHEMA public")
            .execute(&mut *tx)
            .await?;
        sqlx::query("CREATE TABLE phoihop_restore_unfinished (started_at BIGINT)")
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }
}

/// What kind of backup a file is, told from its first bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BackupKind {
    /// A SQLite database file (`VACUUM INTO`).
    Sqlite,
    /// A `pg_dump` archive in its custom format.
    PostgresArchive,
}

const SQLITE_MAGIC: &[u8] = b"SQLite format 3\0";
const PG_ARCHIVE_MAGIC: &[u8] = b"PGDMP";

/// Tell what a file given as a backup is, and, for a SQLite file, whether it is as long as its own
/// header says: in one line a person reads, what is wrong with it when something is.
pub fn inspect_backup_file(path: &Path) -> std::result::Result<BackupKind, String> {
    use std::io::Read;
    let mut file =
        std::fs::File::open(path).map_err(|e| format!("không mở được {}: {e}", path.display()))?;
    let len = file
        .metadata()
        .map_err(|e| format!("không đọc được {}: {e}", path.display()))?
        .len();
    if len == 0 {
        return Err(format!(
            "{} rỗng (0 byte): không phải bản sao lưu",
            path.display()
        ));
    }
    let mut header = [0u8; 100];
    let read = file
        .read(&mut header)
        .map_err(|e| format!("không đọc được {}: {e}", path.display()))?;
    let header = &header[..read];
    if header.starts_with(PG_ARCHIVE_MAGIC) {
        return Ok(BackupKind::PostgresArchive);
    }
    if !header.starts_with(SQLITE_MAGIC) {
        return Err(format!(
            "{} không phải bản sao lưu của phoihop (không phải tệp SQLite, cũng không phải tệp pg_dump)",
            path.display()
        ));
    }
    if header.len() < 100 {
        return Err(format!(
            "{} bị cắt cụt: chỉ còn {len} byte, chưa hết phần đầu tệp",
            path.display()
        ));
    }
    let page_size = match u16::from_be_bytes([header[16], header[17]]) {
        1 => 65_536,
        n => u64::from(n),
    };
    let pages = u64::from(u32::from_be_bytes([
        header[28], header[29], header[30], header[31],
    ]));
    // The page count in the header holds when the change counter and "version valid for" agree,
    // which they do in every file `VACUUM INTO` writes.
    let valid = header[24..28] == header[92..96];
    let expected = page_size * pages;
    if page_size < 512 || (valid && len < expected) || len % page_size != 0 {
        return Err(format!(
            "{} bị cắt cụt hoặc hỏng: {len} byte, phần đầu tệp cần {expected} byte",
            path.display()
        ));
    }
    Ok(BackupKind::Sqlite)
}

/// Check a SQLite copy of a backup with one read-only connection, before any pool opens it: that
/// SQLite finds it whole, and that it is phoihop's. The reason in one line when it is not.
pub async fn check_sqlite_copy(path: &Path) -> std::result::Result<(), String> {
    sqlx::any::install_default_drivers();
    let url = format!("sqlite://{}?mode=ro", path.display());
    let mut conn = AnyConnection::connect(&url)
        .await
        .map_err(|e| format!("SQLite không mở được bản sao lưu: {e}"))?;
    let check: std::result::Result<String, sqlx::Error> = sqlx::query_scalar("PRAGMA quick_check")
        .fetch_one(&mut conn)
        .await;
    let outcome = match check {
        Ok(ok) if ok == "ok" => {
            let tables: std::result::Result<i64, sqlx::Error> = sqlx::query_scalar(
                "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' \
                 AND name IN ('chain_head', 'change_log', '_sqlx_migrations')",
            )
            .fetch_one(&mut conn)
            .await;
            match tables {
                Ok(3) => Ok(()),
                Ok(_) => Err("tệp SQLite này không phải cơ sở dữ liệu của phoihop".to_string()),
                Err(e) => Err(format!("không đọc được bản sao lưu: {e}")),
            }
        }
        Ok(problem) => Err(format!("bản sao lưu bị hỏng: {problem}")),
        Err(e) => Err(format!("bản sao lưu bị hỏng: {e}")),
    };
    let _ = conn.close().await;
    outcome
}
