//! The backup drill on both engines, as CI runs it: write, back up while writing, restore into a
//! new database, verify, and find every write acknowledged before the backup began.

use std::process::{Command, Output};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;

use store::Store;

fn phoihop(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_phoihop"))
        .args(args)
        .env_remove("DATABASE_URL")
        .env("RUST_LOG", "warn")
        .output()
        .expect("the binary runs")
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

fn temp_path(name: &str) -> std::path::PathBuf {
    std::env::temp_dir().join(format!(
        "phoihop-backup-{}-{}-{name}",
        std::process::id(),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_nanos()
    ))
}

/// Two empty databases of each engine this run reaches: one to write and back up, one to restore
/// into.
async fn database_pairs() -> Vec<(String, String)> {
    let sqlite = |name: &str| format!("sqlite://{}", temp_path(name).display());
    let mut pairs = vec![(sqlite("source.db"), sqlite("restored.db"))];
    if let Ok(server) = std::env::var("DATABASE_URL") {
        if server.starts_with("postgres") {
            pairs.push((
                store::testing::blank_postgres_url(&server).await.unwrap(),
                store::testing::blank_postgres_url(&server).await.unwrap(),
            ));
        }
    }
    pairs
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_backup_taken_while_writing_restores_every_acknowledged_write_and_verifies() {
    for (source, restored) in database_pairs().await {
        let store = Store::open(&source).await.unwrap();
        let province = store::testing::add_unit(&store, "thành phố", "Hà Nội", None)
            .await
            .unwrap();
        // A writer that keeps adding wards, counting those whose commit returned.
        let acknowledged = Arc::new(AtomicUsize::new(0));
        let stop = Arc::new(AtomicBool::new(false));
        let writer = {
            let (store, acknowledged, stop) = (store.clone(), acknowledged.clone(), stop.clone());
            tokio::spawn(async move {
                let mut i = 0;
                while !stop.load(Ordering::Relaxed) {
                    store::testing::add_unit(
                        &store,
                        "phường",
                        &format!("Thử {i}"),
                        Some(province.id),
                    )
                    .await
                    .unwrap();
                    i += 1;
                    acknowledged.store(i, Ordering::SeqCst);
                }
                i
            })
        };
        while acknowledged.load(Ordering::SeqCst) < 20 {
            tokio::time::sleep(std::time::Duration::from_millis(10)).await;
        }
        let before_backup = acknowledged.load(Ordering::SeqCst);
        let file = temp_path("backup");
        let file_arg = file.display().to_string();
        let source_arg = source.clone();
        let backup = tokio::task::spawn_blocking(move || {
            phoihop(&["backup", "--output", &file_arg, "--database", &source_arg])
        })
        .await
        .unwrap();
        stop.store(true, Ordering::Relaxed);
        let written = writer.await.unwrap();
        assert!(backup.status.success(), "{source}: {}", text(&backup));
        assert!(text(&backup).contains("Đã sao lưu"), "{}", text(&backup));
        assert!(
            written > before_backup,
            "the writer went on during the backup"
        );
        store.close().await;

        let restore = phoihop(&[
            "restore",
            "--from",
            &file.display().to_string(),
            "--database",
            &restored,
        ]);
        assert!(restore.status.success(), "{restored}: {}", text(&restore));
        assert!(text(&restore).contains("toàn vẹn"), "{}", text(&restore));
        let verify = phoihop(&["verify", "--database", &restored]);
        assert!(verify.status.success(), "{}", text(&verify));

        let back = Store::connect(&restored).await.unwrap();
        let names: Vec<String> = back
            .units()
            .await
            .unwrap()
            .into_iter()
            .map(|u| u.name)
            .collect();
        for i in 0..before_backup {
            assert!(
                names.iter().any(|n| n == &format!("Thử {i}")),
                "{restored}: ward {i}, acknowledged before the backup began, is missing"
            );
        }
        // A restore never goes into a database that has data.
        let again = phoihop(&[
            "restore",
            "--from",
            &file.display().to_string(),
            "--database",
            &restored,
        ]);
        assert!(!again.status.success());
        assert!(text(&again).contains("đã có dữ liệu"), "{}", text(&again));
        back.close().await;
        let _ = std::fs::remove_file(&file);
    }
}
