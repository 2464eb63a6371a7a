//! The national roll-up (issue 21) through the router: the installation's public page counts the
//! nation's indicators over every commune's public programme, each province leading to its own
//! roll-up; the operator's counts the drafts too; nobody else opens the operator's.

mod common;

use axum::http::StatusCode;
use chrono::Datelike;
use common::spawn_app;
use store::demo::WARD_SLUG;

#[tokio::test]
async fn the_installations_portal_rolls_up_every_province() {
    let app = spawn_app().await;
    let page = app.get("/toan-quoc/2026").await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    page.shows("Tổng hợp các tỉnh, thành phố năm 2026")
        .shows("chương trình phối hợp đã ký của 2 xã, phường")
        // The city's line leads to its own roll-up, where its wards are named.
        .shows("<a href=\"/dv/thanh-pho-ha-noi/tong-hop/2026\">thành phố Hà Nội</a>")
        .shows("data-label=\"Có chương trình\">1<")
        .shows("data-label=\"Chỉ tiêu đạt\">3/6<")
        // The nation's indicator, not the city's own.
        .shows("BHYT")
        .shows("Tỷ lệ dân số tham gia bảo hiểm y tế")
        .does_not_show("PLRAC");
    // Every page of the installation leads there.
    app.get("/don-vi").await.shows("href=\"/toan-quoc\"");
    let this_year = domain::time::day_in_vietnam(chrono::Utc::now()).year();
    let latest = app.get("/toan-quoc").await;
    assert_eq!(latest.status, StatusCode::SEE_OTHER);
    assert_eq!(latest.header("location"), format!("/toan-quoc/{this_year}"));
}

#[tokio::test]
async fn the_operator_sees_the_drafts_counted_and_no_one_else_opens_that_page() {
    let app = spawn_app().await;
    let operator = app.sign_in("hethong").await;
    let page = app
        .get_as("/he-thong/tong-hop/2026", &operator.cookie)
        .await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    page.shows("Gồm cả chương trình dự thảo")
        .shows("<a href=\"/dv/thanh-pho-ha-noi/quan-ly/tong-hop/2026\">thành phố Hà Nội</a>")
        .shows("data-label=\"Có chương trình\">2<");
    // The public page is the same for everyone, the operator too: the page cache keeps it.
    app.get_as("/toan-quoc/2026", &operator.cookie)
        .await
        .does_not_show("Gồm cả chương trình dự thảo")
        .does_not_show("hethong");

    let city = app.sign_in("hn.quantri").await;
    let refused = app.get_as("/he-thong/tong-hop/2026", &city.cookie).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    let anonymous = app.get("/he-thong/tong-hop/2026").await;
    assert_eq!(anonymous.status, StatusCode::SEE_OTHER);
    assert!(anonymous.header("location").starts_with("/dang-nhap"));
}

#[tokio::test]
async fn a_year_out_of_range_or_without_a_signed_programme_is_not_found() {
    let app = spawn_app().await;
    assert_eq!(
        app.get("/toan-quoc/2031").await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(app.get("/toan-quoc/0").await.status, StatusCode::NOT_FOUND);
    assert_eq!(
        app.get("/toan-quoc/abc").await.status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn a_wards_reported_figure_changes_the_national_page_at_once() {
    let app = spawn_app().await;
    // Read once, so that the page cache holds it: Cầu Giấy has not reported health insurance.
    let before = app.get("/toan-quoc/2026").await;
    before.shows("aria-label=\"Vượt 0, đạt 0, không đạt 0, chưa báo cáo 1\"");

    let ward = app.unit(WARD_SLUG).await;
    let year = domain::programme::Year::new(2026).unwrap();
    let p = app.store.programme(ward.id, year).await.unwrap().unwrap();
    let t = app
        .store
        .targets(p.id)
        .await
        .unwrap()
        .into_iter()
        .find(|t| t.name.contains("bảo hiểm y tế"))
        .expect("the demo's target of health insurance");
    let clerk = app.sign_in("pcg.cv.ubnd").await;
    let reporting = t.reporting_body_id.unwrap().to_string();
    let plan = t.plan.to_string();
    let saved = app
        .post_form(
            &format!("/dv/{WARD_SLUG}/quan-ly/chi-tieu/{}", t.id),
            Some(&clerk),
            &[
                ("code", t.code.as_str()),
                ("name", t.name.as_str()),
                ("measure", t.measure.as_str()),
                ("direction", t.direction.as_str()),
                ("plan", plan.as_str()),
                ("actual", "99"),
                ("reporting_body_id", reporting.as_str()),
                ("note", t.note.as_deref().unwrap_or_default()),
            ],
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);

    app.get("/toan-quoc/2026")
        .await
        .shows("aria-label=\"Vượt 1, đạt 0, không đạt 0, chưa báo cáo 0\"");
}

#[tokio::test]
async fn the_api_gives_the_national_roll_up_and_documents_it() {
    let app = spawn_app().await;
    let answer = app.get("/api/v1/toan-quoc/2026").await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    let json = answer.json();
    assert_eq!(json["year"], 2026);
    assert_eq!(json["communes"], 2);
    let hanoi = &json["provinces"][0];
    assert_eq!(hanoi["slug"], "thanh-pho-ha-noi");
    assert_eq!(
        hanoi["programmes"], 1,
        "Nghĩa Đô's draft is no one's to read"
    );
    assert_eq!(hanoi["targets"], 6);
    let codes: Vec<&str> = json["indicators"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["BHYT"]);
    assert_eq!(json["indicators"][0]["not_reported"], 1);
    let missing = app.get("/api/v1/toan-quoc/2031").await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    // Refused in JSON, as every answer of the API.
    assert_eq!(missing.json()["status"], 404);
    let doc = app.get("/api/openapi.json").await.json();
    assert!(doc["paths"]["/api/v1/toan-quoc/{year}"].is_object());
}

#[tokio::test]
async fn the_operator_adds_a_national_indicator_and_every_roll_up_offers_it_at_once() {
    let app = spawn_app().await;
    // Read once, so that the page cache holds them.
    app.get("/toan-quoc/2026").await.does_not_show("HONGHEO");
    let city = "/dv/thanh-pho-ha-noi/tong-hop/2026";
    app.get(city).await.does_not_show("HONGHEO");

    let operator = app.sign_in("hethong").await;
    app.get_as("/he-thong", &operator.cookie)
        .await
        .shows("href=\"/he-thong/danh-muc-chi-tieu\"");
    let form = app
        .get_as("/he-thong/danh-muc-chi-tieu/moi", &operator.cookie)
        .await;
    assert_eq!(form.status, StatusCode::OK, "{}", form.body);
    form.shows("Thêm chỉ tiêu vào danh mục toàn quốc");
    let fields = |code: &'static str, direction: &'static str| {
        [
            ("code", code),
            ("name", "Tỷ lệ hộ nghèo"),
            ("measure", "%"),
            ("direction", direction),
            ("combine", "mean_by_households"),
        ]
    };
    // A code with a space is refused beside its field, and nothing is written.
    let refused = app
        .post_form(
            "/he-thong/danh-muc-chi-tieu",
            Some(&operator),
            &fields("HO NGHEO", "lower"),
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    refused.shows("id=\"code-loi\"").shows("value=\"HO NGHEO\"");
    app.get_as("/he-thong/danh-muc-chi-tieu", &operator.cookie)
        .await
        .does_not_show("HONGHEO");

    let saved = app
        .post_form(
            "/he-thong/danh-muc-chi-tieu",
            Some(&operator),
            &fields("HONGHEO", "lower"),
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    app.get_as("/he-thong/danh-muc-chi-tieu", &operator.cookie)
        .await
        .shows("HONGHEO")
        .shows("BHYT");
    // The national page and the city's, both kept by the page cache, show it at once.
    app.get("/toan-quoc/2026").await.shows("HONGHEO");
    app.get(city).await.shows("HONGHEO");
    // A ward is offered it, as the nation's.
    let ward = app.sign_in("pcg.quantri").await;
    app.get_as(
        &format!("/dv/{WARD_SLUG}/quan-ly/danh-muc-chi-tieu"),
        &ward.cookie,
    )
    .await
    .shows("HONGHEO")
    .shows("toàn quốc");
}

#[tokio::test]
async fn a_change_of_direction_of_a_linked_national_indicator_is_asked_again_first() {
    let app = spawn_app().await;
    let operator = app.sign_in("hethong").await;
    let list = app
        .get_as("/he-thong/danh-muc-chi-tieu", &operator.cookie)
        .await;
    let at = list
        .body
        .find(">BHYT<")
        .expect("the demo's national indicator");
    let href = list.body[..at].rsplit("href=\"").next().unwrap();
    let path = href.split('"').next().unwrap().to_string();
    let edit = app.get_as(&path, &operator.cookie).await;
    assert_eq!(edit.status, StatusCode::OK, "{}", edit.body);
    edit.shows("Sửa chỉ tiêu của danh mục toàn quốc")
        .shows("value=\"BHYT\"");
    let mut fields = vec![
        ("code", "BHYT"),
        ("name", "Tỷ lệ dân số tham gia bảo hiểm y tế"),
        ("measure", "%"),
        ("direction", "lower"),
        ("combine", "mean_by_population"),
    ];
    let asked = app.post_form(&path, Some(&operator), &fields).await;
    assert_eq!(asked.status, StatusCode::CONFLICT, "{}", asked.body);
    asked
        .shows("chỉ tiêu của các đơn vị đang liên kết với chỉ tiêu này")
        .shows("Vẫn lưu thay đổi");
    // Nothing was written.
    app.get_as(&path, &operator.cookie)
        .await
        .shows("<option value=\"higher\" selected>");
    fields.push(("xac_nhan", "1"));
    let saved = app.post_form(&path, Some(&operator), &fields).await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    app.get_as(&path, &operator.cookie)
        .await
        .shows("<option value=\"lower\" selected>");
}

#[tokio::test]
async fn nobody_but_the_operator_keeps_the_national_catalogue() {
    let app = spawn_app().await;
    let city = app.sign_in("hn.quantri").await;
    for path in [
        "/he-thong/danh-muc-chi-tieu",
        "/he-thong/danh-muc-chi-tieu/moi",
    ] {
        assert_eq!(
            app.get_as(path, &city.cookie).await.status,
            StatusCode::FORBIDDEN
        );
    }
    let refused = app
        .post_form(
            "/he-thong/danh-muc-chi-tieu",
            Some(&city),
            &[
                ("code", "HONGHEO"),
                ("name", "Tỷ lệ hộ nghèo"),
                ("measure", "%"),
                ("direction", "lower"),
                ("combine", "sum"),
            ],
        )
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    let operator = app.sign_in("hethong").await;
    app.get_as("/he-thong/danh-muc-chi-tieu", &operator.cookie)
        .await
        .does_not_show("HONGHEO");
    // A province's indicator is not the nation's to change, even for the operator.
    let hanoi = app.unit("thanh-pho-ha-noi").await;
    let kept = app.store.indicators_kept_by(&[hanoi.id]).await.unwrap();
    let city_own = kept.iter().find(|i| i.unit_id == Some(hanoi.id)).unwrap();
    let path = format!("/he-thong/danh-muc-chi-tieu/{}", city_own.id);
    assert_eq!(
        app.get_as(&path, &operator.cookie).await.status,
        StatusCode::NOT_FOUND
    );
    let anonymous = app.get("/he-thong/danh-muc-chi-tieu").await;
    assert_eq!(anonymous.status, StatusCode::SEE_OTHER);
}
