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
    let path = std::env::temp_dir().join(format!("{}.db", unique_name()));
    Store::open(&format!("sqlite://{}", path.display())).await
}

/// A migrated, empty store on a new database of the PostgreSQL server `server_url` names.
pub async fn fresh_postgres(server_url: &str) -> Result<Store> {
    let admin = Store::connect(server_url).await?;
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
    Store::open(&url).await
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

/// The engines `fresh_stores` returns, to name them in assertion messages.
pub fn engines() -> Vec<Engine> {
    let mut e = vec![Engine::Sqlite];
    if postgres_url().is_some() {
        e.push(Engine::Postgres);
    }
    e
}
