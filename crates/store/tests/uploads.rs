//! Uploaded files waiting for their confirmation, on both engines and across two nodes of one
//! database: what went in comes back once, to whichever node asks first, and never after its hour.

use domain::credentials::{NewPassword, Username};
use store::imports::StashedUpload;
use store::testing::{blank_postgres_url, postgres_url};
use store::Store;

/// Two nodes on one new database of each engine this run can reach, migrated, with one account.
async fn two_nodes_per_engine() -> Vec<(Store, Store, i64)> {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    let file =
        std::env::temp_dir().join(format!("phoihop_uploads_{}_{nanos}.db", std::process::id()));
    let mut urls = vec![format!("sqlite://{}", file.display())];
    if let Some(server) = postgres_url() {
        urls.push(blank_postgres_url(&server).await.unwrap());
    }
    let mut nodes = Vec::new();
    for url in urls {
        let a = Store::connect(&url).await.unwrap();
        a.migrate().await.unwrap();
        let b = Store::connect(&url).await.unwrap();
        let mut tx = a.begin("test").await.unwrap();
        let user = tx
            .insert_user(
                &Username::parse("bientap").unwrap(),
                "Biên tập",
                &NewPassword::parse("một mật khẩu đủ dài").unwrap(),
            )
            .await
            .unwrap();
        tx.commit().await.unwrap();
        nodes.push((a, b, user.id));
    }
    nodes
}

fn upload(user_id: i64) -> StashedUpload {
    StashedUpload {
        user_id,
        purpose: "3/nhap-chi-tieu/".into(),
        file_name: "chỉ tiêu 2026.xlsx".into(),
        bytes: (0..=255u8).cycle().take(70_000).collect(),
    }
}

#[tokio::test]
async fn a_file_previewed_on_one_node_is_confirmed_on_the_other_once() {
    for (a, b, user) in two_nodes_per_engine().await {
        let token = a.stash_upload(&upload(user), 3600).await.unwrap();
        // Both nodes take it at once: one gets every byte, the other nothing.
        let (from_a, from_b) =
            tokio::join!(a.take_upload(&token, 3600), b.take_upload(&token, 3600));
        let mut got: Vec<_> = [from_a.unwrap(), from_b.unwrap()]
            .into_iter()
            .flatten()
            .collect();
        assert_eq!(got.len(), 1, "taken by exactly one node");
        assert_eq!(got.pop(), Some(upload(user)));
        assert_eq!(b.take_upload(&token, 3600).await.unwrap(), None);
    }
}

#[tokio::test]
async fn a_stash_is_found_only_by_its_token_which_the_database_does_not_hold() {
    for (a, _, user) in two_nodes_per_engine().await {
        let token = a.stash_upload(&upload(user), 3600).await.unwrap();
        let other = "0".repeat(64);
        assert_eq!(a.take_upload(&other, 3600).await.unwrap(), None);
        let held: Vec<String> = sqlx::query_scalar("SELECT token_hash FROM upload_stash")
            .fetch_all(a.db_read())
            .await
            .unwrap();
        assert_eq!(held.len(), 1);
        assert_ne!(held[0], token, "only the token's hash is kept");
        // Put back under the same token after a refused confirmation, it is found again.
        let back = a.take_upload(&token, 3600).await.unwrap().unwrap();
        a.restash_upload(&token, &back, 3600).await.unwrap();
        assert_eq!(
            a.take_upload(&token, 3600).await.unwrap(),
            Some(upload(user))
        );
    }
}

#[tokio::test]
async fn a_file_left_past_its_hour_is_neither_confirmed_nor_kept() {
    for (a, _, user) in two_nodes_per_engine().await {
        let stale = a.stash_upload(&upload(user), 3600).await.unwrap();
        // Seen an hour later (a time to live below zero), it has expired.
        assert_eq!(a.take_upload(&stale, -1).await.unwrap(), None);
        let kept = a.stash_upload(&upload(user), 3600).await.unwrap();
        // The next upload an hour later removes what was never confirmed.
        let _fresh = a.stash_upload(&upload(user), -1).await.unwrap();
        assert_eq!(a.take_upload(&kept, 3600).await.unwrap(), None);
        let left: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM upload_stash")
            .fetch_one(a.db_read())
            .await
            .unwrap();
        assert_eq!(left, 1, "only the newest upload is left");
    }
}
