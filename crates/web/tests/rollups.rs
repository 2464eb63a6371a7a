//! Hà Nội's roll-up of its demo wards through the router: on the portal (signed programmes only),
//! in the workspace (drafts too, for the city's staff alone), in the API, and changed at once when
//! a ward reports a figure.

mod common;

use axum::http::StatusCode;
use common::{spawn_app, TestApp};
use store::demo::{CITY_SLUG, WARD_SLUG};

const CITY: &str = "/dv/thanh-pho-ha-noi";
const WARD: &str = "/dv/phuong-cau-giay";

/// Cầu Giấy's 2026 target linked to the city's waste-sorting indicator.
async fn waste_sorting_target(app: &TestApp) -> domain::target::Target {
    let ward = app.unit(WARD_SLUG).await;
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
        // The spread of the wards' verdicts as a bar, its numbers in its label.
        .shows("role=\"img\" aria-label=\"Vượt 0, đạt 0, không đạt 1, chưa báo cáo 0\"")
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
        .shows("Chưa báo cáo: <a href=\"/dv/phuong-nghia-do/quan-ly/chuong-trinh/2026\">");

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
    let ward = json["units"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["slug"] == WARD_SLUG)
        .unwrap();
    assert_eq!(ward["programme"]["targets"], 6);
    assert_eq!(ward["programme"]["contents"], 5);
    // Nghĩa Đô's year is a draft: the public reads no programme of it.
    let nghia_do = json["units"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["slug"] == "phuong-nghia-do")
        .unwrap();
    assert!(nghia_do["programme"].is_null());
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

/// Cầu Giấy's 2026 target of this name.
async fn ward_target(app: &TestApp, name: &str) -> domain::target::Target {
    let ward = app.unit(WARD_SLUG).await;
    let p = app
        .store
        .programme(ward.id, domain::programme::Year::new(2026).unwrap())
        .await
        .unwrap()
        .unwrap();
    let targets = app.store.targets(p.id).await.unwrap();
    targets.into_iter().find(|t| t.name == name).unwrap()
}

/// The target form's fields for `t`, with `indicator_id` and `measure` as given.
async fn link_through_the_form(
    app: &TestApp,
    clerk: &common::Session,
    t: &domain::target::Target,
    indicator_id: &str,
    measure: &str,
) -> common::Page {
    let body = t.reporting_body_id.unwrap().to_string();
    let plan = t.plan.to_string();
    let actual = t.actual.map(|a| a.to_string()).unwrap_or_default();
    app.post_form(
        &format!("{WARD}/quan-ly/chi-tieu/{}", t.id),
        Some(clerk),
        &[
            ("indicator_id", indicator_id),
            ("code", t.code.as_str()),
            ("name", t.name.as_str()),
            ("measure", measure),
            ("direction", t.direction.as_str()),
            ("plan", &plan),
            ("actual", &actual),
            ("reporting_body_id", &body),
            ("note", t.note.as_deref().unwrap_or_default()),
        ],
    )
    .await
}

#[tokio::test]
async fn a_ward_links_a_target_to_the_citys_indicator_in_the_target_form() {
    let app = spawn_app().await;
    let clerk = app.sign_in("pcg.cv.ubnd").await;
    let turnout = ward_target(&app, "Tỷ lệ cử tri đi bầu cử").await;
    let form = app
        .get_as(
            &format!("{WARD}/quan-ly/chi-tieu/{}", turnout.id),
            &clerk.cookie,
        )
        .await;
    form.shows("Chỉ tiêu trong danh mục của tỉnh")
        .shows("CCHC – Tỷ lệ hồ sơ thủ tục hành chính được giải quyết đúng hạn (%)");
    let cchc = app.get(&format!("{CITY}/api/v1/rollups/2026")).await.json()["indicators"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["code"] == "CCHC")
        .unwrap()["id"]
        .to_string();

    // Another province's indicator, or an id of nothing, is a field error, and nothing is written.
    let hue = store::testing::add_unit(&app.store, "thành phố", "Huế", None)
        .await
        .unwrap();
    let mut tx = app.store.begin("test").await.unwrap();
    let theirs = tx
        .insert_indicator(
            Some(hue.id),
            &domain::indicator::IndicatorDraft::parse("HUE01", "Của Huế", "%", "higher", "sum")
                .unwrap(),
        )
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let head = app.store.log_head().await.unwrap();
    for foreign in [theirs.id.to_string(), "999999".to_string()] {
        let refused = link_through_the_form(&app, &clerk, &turnout, &foreign, "%").await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
        refused.shows("Chỉ tiêu này không có trong danh mục của tỉnh");
    }
    assert_eq!(app.store.log_head().await.unwrap(), head);

    // A programme counts toward an indicator through one target: the one linked already is named.
    let twice = link_through_the_form(&app, &clerk, &turnout, &cchc, "%").await;
    assert_eq!(twice.status, StatusCode::UNPROCESSABLE_ENTITY);
    twice.shows("đã liên kết với chỉ tiêu này trong danh mục");

    // Unlinked, the other is the ward's own again, and CCHC counts no ward.
    let services = ward_target(
        &app,
        "Tỷ lệ hồ sơ thủ tục hành chính được giải quyết đúng hạn",
    )
    .await;
    let saved = link_through_the_form(&app, &clerk, &services, "", "%").await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    assert_eq!(units_counted(&app, "CCHC").await, 0);

    // Linked, the target takes the indicator's measure, whatever was typed, and counts.
    let saved = link_through_the_form(&app, &clerk, &turnout, &cchc, "người").await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    assert_eq!(ward_target(&app, &turnout.name).await.measure, "%");
    assert_eq!(units_counted(&app, "CCHC").await, 1);
}

/// How many wards the city's public roll-up counts toward an indicator.
async fn units_counted(app: &TestApp, code: &str) -> i64 {
    let roll = app.get(&format!("{CITY}/api/v1/rollups/2026")).await.json();
    roll["indicators"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["code"] == code)
        .unwrap()["units"]
        .as_i64()
        .unwrap()
}

#[tokio::test]
async fn the_citys_administrator_keeps_the_catalogue_through_its_forms() {
    let app = spawn_app().await;
    let admin = app.sign_in("hn.quantri").await;
    let list = format!("{CITY}/quan-ly/danh-muc-chi-tieu");
    app.get_as(&list, &admin.cookie)
        .await
        .shows("PLRAC")
        .shows("Bình quân theo số hộ")
        .shows("+ Thêm chỉ tiêu vào danh mục");

    // A rank added up is refused beside its field, and nothing is written.
    let fields = |code: &'static str, direction: &'static str, combine: &'static str| {
        [
            ("code", code),
            ("name", "Chỉ số cải cách hành chính"),
            ("measure", "hạng"),
            ("direction", direction),
            ("combine", combine),
        ]
    };
    let refused = app
        .post_form(&list, Some(&admin), &fields("PAR", "rank", "sum"))
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    refused.shows("chỉ tổng hợp được bằng cách đếm số đơn vị đạt");
    let saved = app
        .post_form(&list, Some(&admin), &fields("par", "rank", "count_met"))
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    app.get_as(&list, &admin.cookie)
        .await
        .shows("PAR")
        .shows("Chỉ số cải cách hành chính");

    // Changing the measure of an indicator the wards link to is asked again first.
    let city = app.unit(CITY_SLUG).await;
    let plrac = app
        .store
        .indicators_kept_by(&[city.id])
        .await
        .unwrap()
        .into_iter()
        .find(|i| i.code.as_str() == "PLRAC")
        .unwrap();
    let edit = format!("{list}/{}", plrac.id);
    let change = [
        ("code", "PLRAC"),
        ("name", plrac.name.as_str()),
        ("measure", "% khối lượng"),
        ("direction", "higher"),
        ("combine", "mean_by_households"),
    ];
    let asked = app.post_form(&edit, Some(&admin), &change).await;
    assert_eq!(asked.status, StatusCode::CONFLICT, "{}", asked.body);
    asked
        .shows("chỉ tiêu của các đơn vị đang liên kết với chỉ tiêu này")
        .shows("name=\"xac_nhan\" value=\"1\"");
    app.get_as(&list, &admin.cookie)
        .await
        .does_not_show("% khối lượng");
    let mut confirmed = change.to_vec();
    confirmed.push(("xac_nhan", "1"));
    let saved = app.post_form(&edit, Some(&admin), &confirmed).await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    app.get_as(&list, &admin.cookie).await.shows("% khối lượng");
}

#[tokio::test]
async fn a_ward_reads_the_citys_catalogue_and_changes_none_of_it() {
    let app = spawn_app().await;
    let ward_admin = app.sign_in("pcg.quantri").await;
    let own = app
        .get_as(
            &format!("{WARD}/quan-ly/danh-muc-chi-tieu"),
            &ward_admin.cookie,
        )
        .await;
    own.shows("PLRAC")
        .shows("thành phố Hà Nội")
        .does_not_show("quan-ly/danh-muc-chi-tieu/moi")
        .does_not_show("quan-ly/danh-muc-chi-tieu/1\"");
    // Through the city's address, its form is refused to a ward's administrator.
    let refused = app
        .get_as(
            &format!("{CITY}/quan-ly/danh-muc-chi-tieu/moi"),
            &ward_admin.cookie,
        )
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn each_ward_has_its_line_sortable_by_every_column() {
    let app = spawn_app().await;
    let page = app.get(&format!("{CITY}/tong-hop/2026")).await;
    page.shows("Từng đơn vị")
        .shows("aria-sort=\"ascending\"><a href=\"?sap-xep=don-vi&#38;chieu=giam\">Đơn vị</a>")
        // Cầu Giấy's six targets, its line linked to its own page.
        .shows(&format!(
            "<a href=\"{WARD}/chi-tieu/2026\">phường Cầu Giấy</a>"
        ))
        .shows("/6</td>")
        // Nghĩa Đô's draft is nobody's business but its staff's and the city's.
        .shows("phường Nghĩa Đô</td>")
        .shows("Chưa có chương trình năm 2026 (hoặc chưa ký)");
    let sorted = app
        .get(&format!("{CITY}/tong-hop/2026?sap-xep=cham&chieu=giam"))
        .await;
    assert_eq!(sorted.status, StatusCode::OK);
    sorted.shows("aria-sort=\"descending\"><a href=\"?sap-xep=cham\">Chậm tiến độ</a>");
    let late_first = sorted.body.find("phường Cầu Giấy").unwrap();
    assert!(late_first < sorted.body.find("phường Nghĩa Đô").unwrap());

    // The city's staff see Nghĩa Đô's draft year: its one target, not yet met.
    let city = app.sign_in("hn.quantri").await;
    let ws = app
        .get_as(&format!("{CITY}/quan-ly/tong-hop/2026"), &city.cookie)
        .await;
    ws.shows("<a href=\"/dv/phuong-nghia-do/quan-ly/chuong-trinh/2026\">phường Nghĩa Đô</a>")
        .shows("0/1</td>");
}

#[tokio::test]
async fn the_roll_up_downloads_as_a_workbook_whose_counts_add_up() {
    use calamine::{Data, Reader};
    let app = spawn_app().await;
    let xlsx = app
        .download(&format!("{CITY}/tong-hop/2026/chi-tieu.xlsx"), None)
        .await;
    let mut wb: calamine::Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(xlsx.bytes)).unwrap();
    let range = wb.worksheet_range_at(0).unwrap().unwrap();
    let header = |c: usize| range.get((0, c)).cloned();
    assert_eq!(header(0), Some(Data::String("Mã".into())));
    assert_eq!(
        header(4),
        Some(Data::String("Số đơn vị có chỉ tiêu".into()))
    );
    let number = |r: usize, c: usize| match range.get((r, c)) {
        Some(Data::Float(f)) => *f,
        other => panic!("row {r}, column {c}: {other:?}"),
    };
    // Five indicators; on each, exceeded + met + missed + not reported = the units counted,
    // as typed numbers that a SUM adds up.
    let rows: Vec<usize> = (1..=5).collect();
    for &r in &rows {
        let parts: f64 = (5..=8).map(|c| number(r, c)).sum();
        assert_eq!(parts, number(r, 4), "row {r}");
    }
    let plrac = rows
        .iter()
        .find(|r| range.get((**r, 0)) == Some(&Data::String("PLRAC".into())))
        .unwrap();
    // The public workbook counts Cầu Giấy's 38 % alone.
    assert_eq!(number(*plrac, 4), 1.0);
    assert_eq!(number(*plrac, 10), 38.0);

    // The table of units, in CSV as the page writes it.
    let csv = app
        .download(&format!("{CITY}/tong-hop/2026/don-vi.csv"), None)
        .await;
    let text = String::from_utf8(csv.bytes).unwrap();
    assert!(text.contains("phường Cầu Giấy;6;"), "{text}");
    assert!(text.contains("phường Nghĩa Đô;;;"), "{text}");
}

#[tokio::test]
async fn the_city_enters_its_wards_households_and_the_mean_follows() {
    let app = spawn_app().await;
    let admin = app.sign_in("hn.quantri").await;
    let uri = format!("{CITY}/quan-ly/tong-hop/2026/dan-so");
    app.get_as(&uri, &admin.cookie)
        .await
        .shows("Dân số, số hộ các đơn vị năm 2026")
        .shows("aria-label=\"Số hộ của phường Cầu Giấy\"")
        .shows("value=\"23.500\"");
    let (cau_giay, nghia_do) = (
        app.unit(WARD_SLUG).await.id,
        app.unit("phuong-nghia-do").await.id,
    );
    let field = |name: &str, id: i64| format!("{name}_{id}");
    let (p_cg, h_cg, p_nd, h_nd) = (
        field("population", cau_giay),
        field("households", cau_giay),
        field("population", nghia_do),
        field("households", nghia_do),
    );

    // A negative figure is named with its unit, and nothing is written.
    let head = app.store.log_head().await.unwrap();
    let refused = app
        .post_form(
            &uri,
            Some(&admin),
            &[
                (&p_cg, "-5"),
                (&h_cg, "23500"),
                (&p_nd, "62000"),
                (&h_nd, "19800"),
            ],
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    refused
        .shows("Dân số của phường Cầu Giấy: Không được là số âm")
        .shows("value=\"-5\"");
    assert_eq!(app.store.log_head().await.unwrap(), head);

    // Without Cầu Giấy's households, the waste-sorting mean leaves it out and says so.
    let saved = app
        .post_form(
            &uri,
            Some(&admin),
            &[
                (&p_cg, "75.000"),
                (&h_cg, ""),
                (&p_nd, "62000"),
                (&h_nd, "19800"),
            ],
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    app.get(&format!("{CITY}/tong-hop/2026"))
        .await
        .shows("Không tính vào bình quân vì chưa có dân số, số hộ: <a href=\"/dv/phuong-cau-giay/chi-tieu/2026\">phường Cầu Giấy</a>");

    // A ward's administrator keeps no such figures.
    let ward_admin = app.sign_in("pcg.quantri").await;
    let refused = app
        .get_as(
            &format!("{WARD}/quan-ly/tong-hop/2026/dan-so"),
            &ward_admin.cookie,
        )
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn each_indicator_stands_beside_the_year_before() {
    let app = spawn_app().await;
    let ward = app.unit(WARD_SLUG).await;
    let city = app.unit(CITY_SLUG).await;
    let conscription = app
        .store
        .indicators_kept_by(&[city.id])
        .await
        .unwrap()
        .into_iter()
        .find(|i| i.code.as_str() == "GIAO-QUAN")
        .unwrap();
    // Cầu Giấy's signed programme of 2025, its conscription target met and linked.
    let mut tx = app.store.begin_for("test", ward.id).await.unwrap();
    let p = tx
        .insert_programme(&store::NewProgramme {
            unit_id: ward.id,
            year: domain::programme::Year::new(2025).unwrap(),
            title: "Chương trình phối hợp công tác 6 tháng cuối năm 2025".into(),
            status: domain::programme::ProgrammeStatus::Signed,
            party_ids: vec![],
            signed_on: None,
            reviewed_on: None,
            review_summary: None,
        })
        .await
        .unwrap();
    let t = tx
        .insert_target(
            p.id,
            1,
            &store::NewTarget {
                name: "Hoàn thành chỉ tiêu giao quân".into(),
                measure: String::new(),
                direction: domain::target::Direction::YesNo,
                plan: 1.into(),
                actual: Some(1.into()),
                reporting_body_id: None,
                illustrative: false,
                note: None,
            },
        )
        .await
        .unwrap();
    tx.link_target(t.id, Some(conscription.id)).await.unwrap();
    tx.commit().await.unwrap();

    app.get(&format!("{CITY}/tong-hop/2026"))
        .await
        .shows("Năm 2025: hoàn thành 1/1");
}

/// Uploads a targets file to Cầu Giấy's 2026 programme as its administrator; the preview.
async fn upload_targets(app: &TestApp, admin: &common::Session, csv: &str) -> common::Page {
    app.post_multipart(
        &format!("{WARD}/quan-ly/chuong-trinh/2026/nhap-chi-tieu"),
        Some(admin),
        &[
            common::Part::Field("csrf", &admin.csrf),
            common::Part::Field("reporting_body_id", ""),
            common::Part::File("file", "chi-tieu.csv", csv.as_bytes()),
        ],
    )
    .await
}

#[tokio::test]
async fn a_targets_file_links_its_rows_by_the_catalogues_codes() {
    let app = spawn_app().await;
    let city = app.unit(CITY_SLUG).await;
    let mut tx = app.store.begin("test").await.unwrap();
    tx.insert_indicator(
        Some(city.id),
        &domain::indicator::IndicatorDraft::parse(
            "TIEM-CHUNG",
            "Tỷ lệ trẻ em được tiêm chủng đầy đủ",
            "%",
            "higher",
            "sum",
        )
        .unwrap(),
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    let admin = app.sign_in("pcg.quantri").await;
    let header = "Mã chỉ tiêu,Chỉ tiêu,Đơn vị tính,Chiều,Kế hoạch,Thực hiện,Mã danh mục\n";

    // A code the catalogue lacks, and one another target counts toward, are named by their cells.
    let head = app.store.log_head().await.unwrap();
    let refused = upload_targets(
        &app,
        &admin,
        &format!(
            "{header}CT03,Tỷ lệ cử tri đi bầu cử,%,Càng cao càng tốt,98,99,KHONG-CO\n\
             ,Chỉ tiêu mới,%,Càng cao càng tốt,10,,CCHC\n"
        ),
    )
    .await;
    refused
        .shows("Mã danh mục &#34;KHONG-CO&#34; không có trong danh mục chỉ tiêu của tỉnh")
        .does_not_show("name=\"token\"");
    let taken = upload_targets(
        &app,
        &admin,
        &format!("{header},Chỉ tiêu mới,%,Càng cao càng tốt,10,,CCHC\n"),
    )
    .await;
    taken.shows("đã liên kết với mã danh mục CCHC");
    assert_eq!(app.store.log_head().await.unwrap(), head);

    // A new row linked by its code (in any case) takes the indicator's measure once confirmed.
    let preview = upload_targets(
        &app,
        &admin,
        &format!("{header},Tỷ lệ trẻ em tiêm chủng đủ mũi,trẻ,Càng cao càng tốt,95,,tiem-chung\n"),
    )
    .await;
    let marker = r#"name="token" value=""#;
    let start = preview.body.find(marker).expect("a confirmation form") + marker.len();
    let token = preview.body[start..start + 64].to_string();
    let done = app
        .post_form(
            &format!("{WARD}/quan-ly/chuong-trinh/2026/nhap-chi-tieu/xac-nhan"),
            Some(&admin),
            &[("token", &token)],
        )
        .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    let added = ward_target(&app, "Tỷ lệ trẻ em tiêm chủng đủ mũi").await;
    assert_eq!(added.measure, "%");
    assert_eq!(units_counted(&app, "TIEM-CHUNG").await, 1);

    // The exported sheet names each linked target's code, and goes back in unchanged.
    let sheet = app
        .download(&format!("{WARD}/chi-tieu/2026/bang.xlsx"), Some(&admin))
        .await;
    let again = app
        .post_multipart(
            &format!("{WARD}/quan-ly/chuong-trinh/2026/nhap-chi-tieu"),
            Some(&admin),
            &[
                common::Part::Field("csrf", &admin.csrf),
                common::Part::Field("reporting_body_id", ""),
                common::Part::File("file", "bang.xlsx", &sheet.bytes),
            ],
        )
        .await;
    assert_eq!(again.status, StatusCode::OK, "{}", again.body);
    again.shows("name=\"token\"");
    assert_eq!(again.body.matches(">không đổi</span>").count(), 7);
    let csv = app
        .download(&format!("{WARD}/chi-tieu/2026/bang.csv"), Some(&admin))
        .await;
    let text = String::from_utf8(csv.bytes).unwrap();
    assert!(
        text.lines().next().unwrap().ends_with("Mã danh mục"),
        "{text}"
    );
    assert!(text.contains(";TIEM-CHUNG"), "{text}");
}
