//! Oversight through the API: activities recorded and changed by the body that conducts them,
//! recommendations added to them and answered by the body they are addressed to — by every role
//! and across wards, with the workspace's rules and messages, `ETag`, `If-Match` and
//! `Idempotency-Key`.

mod common;

use axum::http::StatusCode;
use common::{api_token, spawn_app, Page, TestApp};
use serde_json::{json, Value};

const WARD: &str = "/dv/phuong-cau-giay";
const OTHER_WARD: &str = "/dv/phuong-nghia-do";

/// A request to the API with a token and extra headers; a null body sends none.
async fn call(
    app: &TestApp,
    method: &str,
    uri: &str,
    token: Option<&str>,
    headers: &[(&str, &str)],
    body: &Value,
) -> Page {
    let body = if body.is_null() {
        String::new()
    } else {
        body.to_string()
    };
    app.api_raw(method, uri, token, headers, &body).await
}

fn etag(page: &Page) -> String {
    let tag = page.header("etag");
    assert!(!tag.is_empty(), "an ETag: {}", page.body);
    tag
}

/// The fields a refusal names.
fn fields(page: &Page) -> Vec<String> {
    page.json()["fields"]
        .as_array()
        .map(|f| {
            f.iter()
                .map(|f| f["field"].as_str().unwrap().to_string())
                .collect()
        })
        .unwrap_or_default()
}

/// The id of a ward's body of a kind, as the ward's bodies are listed in the API.
async fn body_id(app: &TestApp, ward: &str, kind: &str) -> i64 {
    let json = app
        .get(&format!("{ward}/api/v1/bodies?per_page=100"))
        .await
        .json();
    json["items"]
        .as_array()
        .expect("a page of bodies")
        .iter()
        .find(|b| b["kind"] == kind)
        .and_then(|b| b["id"].as_i64())
        .unwrap_or_else(|| panic!("{ward} has no body of kind {kind}"))
}

/// The first content of a ward's 2026 programme, as its staff read it (a draft is theirs alone).
async fn first_item(app: &TestApp, ward: &str, token: &str) -> i64 {
    let page = call(
        app,
        "GET",
        &format!("{ward}/api/v1/programmes/2026"),
        Some(token),
        &[],
        &Value::Null,
    )
    .await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    page.json()["items"][0]["id"]
        .as_i64()
        .expect("a content of the programme")
}

/// How many records a list of the ward has, as the token's holder sees it.
async fn total(app: &TestApp, list: &str, token: &str) -> i64 {
    let page = call(
        app,
        "GET",
        &format!("{WARD}/api/v1/{list}"),
        Some(token),
        &[],
        &Value::Null,
    )
    .await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    page.json()["total"].as_i64().unwrap()
}

fn activity(title: &str, conducted_by: i64, subject: i64) -> Value {
    json!({
        "kind": "thematic_supervision",
        "title": title,
        "conducted_by": conducted_by,
        "subject_body_ids": [subject],
        "starts_on": "01/09/2026",
        "ends_on": "2026-09-30",
        "team": ["Nguyễn Văn An – Trưởng đoàn", "Trần Thị Bình"],
        "documents": [
            "Kế hoạch giám sát | https://example.vn/ke-hoach.pdf",
            "Báo cáo kết quả giám sát"
        ],
        "findings": "Thời gian giải quyết hồ sơ còn chậm.",
        "public": true
    })
}

fn recommendation(content: &str, responsible: i64) -> Value {
    json!({
        "content": content,
        "responsible_body_id": responsible,
        "deadline": "31/12/2030"
    })
}

/// An activity of the ward's People's Council on its People's Committee, recorded by `account`:
/// its id.
async fn recorded(app: &TestApp, account: &str, title: &str) -> i64 {
    let council = body_id(app, WARD, "peoples_council").await;
    let committee = body_id(app, WARD, "peoples_committee").await;
    let token = api_token(app, account).await;
    let made = app
        .api(
            "POST",
            &format!("{WARD}/api/v1/oversight"),
            Some(&token),
            activity(title, council, committee),
        )
        .await;
    assert_eq!(made.status, StatusCode::CREATED, "{}", made.body);
    made.json()["id"].as_i64().unwrap()
}

#[tokio::test]
async fn an_activity_recorded_by_the_conducting_bodys_editor_is_read_back_with_its_etag() {
    let app = spawn_app().await;
    let token = api_token(&app, "pcg.cv.hdnd").await;
    let council = body_id(&app, WARD, "peoples_council").await;
    let committee = body_id(&app, WARD, "peoples_committee").await;
    let item = first_item(&app, WARD, &token).await;
    let mut body = activity("Giám sát cải cách hành chính năm 2026", council, committee);
    body["item_ids"] = json!([item]);
    let made = app
        .api(
            "POST",
            &format!("{WARD}/api/v1/oversight"),
            Some(&token),
            body,
        )
        .await;
    assert_eq!(made.status, StatusCode::CREATED, "{}", made.body);
    let json = made.json();
    let id = json["id"].as_i64().unwrap();
    assert_eq!(
        made.header("location"),
        format!("{WARD}/api/v1/oversight/{id}")
    );
    assert_eq!(json["kind"], "thematic_supervision");
    assert_eq!(json["conducted_by"], council);
    assert_eq!(json["subject_body_ids"], json!([committee]));
    assert_eq!(json["item_ids"], json!([item]));
    assert_eq!(json["starts_on"], "2026-09-01");
    assert_eq!(json["ends_on"], "2026-09-30");
    // The lists are read by the form's rules: a member without a role is a "Thành viên", a
    // document without an address a title alone.
    assert_eq!(
        json["team"],
        json!([
            {"name": "Nguyễn Văn An", "role": "Trưởng đoàn"},
            {"name": "Trần Thị Bình", "role": "Thành viên"}
        ])
    );
    assert_eq!(
        json["documents"],
        json!([
            {"title": "Kế hoạch giám sát", "url": "https://example.vn/ke-hoach.pdf"},
            {"title": "Báo cáo kết quả giám sát", "url": null}
        ])
    );
    let tag = etag(&made);

    // Anyone reads a public activity, at the version its creation answered, and finds it listed.
    let read = app.get(&format!("{WARD}/api/v1/oversight/{id}")).await;
    assert_eq!(read.status, StatusCode::OK, "{}", read.body);
    assert_eq!(etag(&read), tag);
    assert_eq!(
        read.json()["title"],
        "Giám sát cải cách hành chính năm 2026"
    );
    let list = app
        .get(&format!("{WARD}/api/v1/oversight?per_page=100"))
        .await
        .json();
    assert!(list["items"]
        .as_array()
        .unwrap()
        .iter()
        .any(|o| o["id"] == id));
}

#[tokio::test]
async fn only_the_conducting_bodys_staff_record_and_change_its_activity() {
    let app = spawn_app().await;
    let uri = format!("{WARD}/api/v1/oversight");
    let council = body_id(&app, WARD, "peoples_council").await;
    let committee = body_id(&app, WARD, "peoples_committee").await;
    let admin = api_token(&app, "pcg.quantri").await;
    let before = total(&app, "oversight", &admin).await;
    for account in ["pcg.cv.ubnd", "pcg.cv.mttq", "pcg.doc"] {
        let token = api_token(&app, account).await;
        let refused = app
            .api(
                "POST",
                &uri,
                Some(&token),
                activity(
                    &format!("Giám sát ghi thay HĐND bởi {account}"),
                    council,
                    committee,
                ),
            )
            .await;
        assert_eq!(
            refused.status,
            StatusCode::FORBIDDEN,
            "{account}: {}",
            refused.body
        );
        assert_eq!(refused.json()["status"], 403);
    }
    let anonymous = app
        .api("POST", &uri, None, activity("Ẩn danh", council, committee))
        .await;
    assert_eq!(anonymous.status, StatusCode::UNAUTHORIZED);
    assert_eq!(total(&app, "oversight", &admin).await, before);

    // The council's head and the ward's administrator may; the committee's editor still may not
    // change what the council recorded.
    for account in ["pcg.ct.hdnd", "pcg.quantri"] {
        recorded(&app, account, &format!("Giám sát của {account}")).await;
    }
    assert_eq!(total(&app, "oversight", &admin).await, before + 2);
    let id = recorded(&app, "pcg.cv.hdnd", "Giám sát của HĐND phường").await;
    let ubnd = api_token(&app, "pcg.cv.ubnd").await;
    let changed = app
        .api(
            "PUT",
            &format!("{uri}/{id}"),
            Some(&ubnd),
            activity("Đã bị sửa", council, committee),
        )
        .await;
    assert_eq!(changed.status, StatusCode::FORBIDDEN, "{}", changed.body);
    assert_eq!(
        app.get(&format!("{uri}/{id}")).await.json()["title"],
        "Giám sát của HĐND phường"
    );
}

#[tokio::test]
async fn the_forms_rules_answer_through_the_api_with_their_messages() {
    let app = spawn_app().await;
    let token = api_token(&app, "pcg.quantri").await;
    let council = body_id(&app, WARD, "peoples_council").await;
    let committee = body_id(&app, WARD, "peoples_committee").await;
    let mut bad = activity("", council, committee);
    bad["kind"] = json!("front_supervision");
    bad["starts_on"] = json!("31/02/2026");
    let refused = app
        .api(
            "POST",
            &format!("{WARD}/api/v1/oversight"),
            Some(&token),
            bad,
        )
        .await;
    assert_eq!(
        refused.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        refused.body
    );
    let named = fields(&refused);
    for field in ["title", "conducted_by", "starts_on"] {
        assert!(named.iter().any(|f| f == field), "{field} in {named:?}");
    }
    let messages = refused.json()["fields"].clone();
    for message in [
        "Tên hoạt động không được để trống",
        "Giám sát của Mặt trận Tổ quốc do Ủy ban MTTQ Việt Nam tiến hành",
    ] {
        assert!(
            messages
                .as_array()
                .unwrap()
                .iter()
                .any(|f| f["message"] == message),
            "{message} in {messages}"
        );
    }

    // A recommendation needs its content and a real deadline, as on the activity's page.
    let id = recorded(&app, "pcg.quantri", "Giám sát có kiến nghị").await;
    let refused = app
        .api(
            "POST",
            &format!("{WARD}/api/v1/oversight/{id}/recommendations"),
            Some(&token),
            json!({"content": " ", "responsible_body_id": committee, "deadline": "30/02/2027"}),
        )
        .await;
    assert_eq!(
        refused.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        refused.body
    );
    let named = fields(&refused);
    for field in ["content", "deadline"] {
        assert!(named.iter().any(|f| f == field), "{field} in {named:?}");
    }
}

#[tokio::test]
async fn another_wards_ids_in_the_body_are_refused_naming_the_field_and_nothing_is_written() {
    let app = spawn_app().await;
    let token = api_token(&app, "pcg.quantri").await;
    let theirs = api_token(&app, "nd.quantri").await;
    let council = body_id(&app, WARD, "peoples_council").await;
    let committee = body_id(&app, WARD, "peoples_committee").await;
    let their_council = body_id(&app, OTHER_WARD, "peoples_council").await;
    let their_committee = body_id(&app, OTHER_WARD, "peoples_committee").await;
    let their_item = first_item(&app, OTHER_WARD, &theirs).await;
    let uri = format!("{WARD}/api/v1/oversight");
    let before = total(&app, "oversight", &token).await;
    for (field, value) in [
        ("subject_body_ids", json!([committee, their_committee])),
        ("item_ids", json!([their_item])),
        ("conducted_by", json!(their_council)),
    ] {
        let mut body = activity("Giám sát có mã của phường khác", council, committee);
        body[field] = value;
        let refused = app.api("POST", &uri, Some(&token), body).await;
        assert_eq!(
            refused.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{field}: {}",
            refused.body
        );
        assert_eq!(fields(&refused), [field], "{}", refused.body);
    }
    assert_eq!(total(&app, "oversight", &token).await, before);

    // A recommendation addressed to the other ward's body, likewise.
    let id = recorded(&app, "pcg.quantri", "Giám sát của phường").await;
    let recs = total(&app, "recommendations", &token).await;
    let refused = app
        .api(
            "POST",
            &format!("{uri}/{id}/recommendations"),
            Some(&token),
            recommendation("Kiến nghị gửi nhầm phường", their_committee),
        )
        .await;
    assert_eq!(
        refused.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        refused.body
    );
    assert_eq!(fields(&refused), ["responsible_body_id"]);
    assert_eq!(total(&app, "recommendations", &token).await, recs);
}

#[tokio::test]
async fn another_wards_activity_and_recommendation_are_not_found_through_this_wards_address() {
    let app = spawn_app().await;
    let other = api_token(&app, "nd.quantri").await;
    let their_council = body_id(&app, OTHER_WARD, "peoples_council").await;
    let their_committee = body_id(&app, OTHER_WARD, "peoples_committee").await;
    let made = app
        .api(
            "POST",
            &format!("{OTHER_WARD}/api/v1/oversight"),
            Some(&other),
            activity(
                "Giám sát của phường Nghĩa Đô",
                their_council,
                their_committee,
            ),
        )
        .await;
    assert_eq!(made.status, StatusCode::CREATED, "{}", made.body);
    let id = made.json()["id"].as_i64().unwrap();
    let rec = app
        .api(
            "POST",
            &format!("{OTHER_WARD}/api/v1/oversight/{id}/recommendations"),
            Some(&other),
            recommendation("Kiến nghị của phường Nghĩa Đô", their_committee),
        )
        .await;
    assert_eq!(rec.status, StatusCode::CREATED, "{}", rec.body);
    let rec_id = rec.json()["id"].as_i64().unwrap();

    let token = api_token(&app, "pcg.quantri").await;
    let council = body_id(&app, WARD, "peoples_council").await;
    let committee = body_id(&app, WARD, "peoples_committee").await;
    let answers = [
        app.get(&format!("{WARD}/api/v1/oversight/{id}")).await,
        call(
            &app,
            "GET",
            &format!("{WARD}/api/v1/oversight/{id}"),
            Some(&token),
            &[],
            &Value::Null,
        )
        .await,
        app.api(
            "PUT",
            &format!("{WARD}/api/v1/oversight/{id}"),
            Some(&token),
            activity("Chiếm", council, committee),
        )
        .await,
        app.api(
            "POST",
            &format!("{WARD}/api/v1/oversight/{id}/recommendations"),
            Some(&token),
            recommendation("Chen vào", committee),
        )
        .await,
        app.get(&format!("{WARD}/api/v1/recommendations/{rec_id}"))
            .await,
        app.api(
            "PUT",
            &format!("{WARD}/api/v1/recommendations/{rec_id}"),
            Some(&token),
            recommendation("Chiếm", committee),
        )
        .await,
        app.api(
            "POST",
            &format!("{WARD}/api/v1/recommendations/{rec_id}/responses"),
            Some(&token),
            json!({"text": "Trả lời thay"}),
        )
        .await,
    ];
    for (i, answer) in answers.iter().enumerate() {
        assert_eq!(
            answer.status,
            StatusCode::NOT_FOUND,
            "#{i}: {}",
            answer.body
        );
    }
    let there = app
        .get(&format!("{OTHER_WARD}/api/v1/oversight/{id}"))
        .await
        .json();
    assert_eq!(there["title"], "Giám sát của phường Nghĩa Đô");
    let there = app
        .get(&format!("{OTHER_WARD}/api/v1/recommendations/{rec_id}"))
        .await
        .json();
    assert_eq!(there["content"], "Kiến nghị của phường Nghĩa Đô");
    assert_eq!(there["responses"], json!([]));
}

#[tokio::test]
async fn an_activity_changed_on_a_stale_read_answers_412_and_changes_nothing() {
    let app = spawn_app().await;
    let token = api_token(&app, "pcg.cv.hdnd").await;
    let council = body_id(&app, WARD, "peoples_council").await;
    let committee = body_id(&app, WARD, "peoples_committee").await;
    let id = recorded(&app, "pcg.cv.hdnd", "Giám sát A").await;
    let uri = format!("{WARD}/api/v1/oversight/{id}");
    let first_tag = etag(&app.get(&uri).await);

    let first = call(
        &app,
        "PUT",
        &uri,
        Some(&token),
        &[("if-match", &first_tag)],
        &activity("Giám sát A, đổi lịch", council, committee),
    )
    .await;
    assert_eq!(first.status, StatusCode::OK, "{}", first.body);
    let second_tag = etag(&first);
    assert_ne!(first_tag, second_tag);
    assert_eq!(etag(&app.get(&uri).await), second_tag);

    let stale = call(
        &app,
        "PUT",
        &uri,
        Some(&token),
        &[("if-match", &first_tag)],
        &activity("Giám sát A, ghi đè", council, committee),
    )
    .await;
    assert_eq!(
        stale.status,
        StatusCode::PRECONDITION_FAILED,
        "{}",
        stale.body
    );
    assert_eq!(stale.json()["status"], 412);
    let now = app.get(&uri).await;
    assert_eq!(now.json()["title"], "Giám sát A, đổi lịch");
    assert_eq!(etag(&now), second_tag);

    let fresh = call(
        &app,
        "PUT",
        &uri,
        Some(&token),
        &[("if-match", &second_tag)],
        &activity("Giám sát A, ghi đè", council, committee),
    )
    .await;
    assert_eq!(fresh.status, StatusCode::OK, "{}", fresh.body);
    assert_eq!(fresh.json()["title"], "Giám sát A, ghi đè");
}

#[tokio::test]
async fn the_same_idempotency_key_twice_makes_one_activity_and_one_recommendation() {
    let app = spawn_app().await;
    let token = api_token(&app, "pcg.cv.hdnd").await;
    let council = body_id(&app, WARD, "peoples_council").await;
    let committee = body_id(&app, WARD, "peoples_committee").await;
    let before = total(&app, "oversight", &token).await;
    let uri = format!("{WARD}/api/v1/oversight");
    let body = activity("Giám sát gửi lại sau khi mất kết nối", council, committee);
    let key = [("idempotency-key", "giam-sat-2026-09-cai-cach-hanh-chinh")];
    let first = call(&app, "POST", &uri, Some(&token), &key, &body).await;
    assert_eq!(first.status, StatusCode::CREATED, "{}", first.body);
    let again = call(&app, "POST", &uri, Some(&token), &key, &body).await;
    assert_eq!(again.status, StatusCode::CREATED, "{}", again.body);
    assert_eq!(first.json()["id"], again.json()["id"]);
    assert_eq!(first.header("location"), again.header("location"));
    assert_eq!(total(&app, "oversight", &token).await, before + 1);

    let id = first.json()["id"].as_i64().unwrap();
    let recs = total(&app, "recommendations", &token).await;
    let rec_uri = format!("{uri}/{id}/recommendations");
    let body = recommendation("Công khai tiến độ giải quyết hồ sơ", committee);
    let key = [("idempotency-key", "kien-nghi-cong-khai-tien-do")];
    let first = call(&app, "POST", &rec_uri, Some(&token), &key, &body).await;
    assert_eq!(first.status, StatusCode::CREATED, "{}", first.body);
    let again = call(&app, "POST", &rec_uri, Some(&token), &key, &body).await;
    assert_eq!(again.status, StatusCode::CREATED, "{}", again.body);
    assert_eq!(first.json()["id"], again.json()["id"]);
    assert_eq!(total(&app, "recommendations", &token).await, recs + 1);
}

#[tokio::test]
async fn a_response_recorded_by_the_responsible_body_moves_the_recommendation_on() {
    let app = spawn_app().await;
    let hdnd = api_token(&app, "pcg.cv.hdnd").await;
    let ubnd = api_token(&app, "pcg.cv.ubnd").await;
    let council = body_id(&app, WARD, "peoples_council").await;
    let committee = body_id(&app, WARD, "peoples_committee").await;
    let id = recorded(
        &app,
        "pcg.cv.hdnd",
        "Giám sát việc giải quyết hồ sơ đất đai",
    )
    .await;
    let made = app
        .api(
            "POST",
            &format!("{WARD}/api/v1/oversight/{id}/recommendations"),
            Some(&hdnd),
            recommendation("Rút ngắn thời gian giải quyết hồ sơ đất đai", committee),
        )
        .await;
    assert_eq!(made.status, StatusCode::CREATED, "{}", made.body);
    let json = made.json();
    let rec_id = json["id"].as_i64().unwrap();
    assert_eq!(
        made.header("location"),
        format!("{WARD}/api/v1/recommendations/{rec_id}")
    );
    assert_eq!(json["oversight_id"], id);
    assert_eq!(json["responsible_body_id"], committee);
    assert_eq!(json["deadline"], "2030-12-31");
    assert_eq!(json["status"], "open");
    assert_eq!(json["follow_up"], "open");
    assert_eq!(json["responses"], json!([]));
    // Public as its activity, since the body did not say.
    assert_eq!(json["public"], true);
    let read_tag = etag(&made);
    let uri = format!("{WARD}/api/v1/recommendations/{rec_id}");
    let responses = format!("{uri}/responses");

    // The body that conducted the oversight does not answer for the body it examined, and the
    // answer is not signed with another body's name.
    let by_council = app
        .api(
            "POST",
            &responses,
            Some(&hdnd),
            json!({"text": "HĐND trả lời thay"}),
        )
        .await;
    assert_eq!(
        by_council.status,
        StatusCode::FORBIDDEN,
        "{}",
        by_council.body
    );
    let signed_as_council = app
        .api(
            "POST",
            &responses,
            Some(&ubnd),
            json!({"from_body_id": council, "text": "Trả lời dưới tên HĐND"}),
        )
        .await;
    assert_eq!(
        signed_as_council.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        signed_as_council.body
    );
    assert_eq!(fields(&signed_as_council), ["from_body_id"]);
    assert_eq!(app.get(&uri).await.json()["responses"], json!([]));

    let answered = app
        .api(
            "POST",
            &responses,
            Some(&ubnd),
            json!({
                "from_body_id": committee,
                "text": "UBND phường đang rà soát quy trình tại Bộ phận một cửa."
            }),
        )
        .await;
    assert_eq!(answered.status, StatusCode::OK, "{}", answered.body);
    let json = answered.json();
    assert_eq!(json["status"], "in_progress");
    assert_eq!(json["responses"][0]["from_body_id"], committee);
    assert_eq!(json["responses"][0]["closes"], false);
    assert!(json["responses"][0]["on"].is_string());
    assert_ne!(etag(&answered), read_tag);

    // Answered since it was read: a change made on that read is stale.
    let stale = call(
        &app,
        "PUT",
        &uri,
        Some(&hdnd),
        &[("if-match", &read_tag)],
        &recommendation("Nội dung ghi đè", committee),
    )
    .await;
    assert_eq!(
        stale.status,
        StatusCode::PRECONDITION_FAILED,
        "{}",
        stale.body
    );

    let closed = app
        .api(
            "POST",
            &responses,
            Some(&ubnd),
            json!({
                "on": "15/06/2026",
                "from_body_id": committee,
                "text": "Đã công khai tiến độ giải quyết hồ sơ.",
                "closes": true
            }),
        )
        .await;
    assert_eq!(closed.status, StatusCode::OK, "{}", closed.body);

    // Anyone reads where it stands, with its answers.
    let public = app.get(&uri).await;
    assert_eq!(public.status, StatusCode::OK, "{}", public.body);
    let json = public.json();
    assert_eq!(json["status"], "done");
    assert_eq!(json["follow_up"], "done");
    assert_eq!(
        json["content"],
        "Rút ngắn thời gian giải quyết hồ sơ đất đai"
    );
    assert_eq!(json["responses"].as_array().unwrap().len(), 2);
    assert!(json["responses"]
        .as_array()
        .unwrap()
        .iter()
        .any(|r| r["on"] == "2026-06-15" && r["closes"] == true));
}

#[tokio::test]
async fn a_public_recommendation_of_a_private_activity_is_read_without_naming_it() {
    let app = spawn_app().await;
    let token = api_token(&app, "pcg.cv.hdnd").await;
    let council = body_id(&app, WARD, "peoples_council").await;
    let committee = body_id(&app, WARD, "peoples_committee").await;
    let mut body = activity("Giám sát nội bộ", council, committee);
    body["public"] = json!(false);
    let made = app
        .api(
            "POST",
            &format!("{WARD}/api/v1/oversight"),
            Some(&token),
            body,
        )
        .await;
    assert_eq!(made.status, StatusCode::CREATED, "{}", made.body);
    let id = made.json()["id"].as_i64().unwrap();
    assert_eq!(
        app.get(&format!("{WARD}/api/v1/oversight/{id}"))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    let recs = format!("{WARD}/api/v1/oversight/{id}/recommendations");

    // Said nothing of: as private as its activity.
    let quiet = app
        .api(
            "POST",
            &recs,
            Some(&token),
            recommendation("Kiến nghị nội bộ", committee),
        )
        .await;
    assert_eq!(quiet.status, StatusCode::CREATED, "{}", quiet.body);
    assert_eq!(quiet.json()["public"], false);
    let quiet_id = quiet.json()["id"].as_i64().unwrap();
    assert_eq!(
        app.get(&format!("{WARD}/api/v1/recommendations/{quiet_id}"))
            .await
            .status,
        StatusCode::NOT_FOUND
    );

    // Made public: read by anyone, without its activity; the staff see which.
    let mut body = recommendation("Công khai kết quả xử lý", committee);
    body["public"] = json!(true);
    let open = app.api("POST", &recs, Some(&token), body).await;
    assert_eq!(open.status, StatusCode::CREATED, "{}", open.body);
    let open_id = open.json()["id"].as_i64().unwrap();
    let uri = format!("{WARD}/api/v1/recommendations/{open_id}");
    let public = app.get(&uri).await;
    assert_eq!(public.status, StatusCode::OK, "{}", public.body);
    assert_eq!(public.json()["oversight_id"], Value::Null);
    let staff = call(&app, "GET", &uri, Some(&token), &[], &Value::Null).await;
    assert_eq!(staff.json()["oversight_id"], id);
    let list = app
        .get(&format!("{WARD}/api/v1/recommendations?per_page=100"))
        .await
        .json();
    let items = list["items"].as_array().unwrap();
    assert!(items
        .iter()
        .any(|r| r["id"] == open_id && r["oversight_id"].is_null()));
    assert!(items.iter().all(|r| r["id"] != quiet_id));
}

#[tokio::test]
async fn the_openapi_document_describes_the_oversight_routes_and_their_errors() {
    let app = spawn_app().await;
    let doc = app.get("/api/openapi.json").await.json();
    let paths = doc["paths"].as_object().unwrap();
    for path in [
        "/api/v1/oversight",
        "/api/v1/oversight/{id}",
        "/api/v1/oversight/{id}/recommendations",
        "/api/v1/recommendations",
        "/api/v1/recommendations/{id}",
        "/api/v1/recommendations/{id}/responses",
    ] {
        assert!(paths.contains_key(path), "{path} is not documented");
    }
    for (path, method, statuses) in [
        (
            "/api/v1/oversight",
            "post",
            &["201", "401", "403", "422"][..],
        ),
        (
            "/api/v1/oversight/{id}",
            "put",
            &["200", "403", "404", "412", "422"][..],
        ),
        (
            "/api/v1/oversight/{id}/recommendations",
            "post",
            &["201", "403", "404", "422"][..],
        ),
        (
            "/api/v1/recommendations/{id}",
            "put",
            &["200", "403", "404", "412", "422"][..],
        ),
        (
            "/api/v1/recommendations/{id}/responses",
            "post",
            &["200", "403", "404", "412", "422"][..],
        ),
    ] {
        let operation = &doc["paths"][path][method];
        assert!(
            operation["security"].is_array(),
            "{method} {path} takes a token"
        );
        for status in statuses {
            assert!(
                operation["responses"][*status].is_object(),
                "{method} {path} documents {status}"
            );
        }
    }
}
