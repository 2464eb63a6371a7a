//! The master key that seals the signing keys: where the binary finds it (`PHOIHOP_MASTER_KEY`,
//! `--key-file`, or `phoihop.key` in the data directory, made on first start), every command's
//! way of opening the database with it, and `phoihop key rotate`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::OnceLock;

use anyhow::Context;
use store::sealing::MasterKey;
use store::Store;

/// Where this process takes its master key from, decided once from its options.
#[derive(Debug, Clone)]
enum KeySource {
    /// `PHOIHOP_MASTER_KEY`: 64 hex digits, for deployments that hand secrets in the environment.
    Environment(String),
    /// A file, made with mode 0600 when missing.
    File(PathBuf),
}

static SOURCE: OnceLock<KeySource> = OnceLock::new();

/// The key file when none is named: in the data directory, beside the search index.
pub fn default_key_file(data_dir: &Path) -> PathBuf {
    data_dir.join("phoihop.key")
}

/// Decide where the master key comes from; called once, before any command opens the database.
pub fn configure(data_dir: &Path, key_file: Option<PathBuf>) {
    let source = match std::env::var("PHOIHOP_MASTER_KEY") {
        Ok(hex) if !hex.trim().is_empty() => KeySource::Environment(hex),
        _ => KeySource::File(key_file.unwrap_or_else(|| default_key_file(data_dir))),
    };
    let _ = SOURCE.set(source);
}

fn source() -> KeySource {
    SOURCE
        .get()
        .cloned()
        .unwrap_or_else(|| KeySource::File(PathBuf::from("phoihop-data/phoihop.key")))
}

fn load() -> anyhow::Result<MasterKey> {
    match source() {
        KeySource::Environment(hex) => {
            MasterKey::from_hex(&hex).context("PHOIHOP_MASTER_KEY không hợp lệ")
        }
        KeySource::File(path) => {
            if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
                std::fs::create_dir_all(dir)
                    .with_context(|| format!("không tạo được thư mục {}", dir.display()))?;
            }
            Ok(MasterKey::load_or_create(&path)?)
        }
    }
}

/// A store given the master key.
pub fn with_master_key(store: Store) -> anyhow::Result<Store> {
    Ok(store.with_master_key(load()?))
}

/// The database, migrated, with the master key; signing keys an older version kept in clear are
/// sealed before anything else runs.
pub async fn open_store(database: &str) -> anyhow::Result<Store> {
    let store = Store::open(database).await?.with_master_key(load()?);
    let sealed = store.seal_plain_secrets().await?;
    if sealed > 0 {
        eprintln!("phoihop: đã niêm phong {sealed} khóa ký lưu ở dạng rõ bằng khóa chủ");
    }
    Ok(store)
}

/// `phoihop key rotate`: a new master key, every signing key sealed again with it in one
/// transaction, and the key file replaced only after that transaction committed.
pub async fn rotate(database: &str) -> anyhow::Result<ExitCode> {
    let KeySource::File(path) = source() else {
        anyhow::bail!(
            "khóa chủ đang lấy từ PHOIHOP_MASTER_KEY: hãy tạo khóa mới ở nơi quản lý biến môi trường \
             rồi chạy lệnh này với --key-file"
        );
    };
    let store = open_store(database).await?;
    let new = MasterKey::generate();
    let staged = path.with_extension("key.new");
    // A leftover from an interrupted rotation: its key never sealed anything that committed.
    let _ = std::fs::remove_file(&staged);
    new.write_new(&staged)?;
    let count = store.rotate_master_key(&new).await?;
    std::fs::rename(&staged, &path).with_context(|| {
        format!(
            "đã niêm phong lại bằng khóa mới nhưng không thay được {}; khóa mới ở {}",
            path.display(),
            staged.display()
        )
    })?;
    println!(
        "Đã đổi khóa chủ: {count} khóa ký được niêm phong lại; khóa mới ở {}.",
        path.display()
    );
    Ok(ExitCode::SUCCESS)
}
