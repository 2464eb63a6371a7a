//! phoihop's persistence: one implementation over sqlx's `Any` driver that runs the same SQL on SQLite
//! (the embedded default) and on PostgreSQL (the scale-out engine), the migrations of each, the
//! hash-chained change log every write goes through, and the demo data set.
//!
//! Errors: this crate uses `thiserror`; a `StoreError` says what failed without leaking SQL to pages.

pub mod accounts;
mod articles;
pub mod attachments;
pub mod backup;
mod bodies;
pub mod changelog;
mod counts;
mod decode;
pub mod demo;
pub mod images;
pub mod imports;
pub mod indicators;
pub mod invitations;
mod meetings;
pub mod oversight;
mod owned;
mod programmes;
pub mod reminders;
pub mod sealing;
pub mod signing;
mod targets;
pub mod testing;
pub mod unit_changes;
pub mod unit_years;
mod units;
pub mod withdrawals;
pub mod write_terms;

use std::str::FromStr;
use std::time::Duration;

use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::{AnyConnection, AnyPool, Connection, Executor};

pub use articles::{ArticleCard, ArticlePage, NewArticle};
pub use bodies::{BodyWithHolders, Holder, Holding, NewMembership};
pub use changelog::{ChainFault, ChangeEntry, ChangeMark, WriteTx};
pub use counts::SearchableCounts;
pub use meetings::NewMeeting;
pub use programmes::{NewProgramme, ProgrammeOverview};
pub use targets::{free_code, NewBudgetLine, NewTarget};
pub use units::{NewUnit, DEFAULT_UNIT};

/// Which engine a store runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    Sqlite,
    Postgres,
}

impl Engine {
    pub fn name(self) -> &'static str {
        match self {
            Self::Sqlite => "SQLite",
            Self::Postgres => "PostgreSQL",
        }
    }
}

/// What went wrong in the store, in words a person running phoihop can act on.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("địa chỉ cơ sở dữ liệu không hợp lệ: {0} (dùng sqlite://tệp.db hoặc postgres://người-dùng@máy/csdl)")]
    BadUrl(String),
    #[error("không kết nối được cơ sở dữ liệu {url}: {reason}")]
    Unreachable { url: String, reason: String },
    #[error("không chạy được bản nâng cấp cơ sở dữ liệu: {0}")]
    Migration(#[from] sqlx::migrate::MigrateError),
    #[error("lỗi cơ sở dữ liệu: {0}")]
    Database(#[from] sqlx::Error),
    #[error("dữ liệu hỏng ở {table}.{column}: {value}")]
    Corrupt {
        table: &'static str,
        column: &'static str,
        value: String,
    },
    #[error("không tìm thấy {0}")]
    NotFound(&'static str),
    #[error(transparent)]
    Invalid(#[from] domain::ValidationError),
    /// The master key is missing, wrong, or its file cannot be used.
    #[error("{0}")]
    Secrets(String),
    /// What this engine cannot do.
    #[error("{0}")]
    Unsupported(&'static str),
    /// A restore began on this database and did not finish: nothing may use it until a restore
    /// runs to its end.
    #[error("cơ sở dữ liệu này đang dở một lần phục hồi (phoihop restore chưa xong): hãy chạy lại phoihop restore vào nó, hoặc dùng một cơ sở dữ liệu khác")]
    UnfinishedRestore,
}

impl StoreError {
    /// Whether the error is a unique-constraint violation, so a form can say "already taken".
    pub fn is_unique_violation(&self) -> bool {
        matches!(self, Self::Database(sqlx::Error::Database(e)) if e.is_unique_violation())
    }
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

static SQLITE_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/sqlite");
static POSTGRES_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/postgres");

/// The handle every other layer uses to read and write. Cheap to clone.
#[derive(Clone, Debug)]
pub struct Store {
    read: AnyPool,
    write: AnyPool,
    engine: Engine,
    /// Seals the signing keys; kept outside the database (see [`sealing`]).
    master_key: Option<std::sync::Arc<sealing::MasterKey>>,
    /// Whether `read` is a replica's pool.
    replica: bool,
}

/// Turn what a person typed as a database address into one sqlx accepts, and name its engine.
///
/// `sqlite://phoihop.db`, `sqlite:phoihop.db` and a bare `phoihop.db` all mean a file that is created
/// when missing; `postgres://` and `postgresql://` mean PostgreSQL.
pub fn parse_url(url: &str) -> Result<(Engine, String)> {
    let url = url.trim();
    if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        return Ok((Engine::Postgres, url.to_string()));
    }
    let path = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))
        .unwrap_or(url);
    if path.is_empty() || url.contains("://") && !url.starts_with("sqlite://") {
        return Err(StoreError::BadUrl(url.to_string()));
    }
    if path == ":memory:" {
        return Ok((Engine::Sqlite, "sqlite::memory:".to_string()));
    }
    let (path, query) = path.split_once('?').unwrap_or((path, ""));
    let mode = if query.contains("mode=") {
        query.to_string()
    } else if query.is_empty() {
        "mode=rwc".to_string()
    } else {
        format!("{query}&mode=rwc")
    };
    Ok((Engine::Sqlite, format!("sqlite://{path}?{mode}")))
}

impl Store {
    /// Connect to the database the URL names, without migrating it.
    pub async fn connect(url: &str) -> Result<Self> {
        let (engine, pool) = Self::pool(url).await?;
        // One pool for both until a read replica is configured; callers already say which they need.
        Ok(Self {
            read: pool.clone(),
            write: pool,
            engine,
            master_key: None,
            replica: false,
        })
    }

    /// Write to the primary `url` names and answer reads from the hot standby `read_url` names (a
    /// PostgreSQL streaming replica). Reads that must see this node's own writes use
    /// [`Store::primary_only`].
    pub async fn connect_with_replica(url: &str, read_url: &str) -> Result<Self> {
        let (engine, write) = Self::pool(url).await?;
        let (read_engine, read) = Self::pool(read_url).await?;
        if engine != Engine::Postgres || read_engine != Engine::Postgres {
            return Err(StoreError::Unsupported(
                "bản sao chỉ đọc chỉ dùng với PostgreSQL (--database-read postgres://…)",
            ));
        }
        Ok(Self {
            read,
            write,
            engine,
            master_key: None,
            replica: true,
        })
    }

    /// The same store, reading from the primary: for staff, who must see their own writes at
    /// once, whatever the replica's delay.
    pub fn primary_only(&self) -> Self {
        Self {
            read: self.write.clone(),
            replica: false,
            ..self.clone()
        }
    }

    /// Whether reads go to a replica.
    pub fn has_read_replica(&self) -> bool {
        self.replica
    }

    /// A pool on the database `url` names, with the engine's settings.
    async fn pool(url: &str) -> Result<(Engine, AnyPool)> {
        sqlx::any::install_default_drivers();
        let (engine, url) = parse_url(url)?;
        let options = AnyConnectOptions::from_str(&url)
            .map_err(|e| StoreError::BadUrl(format!("{url} ({e})")))?;
        // One direct attempt first: a refused or unknown server is reported at once, where the pool
        // would keep retrying until its acquire timeout.
        let probe =
            AnyConnection::connect_with(&options)
                .await
                .map_err(|e| StoreError::Unreachable {
                    url: redact(&url),
                    reason: e.to_string(),
                })?;
        probe.close().await?;
        let max = match engine {
            Engine::Sqlite => 8,
            Engine::Postgres => 16,
        };
        let pool = AnyPoolOptions::new()
            .max_connections(max)
            .acquire_timeout(Duration::from_secs(10))
            .after_connect(move |conn, _meta| {
                Box::pin(async move {
                    if engine == Engine::Sqlite {
                        // WAL lets readers go on while one writer writes; the pragmas are per
                        // connection. FULL syncs the log at every commit: with NORMAL, an OS
                        // crash or power cut may undo the last commits already acknowledged.
                        for pragma in [
                            "PRAGMA journal_mode = WAL",
                            "PRAGMA synchronous = FULL",
                            "PRAGMA foreign_keys = ON",
                            "PRAGMA busy_timeout = 10000",
                        ] {
                            conn.execute(pragma).await?;
                        }
                    }
                    Ok(())
                })
            })
            .connect_with(options)
            .await
            .map_err(|e| StoreError::Unreachable {
                url: redact(&url),
                reason: e.to_string(),
            })?;
        Ok((engine, pool))
    }

    /// Seal and open secrets with this key from now on.
    pub fn with_master_key(self, key: sealing::MasterKey) -> Self {
        Self {
            master_key: Some(std::sync::Arc::new(key)),
            ..self
        }
    }

    /// The master key, or why there is none.
    pub(crate) fn master_key(&self) -> Result<std::sync::Arc<sealing::MasterKey>> {
        self.master_key.clone().ok_or_else(|| {
            StoreError::Secrets(
                "máy chủ chưa có khóa chủ để niêm phong khóa ký (xem --key-file)".into(),
            )
        })
    }

    /// The key that tags values handed out for `purpose`: derived from the master key, so that
    /// every node of the installation checks what another made; a store without one uses a key of
    /// its process.
    pub fn tag_key(&self, purpose: &str) -> sealing::TagKey {
        self.master_key
            .as_ref()
            .map_or_else(sealing::TagKey::ephemeral, |k| k.derive(purpose))
    }

    /// Connect and bring the schema up to date; a database a restore left unfinished is refused.
    pub async fn open(url: &str) -> Result<Self> {
        let store = Self::connect(url).await?;
        if store.restore_unfinished().await? {
            store.close().await;
            return Err(StoreError::UnfinishedRestore);
        }
        store.migrate().await?;
        Ok(store)
    }

    pub async fn migrate(&self) -> Result<()> {
        match self.engine {
            Engine::Sqlite => SQLITE_MIGRATIONS.run(&self.write).await?,
            Engine::Postgres => POSTGRES_MIGRATIONS.run(&self.write).await?,
        }
        // What SQL cannot compute: readable slugs for units made before units had them, the
        // first signing day of programmes an older phoihop made drafts again when amended, and
        // the verdicts of targets written before they were kept.
        self.assign_unit_slugs().await?;
        self.date_first_signings().await?;
        self.judge_targets().await
    }

    /// Run the migrations up to and including `version` only: what an installation of an older
    /// phoihop has, for the tests of the upgrade.
    pub async fn migrate_until(&self, version: i64) -> Result<()> {
        let all = match self.engine {
            Engine::Sqlite => &SQLITE_MIGRATIONS,
            Engine::Postgres => &POSTGRES_MIGRATIONS,
        };
        let older = sqlx::migrate::Migrator {
            migrations: std::borrow::Cow::Owned(
                all.iter()
                    .filter(|m| m.version <= version)
                    .cloned()
                    .collect(),
            ),
            ..sqlx::migrate::Migrator::DEFAULT
        };
        older.run(&self.write).await?;
        Ok(())
    }

    pub fn engine(&self) -> Engine {
        self.engine
    }

    /// The pool for reads; a replica once there is one.
    pub fn db_read(&self) -> &AnyPool {
        &self.read
    }

    /// The pool for writes: always the primary.
    pub fn db_write(&self) -> &AnyPool {
        &self.write
    }

    /// Whether nothing has ever been written (the change log is empty).
    pub async fn is_empty(&self) -> Result<bool> {
        Ok(self.log_head().await? == 0)
    }

    /// A cheap check that the database answers, for `/healthz`.
    pub async fn ping(&self) -> Result<()> {
        sqlx::query("SELECT 1").execute(self.db_read()).await?;
        Ok(())
    }

    /// An installation setting, such as its default unit.
    pub async fn setting(&self, key: &str) -> Result<Option<String>> {
        Ok(
            sqlx::query_scalar::<_, String>("SELECT value FROM settings WHERE key = $1")
                .bind(key)
                .fetch_optional(self.db_read())
                .await?,
        )
    }

    pub async fn close(&self) {
        self.write.close().await;
        self.read.close().await;
    }
}

/// A URL without its password, for messages and logs.
fn redact(url: &str) -> String {
    match (url.find("://"), url.find('@')) {
        (Some(scheme_end), Some(at)) if at > scheme_end => {
            let userinfo = &url[scheme_end + 3..at];
            match userinfo.split_once(':') {
                Some((user, _)) => format!("{}{user}:***{}", &url[..scheme_end + 3], &url[at..]),
                None => url.to_string(),
            }
        }
        _ => url.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn sqlite_syncs_every_commit_so_that_an_os_crash_loses_no_acknowledged_write() {
        let store = crate::testing::fresh_sqlite().await.unwrap();
        for _ in 0..3 {
            // Every connection of the pool, not just the first.
            let level: i64 = sqlx::query_scalar("PRAGMA synchronous")
                .fetch_one(store.db_write())
                .await
                .unwrap();
            assert_eq!(level, 2, "synchronous = FULL");
        }
    }

    #[test]
    fn sqlite_urls_name_a_file_that_is_created_when_missing() {
        assert_eq!(
            parse_url("sqlite://phoihop.db").unwrap(),
            (Engine::Sqlite, "sqlite://phoihop.db?mode=rwc".into())
        );
        assert_eq!(
            parse_url("phoihop.db").unwrap(),
            (Engine::Sqlite, "sqlite://phoihop.db?mode=rwc".into())
        );
        assert_eq!(
            parse_url("sqlite:/tmp/x.db?mode=ro").unwrap(),
            (Engine::Sqlite, "sqlite:///tmp/x.db?mode=ro".into())
        );
    }

    #[test]
    fn postgres_urls_pass_through_and_other_schemes_are_refused() {
        assert_eq!(parse_url("postgres://u@h/db").unwrap().0, Engine::Postgres);
        assert_eq!(
            parse_url("postgresql://u@h/db").unwrap().0,
            Engine::Postgres
        );
        assert!(matches!(
            parse_url("mysql://root@localhost/db"),
            Err(StoreError::BadUrl(_))
        ));
        assert!(parse_url("").is_err());
    }

    #[test]
    fn passwords_never_reach_messages() {
        assert_eq!(
            redact("postgres://user:secret@host/db"),
            "postgres://user:***@host/db"
        );
        assert_eq!(redact("postgres://user@host/db"), "postgres://user@host/db");
    }
}
