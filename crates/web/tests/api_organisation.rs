//! The organisation through the API: bodies, people, posts and appointments added by the unit's
//! administrator alone, another ward's ids refused, a retried creation made once.

mod common;

use axum::http::StatusCode;
use common::{api_token, api_token_with, spawn_app, TestApp};
use serde_json::{json, Value};

const WARD: &str = "/dv/phuong-cau-giay";
const OTHER_WARD: &str = "/dv/phuong-nghia-do";

async fn post(app: &TestApp, token: &str, path: &str, body: Value) -> common::Page {
    app.api("POST", &format!("{WARD}{path}"), Some(token), body)
        .await
}

async fn total(app: &TestApp, token: &str, ward: &str, path: &str) -> i64 {
    app.api_raw("GET", &format!("{ward}{path}"), Some(token), &[], "")
        .await
        .json()["total"]
        .as_i64()
        .unwrap()
}

#[tokio::test]
async fn the_administrator_adds_a_body_a_person_a_post_and_appoints_the_person() {
    let app = spawn_app().await;
    let token = api_token(&app, "pcg.quantri").await;
    let body = post(
        &app,
        &token,
        "/api/v1/bodies",
        json!({"kind": "council_committee", "name": "Ban Pháp chế HĐND phường", "short_name": "Ban Pháp chế"}),
    )
    .await;
    assert_eq!(body.status, StatusCode::CREATED, "{}", body.body);
    let body_id = body.json()["id"].as_i64().unwrap();
    let person = post(
        &app,
        &token,
        "/api/v1/people",
        json!({"full_name": "Lê Thị Hạnh"}),
    )
    .await;
    assert_eq!(person.status, StatusCode::CREATED, "{}", person.body);
    let person_id = person.json()["id"].as_i64().unwrap();
    let post_made = post(
        &app,
        &token,
        "/api/v1/posts",
        json!({"body_id": body_id, "title": "Trưởng ban"}),
    )
    .await;
    assert_eq!(post_made.status, StatusCode::CREATED, "{}", post_made.body);
    let post_id = post_made.json()["id"].as_i64().unwrap();
    let appointed = post(
        &app,
        &token,
        "/api/v1/memberships",
        json!({"person_id": person_id, "post_id": post_id, "starts_on": "2026-01-05"}),
    )
    .await;
    assert_eq!(appointed.status, StatusCode::CREATED, "{}", appointed.body);
    let membership = appointed.json()["id"].as_i64().unwrap();

    let bodies = app
        .get(&format!("{WARD}/api/v1/bodies?on=2026-02-01&per_page=100"))
        .await
        .json();
    let committee = bodies["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|b| b["id"] == body_id)
        .expect("the new body");
    assert_eq!(committee["holders"][0]["name"], "Lê Thị Hạnh");
    assert_eq!(committee["holders"][0]["post"], "Trưởng ban");

    let ended = post(
        &app,
        &token,
        &format!("/api/v1/memberships/{membership}/end"),
        json!({"ends_on": "2026-06-30"}),
    )
    .await;
    assert_eq!(ended.status, StatusCode::OK, "{}", ended.body);
    let later = app
        .get(&format!("{WARD}/api/v1/bodies?on=2026-07-01&per_page=100"))
        .await
        .json();
    let committee = later["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|b| b["id"] == body_id)
        .unwrap();
    assert!(committee["holders"].as_array().unwrap().is_empty());
}

#[tokio::test]
async fn only_the_administrator_changes_the_organisation() {
    let app = spawn_app().await;
    for (account, status) in [
        ("pcg.cv.ubnd", StatusCode::FORBIDDEN),
        ("pcg.ct.hdnd", StatusCode::FORBIDDEN),
        ("pcg.doc", StatusCode::FORBIDDEN),
        ("nd.quantri", StatusCode::FORBIDDEN),
    ] {
        let token = api_token(&app, account).await;
        let made = post(
            &app,
            &token,
            "/api/v1/people",
            json!({"full_name": "Người lạ"}),
        )
        .await;
        assert_eq!(made.status, status, "{account}: {}", made.body);
    }
    let anonymous = app
        .api(
            "POST",
            &format!("{WARD}/api/v1/people"),
            None,
            json!({"full_name": "Ẩn danh"}),
        )
        .await;
    assert_eq!(anonymous.status, StatusCode::UNAUTHORIZED);
    // The administrator's token limited to news writes no person.
    let (_, news) = api_token_with(&app, "pcg.quantri", "write", &["article"], "").await;
    let limited = post(
        &app,
        &news,
        "/api/v1/people",
        json!({"full_name": "Người lạ"}),
    )
    .await;
    assert_eq!(limited.status, StatusCode::FORBIDDEN);
    let admin = api_token(&app, "pcg.quantri").await;
    let people = app
        .api_raw(
            "GET",
            &format!("{WARD}/api/v1/people?per_page=100"),
            Some(&admin),
            &[],
            "",
        )
        .await
        .json();
    assert!(people["items"]
        .as_array()
        .unwrap()
        .iter()
        .all(|p| p["full_name"] != "Người lạ" && p["full_name"] != "Ẩn danh"));
}

#[tokio::test]
async fn another_wards_body_person_post_and_appointment_are_refused_and_nothing_is_written() {
    let app = spawn_app().await;
    let admin = api_token(&app, "pcg.quantri").await;
    let other = api_token(&app, "nd.quantri").await;
    // The other ward's records, as its administrator reads them.
    let their_person = app
        .api_raw(
            "GET",
            &format!("{OTHER_WARD}/api/v1/people"),
            Some(&other),
            &[],
            "",
        )
        .await
        .json()["items"][0]["id"]
        .clone();
    let their_post = app
        .api_raw(
            "GET",
            &format!("{OTHER_WARD}/api/v1/posts"),
            Some(&other),
            &[],
            "",
        )
        .await
        .json()["items"][0]["id"]
        .clone();
    let their_body =
        app.get(&format!("{OTHER_WARD}/api/v1/bodies")).await.json()["items"][0]["id"].clone();
    let our_person = app
        .api_raw(
            "GET",
            &format!("{WARD}/api/v1/people"),
            Some(&admin),
            &[],
            "",
        )
        .await
        .json()["items"][0]["id"]
        .clone();
    let our_post = app
        .api_raw(
            "GET",
            &format!("{WARD}/api/v1/posts"),
            Some(&admin),
            &[],
            "",
        )
        .await
        .json()["items"][0]["id"]
        .clone();
    let posts_before = total(&app, &admin, WARD, "/api/v1/posts").await;
    let bodies_before = total(&app, &admin, WARD, "/api/v1/bodies").await;

    for (path, body, field) in [
        (
            "/api/v1/posts",
            json!({"body_id": their_body, "title": "Phó ban"}),
            "body_id",
        ),
        (
            "/api/v1/bodies",
            json!({"kind": "council_committee", "name": "Ban chéo", "short_name": "Ban chéo", "parent_body_id": their_body}),
            "parent_body_id",
        ),
        (
            "/api/v1/memberships",
            json!({"person_id": their_person, "post_id": our_post, "starts_on": "2026-01-01"}),
            "person_id",
        ),
        (
            "/api/v1/memberships",
            json!({"person_id": our_person, "post_id": their_post, "starts_on": "2026-01-01"}),
            "post_id",
        ),
    ] {
        let refused = post(&app, &admin, path, body).await;
        assert_eq!(
            refused.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{path}: {}",
            refused.body
        );
        assert_eq!(refused.json()["fields"][0]["field"], field, "{path}");
    }
    assert_eq!(
        total(&app, &admin, WARD, "/api/v1/posts").await,
        posts_before
    );
    assert_eq!(
        total(&app, &admin, WARD, "/api/v1/bodies").await,
        bodies_before
    );

    // The other ward's appointment, ended through this ward's address: not found.
    let popolo = app.get(&format!("{OTHER_WARD}/api/v1/popolo")).await.json();
    let theirs: i64 = popolo["memberships"][0]["id"]
        .as_str()
        .and_then(|id| id.rsplit('/').next())
        .and_then(|id| id.parse().ok())
        .unwrap();
    let ended = post(
        &app,
        &admin,
        &format!("/api/v1/memberships/{theirs}/end"),
        json!({"ends_on": "2026-06-30"}),
    )
    .await;
    assert_eq!(ended.status, StatusCode::NOT_FOUND, "{}", ended.body);
}

#[tokio::test]
async fn a_person_added_twice_with_one_key_is_added_once() {
    let app = spawn_app().await;
    let admin = api_token(&app, "pcg.quantri").await;
    let before = total(&app, &admin, WARD, "/api/v1/people").await;
    let uri = format!("{WARD}/api/v1/people");
    let key = [("idempotency-key", "nguoi-moi-1")];
    let body = r#"{"full_name": "Phạm Minh Khoa"}"#;
    let first = app.api_raw("POST", &uri, Some(&admin), &key, body).await;
    let again = app.api_raw("POST", &uri, Some(&admin), &key, body).await;
    assert_eq!(first.status, StatusCode::CREATED, "{}", first.body);
    assert_eq!(again.status, StatusCode::CREATED, "{}", again.body);
    assert_eq!(first.json()["id"], again.json()["id"]);
    assert_eq!(
        total(&app, &admin, WARD, "/api/v1/people").await,
        before + 1
    );
}
