//! Who may read what, through the router: a draft programme and a meeting kept from the portal are
//! invisible to anonymous visitors on every page, API answer and history that could show them.

mod common;

use axum::http::StatusCode;
use common::{spawn_app, TestApp};
use domain::programme::{ProgrammeStatus, Year};
use domain::target::Direction;
use rust_decimal::Decimal;

/// A draft programme for 2030 with one target, and the id of that target.
async fn add_draft_programme(app: &TestApp) -> i64 {
    let unit = app.store.default_unit().await.unwrap();
    let parties: Vec<i64> = app
        .store
        .bodies(unit.id)
        .await
        .unwrap()
        .iter()
        .filter(|b| b.kind.is_programme_party())
        .map(|b| b.id)
        .collect();
    let mut tx = app.store.begin("test").await.unwrap();
    let p = tx
        .insert_programme(&store::NewProgramme {
            unit_id: unit.id,
            year: Year::new(2030).unwrap(),
            title: "Chương trình phối hợp công tác năm 2030 (dự thảo mật)".into(),
            status: ProgrammeStatus::Draft,
            party_ids: parties,
            signed_on: None,
            reviewed_on: None,
            review_summary: None,
        })
        .await
        .unwrap();
    let t = tx
        .insert_target(
            p.id,
            1,
            &store::NewTarget {
                name: "Chỉ tiêu dự thảo bí mật".into(),
                measure: "%".into(),
                direction: Direction::HigherIsBetter,
                plan: Decimal::new(42, 0),
                actual: None,
                reporting_body_id: None,
                illustrative: false,
                note: None,
            },
        )
        .await
        .unwrap();
    tx.commit().await.unwrap();
    t.id
}

/// A meeting kept from the portal, and its id.
async fn add_private_meeting(app: &TestApp) -> i64 {
    let unit = app.store.default_unit().await.unwrap();
    let mut tx = app.store.begin("test").await.unwrap();
    let m = tx
        .insert_meeting(&store::NewMeeting {
            unit_id: unit.id,
            kind: domain::meeting::MeetingKind::Working,
            title: "Họp nội bộ không công khai".into(),
            starts_at: chrono::Utc::now(),
            ends_at: None,
            venue: "Phòng họp số 2".into(),
            programme_id: None,
            attendees: vec![],
            chair: None,
            secretary: None,
            agenda: vec![],
            minutes: None,
            minutes_published: false,
            documents: vec![],
            public: false,
        })
        .await
        .unwrap();
    tx.commit().await.unwrap();
    m.id
}

async fn assert_hidden(app: &TestApp, uri: &str, secret: &str) {
    let page = app.get(uri).await;
    assert_eq!(
        page.status,
        StatusCode::NOT_FOUND,
        "{uri} answered {} to an anonymous visitor",
        page.status
    );
    page.does_not_show(secret);
}

#[tokio::test]
async fn a_draft_programme_is_not_shown_on_its_programme_page() {
    let app = spawn_app().await;
    add_draft_programme(&app).await;
    assert_hidden(&app, "/chuong-trinh/2030", "dự thảo mật").await;
}

#[tokio::test]
async fn a_draft_programme_is_not_shown_on_its_targets_page() {
    let app = spawn_app().await;
    add_draft_programme(&app).await;
    assert_hidden(&app, "/chi-tieu/2030", "Chỉ tiêu dự thảo bí mật").await;
}

#[tokio::test]
async fn a_draft_programme_is_not_listed_by_the_api() {
    let app = spawn_app().await;
    add_draft_programme(&app).await;
    let page = app.get("/api/v1/programmes").await;
    assert_eq!(page.status, StatusCode::OK);
    page.does_not_show("dự thảo mật");
    let years: Vec<i64> = page.json()["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["year"].as_i64().unwrap())
        .collect();
    assert!(!years.contains(&2030), "{years:?}");
    assert!(years.contains(&2021), "public programmes stay listed");
}

#[tokio::test]
async fn a_draft_programme_is_not_answered_by_the_api() {
    let app = spawn_app().await;
    add_draft_programme(&app).await;
    assert_hidden(&app, "/api/v1/programmes/2030", "dự thảo mật").await;
}

#[tokio::test]
async fn the_targets_of_a_draft_programme_are_not_answered_by_the_api() {
    let app = spawn_app().await;
    add_draft_programme(&app).await;
    assert_hidden(
        &app,
        "/api/v1/programmes/2030/targets",
        "Chỉ tiêu dự thảo bí mật",
    )
    .await;
}

#[tokio::test]
async fn the_history_of_a_target_of_a_draft_programme_is_not_public() {
    let app = spawn_app().await;
    let target = add_draft_programme(&app).await;
    assert_hidden(
        &app,
        &format!("/lich-su/target/{target}"),
        "Chỉ tiêu dự thảo bí mật",
    )
    .await;
}

#[tokio::test]
async fn staff_still_read_the_history_of_a_draft_target() {
    let app = spawn_app().await;
    let target = add_draft_programme(&app).await;
    let staff = app.sign_in("doc").await;
    let page = app
        .get_as(&format!("/lich-su/target/{target}"), &staff.cookie)
        .await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    page.shows("Chỉ tiêu dự thảo bí mật");
}

#[tokio::test]
async fn a_private_meeting_is_not_listed_by_the_api() {
    let app = spawn_app().await;
    add_private_meeting(&app).await;
    let page = app.get("/api/v1/meetings").await;
    assert_eq!(page.status, StatusCode::OK);
    page.does_not_show("Họp nội bộ không công khai");
    assert!(
        !page.json()["items"].as_array().unwrap().is_empty(),
        "public meetings stay listed"
    );
}

#[tokio::test]
async fn the_history_of_a_private_meeting_is_not_public() {
    let app = spawn_app().await;
    let meeting = add_private_meeting(&app).await;
    assert_hidden(
        &app,
        &format!("/lich-su/meeting/{meeting}"),
        "Họp nội bộ không công khai",
    )
    .await;
}
