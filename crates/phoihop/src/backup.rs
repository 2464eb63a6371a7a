//! `phoihop backup` and `phoihop restore`: a consistent snapshot taken while the server runs —
//! the whole database, with the pictures and documents kept in it and the change-log head it
//! holds — and bringing one back into an empty database, checked by `verify` at once.
//!
//! SQLite copies itself with `VACUUM INTO`; PostgreSQL is dumped by `pg_dump` in its custom
//! format from a snapshot held open for it. The master key is not in a backup: it is kept apart.
//! A restore checks what it is given before it touches the target, and leaves the target as it
//! was when the backup is not whole.

use std::path::Path;
use std::process::{Command, ExitCode};

use anyhow::{bail, Context};
use store::backup::{check_sqlite_copy, inspect_backup_file, BackupKind};
use store::{Engine, Store};

/// Write a backup of `database` to `output` (a new file).
pub async fn backup(database: &str, output: &Path) -> anyhow::Result<ExitCode> {
    if output.exists() {
        bail!(
            "{} đã có; hãy chọn tên tệp mới cho bản sao lưu",
            output.display()
        );
    }
    let store = Store::open(database).await?;
    let head = match store.engine() {
        Engine::Sqlite => store.copy_sqlite_into(output).await?,
        Engine::Postgres => {
            let snapshot = store.hold_snapshot().await?;
            let status = Command::new("pg_dump")
                .args(["--format=custom", "--no-owner", "--no-privileges"])
                .arg(format!("--snapshot={}", snapshot.id))
                .arg(format!("--file={}", output.display()))
                .arg(format!("--dbname={database}"))
                .status()
                .context(
                    "không chạy được pg_dump (cài gói postgresql-client cùng phiên bản máy chủ)",
                )?;
            let head = snapshot.head.clone();
            snapshot.release().await?;
            if !status.success() {
                let _ = std::fs::remove_file(output);
                bail!("pg_dump dừng với lỗi ({status})");
            }
            head
        }
    };
    store.close().await;
    println!(
        "Đã sao lưu vào {}: nhật ký thay đổi đến bản ghi {} (băm {}). Khóa chủ không nằm trong \
         bản sao lưu: hãy giữ nó riêng.",
        output.display(),
        head.seq,
        &head.hash[..head.hash.len().min(16)]
    );
    Ok(ExitCode::SUCCESS)
}

/// Bring a backup back into `database`, which must be empty (or left unfinished by an earlier
/// restore). What it is given is checked first — its format, that it is whole, that its change log
/// runs to the head it claims — and nothing touches the target until then: a bad backup leaves
/// the target as it was, with one line saying what is wrong with the backup.
pub async fn restore(database: &str, input: &Path) -> anyhow::Result<ExitCode> {
    if !input.is_file() {
        bail!("không thấy bản sao lưu {}", input.display());
    }
    let kind = inspect_backup_file(input).map_err(anyhow::Error::msg)?;
    let (engine, url) = store::parse_url(database)?;
    match (engine, kind) {
        (Engine::Sqlite, BackupKind::PostgresArchive) => bail!(
            "{} là bản sao lưu PostgreSQL (pg_dump): hãy phục hồi vào một cơ sở dữ liệu PostgreSQL",
            input.display()
        ),
        (Engine::Postgres, BackupKind::Sqlite) => bail!(
            "{} là bản sao lưu SQLite: hãy phục hồi vào một tệp sqlite://…",
            input.display()
        ),
        _ => {}
    }
    let head = match engine {
        Engine::Sqlite => restore_sqlite(database, &url, input).await?,
        Engine::Postgres => restore_postgres(database, input).await?,
    };
    println!(
        "Đã phục hồi {}: nhật ký thay đổi toàn vẹn, {} bản ghi (băm {}).",
        input.display(),
        head.seq,
        &head.hash[..head.hash.len().min(16)]
    );
    Ok(ExitCode::SUCCESS)
}

/// The change log of a restored copy, checked whole: its head, or what is wrong.
async fn verified_head(store: &Store) -> anyhow::Result<store::backup::Head> {
    let faults = store.verify_chain().await?;
    if let Some(first) = faults.first() {
        bail!(
            "nhật ký thay đổi trong bản sao lưu không toàn vẹn ({} lỗi; lỗi đầu: {first})",
            faults.len()
        );
    }
    let seq = store.log_head().await?;
    let hash = store
        .changes_since(seq - 1, 1)
        .await?
        .pop()
        .map_or_else(|| store::changelog::GENESIS_HASH.to_string(), |e| e.hash);
    Ok(store::backup::Head { seq, hash })
}

/// SQLite: the backup is copied beside the target, checked there (SQLite's own check, phoihop's
/// tables, the change log), and only then renamed over the target, in one step.
async fn restore_sqlite(
    database: &str,
    url: &str,
    input: &Path,
) -> anyhow::Result<store::backup::Head> {
    let path = url
        .strip_prefix("sqlite://")
        .unwrap_or(url)
        .split('?')
        .next()
        .unwrap_or_default()
        .to_string();
    if Path::new(&path).exists() {
        let target = Store::connect(database).await?;
        let blank = target.is_blank().await?;
        target.close().await;
        if !blank {
            bail!("cơ sở dữ liệu đích đã có dữ liệu: chỉ phục hồi vào một cơ sở dữ liệu trống");
        }
    }
    let staged = format!("{path}.phuc-hoi");
    let remove_staged = || {
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{staged}{suffix}"));
        }
    };
    remove_staged();
    std::fs::copy(input, &staged).with_context(|| format!("không chép được vào {staged}"))?;
    let checked = async {
        check_sqlite_copy(Path::new(&staged))
            .await
            .map_err(anyhow::Error::msg)?;
        let copy = Store::connect(&format!("sqlite://{staged}")).await?;
        let head = verified_head(&copy).await;
        copy.close().await;
        head
    }
    .await;
    let head = match checked {
        Ok(head) => head,
        Err(e) => {
            remove_staged();
            return Err(e);
        }
    };
    std::fs::File::open(&staged)
        .and_then(|f| f.sync_all())
        .with_context(|| format!("không ghi được {staged}"))?;
    // The empty file a connection may have made, and its journals, give way to the copy.
    for suffix in ["-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{path}{suffix}"));
    }
    std::fs::rename(&staged, &path).with_context(|| format!("không đổi tên thành {path}"))?;
    remove_staged();
    // The schema of this version over the restored copy.
    Store::open(database).await?.close().await;
    Ok(head)
}

/// PostgreSQL: the archive is read through once (every block of it, so a cut archive is found
/// before anything is written), then restored in one transaction under a mark that keeps `serve`
/// off the database until the change log verifies; a restore that does not verify empties it again.
async fn restore_postgres(database: &str, input: &Path) -> anyhow::Result<store::backup::Head> {
    let listed = Command::new("pg_restore")
        .arg("--list")
        .arg(input)
        .output()
        .context("không chạy được pg_restore (cài gói postgresql-client)")?;
    if !listed.status.success() {
        bail!(
            "{} bị cắt cụt hoặc hỏng (không đọc được mục lục của bản sao lưu pg_dump): {}",
            input.display(),
            last_line(&listed.stderr)
        );
    }
    let read_through = Command::new("pg_restore")
        .args(["--file=/dev/null", "--exit-on-error"])
        .arg(input)
        .output()
        .context("không chạy được pg_restore (cài gói postgresql-client)")?;
    if !read_through.status.success() {
        bail!(
            "{} bị cắt cụt hoặc hỏng: {}",
            input.display(),
            last_line(&read_through.stderr)
        );
    }
    let target = Store::connect(database).await?;
    let unfinished = target.restore_unfinished().await?;
    if unfinished {
        target.wipe_for_restore().await?;
    } else if !target.is_blank().await? {
        target.close().await;
        bail!("cơ sở dữ liệu đích đã có dữ liệu: chỉ phục hồi vào một cơ sở dữ liệu trống");
    }
    target.mark_restore_started().await?;
    let restored = Command::new("pg_restore")
        .args([
            "--no-owner",
            "--no-privileges",
            "--exit-on-error",
            "--single-transaction",
        ])
        .arg(format!("--dbname={database}"))
        .arg(input)
        .output()
        .context("không chạy được pg_restore (cài gói postgresql-client)")?;
    if !restored.status.success() {
        // One transaction: nothing of it was kept. The mark goes, and the target is as it was.
        target.mark_restore_finished().await?;
        target.close().await;
        bail!(
            "pg_restore không phục hồi được {}: {}",
            input.display(),
            last_line(&restored.stderr)
        );
    }
    match verified_head(&target).await {
        Ok(head) => {
            target.mark_restore_finished().await?;
            target.close().await;
            Store::open(database).await?.close().await;
            Ok(head)
        }
        Err(e) => {
            target.wipe_for_restore().await?;
            target.mark_restore_finished().await?;
            target.close().await;
            Err(e)
        }
    }
}

/// The last line a tool wrote on its standard error: what went wrong, in its words.
fn last_line(stderr: &[u8]) -> String {
    String::from_utf8_lossy(stderr)
        .lines()
        .rev()
        .find(|l| !l.trim().is_empty())
        .unwrap_or("(không rõ)")
        .trim()
        .to_string()
}
