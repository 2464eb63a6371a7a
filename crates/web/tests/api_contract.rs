//! The API as a program uses it: bodies refused in JSON with the field named, blank parameters
//! taken as absent, drafts answered as drafts, `ETag` and `If-Match` (412 when stale, nothing
//! written), `Idempotency-Key` (one record for a request sent twice), tokens limited to reading
//! or to some kinds and expiring, and the changes feed followed from a point, in order.

mod common;

use axum::http::StatusCode;
use common::{api_token, api_token_with, spawn_app, Page, TestApp};
use serde_json::{json, Value};

const WARD: &str = "/dv/phuong-cau-giay";
const OTHER_WARD: &str = "/dv/phuong-nghia-do";

fn etag(page: &Page) -> String {
    page.headers
        .get("etag")
        .expect("an ETag")
        .to_str()
        .unwrap()
        .to_string()
}

fn article(title: &str) -> Value {
    json!({"title": title, "body_html": "<p>Nội dung.</p>", "categories": []})
}

/// The ward's first target of 2026 reported by its people's committee.
async fn ward_target(app: &TestApp) -> Value {
    let json = app
        .get(&format!("{WARD}/api/v1/programmes/2026/targets"))
        .await
        .json();
    json["targets"][0].clone()
}

async fn total_articles(app: &TestApp, token: &str) -> i64 {
    app.api_raw(
        "GET",
        &format!("{WARD}/api/v1/articles"),
        Some(token),
        &[],
        "",
    )
    .await
    .json()["total"]
        .as_i64()
        .unwrap()
}

#[tokio::test]
async fn a_body_that_is_not_json_or_lacks_a_field_is_refused_in_json_naming_the_field() {
    let app = spawn_app().await;
    let token = api_token(&app, "pcg.quantri").await;
    let uri = format!("{WARD}/api/v1/articles");
    let broken = app
        .api_raw("POST", &uri, Some(&token), &[], "{\"title\": ")
        .await;
    assert_eq!(broken.status, StatusCode::BAD_REQUEST);
    assert!(broken.content_type.starts_with("application/json"));
    assert!(broken.json()["error"]
        .as_str()
        .unwrap()
        .contains("không phải JSON hợp lệ"));

    let missing = app
        .api_raw("POST", &uri, Some(&token), &[], "{\"title\": \"Tin\"}")
        .await;
    assert_eq!(missing.status, StatusCode::UNPROCESSABLE_ENTITY);
    let json = missing.json();
    assert_eq!(json["fields"][0]["field"], "body_html");
    assert_eq!(json["fields"][0]["message"], "Thiếu trường bắt buộc này");

    let wrong = app
        .api_raw(
            "POST",
            &uri,
            Some(&token),
            &[],
            &json!({"title": 5, "body_html": ""}).to_string(),
        )
        .await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(wrong.json()["fields"][0]["field"], "title");
    // The form's own rules answer the same way: an empty title is named.
    let empty = app
        .api_raw("POST", &uri, Some(&token), &[], &article("").to_string())
        .await;
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(empty.json()["fields"][0]["field"], "title");
}

#[tokio::test]
async fn blank_paging_and_day_parameters_are_taken_as_absent_and_every_list_is_paged_alike() {
    let app = spawn_app().await;
    for uri in [
        "/api/v1/articles?page=&per_page=",
        "/api/v1/bodies?on=&page=&per_page=",
        "/api/v1/programmes?page=&per_page=",
        "/api/v1/meetings?per_page=",
        "/api/v1/categories?page=",
    ] {
        let page = app.get(uri).await;
        assert_eq!(page.status, StatusCode::OK, "{uri}: {}", page.body);
        let json = page.json();
        assert_eq!(json["page"], 1, "{uri}");
        assert_eq!(json["per_page"], 20, "{uri}");
        assert!(json["total"].as_i64().unwrap() >= json["items"].as_array().unwrap().len() as i64);
    }
    let second = app.get("/api/v1/bodies?per_page=1&page=2").await.json();
    assert_eq!(second["items"].as_array().unwrap().len(), 1);
    assert!(second["total"].as_i64().unwrap() > 1);
}

#[tokio::test]
async fn an_article_written_without_a_time_is_answered_and_listed_as_a_draft() {
    let app = spawn_app().await;
    let token = api_token(&app, "pcg.quantri").await;
    let made = app
        .api(
            "POST",
            &format!("{WARD}/api/v1/articles"),
            Some(&token),
            article("Bản nháp từ API"),
        )
        .await;
    assert_eq!(made.status, StatusCode::CREATED, "{}", made.body);
    let json = made.json();
    assert_eq!(json["status"], "draft");
    assert_eq!(json["published_at"], Value::Null);
    let location = made.headers["location"].to_str().unwrap().to_string();
    assert_eq!(
        location,
        format!("{WARD}/api/v1/articles/{}", json["slug"].as_str().unwrap())
    );

    let list = app
        .api_raw(
            "GET",
            &format!("{WARD}/api/v1/articles"),
            Some(&token),
            &[],
            "",
        )
        .await;
    assert_eq!(list.status, StatusCode::OK, "{}", list.body);
    let first = &list.json()["items"][0];
    assert_eq!(first["title"], "Bản nháp từ API");
    assert_eq!(first["status"], "draft");
    // Nobody else sees it.
    let public = app.get(&format!("{WARD}/api/v1/articles")).await.json();
    assert!(public["items"]
        .as_array()
        .unwrap()
        .iter()
        .all(|a| a["title"] != "Bản nháp từ API"));
}

#[tokio::test]
async fn a_write_with_a_stale_if_match_answers_412_and_changes_nothing() {
    let app = spawn_app().await;
    let token = api_token(&app, "pcg.quantri").await;
    let target = ward_target(&app).await;
    let uri = format!("{WARD}/api/v1/targets/{}", target["id"]);
    let read = app.api_raw("GET", &uri, Some(&token), &[], "").await;
    assert_eq!(read.status, StatusCode::OK, "{}", read.body);
    let first_tag = etag(&read);

    // Another system changes the target with the tag it read…
    let first = app
        .api_raw(
            "PUT",
            &uri,
            Some(&token),
            &[("if-match", &first_tag)],
            r#"{"note": "Hệ thống A"}"#,
        )
        .await;
    assert_eq!(first.status, StatusCode::OK, "{}", first.body);
    let second_tag = etag(&first);
    assert_ne!(first_tag, second_tag);
    assert_eq!(
        etag(&app.api_raw("GET", &uri, Some(&token), &[], "").await),
        second_tag
    );

    // …so the second system's write, made on what it read before, is refused.
    let stale = app
        .api_raw(
            "PUT",
            &uri,
            Some(&token),
            &[("if-match", &first_tag)],
            r#"{"note": "Hệ thống B"}"#,
        )
        .await;
    assert_eq!(stale.status, StatusCode::PRECONDITION_FAILED);
    assert_eq!(stale.json()["status"], 412);
    let now = app.api_raw("GET", &uri, Some(&token), &[], "").await.json();
    assert_eq!(now["note"], "Hệ thống A");

    // With the fresh tag, or none, it goes through.
    let fresh = app
        .api_raw(
            "PUT",
            &uri,
            Some(&token),
            &[("if-match", &second_tag)],
            r#"{"note": "Hệ thống B"}"#,
        )
        .await;
    assert_eq!(fresh.status, StatusCode::OK, "{}", fresh.body);
    assert_eq!(fresh.json()["note"], "Hệ thống B");
    // A tag that is not ours matches nothing.
    let foreign = app
        .api_raw(
            "PUT",
            &uri,
            Some(&token),
            &[("if-match", "\"abc\"")],
            r#"{"note": "C"}"#,
        )
        .await;
    assert_eq!(foreign.status, StatusCode::PRECONDITION_FAILED);
}

#[tokio::test]
async fn an_article_changed_since_it_was_read_is_not_overwritten() {
    let app = spawn_app().await;
    let token = api_token(&app, "pcg.quantri").await;
    let made = app
        .api(
            "POST",
            &format!("{WARD}/api/v1/articles"),
            Some(&token),
            article("Tin A"),
        )
        .await;
    let tag = etag(&made);
    let uri = made.headers["location"].to_str().unwrap().to_string();
    assert_eq!(
        etag(&app.api_raw("GET", &uri, Some(&token), &[], "").await),
        tag
    );
    let changed = app
        .api_raw(
            "PUT",
            &uri,
            Some(&token),
            &[("if-match", &tag)],
            &article("Tin A sửa").to_string(),
        )
        .await;
    assert_eq!(changed.status, StatusCode::OK, "{}", changed.body);
    let stale = app
        .api_raw(
            "PUT",
            &uri,
            Some(&token),
            &[("if-match", &tag)],
            &article("Tin A ghi đè").to_string(),
        )
        .await;
    assert_eq!(stale.status, StatusCode::PRECONDITION_FAILED);
    assert_eq!(
        app.api_raw("GET", &uri, Some(&token), &[], "").await.json()["title"],
        "Tin A sửa"
    );
}

#[tokio::test]
async fn the_same_idempotency_key_twice_makes_one_record_and_with_another_request_is_refused() {
    let app = spawn_app().await;
    let token = api_token(&app, "pcg.quantri").await;
    let before = total_articles(&app, &token).await;
    let uri = format!("{WARD}/api/v1/articles");
    let body = article("Tin gửi lại sau khi mất kết nối").to_string();
    let key = [("idempotency-key", "5f0c7d0e-0b7e-4c2a-9a57-6b1f3c1d2e4f")];
    let first = app.api_raw("POST", &uri, Some(&token), &key, &body).await;
    assert_eq!(first.status, StatusCode::CREATED, "{}", first.body);
    let again = app.api_raw("POST", &uri, Some(&token), &key, &body).await;
    assert_eq!(again.status, StatusCode::CREATED, "{}", again.body);
    assert_eq!(first.json()["id"], again.json()["id"]);
    assert_eq!(first.json()["slug"], again.json()["slug"]);
    assert_eq!(total_articles(&app, &token).await, before + 1);

    let other = app
        .api_raw(
            "POST",
            &uri,
            Some(&token),
            &key,
            &article("Tin khác").to_string(),
        )
        .await;
    assert_eq!(other.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(other.json()["fields"][0]["field"], "Idempotency-Key");
    assert_eq!(total_articles(&app, &token).await, before + 1);

    // Without a key, the same request twice makes two: the client did not ask for less.
    app.api_raw("POST", &uri, Some(&token), &[], &body).await;
    app.api_raw("POST", &uri, Some(&token), &[], &body).await;
    assert_eq!(total_articles(&app, &token).await, before + 3);
}

#[tokio::test]
async fn a_target_added_twice_with_one_key_is_added_once() {
    let app = spawn_app().await;
    let token = api_token(&app, "pcg.quantri").await;
    let uri = format!("{WARD}/api/v1/programmes/2026/targets");
    let before = target_count(&app, &token).await;
    let body = json!({"name": "Số hộ dùng nước sạch", "measure": "%", "direction": "higher", "plan": "98"}).to_string();
    let key = [("idempotency-key", "chi-tieu-nuoc-sach-1")];
    let first = app.api_raw("POST", &uri, Some(&token), &key, &body).await;
    assert_eq!(first.status, StatusCode::CREATED, "{}", first.body);
    let again = app.api_raw("POST", &uri, Some(&token), &key, &body).await;
    assert_eq!(again.json()["id"], first.json()["id"]);
    assert_eq!(target_count(&app, &token).await, before + 1);
}

/// How many targets the ward's 2026 programme has, as its staff see it.
async fn target_count(app: &TestApp, token: &str) -> usize {
    let uri = format!("{WARD}/api/v1/programmes/2026/targets");
    app.api_raw("GET", &uri, Some(token), &[], "").await.json()["targets"]
        .as_array()
        .unwrap()
        .len()
}

#[tokio::test]
async fn a_read_only_token_reads_the_workspace_and_writes_nothing() {
    let app = spawn_app().await;
    let (_, token) = api_token_with(&app, "pcg.quantri", "read", &[], "30").await;
    let changes = app
        .api_raw(
            "GET",
            &format!("{WARD}/api/v1/changes"),
            Some(&token),
            &[],
            "",
        )
        .await;
    assert_eq!(changes.status, StatusCode::OK, "{}", changes.body);
    let refused = app
        .api(
            "POST",
            &format!("{WARD}/api/v1/articles"),
            Some(&token),
            article("Không được ghi"),
        )
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert!(refused.content_type.starts_with("application/json"));
}

#[tokio::test]
async fn a_token_limited_to_news_writes_news_and_not_targets() {
    let app = spawn_app().await;
    let (_, token) = api_token_with(&app, "pcg.quantri", "write", &["article"], "").await;
    let news = app
        .api(
            "POST",
            &format!("{WARD}/api/v1/articles"),
            Some(&token),
            article("Tin được ghi"),
        )
        .await;
    assert_eq!(news.status, StatusCode::CREATED, "{}", news.body);
    let target = ward_target(&app).await;
    let refused = app
        .api(
            "PUT",
            &format!("{WARD}/api/v1/targets/{}", target["id"]),
            Some(&token),
            json!({"note": "x"}),
        )
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert_eq!(ward_target(&app).await["note"], target["note"]);
}

#[tokio::test]
async fn an_expired_token_is_refused_like_an_unknown_one() {
    let app = spawn_app().await;
    let (id, token) = api_token_with(&app, "pcg.quantri", "write", &[], "7").await;
    let uri = format!("{WARD}/api/v1/changes");
    assert_eq!(
        app.api_raw("GET", &uri, Some(&token), &[], "").await.status,
        StatusCode::OK
    );
    sqlx::query("UPDATE api_tokens SET expires_at = 1 WHERE id = $1")
        .bind(id)
        .execute(app.store.db_write())
        .await
        .unwrap();
    let expired = app.api_raw("GET", &uri, Some(&token), &[], "").await;
    assert_eq!(expired.status, StatusCode::UNAUTHORIZED);
    let write = app
        .api(
            "POST",
            &format!("{WARD}/api/v1/articles"),
            Some(&token),
            article("Hết hạn"),
        )
        .await;
    assert_eq!(write.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn each_role_writes_what_it_may_and_another_wards_staff_and_ids_are_refused() {
    let app = spawn_app().await;
    let target = ward_target(&app).await;
    let target_uri = format!("{WARD}/api/v1/targets/{}", target["id"]);
    let articles = format!("{WARD}/api/v1/articles");
    // (account, may write news, may change the committee's target)
    for (account, news, target_ok) in [
        ("pcg.quantri", true, true),
        ("pcg.cv.ubnd", true, true),
        ("pcg.cv.hdnd", true, false),
        ("pcg.doc", false, false),
        ("nd.quantri", false, false),
    ] {
        let token = api_token(&app, account).await;
        let made = app
            .api(
                "POST",
                &articles,
                Some(&token),
                article(&format!("Tin của {account}")),
            )
            .await;
        assert_eq!(
            made.status == StatusCode::CREATED,
            news,
            "{account}: {}",
            made.body
        );
        let changed = app
            .api(
                "PUT",
                &target_uri,
                Some(&token),
                json!({"note": format!("Ghi chú của {account}")}),
            )
            .await;
        assert_eq!(
            changed.status == StatusCode::OK,
            target_ok,
            "{account}: {}",
            changed.body
        );
        if !target_ok {
            assert!(
                matches!(
                    changed.status,
                    StatusCode::FORBIDDEN | StatusCode::NOT_FOUND
                ),
                "{account}: {}",
                changed.status
            );
        }
    }
    let anonymous = app.api("POST", &articles, None, article("Ẩn danh")).await;
    assert_eq!(anonymous.status, StatusCode::UNAUTHORIZED);

    // The other ward's administrator, at their own address, cannot reach this ward's target
    // by its id, nor name this ward's body in a target of their own.
    let other = api_token(&app, "nd.quantri").await;
    let through_own = app
        .api(
            "PUT",
            &format!("{OTHER_WARD}/api/v1/targets/{}", target["id"]),
            Some(&other),
            json!({"note": "chéo"}),
        )
        .await;
    assert_eq!(through_own.status, StatusCode::NOT_FOUND);
    let ward_bodies = app.get(&format!("{WARD}/api/v1/bodies")).await.json();
    let ward_body = ward_bodies["items"][0]["id"].clone();
    let foreign_body = app
        .api(
            "POST",
            &format!("{OTHER_WARD}/api/v1/programmes/2026/targets"),
            Some(&other),
            json!({"name": "Chỉ tiêu chéo", "direction": "higher", "plan": "1", "reporting_body_id": ward_body}),
        )
        .await;
    assert_eq!(
        foreign_body.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        foreign_body.body
    );
    assert_eq!(
        foreign_body.json()["fields"][0]["field"],
        "reporting_body_id"
    );
    let other_targets = app
        .api_raw(
            "GET",
            &format!("{OTHER_WARD}/api/v1/programmes/2026/targets"),
            Some(&other),
            &[],
            "",
        )
        .await
        .json();
    assert!(other_targets["targets"]
        .as_array()
        .unwrap()
        .iter()
        .all(|t| t["name"] != "Chỉ tiêu chéo"));
    assert_eq!(ward_target(&app).await["note"], "Ghi chú của pcg.cv.ubnd");
}

#[tokio::test]
async fn a_follower_of_the_changes_feed_sees_every_write_after_its_point_in_order() {
    let app = spawn_app().await;
    let token = api_token(&app, "pcg.quantri").await;
    let feed = |after: i64| format!("{WARD}/api/v1/changes?after={after}&per_page=2");
    // Where the follower stands: the end of the feed as it is.
    let mut after = 0;
    loop {
        let json = app
            .api_raw(
                "GET",
                &format!("{WARD}/api/v1/changes?after={after}&per_page=100"),
                Some(&token),
                &[],
                "",
            )
            .await
            .json();
        after = json["next_after"].as_i64().unwrap();
        if !json["has_more"].as_bool().unwrap() {
            break;
        }
    }

    let made = app
        .api(
            "POST",
            &format!("{WARD}/api/v1/articles"),
            Some(&token),
            article("Tin theo dõi"),
        )
        .await;
    let slug = made.json()["slug"].as_str().unwrap().to_string();
    let target = ward_target(&app).await;
    app.api(
        "PUT",
        &format!("{WARD}/api/v1/targets/{}", target["id"]),
        Some(&token),
        json!({"note": "Đã cập nhật"}),
    )
    .await;
    let added = app
        .api(
            "POST",
            &format!("{WARD}/api/v1/programmes/2026/targets"),
            Some(&token),
            json!({"name": "Chỉ tiêu mới", "direction": "higher", "plan": "5"}),
        )
        .await;
    // A write in another ward is not this ward's change.
    let other = api_token(&app, "nd.quantri").await;
    app.api(
        "POST",
        &format!("{OTHER_WARD}/api/v1/articles"),
        Some(&other),
        article("Tin phường khác"),
    )
    .await;

    // Followed two at a time, from where it stood.
    let mut seen = Vec::new();
    let mut cursor = after;
    loop {
        let page = app
            .api_raw("GET", &feed(cursor), Some(&token), &[], "")
            .await;
        assert_eq!(page.status, StatusCode::OK, "{}", page.body);
        let json = page.json();
        for c in json["items"].as_array().unwrap() {
            seen.push((
                c["seq"].as_i64().unwrap(),
                c["kind"].as_str().unwrap().to_string(),
                c["action"].as_str().unwrap().to_string(),
                c["href"].clone(),
            ));
        }
        cursor = json["next_after"].as_i64().unwrap();
        if !json["has_more"].as_bool().unwrap() {
            break;
        }
    }
    assert!(
        seen.windows(2).all(|w| w[0].0 < w[1].0),
        "in order: {seen:?}"
    );
    let article_at = seen
        .iter()
        .position(|c| c.1 == "article" && c.2 == "create")
        .expect("the article's creation");
    assert_eq!(
        seen[article_at].3,
        json!(format!("/api/v1/articles/{slug}"))
    );
    let updated_at = seen
        .iter()
        .position(|c| {
            c.1 == "target"
                && c.2 == "update"
                && c.3 == json!(format!("/api/v1/targets/{}", target["id"]))
        })
        .expect("the target's change");
    let added_href = json!(format!("/api/v1/targets/{}", added.json()["id"]));
    let added_at = seen
        .iter()
        .position(|c| c.1 == "target" && c.2 == "create" && c.3 == added_href)
        .expect("the new target");
    assert!(article_at < updated_at && updated_at < added_at);
    // Asked again from the end, nothing new.
    let end = app
        .api_raw("GET", &feed(cursor), Some(&token), &[], "")
        .await
        .json();
    assert_eq!(end["items"].as_array().unwrap().len(), 0);
    assert_eq!(end["next_after"], cursor);

    // The feed is the staff's: anonymous visitors are asked to sign in.
    assert_eq!(
        app.get(&format!("{WARD}/api/v1/changes")).await.status,
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn the_account_page_makes_a_read_only_token_that_expires_and_lists_what_it_may_do() {
    let app = spawn_app().await;
    let session = app.sign_in("pcg.quantri").await;
    let made = app
        .post_form(
            "/tai-khoan/ma-api",
            Some(&session),
            &[
                ("name", "Báo cáo thống kê"),
                ("access", "read"),
                ("lifetime", "30"),
            ],
        )
        .await;
    assert_eq!(made.status, StatusCode::OK, "{}", made.body);
    made.shows("Hãy chép lại ngay");
    made.shows("Báo cáo thống kê");
    made.shows("Chỉ đọc");
    let expiry = chrono::Utc::now() + chrono::Duration::days(30);
    made.shows(&format!(
        "đến {}",
        expiry
            .with_timezone(&chrono::FixedOffset::east_opt(7 * 3600).unwrap())
            .format("%d/%m/%Y")
    ));
    let secret = made
        .body
        .split("<code class=\"secret\">")
        .nth(1)
        .and_then(|s| s.split('<').next())
        .unwrap()
        .to_string();
    let refused = app
        .api(
            "POST",
            &format!("{WARD}/api/v1/articles"),
            Some(&secret),
            article("Không ghi"),
        )
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);

    // A kind the form does not offer is named beside its field, and no token is made.
    let bad = app
        .post_form(
            "/tai-khoan/ma-api",
            Some(&session),
            &[
                ("name", "Lạ"),
                ("access", "write"),
                ("kinds", "account"),
                ("lifetime", ""),
            ],
        )
        .await;
    bad.shows("Loại dữ liệu không hợp lệ");
    bad.does_not_show("Hãy chép lại ngay");
}

#[tokio::test]
async fn a_category_is_added_once_and_a_second_of_the_same_name_is_named_beside_its_field() {
    let app = spawn_app().await;
    let token = api_token(&app, "pcg.cv.mttq").await;
    let uri = format!("{WARD}/api/v1/categories");
    let made = app
        .api("POST", &uri, Some(&token), json!({"name": "Tin cơ sở"}))
        .await;
    assert_eq!(made.status, StatusCode::CREATED, "{}", made.body);
    assert_eq!(made.json()["slug"], "tin-co-so");
    let again = app
        .api("POST", &uri, Some(&token), json!({"name": "Tin cơ sở"}))
        .await;
    assert_eq!(again.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(again.json()["fields"][0]["field"], "name");
    assert_eq!(
        again.json()["fields"][0]["message"],
        "Đã có danh mục “Tin cơ sở”"
    );
    // Retried with its key, the creation answers the category it made, not that it is taken.
    let key = [("idempotency-key", "danh-muc-guong-dien-hinh")];
    let body = r#"{"name": "Gương điển hình"}"#;
    let first = app.api_raw("POST", &uri, Some(&token), &key, body).await;
    let retry = app.api_raw("POST", &uri, Some(&token), &key, body).await;
    assert_eq!(first.status, StatusCode::CREATED, "{}", first.body);
    assert_eq!(retry.status, StatusCode::CREATED, "{}", retry.body);
    assert_eq!(retry.json()["slug"], "guong-dien-hinh");
    let reader = api_token(&app, "pcg.doc").await;
    let refused = app
        .api("POST", &uri, Some(&reader), json!({"name": "Khác"}))
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    let list = app.get(&uri).await.json();
    assert_eq!(
        list["items"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|c| c["slug"] == "tin-co-so")
            .count(),
        1
    );
}
