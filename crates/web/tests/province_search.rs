//! A province's search covers the units below it: their public records, each hit labelled with
//! its unit and linked under its prefix, narrowed to one unit on request; a commune's search
//! stays its own.

mod common;

use axum::http::StatusCode;
use common::spawn_app;
use store::demo::{CITY_SLUG, NGHIA_DO_SLUG, WARD_SLUG};

const NGHIA_DO_NEWS: &str = "Phường Nghĩa Đô tổ chức hội nghị triển khai nhiệm vụ năm 2026";
/// The end of that title, which no search word marks on the page.
const NGHIA_DO_NEWS_SHOWN: &str = "tổ chức hội nghị triển khai nhiệm vụ năm 2026";
const NGHIA_DO_DRAFT: &str = "Dự thảo kế hoạch tiếp xúc cử tri";

fn search(unit: &str, query: &str) -> String {
    format!("/dv/{unit}/tim-kiem?{query}")
}

#[tokio::test]
async fn the_citys_search_finds_a_wards_public_article_labelled_with_the_ward_and_not_its_draft() {
    let app = spawn_app().await;
    let page = app.get(&search(CITY_SLUG, "q=nghia+do")).await;
    assert_eq!(page.status, StatusCode::OK);
    page.shows(NGHIA_DO_NEWS_SHOWN)
        .shows("<span class=\"unit\">phường Nghĩa Đô</span>")
        .shows(&format!("href=\"/dv/{NGHIA_DO_SLUG}/tin-tuc/"))
        .does_not_show(NGHIA_DO_DRAFT);
    // The filter offers the wards below the city, in a list that keeps the words searched.
    page.shows("Đơn vị")
        .shows("<select id=\"don-vi\" name=\"don-vi\">")
        .shows(&format!(
            "<option value=\"{NGHIA_DO_SLUG}\">phường Nghĩa Đô</option>"
        ))
        .shows(&format!("<option value=\"{WARD_SLUG}\">"))
        .shows("<input type=\"hidden\" name=\"q\" value=\"nghia do\">");
    // Narrowed to one, with a kind chosen: the list says which, and keeps the kind.
    app.get(&search(
        CITY_SLUG,
        &format!("q=nghia+do&loai=article&don-vi={NGHIA_DO_SLUG}"),
    ))
    .await
    .shows(&format!("<option value=\"{NGHIA_DO_SLUG}\" selected>"))
    .shows("<input type=\"hidden\" name=\"loai\" value=\"article\">");
}

#[tokio::test]
async fn the_citys_search_narrows_to_one_ward_and_refuses_a_unit_it_does_not_cover() {
    let app = spawn_app().await;
    app.get(&search(
        CITY_SLUG,
        &format!("q=nghia+do&don-vi={NGHIA_DO_SLUG}"),
    ))
    .await
    .shows(NGHIA_DO_NEWS_SHOWN);
    let other = app
        .get(&search(
            CITY_SLUG,
            &format!("q=nghia+do&don-vi={WARD_SLUG}"),
        ))
        .await;
    assert_eq!(other.status, StatusCode::OK);
    other.does_not_show(NGHIA_DO_NEWS_SHOWN);
    let unknown = app
        .get(&search(CITY_SLUG, "q=nghia+do&don-vi=khong-co"))
        .await;
    assert_eq!(unknown.status, StatusCode::BAD_REQUEST);
    unknown.shows("Không có đơn vị “khong-co”");
    // A ward's search covers no sibling, even when asked to.
    let sibling = app
        .get(&search(
            WARD_SLUG,
            &format!("q=nghia+do&don-vi={NGHIA_DO_SLUG}"),
        ))
        .await;
    assert_eq!(sibling.status, StatusCode::BAD_REQUEST);
    sibling.shows("không thuộc phạm vi tìm kiếm");
}

#[tokio::test]
async fn a_wards_search_stays_its_own() {
    let app = spawn_app().await;
    let page = app.get(&search(WARD_SLUG, "q=nghia+do")).await;
    assert_eq!(page.status, StatusCode::OK);
    page.does_not_show(NGHIA_DO_NEWS_SHOWN)
        .does_not_show("loc-don-vi");
}

#[tokio::test]
async fn the_citys_search_api_names_the_unit_of_each_hit_and_narrows_by_unit() {
    let app = spawn_app().await;
    let json = app
        .get(&format!(
            "/dv/{CITY_SLUG}/api/v1/search?q=nghia%20do&kind=article"
        ))
        .await
        .json();
    let hits = json["hits"].as_array().unwrap();
    let hit = hits
        .iter()
        .find(|h| h["title"] == NGHIA_DO_NEWS)
        .unwrap_or_else(|| panic!("{json}"));
    assert_eq!(hit["unit"], NGHIA_DO_SLUG);
    assert_eq!(hit["unit_name"], "phường Nghĩa Đô");
    assert!(hit["url"]
        .as_str()
        .unwrap()
        .starts_with(&format!("/dv/{NGHIA_DO_SLUG}/")));
    assert!(hits
        .iter()
        .all(|h| h["title"] != format!("{NGHIA_DO_DRAFT} phường Nghĩa Đô (nội bộ)")));

    let narrowed = app
        .get(&format!(
            "/dv/{CITY_SLUG}/api/v1/search?q=nghia%20do&unit={WARD_SLUG}"
        ))
        .await
        .json();
    assert!(
        narrowed["hits"]
            .as_array()
            .unwrap()
            .iter()
            .all(|h| h["unit"] != NGHIA_DO_SLUG),
        "{narrowed}"
    );
    let r = app
        .get(&format!("/dv/{CITY_SLUG}/api/v1/search?q=a&unit=khong-co"))
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
}
