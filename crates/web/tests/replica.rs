//! Visitors' pages from a real PostgreSQL hot standby while staff read the primary: a member of
//! staff sees their edit at once, and a visitor sees it once the standby has replayed it. Needs the
//! streaming replica `.ci/pg-replica` makes (CI runs it and sets PHOIHOP_TEST_REPLICA_URL).

mod common;

use std::time::{Duration, Instant};

use axum::http::StatusCode;
use store::demo::SEED_ARTICLE_SLUG;
use store::sealing::MasterKey;
use store::Store;

/// The primary's server and the replica's, when this run has both.
fn servers() -> Option<(String, String)> {
    let primary = std::env::var("DATABASE_URL").ok()?;
    let replica = std::env::var("PHOIHOP_TEST_REPLICA_URL").ok()?;
    primary
        .starts_with("postgres")
        .then_some((primary, replica))
}

/// Run a statement on the standby (pausing or resuming its replay).
async fn on_standby(url: &str, sql: &str) {
    let standby = Store::connect(url).await.unwrap();
    sqlx::query(sql).execute(standby.db_write()).await.unwrap();
    standby.close().await;
}

#[tokio::test]
async fn visitors_read_the_standby_and_staff_see_their_own_edit_at_once() {
    let Some((server, replica_server)) = servers() else {
        eprintln!(
            "no replica in this run: `.ci/pg-replica` makes one, then set \
             PHOIHOP_TEST_REPLICA_URL (as .ci/run does) with DATABASE_URL"
        );
        return;
    };
    let url = store::testing::blank_postgres_url(&server).await.unwrap();
    let key = MasterKey::generate();
    let primary = Store::open(&url)
        .await
        .unwrap()
        .with_master_key(key.clone());
    let accounts = store::demo::load(&primary).await.unwrap();
    let database = url.rsplit('/').next().unwrap().split('?').next().unwrap();
    let read_url = format!("{}/{database}", replica_server.trim_end_matches('/'));
    // A run that failed half-way may have left the standby paused.
    on_standby(
        &format!("{}/postgres", replica_server.trim_end_matches('/')),
        "SELECT pg_wal_replay_resume()",
    )
    .await;
    // Wait until the standby has the new database and every demo write.
    let head = primary.log_head().await.unwrap();
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        if let Ok(standby) = Store::connect(&read_url).await {
            let caught_up = standby.log_head().await.is_ok_and(|h| h == head);
            standby.close().await;
            if caught_up {
                break;
            }
        }
        assert!(Instant::now() < deadline, "the standby never caught up");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let store = Store::connect_with_replica(&url, &read_url)
        .await
        .unwrap()
        .with_master_key(key);
    let app = common::TestApp {
        router: web::router(web::AppState::new(app::App::new(store.clone()))),
        store: primary.clone(),
        accounts,
    };
    let token = common::api_token(&app, "quantri").await;
    let article = format!("/api/v1/articles/{SEED_ARTICLE_SLUG}");
    // The standby stops replaying: what it serves stays as it is, so a page from it is known.
    on_standby(&read_url, "SELECT pg_wal_replay_pause()").await;
    let edit = app
        .api(
            "PUT",
            &article,
            Some(&token),
            serde_json::json!({
                "title": "Tiêu đề đã sửa trên máy chính",
                "slug": SEED_ARTICLE_SLUG,
                "body_html": "<p>Nội dung.</p>",
                "published_at": "2021-01-23T07:46:00Z",
                "categories": ["mat-tran-to-quoc"]
            }),
        )
        .await;
    assert_eq!(edit.status, StatusCode::OK, "{}", edit.body);
    // Staff, with their token or signed in, read the primary: the edit is there at once.
    let staff = app
        .api("GET", &article, Some(&token), serde_json::Value::Null)
        .await;
    staff.shows("Tiêu đề đã sửa trên máy chính");
    let session = app.sign_in("quantri").await;
    app.get_as("/quan-ly/tin-tuc", &session.cookie)
        .await
        .shows("Tiêu đề đã sửa trên máy chính");
    // A visitor reads the paused standby.
    let visitor = app.get(&article).await;
    assert_eq!(visitor.status, StatusCode::OK);
    visitor.does_not_show("Tiêu đề đã sửa trên máy chính");
    // Once it replays again, the visitor sees the edit too.
    on_standby(&read_url, "SELECT pg_wal_replay_resume()").await;
    let deadline = Instant::now() + Duration::from_secs(30);
    while !app
        .get(&article)
        .await
        .body
        .contains("Tiêu đề đã sửa trên máy chính")
    {
        assert!(
            Instant::now() < deadline,
            "the standby never showed the edit"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    store.close().await;
    primary.close().await;
}
