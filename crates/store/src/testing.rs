//! Fresh databases for tests: a new SQLite file every time, and, when `DATABASE_URL` names a
//! PostgreSQL server, a new database on it, so test runs never see each other's rows.

use std::sync::atomic::{AtomicU64, Ordering};

use crate::{Engine, Result, Store};

static COUNTER: AtomicU64 = AtomicU64::new(0);

fn unique_name() -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or_default();
    format!(
        "phoihop_t_{}_{}_{}",
        std::process::id(),
        nanos % 1_000_000_000_000,
        COUNTER.fetch_add(1, Ordering::Relaxed)
    )
}

/// The PostgreSQL server tests may use, if `DATABASE_URL` names one.
pub fn postgres_url() -> Option<String> {
    std::env::var("DATABASE_URL")
        .ok()
        .filter(|u| u.starts_with("postgres://") || u.starts_with("postgresql://"))
}

/// A migrated, empty store on a new SQLite file in the temporary directory.
pub async fn fresh_sqlite() -> Result<Store> {
    let store = blank_sqlite().await?;
    store.migrate().await?;
    Ok(store)
}

/// A store on a new SQLite file with no schema at all, for tests of the migrations themselves.
pub async fn blank_sqlite() -> Result<Store> {
    let path = std::env::temp_dir().join(format!("{}.db", unique_name()));
    Ok(Store::connect(&format!("sqlite://{}", path.display()))
        .await?
        .with_master_key(crate::sealing::MasterKey::generate()))
}

static SWEPT: tokio::sync::OnceCell<()> = tokio::sync::OnceCell::const_new();

/// Drop the test databases of earlier runs whose process has ended, so the server does not fill up.
async fn sweep_stale_databases(admin: &Store) -> Result<()> {
    let names: Vec<String> = sqlx::query_scalar(
        "SELECT datname::text FROM pg_database WHERE datname LIKE 'phoihop_t_%'",
    )
    .fetch_all(admin.db_read())
    .await?;
    for name in names {
        let pid = name.split('_').nth(2).unwrap_or_default();
        let alive = std::path::Path::new(&format!("/proc/{pid}")).exists();
        if !alive {
            // Best effort: another run may be dropping the same database.
            let _ = sqlx::query(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                .execute(admin.db_write())
                .await;
        }
    }
    Ok(())
}

/// A migrated, empty store on a new database of the PostgreSQL server `server_url` names.
pub async fn fresh_postgres(server_url: &str) -> Result<Store> {
    let store = blank_postgres(server_url).await?;
    store.migrate().await?;
    Ok(store)
}

/// A store on a new, empty database of the PostgreSQL server `server_url` names.
pub async fn blank_postgres(server_url: &str) -> Result<Store> {
    let url = blank_postgres_url(server_url).await?;
    Ok(Store::connect(&url)
        .await?
        .with_master_key(crate::sealing::MasterKey::generate()))
}

/// The address of a new, empty database of the PostgreSQL server `server_url` names, for tests
/// that hand it to the binary.
pub async fn blank_postgres_url(server_url: &str) -> Result<String> {
    let admin = Store::connect(server_url).await?;
    SWEPT
        .get_or_try_init(|| sweep_stale_databases(&admin))
        .await?;
    let name = unique_name();
    sqlx::query(&format!("CREATE DATABASE {name}"))
        .execute(admin.db_write())
        .await?;
    admin.close().await;
    // Replace the database part of the URL, keeping any query string.
    let (base, query) = server_url
        .split_once('?')
        .map_or((server_url, None), |(b, q)| (b, Some(q)));
    let prefix = base.rsplit_once('/').map_or(base, |(p, _)| p);
    let url = match query {
        Some(q) => format!("{prefix}/{name}?{q}"),
        None => format!("{prefix}/{name}"),
    };
    Ok(url)
}

/// One fresh store per engine this run can reach: SQLite always, PostgreSQL when configured.
pub async fn fresh_stores() -> Vec<Store> {
    let mut stores = vec![fresh_sqlite().await.expect("a fresh SQLite database")];
    if let Some(url) = postgres_url() {
        stores.push(
            fresh_postgres(&url)
                .await
                .expect("a fresh PostgreSQL database (is DATABASE_URL reachable?)"),
        );
    }
    stores
}

/// One store without a schema per engine this run can reach.
pub async fn blank_stores() -> Vec<Store> {
    let mut stores = vec![blank_sqlite().await.expect("a blank SQLite database")];
    if let Some(url) = postgres_url() {
        stores.push(
            blank_postgres(&url)
                .await
                .expect("a blank PostgreSQL database (is DATABASE_URL reachable?)"),
        );
    }
    stores
}

/// The engines `fresh_stores` returns, to name them in assertion messages.
pub fn engines() -> Vec<Engine> {
    let mut e = vec![Engine::Sqlite];
    if postgres_url().is_some() {
        e.push(Engine::Postgres);
    }
    e
}

/// A unit created for a test: a province when `parent` is `None`, a ward of it otherwise, in
/// force since 1 July 2025. The first one becomes the installation's default.
pub async fn add_unit(
    store: &Store,
    kind: &str,
    name: &str,
    parent: Option<i64>,
) -> Result<domain::unit::AdminUnit> {
    let level =
        domain::unit::level_of(kind, parent.is_some()).unwrap_or(domain::unit::UnitLevel::Commune);
    let first = store.units().await?.is_empty();
    let mut tx = store.begin("test").await?;
    let unit = tx
        .insert_unit(&crate::NewUnit {
            code: format!("{:05}", store.units().await?.len() + 90_000),
            name: name.to_string(),
            kind: kind.to_string(),
            level,
            parent_id: parent,
            valid_from: chrono::NaiveDate::from_ymd_opt(2025, 7, 1).unwrap_or_default(),
            valid_to: None,
            host: None,
        })
        .await?;
    if first {
        tx.set_setting(crate::DEFAULT_UNIT, &unit.id.to_string())
            .await?;
    }
    tx.commit().await?;
    Ok(unit)
}

/// Run one statement on a store, for tools that prepare databases (the benchmarks).
pub async fn execute(store: &Store, sql: &str) -> Result<()> {
    sqlx::query(sql).execute(store.db_write()).await?;
    Ok(())
}
