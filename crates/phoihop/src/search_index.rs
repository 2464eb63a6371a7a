//! Where the search index lives and the commands around it: `serve` opens it (rebuilt by the
//! follower when missing or written by another version), `reindex` rebuilds it with a progress bar.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::Context;
use search::SearchIndex;
use store::{Engine, Store};

/// The data directory when none is given: next to a SQLite file, named after it
/// (`./phoihop.db` → `./phoihop-data`), so two databases never share an index; `./phoihop-data`
/// for PostgreSQL and an in-memory SQLite.
pub fn default_data_dir(database: &str) -> PathBuf {
    let fallback = PathBuf::from("phoihop-data");
    let Ok((Engine::Sqlite, url)) = store::parse_url(database) else {
        return fallback;
    };
    let path = url
        .strip_prefix("sqlite://")
        .unwrap_or(&url)
        .split('?')
        .next()
        .unwrap_or_default();
    if path.is_empty() || url.starts_with("sqlite::memory:") {
        return fallback;
    }
    let file = Path::new(path);
    let stem = file
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("phoihop");
    let dir = file.parent().unwrap_or(Path::new(""));
    dir.join(format!("{stem}-data"))
}

/// The index's directory inside the data directory.
pub fn index_dir(database: &str, data_dir: Option<&Path>) -> PathBuf {
    data_dir
        .map(Path::to_path_buf)
        .unwrap_or_else(|| default_data_dir(database))
        .join("search")
}

/// Open (or create) the index in `dir`, saying how to fix what fails.
pub async fn open_index(dir: &Path) -> anyhow::Result<SearchIndex> {
    let owned = dir.to_path_buf();
    tokio::task::spawn_blocking(move || SearchIndex::open_or_create(&owned))
        .await
        .context("không mở được chỉ mục tìm kiếm")?
        .with_context(|| {
            format!(
                "không mở được chỉ mục tìm kiếm ở {}: nếu một phoihop khác đang dùng thư mục này, \
                 hãy dừng nó hoặc chọn thư mục dữ liệu khác bằng --data-dir (PHOIHOP_DATA_DIR); \
                 mỗi máy chủ cần thư mục riêng",
                dir.display()
            )
        })
}

/// The application for `serve`: the index opened in the data directory and a follower keeping it
/// current (it rebuilds the index first when it needs it, while the server already answers).
pub async fn serving_app(
    store: &Store,
    database: &str,
    data_dir: Option<&Path>,
) -> anyhow::Result<app::App> {
    let dir = index_dir(database, data_dir);
    let index = open_index(&dir).await?;
    if index.needs_rebuild() {
        tracing::info!(dir = %dir.display(), "chỉ mục tìm kiếm mới hoặc khác phiên bản: sẽ dựng lại từ cơ sở dữ liệu");
    }
    let app = app::App::with_index(store.clone(), Arc::new(index));
    app.spawn_search_follower();
    Ok(app)
}

/// `phoihop reindex`: rebuild the index from the database, with a progress bar.
pub async fn reindex(database: &str, data_dir: Option<&Path>) -> anyhow::Result<ExitCode> {
    let store = crate::secrets::open_store(database).await?;
    let dir = index_dir(database, data_dir);
    let index = open_index(&dir).await?;
    let app = app::App::with_index(store.clone(), Arc::new(index));
    let bar = indicatif::ProgressBar::new(0);
    bar.set_style(
        indicatif::ProgressStyle::with_template(
            "{spinner} Đang lập chỉ mục [{bar:30}] {pos}/{len} bản ghi ({per_sec}, còn {eta})",
        )
        .map(|s| s.progress_chars("=> "))
        .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    bar.enable_steady_tick(Duration::from_millis(200));
    let started = Instant::now();
    let count = app
        .rebuild_index(|p| {
            bar.set_length(p.total);
            bar.set_position(p.done);
        })
        .await
        .context("không dựng lại được chỉ mục tìm kiếm")?;
    bar.finish_and_clear();
    // A fresh index is written in many segments; searches read one after this.
    let index = app
        .indexer()
        .index()
        .context("không mở được chỉ mục tìm kiếm")?;
    tokio::task::spawn_blocking(move || index.merge_segments())
        .await
        .context("không gộp được chỉ mục tìm kiếm")?
        .context("không gộp được chỉ mục tìm kiếm")?;
    println!(
        "Đã dựng lại chỉ mục tìm kiếm ở {}: {count} bản ghi trong {:.1} giây.",
        dir.display(),
        started.elapsed().as_secs_f64()
    );
    store.close().await;
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_data_directory_sits_next_to_the_sqlite_file() {
        assert_eq!(
            default_data_dir("sqlite://phoihop.db"),
            PathBuf::from("phoihop-data")
        );
        assert_eq!(
            default_data_dir("sqlite:///srv/x/cau-giay.db?mode=rwc"),
            PathBuf::from("/srv/x/cau-giay-data")
        );
        assert_eq!(
            default_data_dir("data/phoihop.db"),
            PathBuf::from("data/phoihop-data")
        );
        assert_eq!(
            default_data_dir("postgres://u@h/db"),
            PathBuf::from("phoihop-data")
        );
        assert_eq!(
            default_data_dir("sqlite::memory:"),
            PathBuf::from("phoihop-data")
        );
        assert_eq!(
            index_dir("x.db", Some(Path::new("/d"))),
            PathBuf::from("/d/search")
        );
    }
}
