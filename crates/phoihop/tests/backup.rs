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

/// What a target holds after a refused restore: for a SQLite file, whether it exists at all;
/// otherwise whether it is blank and unmarked.
async fn untouched(target: &str) -> bool {
    if let Some(path) = target.strip_prefix("sqlite://") {
        return !std::path::Path::new(path).exists();
    }
    let store = Store::connect(target).await.unwrap();
    let blank = store.is_blank().await.unwrap() && !store.restore_unfinished().await.unwrap();
    store.close().await;
    blank
}

#[tokio::test]
async fn an_empty_a_cut_or_a_foreign_backup_is_refused_and_leaves_the_target_as_it_was() {
    for (source, target) in database_pairs().await {
        let store = Store::open(&source)
            .await
            .unwrap()
            .with_master_key(store::sealing::MasterKey::generate());
        store::demo::load(&store).await.unwrap();
        store.close().await;
        let good = temp_path("good.backup");
        let made = phoihop(&[
            "backup",
            "--output",
            &good.display().to_string(),
            "--database",
            &source,
        ]);
        assert!(made.status.success(), "{}", text(&made));
        let bytes = std::fs::read(&good).unwrap();

        let empty = temp_path("empty.backup");
        std::fs::write(&empty, b"").unwrap();
        let cut = temp_path("cut.backup");
        std::fs::write(&cut, &bytes[..bytes.len() / 2]).unwrap();
        let foreign = temp_path("foreign.backup");
        std::fs::write(
            &foreign,
            "Đây là một tệp văn bản, không phải bản sao lưu.\n",
        )
        .unwrap();
        for (file, says) in [
            (&empty, "rỗng (0 byte)"),
            (&cut, "cắt cụt"),
            (&foreign, "không phải bản sao lưu của phoihop"),
        ] {
            let refused = phoihop(&[
                "restore",
                "--from",
                &file.display().to_string(),
                "--database",
                &target,
            ]);
            assert!(!refused.status.success(), "{target}: {}", text(&refused));
            let said = text(&refused);
            assert!(said.contains(says), "{target}: {said}");
            assert!(
                said.trim().lines().count() <= 2,
                "{target}: one clear line, not a log: {said}"
            );
            assert!(
                untouched(&target).await,
                "{target} after {}",
                file.display()
            );
        }
        // The real backup then restores into the same target.
        let restored = phoihop(&[
            "restore",
            "--from",
            &good.display().to_string(),
            "--database",
            &target,
        ]);
        assert!(restored.status.success(), "{target}: {}", text(&restored));
        for f in [&good, &empty, &cut, &foreign] {
            let _ = std::fs::remove_file(f);
        }
    }
}

#[tokio::test]
async fn serve_refuses_a_database_a_restore_left_unfinished_and_says_so() {
    for (target, _) in database_pairs().await {
        let store = Store::connect(&target).await.unwrap();
        store.mark_restore_started().await.unwrap();
        store.close().await;
        let serve = phoihop(&[
            "serve",
            "--addr",
            "127.0.0.1:0",
            "--no-demo",
            "--database",
            &target,
        ]);
        assert!(!serve.status.success(), "{target}: {}", text(&serve));
        assert!(
            text(&serve).contains("đang dở một lần phục hồi"),
            "{target}: {}",
            text(&serve)
        );
    }
}
