//! The national roll-up (issue 21) through the router: the installation's public page counts the
//! nation's indicators over every commune's public programme, each province leading to its own
//! roll-up; the operator's counts the drafts too; nobody else opens the operator's.

mod common;

use axum::http::StatusCode;
use chrono::Datelike;
use common::spawn_app;

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
        .does_not_show("PLRAC")
        .does_not_show("Xem bản gồm cả dự thảo");
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
    app.get_as("/toan-quoc/2026", &operator.cookie)
        .await
        .shows("href=\"/he-thong/tong-hop/2026\"");

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
