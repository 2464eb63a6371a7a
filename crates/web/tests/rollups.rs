//! Hà Nội's roll-up of its demo wards through the router: on the portal (signed programmes only),
//! in the workspace (drafts too, for the city's staff alone), in the API, and changed at once when
//! a ward reports a figure.

mod common;

use axum::http::StatusCode;
use common::{spawn_app, TestApp};
use store::demo::WARD_SLUG;

const CITY: &str = "/dv/thanh-pho-ha-noi";
const WARD: &str = "/dv/phuong-cau-giay";

/// Cầu Giấy's 2026 target linked to the city's waste-sorting indicator.
async fn waste_sorting_target(app: &TestApp) -> domain::target::Target {
    let units = app.store.units().await.unwrap();
    let ward = units.iter().find(|u| u.slug.as_str() == WARD_SLUG).unwrap();
    let p = app
        .store
        .programme(ward.id, domain::programme::Year::new(2026).unwrap())
        .await
        .unwrap()
        .unwrap();
    let links = app.store.target_links(ward.id, p.id).await.unwrap();
    let targets = app.store.targets(p.id).await.unwrap();
    targets
        .into_iter()
        .find(|t| links.contains_key(&t.id) && t.name.contains("phân loại"))
        .expect("the demo links it")
}

#[tokio::test]
async fn the_citys_portal_rolls_up_its_wards_signed_programmes() {
    let app = spawn_app().await;
    let page = app.get(&format!("{CITY}/tong-hop/2026")).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    page.shows("Tổng hợp chỉ tiêu các đơn vị năm 2026")
        .shows("PLRAC")
        .shows("Tỷ lệ rác thải sinh hoạt được phân loại tại nguồn")
        .shows("Bình quân theo số hộ")
        .shows("GIAO-QUAN")
        // Cầu Giấy's 38 % is behind its plan, linked to its own targets.
        .shows(&format!("href=\"{WARD}/chi-tieu/2026\""))
        // Nghĩa Đô's programme is a draft: nothing of it is counted or named.
        .does_not_show("/dv/phuong-nghia-do/chi-tieu/2026");
    // The menu leads there; a ward, with nothing below it, has no such item.
    app.get(CITY).await.shows("Tổng hợp đơn vị");
    app.get(WARD).await.does_not_show("Tổng hợp đơn vị");
    assert_eq!(
        app.get(&format!("{WARD}/tong-hop/2026")).await.status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn the_citys_staff_see_the_wards_drafts_counted_and_a_wards_staff_are_refused() {
    let app = spawn_app().await;
    let city = app.sign_in("hn.quantri").await;
    let page = app
        .get_as(&format!("{CITY}/quan-ly/tong-hop/2026"), &city.cookie)
        .await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    page.shows("Gồm cả chương trình dự thảo")
        .shows("Chưa báo cáo: <a href=\"/dv/phuong-nghia-do/chi-tieu/2026\">");

    // A ward's clerk reads their own ward's drafts, never the city's roll-up of their siblings'.
    let clerk = app.sign_in("pcg.cv.ubnd").await;
    let refused = app
        .get_as(&format!("{CITY}/quan-ly/tong-hop/2026"), &clerk.cookie)
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN, "{}", refused.body);
    refused.does_not_show("phuong-nghia-do");
}

#[tokio::test]
async fn a_wards_reported_figure_changes_the_citys_page_at_once() {
    let app = spawn_app().await;
    let uri = format!("{CITY}/tong-hop/2026");
    // Read once, so that the page cache holds it.
    let before = app.get(&uri).await;
    before.shows(">38<");

    let t = waste_sorting_target(&app).await;
    let clerk = app.sign_in("pcg.cv.ubnd").await;
    let saved = app
        .post_form(
            &format!("{WARD}/quan-ly/chi-tieu/{}", t.id),
            Some(&clerk),
            &[
                ("code", t.code.as_str()),
                ("name", t.name.as_str()),
                ("measure", t.measure.as_str()),
                ("direction", t.direction.as_str()),
                ("plan", "50"),
                ("actual", "57"),
                (
                    "reporting_body_id",
                    &t.reporting_body_id.unwrap().to_string(),
                ),
                ("note", t.note.as_deref().unwrap_or_default()),
            ],
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);

    let after = app.get(&uri).await;
    after.shows(">57<").does_not_show(">38<");
}

#[tokio::test]
async fn the_api_gives_the_roll_up_and_documents_it() {
    let app = spawn_app().await;
    let page = app.get(&format!("{CITY}/api/v1/rollups/2026")).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    let json = page.json();
    assert_eq!(json["year"], 2026);
    let units: Vec<&str> = json["units"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["slug"].as_str().unwrap())
        .collect();
    assert!(units.contains(&WARD_SLUG), "{units:?}");
    let plrac = json["indicators"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["code"] == "PLRAC")
        .unwrap();
    assert_eq!(
        plrac["units"], 1,
        "the draft stays out of what anyone reads"
    );
    assert_eq!(plrac["combine"], "mean_by_households");
    assert_eq!(plrac["combined"]["actual"], "38");
    let doc = app.get("/api/openapi.json").await.json();
    assert!(doc["paths"]["/api/v1/rollups/{year}"].is_object());
}
