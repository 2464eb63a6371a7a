//! Workspace forms that tell the truth: a role sees only the forms it may submit, and a save says
//! that it went through.

mod common;

use axum::http::StatusCode;
use common::{spawn_app, TestApp};

/// The first target of 2020, which the UBND reports.
async fn ubnd_target(app: &TestApp) -> domain::target::Target {
    let target = app.first_target(2020).await;
    let reporter = app
        .store
        .body(
            app.default_unit_id().await,
            target.reporting_body_id.expect("a reporting body"),
        )
        .await
        .unwrap()
        .unwrap();
    assert_eq!(reporter.short_name, "UBND quận");
    target
}

const SAVE_FORM: &str = r#"<form class="card" method="post""#;

#[tokio::test]
async fn the_hdnd_editor_reads_a_target_of_the_ubnd_without_a_form_to_change_it() {
    let app = spawn_app().await;
    let target = ubnd_target(&app).await;
    let uri = format!("/quan-ly/chi-tieu/{}", target.id);

    let hdnd = app.sign_in("cv.hdnd").await;
    let page = app.get_as(&uri, &hdnd.cookie).await;
    assert_eq!(page.status, StatusCode::OK);
    page.shows(
        "Bạn chỉ xem được chỉ tiêu này: cán bộ của UBND quận và quản trị đơn vị mới được sửa.",
    )
    .shows(&target.name)
    .does_not_show(SAVE_FORM)
    .does_not_show(">Lưu</button>");

    let ubnd = app.sign_in("cv.ubnd").await;
    let page = app.get_as(&uri, &ubnd.cookie).await;
    page.shows(SAVE_FORM)
        .does_not_show("Bạn chỉ xem được")
        // The UBND's officer reports the UBND's targets, not the unit's nor another body's.
        .does_not_show(">(đơn vị)</option>")
        .does_not_show(">HĐND quận</option>");
}

#[tokio::test]
async fn the_bulk_form_offers_only_the_items_a_role_may_change() {
    let app = spawn_app().await;
    let hdnd = app.sign_in("cv.hdnd").await;
    let page = app.get_as("/quan-ly/chuong-trinh/2021", &hdnd.cookie).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    let unit = app.store.default_unit().await.unwrap();
    let programme = app
        .store
        .programme(unit.id, domain::programme::Year::new(2021).unwrap())
        .await
        .unwrap()
        .unwrap();
    let bodies = app.store.bodies(unit.id).await.unwrap();
    let hdnd_body = bodies
        .iter()
        .find(|b| b.short_name == "HĐND quận")
        .unwrap()
        .id;
    let items = app.store.items(programme.id).await.unwrap();
    assert!(items.iter().any(|i| i.lead_body_id == hdnd_body));
    assert!(items.iter().any(|i| i.lead_body_id != hdnd_body));
    for item in items {
        let choice = format!(r#"name="item_ids" value="{}""#, item.id);
        if item.lead_body_id == hdnd_body {
            page.shows(&choice);
        } else {
            page.does_not_show(&choice);
        }
    }
}

#[tokio::test]
async fn a_change_to_a_reviewed_year_is_confirmed_first_and_the_save_then_says_so() {
    let app = spawn_app().await;
    let target = ubnd_target(&app).await;
    let admin = app.sign_in("quantri").await;
    let uri = format!("/quan-ly/chi-tieu/{}", target.id);
    let reporter = target.reporting_body_id.unwrap().to_string();
    let plan = target.plan.to_string();
    let mut fields = vec![
        ("name", target.name.as_str()),
        ("measure", &target.measure),
        ("direction", target.direction.as_str()),
        ("plan", &plan),
        ("actual", "101,5"),
        ("reporting_body_id", &reporter),
        ("note", ""),
    ];
    // 2020 was reviewed on 21/01/2021: the change is asked about first, and nothing is written.
    let head = app.store.log_head().await.unwrap();
    let asked = app.post_form(&uri, Some(&admin), &fields).await;
    assert_eq!(asked.status, StatusCode::CONFLICT);
    asked
        .shows("Chương trình năm 2020 đã được tổng kết ngày 21/01/2021. Lưu thay đổi này sẽ làm thay đổi số liệu của báo cáo tổng kết")
        .shows(r#"name="xac_nhan" value="1""#)
        .shows(">Lưu và cập nhật số liệu tổng kết</button>")
        .shows(r#"value="101,5""#);
    assert_eq!(app.store.log_head().await.unwrap(), head);

    fields.push(("xac_nhan", "1"));
    let saved = app.post_form(&uri, Some(&admin), &fields).await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let next = saved.headers["location"].to_str().unwrap().to_string();
    let page = app.get_as(&next, &admin.cookie).await;
    page.shows(r#"<p class="notice" role="status">Đã lưu các thay đổi.</p>"#);

    // The same page reached any other way says nothing of a save.
    let plain = next.split('?').next().unwrap();
    app.get_as(plain, &admin.cookie)
        .await
        .does_not_show("Đã lưu các thay đổi.");
}

#[tokio::test]
async fn staff_give_a_target_its_code_in_the_form_and_a_code_another_target_holds_is_refused() {
    let app = spawn_app().await;
    let target = ubnd_target(&app).await;
    let programme = target.programme_id;
    let other = app
        .store
        .targets(programme)
        .await
        .unwrap()
        .into_iter()
        .find(|t| t.id != target.id)
        .unwrap();
    let admin = app.sign_in("quantri").await;
    let uri = format!("/quan-ly/chi-tieu/{}", target.id);
    app.get_as(&uri, &admin.cookie)
        .await
        .shows(&format!(r#"name="code" value="{}""#, target.code));
    let reporter = target.reporting_body_id.unwrap().to_string();
    let plan = target.plan.to_string();
    let taken = other.code.to_lowercase();
    let form = |code: &'static str| {
        vec![
            ("code", code),
            ("name", target.name.as_str()),
            ("measure", &target.measure),
            ("direction", target.direction.as_str()),
            ("plan", &plan),
            ("reporting_body_id", &reporter),
            ("xac_nhan", "1"),
        ]
    };
    let head = app.store.log_head().await.unwrap();
    let mut fields = form("");
    fields[0].1 = &taken;
    let refused = app.post_form(&uri, Some(&admin), &fields).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    refused
        .shows(r#"<span class="field-error" id="code-loi">"#)
        .shows(&format!("đã là mã của chỉ tiêu “{}”", other.name))
        .shows(&format!(r#"value="{taken}""#));
    assert_eq!(
        app.store.log_head().await.unwrap(),
        head,
        "nothing is written"
    );

    let saved = app.post_form(&uri, Some(&admin), &form("KT-01")).await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let after = app
        .store
        .target(app.default_unit_id().await, target.id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(after.code, "KT-01");
    // Left empty, the code stays as it is.
    let saved = app.post_form(&uri, Some(&admin), &form("")).await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    assert_eq!(
        app.store
            .target(app.default_unit_id().await, target.id)
            .await
            .unwrap()
            .unwrap()
            .code,
        "KT-01"
    );
}

#[tokio::test]
async fn a_field_error_is_tied_to_its_input_for_screen_readers_and_keeps_what_was_typed() {
    let app = spawn_app().await;
    let target = ubnd_target(&app).await;
    let admin = app.sign_in("quantri").await;
    let page = app
        .post_form(
            &format!("/quan-ly/chi-tieu/{}", target.id),
            Some(&admin),
            &[
                ("name", "Tỷ lệ hộ nghèo"),
                ("measure", "%"),
                ("direction", "lower"),
                ("plan", "mười hai"),
                ("actual", "0,8"),
                ("note", "ghi chú đã gõ"),
            ],
        )
        .await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    page.shows(r#"aria-invalid="true" aria-describedby="plan-loi""#)
        .shows(r#"<span class="field-error" id="plan-loi">"#)
        .shows(r#"value="mười hai""#)
        .shows(r#"value="ghi chú đã gõ""#)
        .does_not_show(r#"aria-describedby="actual-loi""#);
}

#[tokio::test]
async fn a_title_used_before_gets_a_free_address_and_a_chosen_address_that_is_taken_is_refused() {
    let app = spawn_app().await;
    let admin = app.sign_in("quantri").await;
    let write = |slug: &'static str| {
        let (app, admin) = (&app, &admin);
        async move {
            app.post_form(
                "/quan-ly/tin-tuc",
                Some(admin),
                &[
                    ("title", "Thông báo lịch tiếp công dân"),
                    ("slug", slug),
                    ("body", "<p>Lãnh đạo tiếp công dân vào thứ Năm.</p>"),
                    ("publish", "now"),
                ],
            )
            .await
        }
    };
    for _ in 0..2 {
        let saved = write("").await;
        assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    }
    app.get("/tin-tuc/thong-bao-lich-tiep-cong-dan")
        .await
        .shows("Thông báo lịch tiếp công dân");
    app.get("/tin-tuc/thong-bao-lich-tiep-cong-dan-2")
        .await
        .shows("Thông báo lịch tiếp công dân");
    let taken = write("thong-bao-lich-tiep-cong-dan-2").await;
    assert_eq!(taken.status, StatusCode::UNPROCESSABLE_ENTITY);
    taken.shows("Đường dẫn này đã có tin khác dùng");
}

/// The post forms of a page, by where they post, leaving out signing out (in every header).
fn post_forms(html: &str) -> Vec<String> {
    html.split("<form")
        .skip(1)
        .filter(|f| {
            let tag = f.split('>').next().unwrap_or_default();
            tag.contains(r#"method="post""#) && !tag.contains("/dang-xuat")
        })
        .map(|f| {
            let tag = f.split('>').next().unwrap_or_default();
            tag.split("action=\"")
                .nth(1)
                .and_then(|a| a.split('"').next())
                .unwrap_or_default()
                .to_string()
        })
        .collect()
}

#[tokio::test]
async fn the_citys_administrator_reads_a_wards_workspace_without_a_form_that_would_be_refused() {
    let app = spawn_app().await;
    let city = app.sign_in("hn.quantri").await;
    let ward = "/dv/phuong-cau-giay";
    let unit = app
        .store
        .units()
        .await
        .unwrap()
        .into_iter()
        .find(|u| u.slug == "phuong-cau-giay")
        .unwrap();
    let p = app
        .store
        .programme(unit.id, domain::programme::Year::new(2026).unwrap())
        .await
        .unwrap()
        .unwrap();
    let item = app.store.items(p.id).await.unwrap()[0].id;
    let target = app.store.targets(p.id).await.unwrap()[0].id;
    let oversight = app.store.oversights(unit.id).await.unwrap()[0].id;
    let recommendation = app.store.recommendations(unit.id).await.unwrap()[0].id;
    let meeting = app.store.meetings(unit.id).await.unwrap()[0].id;
    let article = app.store.all_articles(unit.id).await.unwrap()[0].id;
    let mut offered = Vec::new();
    for path in [
        "/quan-ly".to_string(),
        "/quan-ly/chuong-trinh/2026".into(),
        format!("/quan-ly/noi-dung/{item}"),
        format!("/quan-ly/chi-tieu/{target}"),
        "/quan-ly/tin-tuc".into(),
        format!("/quan-ly/tin-tuc/{article}"),
        "/quan-ly/giam-sat".into(),
        format!("/quan-ly/giam-sat/{oversight}"),
        "/quan-ly/kien-nghi".into(),
        format!("/quan-ly/kien-nghi/{recommendation}"),
        "/quan-ly/hoi-nghi".into(),
        format!("/quan-ly/hoi-nghi/{meeting}"),
        "/quan-ly/co-quan".into(),
    ] {
        let page = app.get_as(&format!("{ward}{path}"), &city.cookie).await;
        assert_eq!(page.status, StatusCode::OK, "{path}: {}", page.body);
        for action in post_forms(&page.body) {
            offered.push(format!("{path} → {action}"));
        }
    }
    assert!(
        offered.is_empty(),
        "forms the city's administrator would be refused:\n{}",
        offered.join("\n")
    );
}
