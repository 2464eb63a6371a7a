//! Meetings through the API: prepared and changed with their attendance chosen among the unit's
//! people, by every role and across wards, with the form's rules and messages.

mod common;

use axum::http::StatusCode;
use common::{api_token, spawn_app, TestApp};
use serde_json::{json, Value};

const WARD: &str = "/dv/phuong-cau-giay";
const OTHER_WARD: &str = "/dv/phuong-nghia-do";

/// The first person holding a post in a ward today, by the ward's bodies in the API.
async fn holder(app: &TestApp, ward: &str) -> i64 {
    let popolo = app.get(&format!("{ward}/api/v1/popolo")).await.json();
    popolo["memberships"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["end_date"].is_null())
        .and_then(|m| m["person_id"].as_str())
        .and_then(|id| id.rsplit('/').next())
        .and_then(|id| id.parse().ok())
        .expect("a person holding a post")
}

fn meeting(title: &str, people: &[i64]) -> Value {
    json!({
        "kind": "working",
        "title": title,
        "starts_at": "2026-12-15T08:00:00+07:00",
        "ends_at": "2026-12-15T11:00:00+07:00",
        "venue": "Hội trường UBND phường",
        "attendee_ids": people,
        "guests": ["Đại diện các tổ dân phố"],
        "agenda": ["Rà soát chỉ tiêu năm 2026", "Chuẩn bị tổng kết"],
        "minutes": "Biên bản dự thảo.",
        "public": true
    })
}

#[tokio::test]
async fn a_meeting_prepared_through_the_api_names_its_attendees_with_their_posts() {
    let app = spawn_app().await;
    let token = api_token(&app, "pcg.cv.hdnd").await;
    let person = holder(&app, WARD).await;
    let made = app
        .api(
            "POST",
            &format!("{WARD}/api/v1/meetings"),
            Some(&token),
            meeting("Họp giao ban tháng 12", &[person]),
        )
        .await;
    assert_eq!(made.status, StatusCode::CREATED, "{}", made.body);
    let json = made.json();
    assert_eq!(json["attendees"][0]["person_id"], person);
    assert!(json["attendees"][0]["capacity"]
        .as_str()
        .is_some_and(|c| !c.is_empty()));
    assert_eq!(json["attendees"][1]["name"], "Đại diện các tổ dân phố");
    assert_eq!(json["agenda"][1], "Chuẩn bị tổng kết");
    assert_eq!(json["starts_at"], "2026-12-15T01:00:00Z");

    // The minutes are a draft: the public reads the meeting without them.
    let location = made.headers["location"].to_str().unwrap().to_string();
    let public = app.get(&location).await;
    assert_eq!(public.status, StatusCode::OK);
    assert_eq!(public.json()["minutes"], Value::Null);
    assert_eq!(public.json()["title"], "Họp giao ban tháng 12");
}

#[tokio::test]
async fn a_meeting_changed_on_a_stale_read_is_refused_and_kept() {
    let app = spawn_app().await;
    let token = api_token(&app, "pcg.quantri").await;
    let made = app
        .api(
            "POST",
            &format!("{WARD}/api/v1/meetings"),
            Some(&token),
            meeting("Họp A", &[]),
        )
        .await;
    let uri = made.headers["location"].to_str().unwrap().to_string();
    let tag = made.headers["etag"].to_str().unwrap().to_string();
    let mut first = meeting("Họp A, đổi giờ", &[]);
    first["starts_at"] = json!("16/12/2026 14:00");
    first["ends_at"] = json!("");
    let send = |body: Value, tag: String| {
        let (app, uri, token) = (&app, uri.clone(), token.clone());
        async move {
            let headers = [("if-match", tag.as_str())];
            app.api_raw("PUT", &uri, Some(&token), &headers, &body.to_string())
                .await
        }
    };
    let changed = send(first, tag.clone()).await;
    assert_eq!(changed.status, StatusCode::OK, "{}", changed.body);
    assert_eq!(changed.json()["starts_at"], "2026-12-16T07:00:00Z");
    let stale = send(meeting("Họp A, ghi đè", &[]), tag).await;
    assert_eq!(stale.status, StatusCode::PRECONDITION_FAILED);
    assert_eq!(app.get(&uri).await.json()["title"], "Họp A, đổi giờ");
}

#[tokio::test]
async fn the_forms_rules_answer_through_the_api_with_their_messages() {
    let app = spawn_app().await;
    let token = api_token(&app, "pcg.quantri").await;
    let mut bad = meeting("", &[]);
    bad["kind"] = json!("party");
    bad["starts_at"] = json!("chiều mai");
    let refused = app
        .api(
            "POST",
            &format!("{WARD}/api/v1/meetings"),
            Some(&token),
            bad,
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    let json = refused.json();
    let fields: Vec<&str> = json["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["field"].as_str().unwrap())
        .collect();
    for field in ["title", "kind", "starts_at"] {
        assert!(fields.contains(&field), "{field} in {fields:?}");
    }
    assert!(json["fields"]
        .as_array()
        .unwrap()
        .iter()
        .any(|f| f["message"] == "Tên hội nghị không được để trống"));
}

#[tokio::test]
async fn each_role_prepares_meetings_as_it_may_and_another_wards_people_are_refused() {
    let app = spawn_app().await;
    let uri = format!("{WARD}/api/v1/meetings");
    for (account, allowed) in [
        ("pcg.quantri", true),
        ("pcg.cv.ubnd", true),
        ("pcg.ct.hdnd", true),
        ("pcg.doc", false),
        ("nd.quantri", false),
    ] {
        let token = api_token(&app, account).await;
        let made = app
            .api(
                "POST",
                &uri,
                Some(&token),
                meeting(&format!("Họp của {account}"), &[]),
            )
            .await;
        assert_eq!(
            made.status == StatusCode::CREATED,
            allowed,
            "{account}: {}",
            made.body
        );
        if !allowed {
            assert_eq!(made.status, StatusCode::FORBIDDEN, "{account}");
        }
    }
    assert_eq!(
        app.api("POST", &uri, None, meeting("Ẩn danh", &[]))
            .await
            .status,
        StatusCode::UNAUTHORIZED
    );

    // A person of the other ward named among the attendees, as chair or as secretary: refused
    // beside the field, nothing written.
    let token = api_token(&app, "pcg.quantri").await;
    let stranger = holder(&app, OTHER_WARD).await;
    let before = app.get(&uri).await.json()["total"].clone();
    for field in ["attendee_ids", "chair_id", "secretary_id"] {
        let mut body = meeting("Họp có người phường khác", &[]);
        body[field] = if field == "attendee_ids" {
            json!([stranger])
        } else {
            json!(stranger)
        };
        let refused = app.api("POST", &uri, Some(&token), body).await;
        assert_eq!(
            refused.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{field}: {}",
            refused.body
        );
        assert_eq!(refused.json()["fields"][0]["field"], field);
    }
    assert_eq!(app.get(&uri).await.json()["total"], before);

    // The other ward's meeting cannot be changed through this ward's address, nor read there.
    let other = api_token(&app, "nd.quantri").await;
    let theirs = app
        .api(
            "POST",
            &format!("{OTHER_WARD}/api/v1/meetings"),
            Some(&other),
            meeting("Họp Nghĩa Đô", &[]),
        )
        .await;
    assert_eq!(theirs.status, StatusCode::CREATED, "{}", theirs.body);
    let id = theirs.json()["id"].clone();
    let through_ward = app
        .api(
            "PUT",
            &format!("{WARD}/api/v1/meetings/{id}"),
            Some(&token),
            meeting("Chiếm", &[]),
        )
        .await;
    assert_eq!(through_ward.status, StatusCode::NOT_FOUND);
    assert_eq!(
        app.get(&format!("{WARD}/api/v1/meetings/{id}"))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.get(&format!("{OTHER_WARD}/api/v1/meetings/{id}"))
            .await
            .json()["title"],
        "Họp Nghĩa Đô"
    );
}
