//! `phoihop backup` and `phoihop restore`: a consistent snapshot taken while the server runs —
//! the whole database, with the pictures and documents kept in it and the change-log head it
//! holds — and bringing one back into an empty database, checked by `verify` at once.
//!
//! SQLite copies itself with `VACUUM INTO`; PostgreSQL is dumped by `pg_dump` in its custom
//! format from a snapshot held open for it. The master key is not in a backup: it is kept apart.

use std::path::Path;
use std::process::{Command, ExitCode};

use anyhow::{bail, Context};
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

/// Bring a backup back into `database`, which must be empty, then verify the change log.
pub async fn restore(database: &str, input: &Path) -> anyhow::Result<ExitCode> {
    if !input.is_file() {
        bail!("không thấy bản sao lưu {}", input.display());
    }
    let (engine, url) = store::parse_url(database)?;
    let target = Store::connect(database).await?;
    if !target.is_blank().await? {
        bail!("cơ sở dữ liệu đích đã có dữ liệu: chỉ phục hồi vào một cơ sở dữ liệu trống");
    }
    match engine {
        Engine::Sqlite => {
            target.close().await;
            let path = url
                .strip_prefix("sqlite://")
                .unwrap_or(&url)
                .split('?')
                .next()
                .unwrap_or_default()
                .to_string();
            // The empty file the connection made, and its journals, give way to the copy; the
            // copy is written beside it and renamed, so that no half-written database is left.
            for suffix in ["", "-wal", "-shm"] {
                let _ = std::fs::remove_file(format!("{path}{suffix}"));
            }
            let staged = format!("{path}.phuc-hoi");
            std::fs::copy(input, &staged)
                .with_context(|| format!("không chép được vào {staged}"))?;
            std::fs::File::open(&staged)
                .and_then(|f| f.sync_all())
                .with_context(|| format!("không ghi được {staged}"))?;
            std::fs::rename(&staged, &path)
                .with_context(|| format!("không đổi tên thành {path}"))?;
        }
        Engine::Postgres => {
            target.close().await;
            let status = Command::new("pg_restore")
                .args(["--no-owner", "--no-privileges", "--exit-on-error"])
                .arg(format!("--dbname={database}"))
                .arg(input)
                .status()
                .context("không chạy được pg_restore (cài gói postgresql-client)")?;
            if !status.success() {
                bail!("pg_restore dừng với lỗi ({status})");
            }
        }
    }
    let restored = Store::open(database).await?;
    let faults = restored.verify_chain().await?;
    let head = restored.log_head().await?;
    restored.close().await;
    if faults.is_empty() {
        println!(
            "Đã phục hồi {}: nhật ký thay đổi toàn vẹn, {head} bản ghi.",
            input.display()
        );
        Ok(ExitCode::SUCCESS)
    } else {
        for fault in &faults {
            println!("LỖI {fault}");
        }
        println!(
            "Đã phục hồi nhưng nhật ký thay đổi KHÔNG toàn vẹn: {} lỗi.",
            faults.len()
        );
        Ok(ExitCode::FAILURE)
    }
}
