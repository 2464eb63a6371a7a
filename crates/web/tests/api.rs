//! The read-only JSON API and its OpenAPI document, through the router.

mod common;

use axum::http::StatusCode;
use common::spawn_app;
use store::demo::SEED_ARTICLE_SLUG;

#[tokio::test]
async fn the_openapi_document_describes_every_api_route() {
    let app = spawn_app().await;
    let doc = app.get("/api/openapi.json").await;
    assert_eq!(doc.status, StatusCode::OK);
    let json = doc.json();
    assert!(json["openapi"].as_str().unwrap().starts_with("3."));
    let paths = json["paths"].as_object().unwrap();
    for path in [
        "/api/v1/unit",
        "/api/v1/bodies",
        "/api/v1/programmes",
        "/api/v1/programmes/{year}",
        "/api/v1/programmes/{year}/targets",
        "/api/v1/meetings",
        "/api/v1/categories",
        "/api/v1/articles",
        "/api/v1/articles/{slug}",
        "/api/v1/meetings/{id}",
        "/api/v1/targets/{id}",
    ] {
        assert!(paths.contains_key(path), "{path} is not documented");
        // Every documented path answers.
        let meeting = app.get("/api/v1/meetings").await.json()["items"][0]["id"].clone();
        let target =
            app.get("/api/v1/programmes/2020/targets").await.json()["targets"][0]["id"].clone();
        let concrete = path
            .replace("{year}", "2020")
            .replace("{slug}", SEED_ARTICLE_SLUG)
            .replace(
                "{id}",
                &if path.contains("meetings") {
                    meeting
                } else {
                    target
                }
                .to_string(),
            );
        assert_eq!(
            app.get(&concrete).await.status,
            StatusCode::OK,
            "{concrete}"
        );
    }
}

#[tokio::test]
async fn the_targets_of_2020_come_with_their_evaluation_and_summary() {
    let app = spawn_app().await;
    let json = app.get("/api/v1/programmes/2020/targets").await.json();
    assert_eq!(
        json["summary"]["sentence"],
        "hoàn thành và hoàn thành vượt mức 13/15 chỉ tiêu"
    );
    assert_eq!(json["summary"]["total"], 15);
    assert_eq!(json["summary"]["missed"], 2);
    let first = &json["targets"][0];
    assert_eq!(first["evaluation"], "exceeded");
    assert_eq!(first["plan"], "100");
    assert_eq!(first["actual"], "104.6");
    assert_eq!(first["percent_of_plan"], "104.6");
    assert_eq!(json["budget"][0]["percent_of_estimate"], "104.6");
}

#[tokio::test]
async fn the_2021_programme_has_five_items_and_three_parties() {
    let app = spawn_app().await;
    let json = app.get("/api/v1/programmes/2021").await.json();
    assert_eq!(json["programme"]["status"], "signed");
    assert_eq!(json["programme"]["signed_on"], "2021-01-21");
    assert_eq!(
        json["programme"]["party_body_ids"]
            .as_array()
            .unwrap()
            .len(),
        3
    );
    assert_eq!(json["items"].as_array().unwrap().len(), 5);
}

#[tokio::test]
async fn the_seed_article_comes_with_its_captions_and_time() {
    let app = spawn_app().await;
    let json = app
        .get(&format!("/api/v1/articles/{SEED_ARTICLE_SLUG}"))
        .await
        .json();
    assert_eq!(json["published_at"], "2021-01-23T07:46:00Z");
    assert_eq!(json["byline"], "Ủy ban MTTQ Việt Nam quận Cầu Giấy");
    assert_eq!(json["captions"].as_array().unwrap().len(), 2);
    assert_eq!(json["illustrative"], false);
}

#[tokio::test]
async fn articles_paginate_and_filter_and_refuse_bad_parameters_in_json() {
    let app = spawn_app().await;
    let json = app.get("/api/v1/articles?per_page=2&page=2").await.json();
    assert_eq!(json["total"], 5);
    assert_eq!(json["items"].as_array().unwrap().len(), 2);
    let notices = app.get("/api/v1/articles?category=thong-bao").await.json();
    assert_eq!(notices["total"], 1);

    let bad = app.get("/api/v1/articles?per_page=1000").await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert!(bad.content_type.starts_with("application/json"));
    assert_eq!(
        bad.json()["error"],
        "“per_page” phải là số nguyên từ 1 đến 100, viết không dấu cách"
    );
}

#[tokio::test]
async fn the_bodies_list_holders_on_a_given_day() {
    let app = spawn_app().await;
    let json = app.get("/api/v1/bodies?on=2021-01-21").await.json();
    let council = json["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|b| b["kind"] == "peoples_council")
        .unwrap();
    assert_eq!(council["holders"][0]["name"], "Nguyễn Văn Chiến");
    assert_eq!(
        app.get("/api/v1/bodies?on=hôm-qua").await.status,
        StatusCode::BAD_REQUEST
    );
}

#[tokio::test]
async fn unknown_api_paths_and_records_answer_404_in_json() {
    let app = spawn_app().await;
    for uri in [
        "/api/v1/nothing",
        "/api/v1/programmes/1999",
        "/api/v1/articles/khong-co",
    ] {
        let page = app.get(uri).await;
        assert_eq!(page.status, StatusCode::NOT_FOUND, "{uri}");
        assert_eq!(page.json()["status"], 404);
    }
    // A year that is not a year names no programme: the same 404 as a missing one, in JSON.
    let bad_year = app.get("/api/v1/programmes/abc").await;
    assert_eq!(bad_year.status, StatusCode::NOT_FOUND);
    assert_eq!(bad_year.json()["status"], 404);
}

#[tokio::test]
async fn meetings_list_the_conference_with_its_attendees() {
    let app = spawn_app().await;
    let json = app.get("/api/v1/meetings").await.json();
    let m = &json["items"][0];
    assert_eq!(m["venue"], "Hội trường Quận ủy");
    assert_eq!(m["attendees"][0]["name"], "Trần Thị Phương Hoa");
    assert_eq!(m["attendees"][0]["capacity"], "TUV – Bí thư Quận ủy");
}
