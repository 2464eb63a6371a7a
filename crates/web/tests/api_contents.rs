//! A programme's contents through the API: an item added, changed and its progress noted, by
//! every role and across wards, with the form's rules and messages.

mod common;

use axum::http::StatusCode;
use common::{api_token, spawn_app, TestApp};
use serde_json::{json, Value};

const WARD: &str = "/dv/phuong-cau-giay";
const OTHER_WARD: &str = "/dv/phuong-nghia-do";

/// A ward's body of a kind, by its id.
async fn body(app: &TestApp, ward: &str, kind: &str) -> i64 {
    let bodies = app.get(&format!("{ward}/api/v1/bodies")).await.json();
    bodies["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|b| b["kind"] == kind)
        .and_then(|b| b["id"].as_i64())
        .expect("the body")
}

fn item(content: &str, lead: i64, partners: &[i64]) -> Value {
    json!({
        "content": content,
        "lead_body_id": lead,
        "partner_body_ids": partners,
        "starts_on": "2026-03-01",
        "ends_on": "2026-11-30",
        "status": "in_progress"
    })
}

#[tokio::test]
async fn the_lead_bodys_chuyen_vien_adds_an_item_and_notes_its_progress() {
    let app = spawn_app().await;
    let committee = body(&app, WARD, "peoples_committee").await;
    let council = body(&app, WARD, "peoples_council").await;
    let token = api_token(&app, "pcg.cv.ubnd").await;
    let made = app
        .api(
            "POST",
            &format!("{WARD}/api/v1/programmes/2026/items"),
            Some(&token),
            item(
                "Phối hợp chuyển đổi số trong giải quyết thủ tục hành chính",
                committee,
                &[council],
            ),
        )
        .await;
    assert_eq!(made.status, StatusCode::CREATED, "{}", made.body);
    let json = made.json();
    assert_eq!(json["lead_body_id"], committee);
    assert_eq!(json["partner_body_ids"], json!([council]));
    assert_eq!(json["status"], "in_progress");
    let location = made.headers["location"].to_str().unwrap().to_string();
    assert_eq!(location, format!("{WARD}/api/v1/items/{}", json["id"]));

    let noted = app
        .api(
            "POST",
            &format!("{location}/progress"),
            Some(&token),
            json!({"on": "2026-06-30", "text": "Đã số hóa 80% hồ sơ."}),
        )
        .await;
    assert_eq!(noted.status, StatusCode::OK, "{}", noted.body);
    assert_eq!(noted.json()["notes"][0]["text"], "Đã số hóa 80% hồ sơ.");
    assert_ne!(noted.headers["etag"], made.headers["etag"]);

    // An item on its own is the staff's: the public reads the programme's signed version, and
    // the item does not exist for it.
    assert_eq!(app.get(&location).await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn an_item_changed_on_a_stale_read_is_refused_and_kept() {
    let app = spawn_app().await;
    let committee = body(&app, WARD, "peoples_committee").await;
    let token = api_token(&app, "pcg.quantri").await;
    let made = app
        .api(
            "POST",
            &format!("{WARD}/api/v1/programmes/2026/items"),
            Some(&token),
            item("Nội dung A", committee, &[]),
        )
        .await;
    let uri = made.headers["location"].to_str().unwrap().to_string();
    let tag = made.headers["etag"].to_str().unwrap().to_string();
    let mut done = item("Nội dung A", committee, &[]);
    done["status"] = json!("done");
    let changed = app
        .api_raw(
            "PUT",
            &uri,
            Some(&token),
            &[("if-match", &tag)],
            &done.to_string(),
        )
        .await;
    assert_eq!(changed.status, StatusCode::OK, "{}", changed.body);
    let stale = app
        .api_raw(
            "PUT",
            &uri,
            Some(&token),
            &[("if-match", &tag)],
            &item("Nội dung ghi đè", committee, &[]).to_string(),
        )
        .await;
    assert_eq!(stale.status, StatusCode::PRECONDITION_FAILED);
    let now = app.api_raw("GET", &uri, Some(&token), &[], "").await.json();
    assert_eq!(now["content"], "Nội dung A");
    assert_eq!(now["status"], "done");
}

#[tokio::test]
async fn each_role_adds_items_as_it_may_and_another_wards_bodies_and_items_are_refused() {
    let app = spawn_app().await;
    let committee = body(&app, WARD, "peoples_committee").await;
    let uri = format!("{WARD}/api/v1/programmes/2026/items");
    for (account, status) in [
        ("pcg.quantri", StatusCode::CREATED),
        ("pcg.cv.ubnd", StatusCode::CREATED),
        // Another body's chuyên viên leads nothing of the committee's.
        ("pcg.cv.hdnd", StatusCode::FORBIDDEN),
        ("pcg.doc", StatusCode::FORBIDDEN),
        ("nd.quantri", StatusCode::FORBIDDEN),
    ] {
        let token = api_token(&app, account).await;
        let made = app
            .api(
                "POST",
                &uri,
                Some(&token),
                item(&format!("Nội dung của {account}"), committee, &[]),
            )
            .await;
        assert_eq!(made.status, status, "{account}: {}", made.body);
    }
    assert_eq!(
        app.api("POST", &uri, None, item("Ẩn danh", committee, &[]))
            .await
            .status,
        StatusCode::UNAUTHORIZED
    );

    // The other ward's body as lead or partner: refused beside the field, nothing written.
    let admin = api_token(&app, "pcg.quantri").await;
    let theirs = body(&app, OTHER_WARD, "peoples_committee").await;
    let lead = app
        .api(
            "POST",
            &uri,
            Some(&admin),
            item("Nội dung chéo", theirs, &[]),
        )
        .await;
    assert_eq!(
        lead.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        lead.body
    );
    assert_eq!(lead.json()["fields"][0]["field"], "lead_body_id");
    let partner = app
        .api(
            "POST",
            &uri,
            Some(&admin),
            item("Nội dung chéo", committee, &[theirs]),
        )
        .await;
    assert_eq!(
        partner.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        partner.body
    );
    assert_eq!(partner.json()["fields"][0]["field"], "partner_body_ids");

    // The form's own rules, with their messages.
    let mut bad = item("", committee, &[committee]);
    bad["ends_on"] = json!("2025-01-01");
    bad["status"] = json!("finished");
    let refused = app.api("POST", &uri, Some(&admin), bad).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    let messages: Vec<String> = refused.json()["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            format!(
                "{}: {}",
                f["field"].as_str().unwrap(),
                f["message"].as_str().unwrap()
            )
        })
        .collect();
    assert!(
        messages.contains(&"status: Hãy chọn trạng thái".to_string()),
        "{messages:?}"
    );

    // Another ward's item, named at this ward's address, is not found.
    let other = api_token(&app, "nd.quantri").await;
    let their_item = app
        .api(
            "POST",
            &format!("{OTHER_WARD}/api/v1/programmes/2026/items"),
            Some(&other),
            item("Nội dung Nghĩa Đô", theirs, &[]),
        )
        .await;
    assert_eq!(
        their_item.status,
        StatusCode::CREATED,
        "{}",
        their_item.body
    );
    let id = their_item.json()["id"].clone();
    let through_ward = app
        .api(
            "PUT",
            &format!("{WARD}/api/v1/items/{id}"),
            Some(&admin),
            item("Chiếm", committee, &[]),
        )
        .await;
    assert_eq!(through_ward.status, StatusCode::NOT_FOUND);
    let noted = app
        .api(
            "POST",
            &format!("{WARD}/api/v1/items/{id}/progress"),
            Some(&admin),
            json!({"text": "x"}),
        )
        .await;
    assert_eq!(noted.status, StatusCode::NOT_FOUND);
}
